// Inspector workload (检查人员工作量): per member of the talent pool, the seats held on the
// inspections of a period's rounds, as leader, declined, and taken as an alternate or by a
// supplementary draw — so the office sees whether the draw spreads the work evenly.
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import type { Principal } from "../scope";
import { clockNow } from "../clock";
import { orgCondition, periodRounds, reportScope, resolvePeriod, type ReportScope } from "./report-scope";
import type { ColumnsOf, Period, Report, ReportTable } from "./report-types";

export type WorkloadRow = {
  inspectorCode: string;
  inspectorName: string;
  status: string;
  assignments: number;
  asLeader: number;
  declined: number;
  viaAlternate: number;
  viaSupplement: number;
};

export const workloadColumns: ColumnsOf<WorkloadRow> = [
  { key: "inspectorCode", header: "人员编码" },
  { key: "inspectorName", header: "姓名" },
  { key: "status", header: "状态" },
  { key: "assignments", header: "承担检查(次)" },
  { key: "asLeader", header: "其中任组长" },
  { key: "declined", header: "回避/谢绝(次)" },
  { key: "viaAlternate", header: "递补入组" },
  { key: "viaSupplement", header: "补充抽签入组" },
];

export interface WorkloadReport extends Report<{ inspectors: ReportTable<WorkloadRow> }> {
  kind: "inspectors";
  period: Period;
}

export async function workloadReport(
  db: Db,
  principal: Principal,
  input: { from?: string | undefined; to?: string | undefined; org?: string | undefined },
): Promise<WorkloadReport> {
  const scope = await reportScope(db, principal, input.org);
  const now = await clockNow(db);
  const period = resolvePeriod(now, input);
  return {
    kind: "inspectors",
    title: "检查人员工作量",
    generatedAt: now.at,
    parameters: { from: period.from, to: period.to, org: scope.orgCode },
    period,
    defaultTable: "inspectors",
    tables: {
      inspectors: {
        name: "inspectors",
        title: "检查人员工作量",
        columns: workloadColumns,
        rows: await workloadRows(db, scope, period, { activeOnly: false }),
      },
    },
  };
}

const statusLabels: Readonly<Record<string, string>> = { active: "在库", "on-leave": "暂停(休假)", retired: "退出" };

/** One row per inspector of the scope; `activeOnly`: only those with a seat in the period. */
export async function workloadRows(db: Db, scope: ReportScope, period: Period, options: { activeOnly: boolean }): Promise<WorkloadRow[]> {
  const rows = await queryRows<WorkloadRow>(
    db,
    sql`
      with pr as (${periodRounds(scope, period)}),
           seats as (select m.inspector_id,
                            count(*) filter (where m.declined_at is null)::int as assignments,
                            count(*) filter (where m.declined_at is null and m.leader)::int as as_leader,
                            count(*) filter (where m.declined_at is not null)::int as declined,
                            count(*) filter (where m.source = 'alternate')::int as via_alternate,
                            count(*) filter (where m.source = 'supplement')::int as via_supplement
                       from inspection_members m join inspections i on i.id = m.inspection_id
                      where i.round_id in (select id from pr) and not i.voided
                      group by m.inspector_id)
      select p.code as "inspectorCode", p.name as "inspectorName", p.status,
             coalesce(s.assignments, 0)::int as assignments, coalesce(s.as_leader, 0)::int as "asLeader",
             coalesce(s.declined, 0)::int as declined, coalesce(s.via_alternate, 0)::int as "viaAlternate",
             coalesce(s.via_supplement, 0)::int as "viaSupplement"
        from inspectors p left join seats s on s.inspector_id = p.id
       where ${orgCondition(scope, sql`p.org_id`)} ${options.activeOnly ? sql`and s.inspector_id is not null` : sql``}
       order by p.code collate "C"`,
  );
  return rows.map((row) => ({ ...row, status: statusLabels[row.status] ?? row.status }));
}
