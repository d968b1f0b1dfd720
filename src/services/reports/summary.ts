// The period summary for the discipline office (docs/reports.md): what the rounds held in a
// period did — draws, departments, inspections, findings and how they were rectified — and
// the one sentence the county writes in its own reports.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { findingStatuses } from "../../db/schema";
import { severities } from "../../domain/severities";
import type { Principal } from "../scope";
import { clockNow } from "../clock";
import { FED_BACK, orgCondition, periodRounds, reportScope, resolvePeriod, type ReportScope } from "./report-scope";
import {
  rectificationLabels,
  severityLabels,
  findingStatusLabels,
  type Period,
  type Report,
  type ReportTable,
  type ColumnsOf,
} from "./report-types";
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

export async function summaryReport(
  db: Db,
  principal: Principal,
  input: { from?: string | undefined; to?: string | undefined; org?: string | undefined },
): Promise<SummaryReport> {
  const scope = await reportScope(db, principal, input.org);
  const now = await clockNow(db);
  const period = resolvePeriod(now, input);
  const { today, at: generatedAt } = now;
  // the inspectors' table meanwhile, on a connection of its own (it reads no finding)
  const [{ totals, byItem, bySeverity, byStatus, departments }, inspectors] = await Promise.all([
    summaryTables(db, scope, period),
    workloadRows(db, scope, period, { activeOnly: true }),
  ]);
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
      byItem: { name: "byItem", title: "按抽查事项", columns: itemColumns, rows: byItem },
      bySeverity: { name: "bySeverity", title: "按严重程度", columns: countColumns("严重程度代码", "严重程度"), rows: bySeverity },
      byStatus: { name: "byStatus", title: "按问题状态", columns: countColumns("状态代码", "状态"), rows: byStatus },
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
      departments: { name: "departments", title: "按被检查单位", columns: departmentColumns, rows: departments },
      inspectors: { name: "inspectors", title: "按检查人员", columns: workloadColumns, rows: inspectors },
    },
  };
}

