/**
 * Demo data for a county 编办: 东阿县 (聊城市, 山东省).
 *
 * Fictional data built on public facts about the county's practice: a 监督检查人才库
 * from which inspectors are drawn at random, random draws over 重点职能部门, five
 * inspection items, and 7 rounds of 双随机 since 2019 covering 45 departments with
 * 18 problems fed back. Every person, phone number and e-mail address here is made up
 * (phones in the 1390635xxxx–1390637xxxx range, e-mails @example.gov.cn).
 *
 * Pure data: no imports, no logic.
 */

// ---------------------------------------------------------------------------
// Types
// ---------------------------------------------------------------------------

export interface DemoOrganization {
  code: string;
  name: string;
  /** null for the root of the tree. */
  parentCode: string | null;
}

export type DemoDepartmentKind = "党委部门" | "政府部门" | "事业单位" | "乡镇街道";

export interface DemoDepartment {
  /** ASCII, [A-Za-z0-9._-]; "DEA-" + short pinyin initials. */
  code: string;
  name: string;
  kind: DemoDepartmentKind;
  /** "key" for 重点职能部门, one of "risk-A".."risk-D", and one of "party" | "government" | "institution" | "township". */
  tags: string[];
  contactName: string;
  contactPhone: string;
  contactEmail: string;
  headName: string;
  headPhone: string;
  /** YYYY-MM-DD of the latest past round that inspected it, or null if never. */
  lastInspectedOn: string | null;
}

export type DemoInspectorTag = "legal" | "finance" | "staffing" | "discipline" | "audit" | "leader";
export type DemoInspectorStatus = "active" | "on-leave" | "retired";

export interface DemoInspector {
  code: string;
  name: string;
  homeDepartmentCode: string;
  tags: DemoInspectorTag[];
  title: string;
  status: DemoInspectorStatus;
  /** Department codes with a declared conflict of interest (never the home department). */
  conflicts: string[];
  phone: string;
  email: string;
}

export type DemoRole = "admin" | "supervisor" | "inspector" | "department" | "discipline" | "viewer";

export interface DemoUser {
  name: string;
  displayName: string;
  role: DemoRole;
  orgCode: string;
  /** Set for role "department". */
  departmentCode?: string;
  /** Set for role "inspector". */
  inspectorCode?: string;
}

export interface DemoTeam {
  departmentCode: string;
  /** Three inspectors; none from the department itself or with a declared conflict. */
  inspectorCodes: string[];
  /** One of inspectorCodes. */
  leaderCode: string;
}

export interface DemoPastRound {
  number: string;
  title: string;
  heldOn: string;
  departmentCodes: string[];
  teams: DemoTeam[];
}

export type DemoFindingSeverity = "general" | "serious" | "urgent";

export interface DemoPastFinding {
  roundNumber: string;
  departmentCode: string;
  itemCode: string;
  description: string;
  severity: DemoFindingSeverity;
  issuedOn: string;
  deadline: string;
  /** Date the rectification was accepted (整改验收), or null while still open. */
  acceptedOn: string | null;
}

// ---------------------------------------------------------------------------
// Organizations (province → city → county)
// ---------------------------------------------------------------------------

export const demoOrganizations: DemoOrganization[] = [
  { code: "SD", name: "山东省委编办", parentCode: null },
  { code: "LC", name: "聊城市委编办", parentCode: "SD" },
  { code: "DEA", name: "东阿县委编办", parentCode: "LC" },
];

// ---------------------------------------------------------------------------
// Departments under supervision (all in org DEA)
// ---------------------------------------------------------------------------

