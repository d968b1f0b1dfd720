// The period summary for the discipline office (docs/reports.md): what the rounds held in a
// period did — draws, departments, inspections, findings and how they were rectified — and
// the one sentence the county writes in its own reports.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { severities, findingStatuses } from "../../db/schema";
import type { Principal } from "../scope";
import { classifiedFindings, databaseClock, FED_BACK, orgCondition, periodRounds, reportScope, resolvePeriod, type ReportScope } from "./report-scope";
import { rectificationLabels, severityLabels, findingStatusLabels, type Period, type Report, type ReportTable, type ColumnsOf } from "./report-types";
import { workloadRows, workloadColumns, type WorkloadRow } from "./workload";

export interface SummaryTotals {
  roundsHeld: number;
  roundsImported: number;
  roundsDrawn: number;
  draws: number;
  drawsVoided: number;
  supplements: number;
  departmentsSampled: number;
  inspections: number;
  /** 反馈问题: findings of the period's rounds that were issued and not withdrawn. */
  findings: number;
  rectifiedOnTime: number;
  rectifiedOnTimeAfterExtension: number;
  rectifiedLate: number;
  open: number;
  overdueNow: number;
  /** Findings fed back that had a deadline extension (延期), whatever their outcome. */
  extended: number;
  escalationsL1: number;
  escalationsL2: number;
  escalationsL3: number;
  /** 移送纪检监察: L3 escalations sent. */
  referrals: number;
}

const totalLabels: Readonly<Record<keyof SummaryTotals, string>> = {
  roundsHeld: "开展双随机(次)",
  roundsImported: "其中:系统上线前(历史导入)",
  roundsDrawn: "其中:系统内抽签",
  draws: "有效抽签(次)",
  drawsVoided: "作废抽签(次)",
  supplements: "补充抽签(次)",
  departmentsSampled: "抽查部门(个)",
  inspections: "检查(个)",
  findings: "反馈问题(项)",
  rectifiedOnTime: "按期整改",
  rectifiedOnTimeAfterExtension: "延期后按期整改",
  rectifiedLate: "逾期整改",
  open: "未整改",
  overdueNow: "当前逾期",
  extended: "批准延期",
  escalationsL1: "一级督办",
  escalationsL2: "二级督办",
  escalationsL3: "三级督办",
  referrals: "移送纪检监察",
};

export type TotalRow = { key: string; label: string; value: number };
export type ItemRow = { itemCode: string; itemName: string; findings: number; rectified: number; open: number };
export type CountRow = { code: string; label: string; findings: number };
export type EscalationRow = { level: string; label: string; sent: number };
export type DepartmentRow = {
  departmentCode: string;
  departmentName: string;
  inspections: number;
  findings: number;
  onTime: number;
  onTimeAfterExtension: number;
  late: number;
  open: number;
  overdueNow: number;
  referrals: number;
};

export interface SummaryTables extends Record<string, ReportTable> {
  totals: ReportTable<TotalRow>;
  byItem: ReportTable<ItemRow>;
  bySeverity: ReportTable<CountRow>;
  byStatus: ReportTable<CountRow>;
  escalations: ReportTable<EscalationRow>;
  departments: ReportTable<DepartmentRow>;
  inspectors: ReportTable<WorkloadRow>;
}

export interface SummaryReport extends Report<SummaryTables> {
  kind: "summary";
  period: Period;
  organization: { code: string | null; name: string | null };
  totals: SummaryTotals;
  /** e.g. 2019年以来，共开展双随机7次，抽查部门45个，反馈问题18项 */
  sentence: string;
}

export async function summaryReport(db: Db, principal: Principal, input: { from?: string | undefined; to?: string | undefined; org?: string | undefined }): Promise<SummaryReport> {
  const scope = await reportScope(db, principal, input.org);
  const { today, ...period } = await resolvePeriod(db, input);
  const generatedAt = await databaseClock(db);
  const totals = await summaryTotals(db, scope, period);
  const sentence = summarySentence(period, today, totals);
  return {
    kind: "summary",
    title: "双随机抽查情况汇总",
    generatedAt,
    parameters: { from: period.from, to: period.to, org: scope.orgCode },
    period,
    organization: { code: scope.orgCode, name: scope.orgName },
    totals,
    sentence,
    defaultTable: "totals",
    tables: {
      totals: {
        name: "totals",
        title: "汇总",
        columns: [
          { key: "key", header: "指标代码" },
          { key: "label", header: "指标" },
          { key: "value", header: "数值" },
        ],
        rows: (Object.keys(totalLabels) as (keyof SummaryTotals)[]).map((key) => ({ key, label: totalLabels[key], value: totals[key] })),
      },
      byItem: { name: "byItem", title: "按抽查事项", columns: itemColumns, rows: await byItem(db, scope, period) },
      bySeverity: { name: "bySeverity", title: "按严重程度", columns: countColumns("严重程度代码", "严重程度"), rows: await bySeverity(db, scope, period) },
      byStatus: { name: "byStatus", title: "按问题状态", columns: countColumns("状态代码", "状态"), rows: await byStatus(db, scope, period) },
      escalations: {
        name: "escalations",
        title: "督办分级",
        columns: [
          { key: "level", header: "级别" },
          { key: "label", header: "名称" },
          { key: "sent", header: "已发出" },
        ],
        rows: [
          { level: "L1", label: "一级督办(部门负责人、监督检查股)", sent: totals.escalationsL1 },
          { level: "L2", label: "二级督办(编办领导)", sent: totals.escalationsL2 },
          { level: "L3", label: "三级督办(移送纪检监察)", sent: totals.escalationsL3 },
        ],
      },
      departments: { name: "departments", title: "按被检查单位", columns: departmentColumns, rows: await byDepartment(db, scope, period) },
      inspectors: { name: "inspectors", title: "按检查人员", columns: workloadColumns, rows: await workloadRows(db, scope, period, { activeOnly: true }) },
    },
  };
}