/** The county's own sentence, from the totals: "2019年以来，共开展双随机7次，抽查部门45个，反馈问题18项". */
export function summarySentence(
  period: Period,
  today: string,
  totals: Pick<SummaryTotals, "roundsHeld" | "departmentsSampled" | "findings">,
): string {
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

/** The findings' counts: of those fed back, by outcome, and the escalations sent. */
type FindingCounts = {
  all: number;
  fed: number;
  onTime: number;
  onTimeExt: number;
  late: number;
  open: number;
  overdue: number;
  extended: number;
  l1: number;
  l2: number;
  l3: number;
};

/**
 * Every table of the summary but the inspectors', in one query over `findings` alone: the
 * classification is denormalized on each row (due_at of the deadline in force, extended,
 * rectification; kept by every write path, src/services/findings/classification.ts), and
 * findings_round holds every column counted here, so the period's findings are read by index
 * only. Two plain GROUP BYs with FILTER clauses — by department (with the escalations sent,
 * counted per finding first and joined in), from which the totals are summed, and by (item,
 * severity, status), a few hundred groups the items, severities and statuses are summed from:
 * on a million rows, cheaper than one GROUPING SETS pass.
 */
async function summaryTables(
  db: Db,
  scope: ReportScope,
  period: Period,
): Promise<{ totals: SummaryTotals; byItem: ItemRow[]; bySeverity: CountRow[]; byStatus: CountRow[]; departments: DepartmentRow[] }> {
  const drawnIn = sql`(d.drawn_at at time zone 'Asia/Shanghai')::date between ${period.from}::date and ${period.to}::date`;
  const fed = sql`f.status in ${FED_BACK}`;
  // The period's rounds first, as a list: the planner then knows how many findings the
  // period holds (a subquery over the round dates it cannot estimate) and may scan them in
  // parallel with hash joins.
  const rounds = await queryRows<{ id: string; imported: boolean }>(
    db,
    sql`select pr.id, pr.imported from (${periodRounds(scope, period)}) pr`,
  );
  const roundIds = `{${rounds.map((round) => round.id).join(",")}}`;
  const inPeriod = (column: SQL) => sql`${column} = any(${roundIds}::uuid[])`;
  const [row] = await withoutJit(db, (tx) =>
    queryRows<{
      rounds: Record<string, number>;
      counts: FindingCounts;
      groups: { severity: string; status: string; all: number; fed: number }[] | null;
      items: ItemRow[] | null;
      departments: DepartmentRow[] | null;
    }>(
      tx,
      sql`
      with esc as (select l.finding_id,
                          count(*) filter (where l.kind = 'L1')::int as l1,
                          count(*) filter (where l.kind = 'L2')::int as l2,
                          count(*) filter (where l.kind = 'L3')::int as l3
                     from reminder_ledger l where l.status = 'sent' and l.kind in ('L1', 'L2', 'L3') group by l.finding_id),
           -- two plain GROUP BYs (cheaper than one GROUPING SETS over a million rows): a department's
           -- counts, with its escalations sent, and an (item, severity, status)'s, all and fed only
           gd as (select f.department_id,
                         count(*)::int as "all",
                         count(*) filter (where ${fed})::int as fed,
                         count(*) filter (where ${fed} and f.rectification = 'on_time')::int as "onTime",
                         count(*) filter (where ${fed} and f.rectification = 'on_time_extended')::int as "onTimeExt",
                         count(*) filter (where ${fed} and f.rectification = 'late')::int as late,
                         count(*) filter (where f.status in ('issued', 'submitted'))::int as open,
                         count(*) filter (where f.status in ('issued', 'submitted') and f.due_at < ssj_now())::int as overdue,
                         count(*) filter (where ${fed} and f.extended)::int as extended,
                         coalesce(sum(esc.l1), 0)::int as l1, coalesce(sum(esc.l2), 0)::int as l2, coalesce(sum(esc.l3), 0)::int as l3
                    from findings f left join esc on esc.finding_id = f.id
                   where ${inPeriod(sql`f.round_id`)}
                   group by f.department_id),
           gi as (select f.item_id, f.severity, f.status,
                         count(*)::int as "all",
                         count(*) filter (where ${fed})::int as fed,
                         count(*) filter (where f.status in ('issued', 'submitted'))::int as open
                    from findings f
                   where ${inPeriod(sql`f.round_id`)}
                   group by f.item_id, f.severity, f.status),
           ins as (select i.department_id, count(*)::int as n from inspections i where ${inPeriod(sql`i.round_id`)} and not i.voided group by i.department_id)
      select
        json_build_object(
          'draws', (select count(*) from draws d join rounds r on r.id = d.round_id where ${orgCondition(scope, sql`r.org_id`)} and d.kind = 'draw' and d.status = 'done' and ${drawnIn}),
          'drawsVoided', (select count(*) from draws d join rounds r on r.id = d.round_id where ${orgCondition(scope, sql`r.org_id`)} and d.status = 'voided' and ${drawnIn}),
          'supplements', (select count(*) from draws d join rounds r on r.id = d.round_id where ${orgCondition(scope, sql`r.org_id`)} and d.kind = 'supplement' and d.status = 'done' and ${drawnIn}),
          'departmentsSampled', (select count(*) from ins),
          'inspections', (select coalesce(sum(n), 0) from ins)
        ) as rounds,
        (select json_build_object('all', coalesce(sum(g."all"), 0), 'fed', coalesce(sum(g.fed), 0), 'onTime', coalesce(sum(g."onTime"), 0), 'onTimeExt', coalesce(sum(g."onTimeExt"), 0),
                                  'late', coalesce(sum(g.late), 0), 'open', coalesce(sum(g.open), 0), 'overdue', coalesce(sum(g.overdue), 0), 'extended', coalesce(sum(g.extended), 0),
                                  'l1', coalesce(sum(g.l1), 0), 'l2', coalesce(sum(g.l2), 0), 'l3', coalesce(sum(g.l3), 0))
           from gd g) as counts,
        (select json_agg(json_build_object('severity', g.severity, 'status', g.status, 'all', g."all", 'fed', g.fed))
           from (select g.severity, g.status, sum(g."all")::int as "all", sum(g.fed)::int as fed
                   from gi g group by g.severity, g.status) g) as groups,
        (select json_agg(json_build_object('itemCode', t.code, 'itemName', t.name, 'findings', t.findings, 'rectified', t.findings - t.open, 'open', t.open)
                         order by t.code collate "C", t.name)
           from (select it.code, it.name, sum(g.fed)::int as findings, sum(g.open)::int as open
                   from gi g join inspection_items it on it.id = g.item_id
                  group by it.code, it.name having sum(g.fed) > 0) t) as items,
        (select json_agg(json_build_object('departmentCode', d.code, 'departmentName', d.name, 'inspections', coalesce(ins.n, 0),
                                           'findings', coalesce(gd.fed, 0), 'onTime', coalesce(gd."onTime", 0), 'onTimeAfterExtension', coalesce(gd."onTimeExt", 0),
                                           'late', coalesce(gd.late, 0), 'open', coalesce(gd.open, 0), 'overdueNow', coalesce(gd.overdue, 0), 'referrals', coalesce(gd.l3, 0))
                         order by d.code collate "C")
           from departments d
           left join ins on ins.department_id = d.id
           left join gd on gd.department_id = d.id
          where ins.department_id is not null or gd.fed > 0) as departments`,
    ),
  );
  if (!row) throw new Error("the summary query returned nothing");
  const groups = row.groups ?? [];
  const none: FindingCounts = { all: 0, fed: 0, onTime: 0, onTimeExt: 0, late: 0, open: 0, overdue: 0, extended: 0, l1: 0, l2: 0, l3: 0 };
  // the totals from the departments' counts; severities and statuses from the (item, severity, status) groups
  const all = { ...none, ...row.counts };
  const sum = (rows: readonly { all: number; fed: number }[]) =>
    rows.reduce((total, group) => ({ all: total.all + group.all, fed: total.fed + group.fed }), { all: 0, fed: 0 });
  const severityCounts = new Map(severities.map((code) => [code, sum(groups.filter((group) => group.severity === code))]));
  const statusCounts = new Map(findingStatuses.map((code) => [code, sum(groups.filter((group) => group.status === code))]));
  const counted = row.rounds;
  const totals: SummaryTotals = {
    roundsHeld: rounds.length,
    roundsImported: rounds.filter((round) => round.imported).length,
    roundsDrawn: rounds.filter((round) => !round.imported).length,
    draws: Number(counted.draws ?? 0),
    drawsVoided: Number(counted.drawsVoided ?? 0),
    supplements: Number(counted.supplements ?? 0),
    departmentsSampled: Number(counted.departmentsSampled ?? 0),
    inspections: Number(counted.inspections ?? 0),
    findings: all.fed,
    rectifiedOnTime: all.onTime,
    rectifiedOnTimeAfterExtension: all.onTimeExt,
    rectifiedLate: all.late,
    open: all.open,
    overdueNow: all.overdue,
    extended: all.extended,
    escalationsL1: all.l1,
    escalationsL2: all.l2,
    escalationsL3: all.l3,
    referrals: all.l3,
  };
  return {
    totals,
    byItem: row.items ?? [],
    bySeverity: severities.map((code) => ({ code, label: severityLabels[code], findings: severityCounts.get(code)?.fed ?? 0 })),
    byStatus: findingStatuses.map((code) => ({ code, label: findingStatusLabels[code], findings: statusCounts.get(code)?.all ?? 0 })),
    departments: row.departments ?? [],
  };
}

/**
 * Runs `work` in a transaction with JIT compilation off — for a query over a million rows
 * PostgreSQL's JIT costs more (compiling) than it saves, on every call — and work_mem at
 * 64 MB, so that the escalations' hash (a row per finding escalated) is built in one batch.
 */
async function withoutJit<T>(db: Db, work: (tx: Db) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '64MB'`);
    return work(tx as unknown as Db);
  });
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
