// A department's dossier (单位档案): every inspection, finding, deadline and rectification
// report of one department. Staff who read reports see it for any department of their
// subtree; a department user sees only its own — the inspections it has been notified of and
// the findings issued to it (the same rules as everywhere: visibleInspections, visibleFindings).
import { and, eq, or, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { departments, findings, inspections } from "../../db/schema";
import { ForbiddenError, NotFoundError } from "../../errors";
import { visibleFindings } from "../findings/finding-service";
import { visibleInspections } from "../inspections/inspection-access";
import { inScope, type Principal } from "../scope";
import { clockNow } from "../clock";
import { classifiedFindings, datedRounds, reportReaders } from "./report-scope";
import { rectificationLabel, severityLabel, statusLabel, type ColumnsOf, type Report, type ReportTable } from "./report-types";

export type DossierInspectionRow = {
  roundNumber: string;
  roundTitle: string;
  heldOn: string | null;
  stratum: string | null;
  startsOn: string | null;
  endsOn: string | null;
  leader: string;
  members: string;
};

export type DossierFindingRow = {
  findingId: string;
  roundNumber: string;
  itemCode: string;
  itemName: string;
  severity: string;
  description: string;
  status: string;
  issuedOn: string | null;
  dueOn: string | null;
  deadlineVersion: number;
  extended: string;
  acceptedOn: string | null;
  rectification: string;
};

export type DossierDeadlineRow = {
  findingId: string;
  version: number;
  dueOn: string;
  reason: string;
  note: string | null;
  createdAt: string;
};

export type DossierReportRow = {
  findingId: string;
  deadlineVersion: number;
  submittedAt: string;
  review: string;
  reviewedAt: string | null;
  reviewReason: string | null;
  content: string;
};

export interface DossierTables extends Record<string, ReportTable> {
  inspections: ReportTable<DossierInspectionRow>;
  findings: ReportTable<DossierFindingRow>;
  deadlines: ReportTable<DossierDeadlineRow>;
  rectifications: ReportTable<DossierReportRow>;
}

export interface DossierReport extends Report<DossierTables> {
  kind: "department";
  department: { code: string; name: string; kind: string; active: boolean };
}

export async function departmentDossier(db: Db, principal: Principal, code: string): Promise<DossierReport> {
  if (!reportReaders.has(principal.role) && principal.role !== "department")
    throw new ForbiddenError(`role ${principal.role} may not read a department's dossier`);
  const [department] = await db
    .select()
    .from(departments)
    .where(and(eq(departments.code, code), inScope(principal, departments.orgId)));
  // a department user asking for another department's dossier learns nothing, not even that it exists
  if (!department || (principal.role === "department" && principal.departmentId !== department.id))
    throw new NotFoundError(`no department ${code}`);
  // an inspection of a round imported from before the system has no notice time: it is history, and the department's own
  const imported = sql`exists (select 1 from rounds r where r.id = ${inspections.roundId} and r.imported)`;
  const inspectionFilter =
    and(
      eq(inspections.departmentId, department.id),
      eq(inspections.voided, false),
      or(visibleInspections(principal), principal.role === "department" ? imported : undefined),
    ) ?? sql`false`;
  const findingFilter = and(eq(findings.departmentId, department.id), visibleFindings(principal)) ?? sql`false`;
  const visibleFindingIds = sql`select ${findings.id} from ${findings} where ${findingFilter}`;
  const generatedAt = (await clockNow(db)).at;

  const inspectionRows = await queryRows<DossierInspectionRow>(
    db,
    sql`
      select r.number as "roundNumber", r.title as "roundTitle", dr.held_on::text as "heldOn", i.stratum,
             i.starts_on::text as "startsOn", i.ends_on::text as "endsOn",
             coalesce((select string_agg(p.name, '、' order by p.code collate "C") from inspection_members m join inspectors p on p.id = m.inspector_id
                        where m.inspection_id = i.id and m.declined_at is null and m.leader), '') as leader,
             coalesce((select string_agg(p.name, '、' order by m.leader desc, p.code collate "C") from inspection_members m join inspectors p on p.id = m.inspector_id
                        where m.inspection_id = i.id and m.declined_at is null), '') as members
        from ${inspections} i
        join rounds r on r.id = i.round_id
        left join (${datedRounds({ orgPath: null, orgCode: null, orgName: null })}) dr on dr.id = r.id
       where i.id in (select ${inspections.id} from ${inspections} where ${inspectionFilter})
       order by dr.held_on nulls last, r.number`,
  );
  const findingRows = await queryRows<DossierFindingRow & { rectification: string | null }>(
    db,
    sql`
      select c.id as "findingId", r.number as "roundNumber", it.code as "itemCode", it.name as "itemName", c.severity, c.description, c.status,
             (c.issued_at at time zone 'Asia/Shanghai')::date::text as "issuedOn", c.due_on::text as "dueOn", c.deadline_version as "deadlineVersion",
             case when c.extended then '是' else '否' end as extended,
             (c.accepted_at at time zone 'Asia/Shanghai')::date::text as "acceptedOn", c.rectification
        from (${classifiedFindings(sql`f.id in (${visibleFindingIds})`)}) c
        join rounds r on r.id = c.round_id
        join inspection_items it on it.id = c.item_id
       order by c.issued_at nulls last, r.number, it.code collate "C", c.id`,
  );
  const deadlineRows = await queryRows<DossierDeadlineRow>(
    db,
    sql`
      select d.finding_id as "findingId", d.version, d.due_on::text as "dueOn", d.reason, d.note,
             to_char(d.created_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as "createdAt"
        from finding_deadlines d where d.finding_id in (${visibleFindingIds})
       order by d.created_at, d.finding_id, d.version`,
  );
  const reportRows = await queryRows<DossierReportRow>(
    db,
    sql`
      select r.finding_id as "findingId", r.deadline_version as "deadlineVersion",
             to_char(r.submitted_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as "submittedAt",
             coalesce(r.review, 'pending') as review,
             to_char(r.reviewed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as "reviewedAt",
             r.review_reason as "reviewReason", r.content
        from rectification_reports r where r.finding_id in (${visibleFindingIds})
       order by r.submitted_at, r.finding_id`,
  );
  return {
    kind: "department",
    title: `单位档案:${department.name}`,
    generatedAt,
    parameters: { department: department.code },
    department: { code: department.code, name: department.name, kind: department.kind, active: department.active },
    defaultTable: "findings",
    tables: {
      inspections: { name: "inspections", title: "接受检查情况", columns: inspectionColumns, rows: inspectionRows },
      findings: {
        name: "findings",
        title: "反馈问题",
        columns: findingColumns,
        rows: findingRows.map((row) => ({
          ...row,
          severity: severityLabel(row.severity),
          status: statusLabel(row.status),
          rectification: rectificationLabel(row.rectification),
        })),
      },
      deadlines: {
        name: "deadlines",
        title: "整改期限",
        columns: deadlineColumns,
        rows: deadlineRows.map((row) => ({ ...row, reason: deadlineReasons[row.reason] ?? row.reason })),
      },
      rectifications: {
        name: "rectifications",
        title: "整改报告",
        columns: reportColumns,
        rows: reportRows.map((row) => ({ ...row, review: reviewLabels[row.review] ?? row.review })),
      },
    },
  };
}

const deadlineReasons: Readonly<Record<string, string>> = { issue: "下发", extension: "延期", recompute: "重算" };
const reviewLabels: Readonly<Record<string, string>> = { accepted: "通过(销号)", rejected: "退回", pending: "待审核" };

const inspectionColumns: ColumnsOf<DossierInspectionRow> = [
  { key: "roundNumber", header: "轮次文号" },
  { key: "roundTitle", header: "轮次名称" },
  { key: "heldOn", header: "抽查日期" },
  { key: "stratum", header: "抽取层" },
  { key: "startsOn", header: "检查开始" },
  { key: "endsOn", header: "检查结束" },
  { key: "leader", header: "组长" },
  { key: "members", header: "检查组成员" },
];

const findingColumns: ColumnsOf<DossierFindingRow> = [
  { key: "findingId", header: "问题编号" },
  { key: "roundNumber", header: "轮次文号" },
  { key: "itemCode", header: "事项编码" },
  { key: "itemName", header: "抽查事项" },
  { key: "severity", header: "严重程度" },
  { key: "description", header: "问题描述" },
  { key: "status", header: "状态" },
  { key: "issuedOn", header: "下发日期" },
  { key: "dueOn", header: "整改期限" },
  { key: "deadlineVersion", header: "期限版本" },
  { key: "extended", header: "是否延期" },
  { key: "acceptedOn", header: "销号日期" },
  { key: "rectification", header: "整改时效" },
];

const deadlineColumns: ColumnsOf<DossierDeadlineRow> = [
  { key: "findingId", header: "问题编号" },
  { key: "version", header: "期限版本" },
  { key: "dueOn", header: "整改期限" },
  { key: "reason", header: "原因" },
  { key: "note", header: "说明" },
  { key: "createdAt", header: "设定时间" },
];

const reportColumns: ColumnsOf<DossierReportRow> = [
  { key: "findingId", header: "问题编号" },
  { key: "deadlineVersion", header: "期限版本" },
  { key: "submittedAt", header: "报送时间" },
  { key: "review", header: "审核结果" },
  { key: "reviewedAt", header: "审核时间" },
  { key: "reviewReason", header: "审核意见" },
  { key: "content", header: "整改情况" },
];