/** The county's own sentence, from the totals: "2019年以来，共开展双随机7次，抽查部门45个，反馈问题18项". */
export function summarySentence(period: Period, today: string, totals: Pick<SummaryTotals, "roundsHeld" | "departmentsSampled" | "findings">): string {
  return `${periodPhrase(period, today)}，共开展双随机${totals.roundsHeld}次，抽查部门${totals.departmentsSampled}个，反馈问题${totals.findings}项`;
}

export function periodPhrase(period: Period, today: string): string {
  const [fy, fm, fd] = period.from.split("-").map(Number);
  const [ty, tm, td] = period.to.split("-").map(Number);
  const fromYearStart = fm === 1 && fd === 1;
  if (period.to >= today) return fromYearStart ? `${fy}年以来` : `${fy}年${fm}月${fd}日以来`;
  if (fromYearStart && tm === 12 && td === 31) return fy === ty ? `${fy}年` : `${fy}年至${ty}年`;
  return `${fy}年${fm}月${fd}日至${ty}年${tm}月${td}日`;
}

async function summaryTotals(db: Db, scope: ReportScope, period: Period): Promise<SummaryTotals> {
  const inPeriod = sql`f.round_id in (select id from pr)`;
  const drawnIn = sql`(d.drawn_at at time zone 'Asia/Shanghai')::date between ${period.from}::date and ${period.to}::date`;
  const [row] = await queryRows<Record<string, number>>(
    db,
    sql`
      with pr as (${periodRounds(scope, period)}),
           cf as (${classifiedFindings(inPeriod)}),
           fed as (select * from cf where status in ${FED_BACK}),
           sent as (select l.kind from reminder_ledger l where l.status = 'sent' and l.kind in ('L1', 'L2', 'L3') and l.finding_id in (select id from cf))
      select
        (select count(*) from pr)::int as "roundsHeld",
        (select count(*) from pr where imported)::int as "roundsImported",
        (select count(*) from pr where not imported)::int as "roundsDrawn",
        (select count(*) from draws d join rounds r on r.id = d.round_id where ${orgCondition(scope, sql`r.org_id`)} and d.kind = 'draw' and d.status = 'done' and ${drawnIn})::int as "draws",
        (select count(*) from draws d join rounds r on r.id = d.round_id where ${orgCondition(scope, sql`r.org_id`)} and d.status = 'voided' and ${drawnIn})::int as "drawsVoided",
        (select count(*) from draws d join rounds r on r.id = d.round_id where ${orgCondition(scope, sql`r.org_id`)} and d.kind = 'supplement' and d.status = 'done' and ${drawnIn})::int as "supplements",
        (select count(distinct i.department_id) from inspections i where i.round_id in (select id from pr) and not i.voided)::int as "departmentsSampled",
        (select count(*) from inspections i where i.round_id in (select id from pr) and not i.voided)::int as "inspections",
        (select count(*) from fed)::int as "findings",
        (select count(*) from fed where rectification = 'on_time')::int as "rectifiedOnTime",
        (select count(*) from fed where rectification = 'on_time_extended')::int as "rectifiedOnTimeAfterExtension",
        (select count(*) from fed where rectification = 'late')::int as "rectifiedLate",
        (select count(*) from fed where rectification = 'open')::int as "open",
        (select count(*) from fed where overdue)::int as "overdueNow",
        (select count(*) from fed where extended)::int as "extended",
        (select count(*) from sent where kind = 'L1')::int as "escalationsL1",
        (select count(*) from sent where kind = 'L2')::int as "escalationsL2",
        (select count(*) from sent where kind = 'L3')::int as "escalationsL3"`,
  );
  if (!row) throw new Error("the summary query returned nothing");
  const totals = Object.fromEntries(Object.keys(totalLabels).map((key) => [key, Number(row[key] ?? 0)])) as unknown as SummaryTotals;
  totals.referrals = totals.escalationsL3;
  return totals;
}