export const demoDepartments: DemoDepartment[] = [
  // 党委部门
  {
    code: "DEA-JW", name: "县纪委监委机关", kind: "党委部门", tags: ["risk-C", "party"],
    contactName: "赵明亮", contactPhone: "13906350110", contactEmail: "jw@example.gov.cn",
    headName: "田海涛", headPhone: "13906360110", lastInspectedOn: null,
  },
  {
    code: "DEA-XWB", name: "县委办公室", kind: "党委部门", tags: ["risk-C", "party"],
    contactName: "范传峰", contactPhone: "13906350247", contactEmail: "xwb@example.gov.cn",
    headName: "魏春燕", headPhone: "13906360263", lastInspectedOn: "2024-10-15",
  },
  {
    code: "DEA-ZZB", name: "县委组织部", kind: "党委部门", tags: ["risk-C", "party"],
    contactName: "房丽娜", contactPhone: "13906350384", contactEmail: "zzb@example.gov.cn",
    headName: "卢一凡", headPhone: "13906360326", lastInspectedOn: null,
  },
  {
    code: "DEA-XCB", name: "县委宣传部", kind: "党委部门", tags: ["risk-D", "party"],
    contactName: "段克勤", contactPhone: "13906350431", contactEmail: "xcb@example.gov.cn",
    headName: "鲁春燕", headPhone: "13906360479", lastInspectedOn: "2025-06-10",
  },
  {
    code: "DEA-TZB", name: "县委统战部", kind: "党委部门", tags: ["risk-D", "party"],
    contactName: "田鑫", contactPhone: "13906350568", contactEmail: "tzb@example.gov.cn",
    headName: "马志远", headPhone: "13906360542", lastInspectedOn: "2025-06-10",
  },
  {
    code: "DEA-ZFW", name: "县委政法委", kind: "党委部门", tags: ["risk-C", "party"],
    contactName: "郝一凡", contactPhone: "13906350615", contactEmail: "zfw@example.gov.cn",
    headName: "魏凤英", headPhone: "13906360695", lastInspectedOn: "2025-06-10",
  },
  {
    code: "DEA-BB", name: "县委机构编制委员会办公室", kind: "党委部门", tags: ["risk-D", "party"],
    contactName: "张卫东", contactPhone: "13906350752", contactEmail: "bb@example.gov.cn",
    headName: "牛永刚", headPhone: "13906360758", lastInspectedOn: null,
  },
  {
    code: "DEA-XCHB", name: "县委巡察工作领导小组办公室", kind: "党委部门", tags: ["risk-D", "party"],
    contactName: "孙志强", contactPhone: "13906350889", contactEmail: "xchb@example.gov.cn",
    headName: "单凤英", headPhone: "13906360821", lastInspectedOn: null,
  },
  {
    code: "DEA-SHGZB", name: "县委社会工作部", kind: "党委部门", tags: ["risk-C", "party"],
    contactName: "刘宝华", contactPhone: "13906350936", contactEmail: "shgzb@example.gov.cn",
    headName: "牛志远", headPhone: "13906360974", lastInspectedOn: null,
  },
  // 政府部门
  {
    code: "DEA-ZFB", name: "县政府办公室", kind: "政府部门", tags: ["risk-C", "government"],
    contactName: "段德华", contactPhone: "13906351073", contactEmail: "zfb@example.gov.cn",
    headName: "许鹏", headPhone: "13906361037", lastInspectedOn: "2024-10-15",
  },
  {
    code: "DEA-FGJ", name: "县发展和改革局", kind: "政府部门", tags: ["key", "risk-A", "government"],
    contactName: "邢冬梅", contactPhone: "13906351120", contactEmail: "fgj@example.gov.cn",
    headName: "范丽华", headPhone: "13906361190", lastInspectedOn: "2023-05-23",
  },
  {
    code: "DEA-JYTYJ", name: "县教育和体育局", kind: "政府部门", tags: ["key", "risk-B", "government"],
    contactName: "单立强", contactPhone: "13906351257", contactEmail: "jytyj@example.gov.cn",
    headName: "赵艳玲", headPhone: "13906361253", lastInspectedOn: "2020-10-20",
  },
  {
    code: "DEA-KJJ", name: "县科学技术局", kind: "政府部门", tags: ["risk-D", "government"],
    contactName: "孙德胜", contactPhone: "13906351394", contactEmail: "kjj@example.gov.cn",
    headName: "杨红梅", headPhone: "13906361316", lastInspectedOn: "2023-05-23",
  },
  {
    code: "DEA-GXJ", name: "县工业和信息化局", kind: "政府部门", tags: ["risk-C", "government"],
    contactName: "田一凡", contactPhone: "13906351441", contactEmail: "gxj@example.gov.cn",
    headName: "庞静", headPhone: "13906361469", lastInspectedOn: "2022-09-06",
  },
  {
    code: "DEA-GAJ", name: "县公安局", kind: "政府部门", tags: ["risk-B", "government"],
    contactName: "石长青", contactPhone: "13906351578", contactEmail: "gaj@example.gov.cn",
    headName: "毕兆华", headPhone: "13906361532", lastInspectedOn: "2020-10-20",
  },
  {
    code: "DEA-MZJ", name: "县民政局", kind: "政府部门", tags: ["risk-C", "government"],
    contactName: "徐永胜", contactPhone: "13906351625", contactEmail: "mzj@example.gov.cn",
    headName: "鲁兴华", headPhone: "13906361685", lastInspectedOn: "2021-06-15",
  },
  {
    code: "DEA-SFJ", name: "县司法局", kind: "政府部门", tags: ["risk-C", "government"],
    contactName: "邢东升", contactPhone: "13906351762", contactEmail: "sfj@example.gov.cn",
    headName: "赵芳", headPhone: "13906361748", lastInspectedOn: "2022-09-06",
  },
  {
    code: "DEA-CZJ", name: "县财政局", kind: "政府部门", tags: ["key", "risk-A", "government"],
    contactName: "崔振东", contactPhone: "13906351899", contactEmail: "czj@example.gov.cn",
    headName: "郭召伟", headPhone: "13906361811", lastInspectedOn: "2019-11-12",
  },
  {
    code: "DEA-RSJ", name: "县人力资源和社会保障局", kind: "政府部门", tags: ["key", "risk-B", "government"],
    contactName: "牛广利", contactPhone: "13906351946", contactEmail: "rsj@example.gov.cn",
    headName: "崔学军", headPhone: "13906361964", lastInspectedOn: "2020-10-20",
  },
  {
    code: "DEA-ZRZYJ", name: "县自然资源和规划局", kind: "政府部门", tags: ["key", "risk-A", "government"],
    contactName: "石倩", contactPhone: "13906352083", contactEmail: "zrzyj@example.gov.cn",
    headName: "刘一鸣", headPhone: "13906362027", lastInspectedOn: "2024-10-15",
  },
  {
    code: "DEA-STHJFJ", name: "县生态环境分局", kind: "政府部门", tags: ["key", "risk-A", "government"],
    contactName: "高德胜", contactPhone: "13906352130", contactEmail: "sthjfj@example.gov.cn",
    headName: "齐立强", headPhone: "13906362180", lastInspectedOn: "2020-10-20",
  },
  {
    code: "DEA-ZJJ", name: "县住房和城乡建设局", kind: "政府部门", tags: ["key", "risk-A", "government"],
    contactName: "付桂芳", contactPhone: "13906352267", contactEmail: "zjj@example.gov.cn",
    headName: "齐凤英", headPhone: "13906362243", lastInspectedOn: "2019-11-12",
  },
  {
    code: "DEA-JTYSJ", name: "县交通运输局", kind: "政府部门", tags: ["key", "risk-B", "government"],
    contactName: "尹雪莲", contactPhone: "13906352314", contactEmail: "jtysj@example.gov.cn",
    headName: "孟文静", headPhone: "13906362396", lastInspectedOn: "2021-06-15",
  },
  {
    code: "DEA-SLJ", name: "县水利局", kind: "政府部门", tags: ["key", "risk-B", "government"],
    contactName: "郭德华", contactPhone: "13906352451", contactEmail: "slj@example.gov.cn",
    headName: "冯茂林", headPhone: "13906362459", lastInspectedOn: "2021-06-15",
  },
  {
    code: "DEA-NYNCJ", name: "县农业农村局", kind: "政府部门", tags: ["key", "risk-B", "government"],
    contactName: "姜立新", contactPhone: "13906352588", contactEmail: "nyncj@example.gov.cn",
    headName: "单彦军", headPhone: "13906362522", lastInspectedOn: "2021-06-15",
  },
  {
    code: "DEA-SWTCJ", name: "县商务和投资促进局", kind: "政府部门", tags: ["risk-C", "government"],
    contactName: "袁宏亮", contactPhone: "13906352635", contactEmail: "swtcj@example.gov.cn",
    headName: "段永胜", headPhone: "13906362675", lastInspectedOn: "2022-09-06",
  },
  {
    code: "DEA-WLJ", name: "县文化和旅游局", kind: "政府部门", tags: ["risk-C", "government"],
    contactName: "商立强", contactPhone: "13906352772", contactEmail: "wlj@example.gov.cn",
    headName: "武伟", headPhone: "13906362738", lastInspectedOn: "2022-09-06",
  },
  {
    code: "DEA-WJJ", name: "县卫生健康局", kind: "政府部门", tags: ["key", "risk-B", "government"],
    contactName: "王欣然", contactPhone: "13906352819", contactEmail: "wjj@example.gov.cn",
    headName: "董庆军", headPhone: "13906362891", lastInspectedOn: "2020-10-20",
  },
  {
    code: "DEA-TYJRJ", name: "县退役军人事务局", kind: "政府部门", tags: ["risk-D", "government"],
    contactName: "郭若琳", contactPhone: "13906352956", contactEmail: "tyjrj@example.gov.cn",
    headName: "郭俊杰", headPhone: "13906362954", lastInspectedOn: "2023-05-23",
  },
  {
    code: "DEA-YJJ", name: "县应急管理局", kind: "政府部门", tags: ["key", "risk-A", "government"],
    contactName: "侯宏亮", contactPhone: "13906353093", contactEmail: "yjj@example.gov.cn",
    headName: "鲁春生", headPhone: "13906363017", lastInspectedOn: "2025-06-10",
  },
  {
    code: "DEA-SJJ", name: "县审计局", kind: "政府部门", tags: ["risk-C", "government"],
    contactName: "魏广利", contactPhone: "13906353140", contactEmail: "sjj@example.gov.cn",
    headName: "郝庆伟", headPhone: "13906363170", lastInspectedOn: "2024-10-15",
  },
  {
    code: "DEA-SCJGJ", name: "县市场监督管理局", kind: "政府部门", tags: ["key", "risk-A", "government"],
    contactName: "王晓燕", contactPhone: "13906353277", contactEmail: "scjgj@example.gov.cn",
    headName: "于玉洁", headPhone: "13906363233", lastInspectedOn: "2022-09-06",
  },
  {
    code: "DEA-TJJ", name: "县统计局", kind: "政府部门", tags: ["risk-D", "government"],
    contactName: "马建军", contactPhone: "13906353324", contactEmail: "tjj@example.gov.cn",
    headName: "杜勇", headPhone: "13906363386", lastInspectedOn: "2023-05-23",
  },
  {
    code: "DEA-YBJ", name: "县医疗保障局", kind: "政府部门", tags: ["risk-B", "government"],
    contactName: "许鹏飞", contactPhone: "13906353461", contactEmail: "ybj@example.gov.cn",
    headName: "陈嘉怡", headPhone: "13906363449", lastInspectedOn: "2023-05-23",
  },
  {
    code: "DEA-ZHZFJ", name: "县综合行政执法局", kind: "政府部门", tags: ["key", "risk-A", "government"],
    contactName: "毕建军", contactPhone: "13906353598", contactEmail: "zhzfj@example.gov.cn",
    headName: "杜俊杰", headPhone: "13906363512", lastInspectedOn: "2021-06-15",
  },
  {
    code: "DEA-XSPJ", name: "县行政审批服务局", kind: "政府部门", tags: ["key", "risk-B", "government"],
    contactName: "郭建国", contactPhone: "13906353645", contactEmail: "xspj@example.gov.cn",
    headName: "单建军", headPhone: "13906363665", lastInspectedOn: "2019-11-12",
  },
  {
    code: "DEA-XFJ", name: "县信访局", kind: "政府部门", tags: ["risk-C", "government"],
    contactName: "徐玉琴", contactPhone: "13906353782", contactEmail: "xfj@example.gov.cn",
    headName: "吕克勤", headPhone: "13906363728", lastInspectedOn: "2024-10-15",
  },
  // 事业单位
  {
    code: "DEA-RMT", name: "县融媒体中心", kind: "事业单位", tags: ["risk-D", "institution"],
    contactName: "李欣然", contactPhone: "13906353829", contactEmail: "rmt@example.gov.cn",
    headName: "毕冬梅", headPhone: "13906363881", lastInspectedOn: null,
  },
  {
    code: "DEA-DAG", name: "县档案馆", kind: "事业单位", tags: ["risk-D", "institution"],
    contactName: "许晓东", contactPhone: "13906353966", contactEmail: "dag@example.gov.cn",
    headName: "徐斌", headPhone: "13906363944", lastInspectedOn: "2025-06-10",
  },
  {
    code: "DEA-AJCY", name: "县阿胶产业发展中心", kind: "事业单位", tags: ["risk-C", "institution"],
    contactName: "郭守信", contactPhone: "13906354013", contactEmail: "ajcy@example.gov.cn",
    headName: "于思远", headPhone: "13906364097", lastInspectedOn: "2024-10-15",
  },
  {
    code: "DEA-DX", name: "县委党校", kind: "事业单位", tags: ["risk-D", "institution"],
    contactName: "房志远", contactPhone: "13906354150", contactEmail: "dx@example.gov.cn",
    headName: "范梦琪", headPhone: "13906364160", lastInspectedOn: null,
  },
  {
    code: "DEA-JGSW", name: "县机关事务服务中心", kind: "事业单位", tags: ["risk-C", "institution"],
    contactName: "宋蕾", contactPhone: "13906354287", contactEmail: "jgsw@example.gov.cn",
    headName: "岳浩然", headPhone: "13906364223", lastInspectedOn: "2025-06-10",
  },
  {
    code: "DEA-GGZY", name: "县公共资源交易服务中心", kind: "事业单位", tags: ["risk-B", "institution"],
    contactName: "丁德胜", contactPhone: "13906354334", contactEmail: "ggzy@example.gov.cn",
    headName: "任承志", headPhone: "13906364376", lastInspectedOn: null,
  },
  {
    code: "DEA-SBZX", name: "县社会保险事业中心", kind: "事业单位", tags: ["risk-C", "institution"],
    contactName: "蔡玉琴", contactPhone: "13906354471", contactEmail: "sbzx@example.gov.cn",
    headName: "秦丽娜", headPhone: "13906364439", lastInspectedOn: null,
  },
  {
    code: "DEA-BDC", name: "县不动产登记中心", kind: "事业单位", tags: ["risk-C", "institution"],
    contactName: "范学文", contactPhone: "13906354518", contactEmail: "bdc@example.gov.cn",
    headName: "任东升", headPhone: "13906364592", lastInspectedOn: null,
  },
  {
    code: "DEA-JKZX", name: "县疾病预防控制中心", kind: "事业单位", tags: ["risk-C", "institution"],
    contactName: "石峰", contactPhone: "13906354655", contactEmail: "jkzx@example.gov.cn",
    headName: "任德胜", headPhone: "13906364655", lastInspectedOn: null,
  },
  // 乡镇街道
  {
    code: "DEA-TCJD", name: "铜城街道", kind: "乡镇街道", tags: ["risk-B", "township"],
    contactName: "马宝华", contactPhone: "13906354792", contactEmail: "tcjd@example.gov.cn",
    headName: "吕琳", headPhone: "13906364718", lastInspectedOn: "2020-10-20",
  },
  {
    code: "DEA-XCJD", name: "新城街道", kind: "乡镇街道", tags: ["risk-B", "township"],
    contactName: "贾丽娜", contactPhone: "13906354839", contactEmail: "xcjd@example.gov.cn",
    headName: "赵茂林", headPhone: "13906364871", lastInspectedOn: "2021-06-15",
  },
  {
    code: "DEA-LJZ", name: "刘集镇", kind: "乡镇街道", tags: ["risk-C", "township"],
    contactName: "秦庆华", contactPhone: "13906354976", contactEmail: "ljz@example.gov.cn",
    headName: "牛召伟", headPhone: "13906364934", lastInspectedOn: "2021-06-15",
  },
  {
    code: "DEA-NJDZ", name: "牛角店镇", kind: "乡镇街道", tags: ["risk-C", "township"],
    contactName: "邢春华", contactPhone: "13906355023", contactEmail: "njdz@example.gov.cn",
    headName: "徐辉", headPhone: "13906365087", lastInspectedOn: "2022-09-06",
  },
  {
    code: "DEA-DQZ", name: "大桥镇", kind: "乡镇街道", tags: ["risk-C", "township"],
    contactName: "姜广军", contactPhone: "13906355160", contactEmail: "dqz@example.gov.cn",
    headName: "毕勇", headPhone: "13906365150", lastInspectedOn: "2022-09-06",
  },
  {
    code: "DEA-GJZ", name: "高集镇", kind: "乡镇街道", tags: ["risk-C", "township"],
    contactName: "齐长江", contactPhone: "13906355297", contactEmail: "gjz@example.gov.cn",
    headName: "邢向东", headPhone: "13906365213", lastInspectedOn: "2023-05-23",
  },
  {
    code: "DEA-JLZ", name: "姜楼镇", kind: "乡镇街道", tags: ["risk-C", "township"],
    contactName: "段春生", contactPhone: "13906355344", contactEmail: "jlz@example.gov.cn",
    headName: "任传明", headPhone: "13906365366", lastInspectedOn: "2023-05-23",
  },
  {
    code: "DEA-YZZ", name: "姚寨镇", kind: "乡镇街道", tags: ["risk-C", "township"],
    contactName: "高卫东", contactPhone: "13906355481", contactEmail: "yzz@example.gov.cn",
    headName: "赵志远", headPhone: "13906365429", lastInspectedOn: "2024-10-15",
  },
  {
    code: "DEA-YSZ", name: "鱼山镇", kind: "乡镇街道", tags: ["risk-B", "township"],
    contactName: "尹燕", contactPhone: "13906355528", contactEmail: "ysz@example.gov.cn",
    headName: "蔡一凡", headPhone: "13906365582", lastInspectedOn: "2025-06-10",
  },
  {
    code: "DEA-CJZ", name: "陈集镇", kind: "乡镇街道", tags: ["risk-C", "township"],
    contactName: "姜文静", contactPhone: "13906355665", contactEmail: "cjz@example.gov.cn",
    headName: "薛婷", headPhone: "13906365645", lastInspectedOn: "2025-06-10",
  },
];

