// The five inspection items (抽查事项清单) of the county practice; every new organization starts with them.
export const defaultInspectionItems: { code: string; name: string; legalBasis: string; method: string }[] = [
  {
    code: "ITEM-1",
    name: "职能精细化管理情况",
    legalBasis: "《中国共产党机构编制工作条例》;《机构编制监督检查工作办法》;本部门“三定”规定",
    method: "查阅资料(“三定”规定落实、内设机构设置、领导职数和人员编制使用台账)、比对实名制管理系统数据、个别谈话",
  },
  {
    code: "ITEM-2",
    name: "职能履行情况",
    legalBasis: "《中国共产党机构编制工作条例》;本部门“三定”规定;县委县政府年度重点工作部署",
    method: "查阅资料(工作台账、制度文件、履职记录)、个别谈话、实地查看",
  },
  {
    code: "ITEM-3",
    name: "部门权责清单执行情况",
    legalBasis: "《关于推行地方各级政府工作部门权力清单制度的指导意见》;《机构编制监督检查工作办法》;县政府部门权责清单",
    method: "清单与办件比对、查阅行政权力运行记录、抽查办件卷宗",
  },
  {
    code: "ITEM-4",
    name: "部门职责边界清单执行情况",
    legalBasis: "《中国共产党机构编制工作条例》;县政府部门职责边界清单;相关部门“三定”规定",
    method: "查阅资料、跨部门个别谈话、选取典型事项追踪核查",
  },
  {
    code: "ITEM-5",
    name: "“乡呼县应”呼叫事项办结情况",
    legalBasis: "《中共中央 国务院关于加强基层治理体系和治理能力现代化建设的意见》;县“乡呼县应”工作机制相关规定",
    method: "调取呼叫事项办理台账、抽查办结时限与反馈记录、向乡镇(街道)回访核实",
  },
];