const itemColumns: ColumnsOf<ItemRow> = [
  { key: "itemCode", header: "事项编码" },
  { key: "itemName", header: "抽查事项" },
  { key: "findings", header: "反馈问题" },
  { key: "rectified", header: "已整改" },
  { key: "open", header: "未整改" },
];

function countColumns(codeHeader: string, labelHeader: string): ColumnsOf<CountRow> {
  return [
    { key: "code", header: codeHeader },
    { key: "label", header: labelHeader },
    { key: "findings", header: "问题数" },
  ];
}

const departmentColumns: ColumnsOf<DepartmentRow> = [
  { key: "departmentCode", header: "单位编码" },
  { key: "departmentName", header: "单位名称" },
  { key: "inspections", header: "被检查次数" },
  { key: "findings", header: "反馈问题" },
  { key: "onTime", header: rectificationLabels.on_time },
  { key: "onTimeAfterExtension", header: rectificationLabels.on_time_extended },
  { key: "late", header: rectificationLabels.late },
  { key: "open", header: rectificationLabels.open },
  { key: "overdueNow", header: "当前逾期" },
  { key: "referrals", header: "移送纪检监察" },
];

async function byItem(db: Db, scope: ReportScope, period: Period): Promise<ItemRow[]> {
  const rows = await queryRows<ItemRow>(
    db,
    sql`
      with pr as (${periodRounds(scope, period)}),
           fed as (select * from (${classifiedFindings(sql`f.round_id in (select id from pr)`)}) c where status in ${FED_BACK})
      select it.code as "itemCode", it.name as "itemName", count(*)::int as findings,
             count(*) filter (where fed.rectification <> 'open')::int as rectified,
             count(*) filter (where fed.rectification = 'open')::int as open
        from fed join inspection_items it on it.id = fed.item_id
       group by it.code, it.name
       order by it.code collate "C", it.name`,
  );
  return rows;
}

async function bySeverity(db: Db, scope: ReportScope, period: Period): Promise<CountRow[]> {
  const counts = await countBy(db, scope, period, "severity", sql`f.status in ${FED_BACK}`);
  return severities.map((code) => ({ code, label: severityLabels[code], findings: counts.get(code) ?? 0 }));
}

/** Every finding of the period's rounds by status, recorded and withdrawn ones included. */
async function byStatus(db: Db, scope: ReportScope, period: Period): Promise<CountRow[]> {
  const counts = await countBy(db, scope, period, "status", sql`true`);
  return findingStatuses.map((code) => ({ code, label: findingStatusLabels[code], findings: counts.get(code) ?? 0 }));
}

async function countBy(db: Db, scope: ReportScope, period: Period, column: "severity" | "status", where: ReturnType<typeof sql>): Promise<Map<string, number>> {
  const rows = await queryRows<{ code: string; n: number }>(
    db,
    sql`
      with pr as (${periodRounds(scope, period)})
      select f.${sql.raw(column)} as code, count(*)::int as n from findings f
       where f.round_id in (select id from pr) and ${where}
       group by 1`,
  );
  return new Map(rows.map((row) => [row.code, Number(row.n)]));
}

async function byDepartment(db: Db, scope: ReportScope, period: Period): Promise<DepartmentRow[]> {
  return queryRows<DepartmentRow>(
    db,
    sql`
      with pr as (${periodRounds(scope, period)}),
           cf as (${classifiedFindings(sql`f.round_id in (select id from pr)`)}),
           fed as (select * from cf where status in ${FED_BACK}),
           ins as (select i.department_id, count(*)::int as n from inspections i where i.round_id in (select id from pr) and not i.voided group by i.department_id),
           ref as (select cf.department_id, count(*)::int as n from reminder_ledger l join cf on cf.id = l.finding_id where l.kind = 'L3' and l.status = 'sent' group by cf.department_id),
           fd as (select department_id, count(*)::int as findings,
                         count(*) filter (where rectification = 'on_time')::int as on_time,
                         count(*) filter (where rectification = 'on_time_extended')::int as on_time_ext,
                         count(*) filter (where rectification = 'late')::int as late,
                         count(*) filter (where rectification = 'open')::int as open,
                         count(*) filter (where overdue)::int as overdue
                    from fed group by department_id)
      select d.code as "departmentCode", d.name as "departmentName",
             coalesce(ins.n, 0)::int as inspections, coalesce(fd.findings, 0)::int as findings,
             coalesce(fd.on_time, 0)::int as "onTime", coalesce(fd.on_time_ext, 0)::int as "onTimeAfterExtension",
             coalesce(fd.late, 0)::int as late, coalesce(fd.open, 0)::int as open,
             coalesce(fd.overdue, 0)::int as "overdueNow", coalesce(ref.n, 0)::int as referrals
        from departments d
        left join ins on ins.department_id = d.id
        left join fd on fd.department_id = d.id
        left join ref on ref.department_id = d.id
       where ins.department_id is not null or fd.department_id is not null
       order by d.code collate "C"`,
  );
}