// ---------------------------------------------------------------------------
// 监督检查人才库 (inspector talent pool)
// ---------------------------------------------------------------------------

export const demoInspectors: DemoInspector[] = [
  { code: "INS-001", name: "李文博", homeDepartmentCode: "DEA-BB", tags: ["staffing", "leader"], title: "副主任", status: "active", conflicts: [], phone: "13906371000", email: "ins001@example.gov.cn" },
  { code: "INS-002", name: "房建军", homeDepartmentCode: "DEA-KJJ", tags: ["finance", "discipline"], title: "四级主任科员", status: "active", conflicts: [], phone: "13906378919", email: "ins002@example.gov.cn" },
  { code: "INS-003", name: "崔彦军", homeDepartmentCode: "DEA-LJZ", tags: ["finance", "discipline"], title: "一级主任科员", status: "active", conflicts: [], phone: "13906377838", email: "ins003@example.gov.cn" },
  { code: "INS-004", name: "薛丽娜", homeDepartmentCode: "DEA-XSPJ", tags: ["legal"], title: "副主任科员", status: "active", conflicts: [], phone: "13906376757", email: "ins004@example.gov.cn" },
  { code: "INS-005", name: "郝鹏飞", homeDepartmentCode: "DEA-WJJ", tags: ["legal", "audit"], title: "二级主任科员", status: "active", conflicts: ["DEA-SCJGJ"], phone: "13906375676", email: "ins005@example.gov.cn" },
  { code: "INS-006", name: "孟泽宇", homeDepartmentCode: "DEA-ZRZYJ", tags: ["finance"], title: "副科长", status: "active", conflicts: [], phone: "13906374595", email: "ins006@example.gov.cn" },
  { code: "INS-007", name: "田其山", homeDepartmentCode: "DEA-JW", tags: ["discipline"], title: "二级主任科员", status: "active", conflicts: [], phone: "13906373514", email: "ins007@example.gov.cn" },
  { code: "INS-008", name: "孟燕", homeDepartmentCode: "DEA-RSJ", tags: ["staffing"], title: "一级主任科员", status: "active", conflicts: [], phone: "13906372433", email: "ins008@example.gov.cn" },
  { code: "INS-009", name: "岳国庆", homeDepartmentCode: "DEA-SJJ", tags: ["audit"], title: "四级主任科员", status: "active", conflicts: [], phone: "13906371352", email: "ins009@example.gov.cn" },
  { code: "INS-010", name: "付峰", homeDepartmentCode: "DEA-SFJ", tags: ["legal"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906379271", email: "ins010@example.gov.cn" },
  { code: "INS-011", name: "贾娟", homeDepartmentCode: "DEA-XCB", tags: ["finance", "leader"], title: "副部长", status: "active", conflicts: [], phone: "13906378190", email: "ins011@example.gov.cn" },
  { code: "INS-012", name: "崔学文", homeDepartmentCode: "DEA-DX", tags: ["finance", "leader"], title: "副校长", status: "active", conflicts: [], phone: "13906377109", email: "ins012@example.gov.cn" },
  { code: "INS-013", name: "葛庆军", homeDepartmentCode: "DEA-JW", tags: ["discipline", "leader"], title: "纪委常委", status: "active", conflicts: ["DEA-ZJJ", "DEA-ZRZYJ"], phone: "13906376028", email: "ins013@example.gov.cn" },
  { code: "INS-014", name: "岳志强", homeDepartmentCode: "DEA-WJJ", tags: ["legal", "staffing", "leader"], title: "副局长", status: "active", conflicts: [], phone: "13906374947", email: "ins014@example.gov.cn" },
  { code: "INS-015", name: "韩瑞芳", homeDepartmentCode: "DEA-JYTYJ", tags: ["finance"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906373866", email: "ins015@example.gov.cn" },
  { code: "INS-016", name: "陈明远", homeDepartmentCode: "DEA-ZZB", tags: ["staffing"], title: "一级主任科员", status: "active", conflicts: [], phone: "13906372785", email: "ins016@example.gov.cn" },
  { code: "INS-017", name: "赵召伟", homeDepartmentCode: "DEA-GXJ", tags: ["staffing", "leader"], title: "党组成员", status: "active", conflicts: [], phone: "13906371704", email: "ins017@example.gov.cn" },
  { code: "INS-018", name: "薛子轩", homeDepartmentCode: "DEA-SLJ", tags: ["finance", "staffing"], title: "科长", status: "on-leave", conflicts: [], phone: "13906379623", email: "ins018@example.gov.cn" },
  { code: "INS-019", name: "崔凤英", homeDepartmentCode: "DEA-SCJGJ", tags: ["legal"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906378542", email: "ins019@example.gov.cn" },
  { code: "INS-020", name: "韩海涛", homeDepartmentCode: "DEA-TJJ", tags: ["legal", "finance"], title: "副科长", status: "active", conflicts: [], phone: "13906377461", email: "ins020@example.gov.cn" },
  { code: "INS-021", name: "冯鹏飞", homeDepartmentCode: "DEA-YSZ", tags: ["finance"], title: "二级主任科员", status: "active", conflicts: [], phone: "13906376380", email: "ins021@example.gov.cn" },
  { code: "INS-022", name: "杜晓光", homeDepartmentCode: "DEA-SCJGJ", tags: ["legal"], title: "一级主任科员", status: "active", conflicts: [], phone: "13906375299", email: "ins022@example.gov.cn" },
  { code: "INS-023", name: "贾爱玲", homeDepartmentCode: "DEA-SJJ", tags: ["audit"], title: "四级主任科员", status: "active", conflicts: [], phone: "13906374218", email: "ins023@example.gov.cn" },
  { code: "INS-024", name: "杜亮", homeDepartmentCode: "DEA-SHGZB", tags: ["finance"], title: "一级科员", status: "active", conflicts: ["DEA-WJJ"], phone: "13906373137", email: "ins024@example.gov.cn" },
  { code: "INS-025", name: "高勇", homeDepartmentCode: "DEA-JGSW", tags: ["finance", "leader"], title: "副主任", status: "active", conflicts: [], phone: "13906372056", email: "ins025@example.gov.cn" },
  { code: "INS-026", name: "孙金凤", homeDepartmentCode: "DEA-ZFW", tags: ["legal", "staffing", "leader"], title: "副书记", status: "active", conflicts: [], phone: "13906379975", email: "ins026@example.gov.cn" },
  { code: "INS-027", name: "武庆伟", homeDepartmentCode: "DEA-CZJ", tags: ["finance"], title: "一级主任科员", status: "active", conflicts: [], phone: "13906378894", email: "ins027@example.gov.cn" },
  { code: "INS-028", name: "蔡玉梅", homeDepartmentCode: "DEA-TCJD", tags: ["finance"], title: "一级科员", status: "active", conflicts: [], phone: "13906377813", email: "ins028@example.gov.cn" },
  { code: "INS-029", name: "邢传峰", homeDepartmentCode: "DEA-JW", tags: ["finance", "discipline"], title: "一级主任科员", status: "active", conflicts: [], phone: "13906376732", email: "ins029@example.gov.cn" },
  { code: "INS-030", name: "武刚", homeDepartmentCode: "DEA-JW", tags: ["discipline"], title: "二级主任科员", status: "retired", conflicts: [], phone: "13906375651", email: "ins030@example.gov.cn" },
  { code: "INS-031", name: "张冬梅", homeDepartmentCode: "DEA-SFJ", tags: ["legal", "leader"], title: "四级调研员", status: "active", conflicts: [], phone: "13906374570", email: "ins031@example.gov.cn" },
  { code: "INS-032", name: "吕秋菊", homeDepartmentCode: "DEA-XWB", tags: ["staffing"], title: "一级主任科员", status: "active", conflicts: [], phone: "13906373489", email: "ins032@example.gov.cn" },
  { code: "INS-033", name: "卢长青", homeDepartmentCode: "DEA-ZJJ", tags: ["staffing"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906372408", email: "ins033@example.gov.cn" },
  { code: "INS-034", name: "郭克勤", homeDepartmentCode: "DEA-XWB", tags: ["finance"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906371327", email: "ins034@example.gov.cn" },
  { code: "INS-035", name: "崔健", homeDepartmentCode: "DEA-SJJ", tags: ["audit"], title: "四级主任科员", status: "active", conflicts: [], phone: "13906379246", email: "ins035@example.gov.cn" },
  { code: "INS-036", name: "袁书文", homeDepartmentCode: "DEA-XCHB", tags: ["discipline"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906378165", email: "ins036@example.gov.cn" },
  { code: "INS-037", name: "任杰", homeDepartmentCode: "DEA-RSJ", tags: ["staffing"], title: "科长", status: "active", conflicts: [], phone: "13906377084", email: "ins037@example.gov.cn" },
  { code: "INS-038", name: "孙宪国", homeDepartmentCode: "DEA-XWB", tags: ["legal"], title: "一级主任科员", status: "active", conflicts: ["DEA-TCJD"], phone: "13906376003", email: "ins038@example.gov.cn" },
  { code: "INS-039", name: "袁兴华", homeDepartmentCode: "DEA-MZJ", tags: ["legal"], title: "一级科员", status: "active", conflicts: [], phone: "13906374922", email: "ins039@example.gov.cn" },
  { code: "INS-040", name: "田若琳", homeDepartmentCode: "DEA-FGJ", tags: ["staffing"], title: "副科长", status: "active", conflicts: [], phone: "13906373841", email: "ins040@example.gov.cn" },
  { code: "INS-041", name: "程云鹏", homeDepartmentCode: "DEA-CZJ", tags: ["finance"], title: "副主任科员", status: "active", conflicts: [], phone: "13906372760", email: "ins041@example.gov.cn" },
  { code: "INS-042", name: "赵冰", homeDepartmentCode: "DEA-JW", tags: ["discipline"], title: "纪检监察室主任", status: "active", conflicts: [], phone: "13906371679", email: "ins042@example.gov.cn" },
  { code: "INS-043", name: "卢延涛", homeDepartmentCode: "DEA-TCJD", tags: ["discipline", "leader"], title: "人大主席", status: "active", conflicts: [], phone: "13906379598", email: "ins043@example.gov.cn" },
  { code: "INS-044", name: "范如意", homeDepartmentCode: "DEA-WLJ", tags: ["legal", "leader"], title: "四级调研员", status: "active", conflicts: [], phone: "13906378517", email: "ins044@example.gov.cn" },
  { code: "INS-045", name: "薛延涛", homeDepartmentCode: "DEA-TZB", tags: ["finance"], title: "三级主任科员", status: "on-leave", conflicts: [], phone: "13906377436", email: "ins045@example.gov.cn" },
  { code: "INS-046", name: "蔡琳", homeDepartmentCode: "DEA-XCJD", tags: ["finance"], title: "副主任科员", status: "active", conflicts: [], phone: "13906376355", email: "ins046@example.gov.cn" },
  { code: "INS-047", name: "庞海燕", homeDepartmentCode: "DEA-XCHB", tags: ["discipline"], title: "副主任科员", status: "active", conflicts: [], phone: "13906375274", email: "ins047@example.gov.cn" },
  { code: "INS-048", name: "曹思远", homeDepartmentCode: "DEA-ZFB", tags: ["finance"], title: "副科长", status: "active", conflicts: [], phone: "13906374193", email: "ins048@example.gov.cn" },
  { code: "INS-049", name: "蔡洪涛", homeDepartmentCode: "DEA-BB", tags: ["legal", "staffing"], title: "四级主任科员", status: "active", conflicts: [], phone: "13906373112", email: "ins049@example.gov.cn" },
  { code: "INS-050", name: "宋茂林", homeDepartmentCode: "DEA-SFJ", tags: ["legal", "leader"], title: "四级调研员", status: "active", conflicts: [], phone: "13906372031", email: "ins050@example.gov.cn" },
  { code: "INS-051", name: "张希文", homeDepartmentCode: "DEA-DX", tags: ["staffing"], title: "副教授", status: "active", conflicts: [], phone: "13906379950", email: "ins051@example.gov.cn" },
  { code: "INS-052", name: "于玉琴", homeDepartmentCode: "DEA-FGJ", tags: ["finance"], title: "二级主任科员", status: "active", conflicts: [], phone: "13906378869", email: "ins052@example.gov.cn" },
  { code: "INS-053", name: "葛晓东", homeDepartmentCode: "DEA-SHGZB", tags: ["legal"], title: "副主任科员", status: "active", conflicts: ["DEA-CZJ", "DEA-FGJ"], phone: "13906377788", email: "ins053@example.gov.cn" },
  { code: "INS-054", name: "魏雪梅", homeDepartmentCode: "DEA-CZJ", tags: ["finance", "leader"], title: "副局长", status: "active", conflicts: [], phone: "13906376707", email: "ins054@example.gov.cn" },
  { code: "INS-055", name: "郭敏", homeDepartmentCode: "DEA-ZZB", tags: ["staffing"], title: "二级主任科员", status: "active", conflicts: [], phone: "13906375626", email: "ins055@example.gov.cn" },
  { code: "INS-056", name: "石蕾", homeDepartmentCode: "DEA-BB", tags: ["staffing", "leader"], title: "副主任", status: "active", conflicts: [], phone: "13906374545", email: "ins056@example.gov.cn" },
  { code: "INS-057", name: "马勇", homeDepartmentCode: "DEA-SFJ", tags: ["legal"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906373464", email: "ins057@example.gov.cn" },
  { code: "INS-058", name: "杜新华", homeDepartmentCode: "DEA-GAJ", tags: ["legal"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906372383", email: "ins058@example.gov.cn" },
  { code: "INS-059", name: "孟斌", homeDepartmentCode: "DEA-RSJ", tags: ["staffing"], title: "副科长", status: "active", conflicts: [], phone: "13906371302", email: "ins059@example.gov.cn" },
  { code: "INS-060", name: "冯春生", homeDepartmentCode: "DEA-GJZ", tags: ["finance", "audit", "leader"], title: "党委副书记", status: "active", conflicts: [], phone: "13906379221", email: "ins060@example.gov.cn" },
  { code: "INS-061", name: "任永刚", homeDepartmentCode: "DEA-DQZ", tags: ["finance"], title: "科长", status: "active", conflicts: [], phone: "13906378140", email: "ins061@example.gov.cn" },
  { code: "INS-062", name: "徐胜利", homeDepartmentCode: "DEA-ZZB", tags: ["legal", "staffing"], title: "副主任科员", status: "active", conflicts: ["DEA-JYTYJ"], phone: "13906377059", email: "ins062@example.gov.cn" },
  { code: "INS-063", name: "冯召伟", homeDepartmentCode: "DEA-JGSW", tags: ["finance"], title: "二级主任科员", status: "active", conflicts: [], phone: "13906375978", email: "ins063@example.gov.cn" },
  { code: "INS-064", name: "任红梅", homeDepartmentCode: "DEA-JTYSJ", tags: ["finance"], title: "副主任科员", status: "active", conflicts: [], phone: "13906374897", email: "ins064@example.gov.cn" },
  { code: "INS-065", name: "任继东", homeDepartmentCode: "DEA-TZB", tags: ["staffing", "discipline"], title: "四级主任科员", status: "active", conflicts: [], phone: "13906373816", email: "ins065@example.gov.cn" },
  { code: "INS-066", name: "鲁庆军", homeDepartmentCode: "DEA-ZHZFJ", tags: ["legal"], title: "副主任科员", status: "active", conflicts: [], phone: "13906372735", email: "ins066@example.gov.cn" },
  { code: "INS-067", name: "赵春燕", homeDepartmentCode: "DEA-FGJ", tags: ["legal"], title: "副主任科员", status: "active", conflicts: [], phone: "13906371654", email: "ins067@example.gov.cn" },
  { code: "INS-068", name: "宋其山", homeDepartmentCode: "DEA-YBJ", tags: ["finance"], title: "一级科员", status: "active", conflicts: [], phone: "13906379573", email: "ins068@example.gov.cn" },
  { code: "INS-069", name: "陈斌", homeDepartmentCode: "DEA-XCJD", tags: ["finance", "leader"], title: "人大主席", status: "on-leave", conflicts: [], phone: "13906378492", email: "ins069@example.gov.cn" },
  { code: "INS-070", name: "曹雪莲", homeDepartmentCode: "DEA-BB", tags: ["staffing"], title: "四级主任科员", status: "active", conflicts: [], phone: "13906377411", email: "ins070@example.gov.cn" },
  { code: "INS-071", name: "贾一凡", homeDepartmentCode: "DEA-CZJ", tags: ["finance"], title: "副科长", status: "active", conflicts: [], phone: "13906376330", email: "ins071@example.gov.cn" },
  { code: "INS-072", name: "薛亮", homeDepartmentCode: "DEA-NYNCJ", tags: ["legal"], title: "副主任科员", status: "active", conflicts: [], phone: "13906375249", email: "ins072@example.gov.cn" },
  { code: "INS-073", name: "张永刚", homeDepartmentCode: "DEA-SJJ", tags: ["audit"], title: "副主任科员", status: "active", conflicts: [], phone: "13906374168", email: "ins073@example.gov.cn" },
  { code: "INS-074", name: "武书文", homeDepartmentCode: "DEA-SJJ", tags: ["audit"], title: "一级主任科员", status: "active", conflicts: [], phone: "13906373087", email: "ins074@example.gov.cn" },
  { code: "INS-075", name: "牛凤英", homeDepartmentCode: "DEA-SFJ", tags: ["legal", "leader"], title: "四级调研员", status: "active", conflicts: [], phone: "13906372006", email: "ins075@example.gov.cn" },
  { code: "INS-076", name: "曹东升", homeDepartmentCode: "DEA-STHJFJ", tags: ["audit"], title: "二级主任科员", status: "active", conflicts: [], phone: "13906379925", email: "ins076@example.gov.cn" },
  { code: "INS-077", name: "商秋菊", homeDepartmentCode: "DEA-XSPJ", tags: ["legal", "audit", "leader"], title: "四级调研员", status: "active", conflicts: [], phone: "13906378844", email: "ins077@example.gov.cn" },
  { code: "INS-078", name: "石佳琪", homeDepartmentCode: "DEA-ZRZYJ", tags: ["audit"], title: "一级科员", status: "active", conflicts: [], phone: "13906377763", email: "ins078@example.gov.cn" },
  { code: "INS-079", name: "翟一鸣", homeDepartmentCode: "DEA-TJJ", tags: ["finance"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906376682", email: "ins079@example.gov.cn" },
  { code: "INS-080", name: "翟志刚", homeDepartmentCode: "DEA-ZFB", tags: ["discipline"], title: "二级主任科员", status: "active", conflicts: ["DEA-YJJ"], phone: "13906375601", email: "ins080@example.gov.cn" },
  { code: "INS-081", name: "秦书文", homeDepartmentCode: "DEA-ZFB", tags: ["finance"], title: "一级主任科员", status: "active", conflicts: [], phone: "13906374520", email: "ins081@example.gov.cn" },
  { code: "INS-082", name: "杜刚", homeDepartmentCode: "DEA-YJJ", tags: ["staffing"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906373439", email: "ins082@example.gov.cn" },
  { code: "INS-083", name: "岳一凡", homeDepartmentCode: "DEA-XCB", tags: ["staffing"], title: "副主任科员", status: "active", conflicts: [], phone: "13906372358", email: "ins083@example.gov.cn" },
  { code: "INS-084", name: "卢广军", homeDepartmentCode: "DEA-GAJ", tags: ["legal"], title: "科长", status: "active", conflicts: [], phone: "13906371277", email: "ins084@example.gov.cn" },
  { code: "INS-085", name: "段丽华", homeDepartmentCode: "DEA-NJDZ", tags: ["legal", "leader"], title: "副镇长", status: "active", conflicts: [], phone: "13906379196", email: "ins085@example.gov.cn" },
  { code: "INS-086", name: "李志远", homeDepartmentCode: "DEA-SCJGJ", tags: ["legal", "staffing"], title: "副主任科员", status: "active", conflicts: [], phone: "13906378115", email: "ins086@example.gov.cn" },
  { code: "INS-087", name: "牛健", homeDepartmentCode: "DEA-DAG", tags: ["staffing"], title: "副科长", status: "active", conflicts: [], phone: "13906377034", email: "ins087@example.gov.cn" },
  { code: "INS-088", name: "秦冰", homeDepartmentCode: "DEA-ZHZFJ", tags: ["legal", "audit", "leader"], title: "副局长", status: "active", conflicts: [], phone: "13906375953", email: "ins088@example.gov.cn" },
  { code: "INS-089", name: "段长江", homeDepartmentCode: "DEA-ZJJ", tags: ["legal"], title: "一级科员", status: "active", conflicts: [], phone: "13906374872", email: "ins089@example.gov.cn" },
  { code: "INS-090", name: "赵立强", homeDepartmentCode: "DEA-SLJ", tags: ["staffing"], title: "科长", status: "active", conflicts: [], phone: "13906373791", email: "ins090@example.gov.cn" },
  { code: "INS-091", name: "任健", homeDepartmentCode: "DEA-JTYSJ", tags: ["staffing"], title: "科长", status: "active", conflicts: [], phone: "13906372710", email: "ins091@example.gov.cn" },
  { code: "INS-092", name: "任志远", homeDepartmentCode: "DEA-JW", tags: ["discipline"], title: "二级主任科员", status: "on-leave", conflicts: [], phone: "13906371629", email: "ins092@example.gov.cn" },
  { code: "INS-093", name: "岳丽娜", homeDepartmentCode: "DEA-ZZB", tags: ["staffing"], title: "二级主任科员", status: "active", conflicts: [], phone: "13906379548", email: "ins093@example.gov.cn" },
  { code: "INS-094", name: "鲁建平", homeDepartmentCode: "DEA-MZJ", tags: ["staffing"], title: "四级主任科员", status: "active", conflicts: [], phone: "13906378467", email: "ins094@example.gov.cn" },
  { code: "INS-095", name: "宋庆华", homeDepartmentCode: "DEA-STHJFJ", tags: ["audit"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906377386", email: "ins095@example.gov.cn" },
  { code: "INS-096", name: "牛建国", homeDepartmentCode: "DEA-BB", tags: ["staffing"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906376305", email: "ins096@example.gov.cn" },
  { code: "INS-097", name: "魏瑞芳", homeDepartmentCode: "DEA-ZFW", tags: ["legal"], title: "一级科员", status: "active", conflicts: ["DEA-NYNCJ", "DEA-LJZ"], phone: "13906375224", email: "ins097@example.gov.cn" },
  { code: "INS-098", name: "孟秋菊", homeDepartmentCode: "DEA-ZZB", tags: ["staffing"], title: "科长", status: "active", conflicts: [], phone: "13906374143", email: "ins098@example.gov.cn" },
  { code: "INS-099", name: "王丽萍", homeDepartmentCode: "DEA-JYTYJ", tags: ["discipline"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906373062", email: "ins099@example.gov.cn" },
  { code: "INS-100", name: "毕庆丰", homeDepartmentCode: "DEA-ZHZFJ", tags: ["legal", "leader"], title: "党组成员", status: "active", conflicts: [], phone: "13906371981", email: "ins100@example.gov.cn" },
  { code: "INS-101", name: "孟娟", homeDepartmentCode: "DEA-BB", tags: ["staffing"], title: "科长", status: "active", conflicts: [], phone: "13906379900", email: "ins101@example.gov.cn" },
  { code: "INS-102", name: "贾如意", homeDepartmentCode: "DEA-YBJ", tags: ["finance", "leader"], title: "副局长", status: "active", conflicts: [], phone: "13906378819", email: "ins102@example.gov.cn" },
  { code: "INS-103", name: "刘志远", homeDepartmentCode: "DEA-RSJ", tags: ["staffing"], title: "四级主任科员", status: "active", conflicts: [], phone: "13906377738", email: "ins103@example.gov.cn" },
  { code: "INS-104", name: "魏志远", homeDepartmentCode: "DEA-YJJ", tags: ["legal"], title: "四级主任科员", status: "retired", conflicts: [], phone: "13906376657", email: "ins104@example.gov.cn" },
  { code: "INS-105", name: "宋兆华", homeDepartmentCode: "DEA-DAG", tags: ["staffing", "audit"], title: "三级主任科员", status: "active", conflicts: [], phone: "13906375576", email: "ins105@example.gov.cn" },
  { code: "INS-106", name: "李子健", homeDepartmentCode: "DEA-CZJ", tags: ["finance"], title: "二级主任科员", status: "active", conflicts: [], phone: "13906374495", email: "ins106@example.gov.cn" },
  { code: "INS-107", name: "李庆华", homeDepartmentCode: "DEA-NYNCJ", tags: ["discipline"], title: "副科长", status: "active", conflicts: [], phone: "13906373414", email: "ins107@example.gov.cn" },
  { code: "INS-108", name: "商子健", homeDepartmentCode: "DEA-DX", tags: ["legal"], title: "副教授", status: "active", conflicts: [], phone: "13906372333", email: "ins108@example.gov.cn" },
  { code: "INS-109", name: "邢其山", homeDepartmentCode: "DEA-XCHB", tags: ["discipline"], title: "二级主任科员", status: "active", conflicts: [], phone: "13906371252", email: "ins109@example.gov.cn" },
  { code: "INS-110", name: "范秀梅", homeDepartmentCode: "DEA-XSPJ", tags: ["legal"], title: "副科长", status: "active", conflicts: [], phone: "13906379171", email: "ins110@example.gov.cn" },
];

// ---------------------------------------------------------------------------
// Users, one per role
// ---------------------------------------------------------------------------

export const demoUsers: DemoUser[] = [
  { name: "admin", displayName: "系统管理员", role: "admin", orgCode: "DEA" },
  { name: "zhang.supervisor", displayName: "张卫东(县委编办监督检查股)", role: "supervisor", orgCode: "DEA" },
  { name: "li.inspector", displayName: "李文博", role: "inspector", orgCode: "DEA", inspectorCode: "INS-001" },
  { name: "wang.department", displayName: "王晓燕(县市场监督管理局)", role: "department", orgCode: "DEA", departmentCode: "DEA-SCJGJ" },
  { name: "zhao.discipline", displayName: "赵明亮(县纪委监委)", role: "discipline", orgCode: "DEA" },
  { name: "viewer", displayName: "只读查看", role: "viewer", orgCode: "DEA" },
];

// ---------------------------------------------------------------------------
// Past rounds of 双随机 (2019–2025) and the problems fed back
// ---------------------------------------------------------------------------

export const demoPastRounds: DemoPastRound[] = [
  {
    number: "东阿编办双随机〔2019〕1号",
    title: "2019年度县直部门“双随机”履职评估",
    heldOn: "2019-11-12",
    departmentCodes: ["DEA-FGJ", "DEA-CZJ", "DEA-SCJGJ", "DEA-ZRZYJ", "DEA-ZJJ", "DEA-XSPJ"],
    teams: [
      { departmentCode: "DEA-FGJ", inspectorCodes: ["INS-001", "INS-057", "INS-100"], leaderCode: "INS-001" },
      { departmentCode: "DEA-CZJ", inspectorCodes: ["INS-012", "INS-031", "INS-037"], leaderCode: "INS-031" },
      { departmentCode: "DEA-SCJGJ", inspectorCodes: ["INS-025", "INS-103", "INS-107"], leaderCode: "INS-025" },
      { departmentCode: "DEA-ZRZYJ", inspectorCodes: ["INS-016", "INS-088", "INS-096"], leaderCode: "INS-088" },
      { departmentCode: "DEA-ZJJ", inspectorCodes: ["INS-005", "INS-050", "INS-101"], leaderCode: "INS-050" },
      { departmentCode: "DEA-XSPJ", inspectorCodes: ["INS-021", "INS-033", "INS-085"], leaderCode: "INS-085" },
    ],
  },
  {
    number: "东阿编办双随机〔2020〕1号",
    title: "2020年度机关事业单位“双随机”履职评估",
    heldOn: "2020-10-20",
    departmentCodes: ["DEA-STHJFJ", "DEA-YJJ", "DEA-WJJ", "DEA-JYTYJ", "DEA-RSJ", "DEA-TCJD", "DEA-GAJ"],
    teams: [
      { departmentCode: "DEA-STHJFJ", inspectorCodes: ["INS-023", "INS-043", "INS-090"], leaderCode: "INS-043" },
      { departmentCode: "DEA-YJJ", inspectorCodes: ["INS-010", "INS-054", "INS-094"], leaderCode: "INS-054" },
      { departmentCode: "DEA-WJJ", inspectorCodes: ["INS-001", "INS-017", "INS-033"], leaderCode: "INS-001" },
      { departmentCode: "DEA-JYTYJ", inspectorCodes: ["INS-027", "INS-059", "INS-069"], leaderCode: "INS-069" },
      { departmentCode: "DEA-RSJ", inspectorCodes: ["INS-050", "INS-055", "INS-085"], leaderCode: "INS-085" },
      { departmentCode: "DEA-TCJD", inspectorCodes: ["INS-005", "INS-044", "INS-089"], leaderCode: "INS-044" },
      { departmentCode: "DEA-GAJ", inspectorCodes: ["INS-056", "INS-060", "INS-088"], leaderCode: "INS-056" },
    ],
  },
  {
    number: "东阿编办双随机〔2021〕1号",
    title: "2021年度机关事业单位“双随机”履职评估",
    heldOn: "2021-06-15",
    departmentCodes: ["DEA-ZHZFJ", "DEA-NYNCJ", "DEA-SLJ", "DEA-JTYSJ", "DEA-MZJ", "DEA-XCJD", "DEA-LJZ"],
    teams: [
      { departmentCode: "DEA-ZHZFJ", inspectorCodes: ["INS-054", "INS-072", "INS-096"], leaderCode: "INS-054" },
      { departmentCode: "DEA-NYNCJ", inspectorCodes: ["INS-025", "INS-038", "INS-065"], leaderCode: "INS-025" },
      { departmentCode: "DEA-SLJ", inspectorCodes: ["INS-001", "INS-026", "INS-034"], leaderCode: "INS-001" },
      { departmentCode: "DEA-JTYSJ", inspectorCodes: ["INS-056", "INS-085", "INS-102"], leaderCode: "INS-085" },
      { departmentCode: "DEA-MZJ", inspectorCodes: ["INS-029", "INS-050", "INS-077"], leaderCode: "INS-050" },
      { departmentCode: "DEA-XCJD", inspectorCodes: ["INS-022", "INS-044", "INS-099"], leaderCode: "INS-044" },
      { departmentCode: "DEA-LJZ", inspectorCodes: ["INS-005", "INS-012", "INS-017"], leaderCode: "INS-012" },
    ],
  },
  {
    number: "东阿编办双随机〔2022〕1号",
    title: "2022年度机关事业单位“双随机”履职评估",
    heldOn: "2022-09-06",
    departmentCodes: ["DEA-SWTCJ", "DEA-WLJ", "DEA-GXJ", "DEA-SFJ", "DEA-NJDZ", "DEA-DQZ", "DEA-SCJGJ"],
    teams: [
      { departmentCode: "DEA-SWTCJ", inspectorCodes: ["INS-017", "INS-043", "INS-072"], leaderCode: "INS-017" },
      { departmentCode: "DEA-WLJ", inspectorCodes: ["INS-062", "INS-102", "INS-105"], leaderCode: "INS-102" },
      { departmentCode: "DEA-GXJ", inspectorCodes: ["INS-029", "INS-069", "INS-083"], leaderCode: "INS-069" },
      { departmentCode: "DEA-SFJ", inspectorCodes: ["INS-018", "INS-054", "INS-076"], leaderCode: "INS-054" },
      { departmentCode: "DEA-NJDZ", inspectorCodes: ["INS-053", "INS-059", "INS-075"], leaderCode: "INS-075" },
      { departmentCode: "DEA-DQZ", inspectorCodes: ["INS-025", "INS-035", "INS-039"], leaderCode: "INS-025" },
      { departmentCode: "DEA-SCJGJ", inspectorCodes: ["INS-004", "INS-009", "INS-050"], leaderCode: "INS-050" },
    ],
  },
  {
    number: "东阿编办双随机〔2023〕1号",
    title: "2023年度机关事业单位“双随机”履职评估",
    heldOn: "2023-05-23",
    departmentCodes: ["DEA-KJJ", "DEA-TYJRJ", "DEA-YBJ", "DEA-TJJ", "DEA-GJZ", "DEA-JLZ", "DEA-FGJ"],
    teams: [
      { departmentCode: "DEA-KJJ", inspectorCodes: ["INS-014", "INS-073", "INS-083"], leaderCode: "INS-014" },
      { departmentCode: "DEA-TYJRJ", inspectorCodes: ["INS-044", "INS-081", "INS-090"], leaderCode: "INS-044" },
      { departmentCode: "DEA-YBJ", inspectorCodes: ["INS-026", "INS-086", "INS-094"], leaderCode: "INS-026" },
      { departmentCode: "DEA-TJJ", inspectorCodes: ["INS-001", "INS-017", "INS-029"], leaderCode: "INS-001" },
      { departmentCode: "DEA-GJZ", inspectorCodes: ["INS-055", "INS-058", "INS-077"], leaderCode: "INS-077" },
      { departmentCode: "DEA-JLZ", inspectorCodes: ["INS-021", "INS-054", "INS-097"], leaderCode: "INS-054" },
      { departmentCode: "DEA-FGJ", inspectorCodes: ["INS-011", "INS-059", "INS-093"], leaderCode: "INS-011" },
    ],
  },
  {
    number: "东阿编办双随机〔2024〕1号",
    title: "2024年度机关事业单位“双随机”履职评估",
    heldOn: "2024-10-15",
    departmentCodes: ["DEA-XWB", "DEA-ZFB", "DEA-SJJ", "DEA-XFJ", "DEA-YZZ", "DEA-AJCY", "DEA-ZRZYJ"],
    teams: [
      { departmentCode: "DEA-XWB", inspectorCodes: ["INS-056", "INS-086", "INS-102"], leaderCode: "INS-102" },
      { departmentCode: "DEA-ZFB", inspectorCodes: ["INS-033", "INS-069", "INS-091"], leaderCode: "INS-069" },
      { departmentCode: "DEA-SJJ", inspectorCodes: ["INS-017", "INS-026", "INS-041"], leaderCode: "INS-017" },
      { departmentCode: "DEA-XFJ", inspectorCodes: ["INS-025", "INS-058", "INS-090"], leaderCode: "INS-025" },
      { departmentCode: "DEA-YZZ", inspectorCodes: ["INS-050", "INS-080", "INS-087"], leaderCode: "INS-050" },
      { departmentCode: "DEA-AJCY", inspectorCodes: ["INS-008", "INS-014", "INS-100"], leaderCode: "INS-100" },
      { departmentCode: "DEA-ZRZYJ", inspectorCodes: ["INS-075", "INS-088", "INS-103"], leaderCode: "INS-088" },
    ],
  },
  {
    number: "东阿编办双随机〔2025〕1号",
    title: "2025年度机关事业单位“双随机”履职评估",
    heldOn: "2025-06-10",
    departmentCodes: ["DEA-XCB", "DEA-TZB", "DEA-ZFW", "DEA-YSZ", "DEA-CJZ", "DEA-DAG", "DEA-JGSW", "DEA-YJJ"],
    teams: [
      { departmentCode: "DEA-XCB", inspectorCodes: ["INS-060", "INS-072", "INS-096"], leaderCode: "INS-060" },
      { departmentCode: "DEA-TZB", inspectorCodes: ["INS-050", "INS-081", "INS-089"], leaderCode: "INS-050" },
      { departmentCode: "DEA-ZFW", inspectorCodes: ["INS-051", "INS-054", "INS-098"], leaderCode: "INS-054" },
      { departmentCode: "DEA-YSZ", inspectorCodes: ["INS-094", "INS-100", "INS-105"], leaderCode: "INS-100" },
      { departmentCode: "DEA-CJZ", inspectorCodes: ["INS-025", "INS-038", "INS-084"], leaderCode: "INS-025" },
      { departmentCode: "DEA-DAG", inspectorCodes: ["INS-011", "INS-024", "INS-108"], leaderCode: "INS-011" },
      { departmentCode: "DEA-JGSW", inspectorCodes: ["INS-014", "INS-022", "INS-091"], leaderCode: "INS-014" },
      { departmentCode: "DEA-YJJ", inspectorCodes: ["INS-010", "INS-044", "INS-077"], leaderCode: "INS-077" },
    ],
  },
];

export const demoPastFindings: DemoPastFinding[] = [
  {
    roundNumber: "东阿编办双随机〔2019〕1号", departmentCode: "DEA-FGJ", itemCode: "ITEM-1", severity: "general",
    description: "内设机构职责交叉:价格监测与重点项目服务两个科室在项目调度统计上分工不清,存在重复报送。",
    issuedOn: "2019-11-30", deadline: "2020-01-29", acceptedOn: "2020-01-10",
  },
  {
    roundNumber: "东阿编办双随机〔2019〕1号", departmentCode: "DEA-XSPJ", itemCode: "ITEM-3", severity: "serious",
    description: "权责清单未动态调整:已由行业主管部门划入的12项行政许可事项仍保留在原部门权责清单中,本部门清单未同步增列。",
    issuedOn: "2019-11-30", deadline: "2020-02-28", acceptedOn: "2020-02-14",
  },
  {
    roundNumber: "东阿编办双随机〔2020〕1号", departmentCode: "DEA-WJJ", itemCode: "ITEM-2", severity: "general",
    description: "“三定”规定明确的公共场所卫生监督职责落实不到位,年度监督检查计划和工作台账缺失。",
    issuedOn: "2020-11-10", deadline: "2021-01-09", acceptedOn: "2021-01-01",
  },
  {
    roundNumber: "东阿编办双随机〔2020〕1号", departmentCode: "DEA-STHJFJ", itemCode: "ITEM-5", severity: "general",
    description: "“乡呼县应”呼叫事项办结超时:3件涉及畜禽养殖污染整治的呼叫事项超过规定时限办结,未向呼叫街道说明原因。",
    issuedOn: "2020-11-10", deadline: "2021-01-09", acceptedOn: "2020-12-18",
  },
  {
    roundNumber: "东阿编办双随机〔2021〕1号", departmentCode: "DEA-ZHZFJ", itemCode: "ITEM-4", severity: "serious",
    description: "与市场监管部门在占道经营、流动摊贩查处环节职责边界不清,职责边界清单所列分工未落实,群众投诉出现推诿。",
    issuedOn: "2021-07-01", deadline: "2021-09-29", acceptedOn: "2021-09-22",
  },
  {
    roundNumber: "东阿编办双随机〔2021〕1号", departmentCode: "DEA-NYNCJ", itemCode: "ITEM-5", severity: "general",
    description: "“乡呼县应”呼叫事项办结超时:动物防疫类呼叫事项平均办结用时超过规定时限,个别事项未反馈办理结果。",
    issuedOn: "2021-07-01", deadline: "2021-08-30", acceptedOn: "2021-08-19",
  },
  {
    roundNumber: "东阿编办双随机〔2021〕1号", departmentCode: "DEA-LJZ", itemCode: "ITEM-1", severity: "serious",
    description: "超职数配备领导干部:镇机关超核定职数配备中层正职1名,未按规定报县委编办备案。",
    issuedOn: "2021-07-01", deadline: "2021-09-29", acceptedOn: "2021-09-27",
  },
  {
    roundNumber: "东阿编办双随机〔2022〕1号", departmentCode: "DEA-SCJGJ", itemCode: "ITEM-4", severity: "general",
    description: "食用农产品市场准入环节与农业农村部门职责边界清单执行不到位,承诺达标合格证查验衔接不畅。",
    issuedOn: "2022-09-26", deadline: "2022-11-25", acceptedOn: "2022-11-20",
  },
  {
    roundNumber: "东阿编办双随机〔2022〕1号", departmentCode: "DEA-SFJ", itemCode: "ITEM-3", severity: "general",
    description: "权责清单中行政执法监督相关事项未根据新修订法律法规及时调整,部分事项设定依据已失效。",
    issuedOn: "2022-09-26", deadline: "2022-11-25", acceptedOn: "2022-11-12",
  },
  {
    roundNumber: "东阿编办双随机〔2022〕1号", departmentCode: "DEA-DQZ", itemCode: "ITEM-1", severity: "general",
    description: "内设机构设置与批复方案不一致,自行增挂“综合服务站”牌子,职能与便民服务中心重叠。",
    issuedOn: "2022-09-26", deadline: "2022-11-25", acceptedOn: "2022-11-23",
  },
  {
    roundNumber: "东阿编办双随机〔2023〕1号", departmentCode: "DEA-FGJ", itemCode: "ITEM-3", severity: "general",
    description: "权责清单与政务服务事项目录不对应,7项事项名称、实施依据未同步更新。",
    issuedOn: "2023-06-07", deadline: "2023-08-06", acceptedOn: "2023-07-21",
  },
  {
    roundNumber: "东阿编办双随机〔2023〕1号", departmentCode: "DEA-YBJ", itemCode: "ITEM-2", severity: "serious",
    description: "医保基金监管职责履行不到位,定点医药机构年度日常检查覆盖率低于规定要求。",
    issuedOn: "2023-06-07", deadline: "2023-09-05", acceptedOn: "2023-08-25",
  },
  {
    roundNumber: "东阿编办双随机〔2023〕1号", departmentCode: "DEA-JLZ", itemCode: "ITEM-5", severity: "general",
    description: "对县直部门已回应的“乡呼县应”呼叫事项未及时评价反馈,闭环管理不到位,台账记录不完整。",
    issuedOn: "2023-06-07", deadline: "2023-08-06", acceptedOn: "2023-07-13",
  },
  {
    roundNumber: "东阿编办双随机〔2024〕1号", departmentCode: "DEA-ZRZYJ", itemCode: "ITEM-4", severity: "serious",
    description: "在违法建设查处中与住建、综合执法部门职责边界清单执行不到位,存在职责推诿、衔接不畅问题。",
    issuedOn: "2024-11-06", deadline: "2025-02-04", acceptedOn: "2025-01-30",
  },
  {
    roundNumber: "东阿编办双随机〔2024〕1号", departmentCode: "DEA-SJJ", itemCode: "ITEM-1", severity: "serious",
    description: "长期借用下属事业单位人员从事机关工作,存在混编混岗问题,与“三定”规定的人员编制配备不符。",
    issuedOn: "2024-11-06", deadline: "2025-02-04", acceptedOn: "2025-02-09",
  },
  {
    roundNumber: "东阿编办双随机〔2024〕1号", departmentCode: "DEA-XFJ", itemCode: "ITEM-5", severity: "general",
    description: "“乡呼县应”转办的信访诉求事项办结超时,部分事项转办后未跟踪督办。",
    issuedOn: "2024-11-06", deadline: "2025-01-05", acceptedOn: "2024-12-26",
  },
  {
    roundNumber: "东阿编办双随机〔2025〕1号", departmentCode: "DEA-YJJ", itemCode: "ITEM-2", severity: "serious",
    description: "安全生产监管职责分解不细,部分行业领域监管责任未落实到具体科室和岗位,履职记录不完整。",
    issuedOn: "2025-06-29", deadline: "2025-09-27", acceptedOn: null,
  },
  {
    roundNumber: "东阿编办双随机〔2025〕1号", departmentCode: "DEA-CJZ", itemCode: "ITEM-1", severity: "urgent",
    description: "超职数配备领导干部:镇机关超核定职数配备中层正职2名,且未履行机构编制事项报批程序。",
    issuedOn: "2025-06-29", deadline: "2025-07-29", acceptedOn: null,
  },
];
