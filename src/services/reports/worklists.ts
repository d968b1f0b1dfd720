// Worklists of the discipline office (docs/reports.md): the findings overdue now, and the
// level-3 escalations (移送纪检监察). As JSON, one page and the total; as an export, every
// row, read from PostgreSQL a page at a time (keyset), so memory does not grow with the list.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import type { Principal } from "../scope";
import { clockNow, type Moment } from "../clock";
import { orgCondition, reportScope, type ReportScope } from "./report-scope";
import { severityLabel, statusLabel, type Page, type Report, type ReportTable, type ColumnsOf } from "./report-types";

const EXPORT_PAGE = 1000;

export type OverdueRow = {
  findingId: string;
  departmentCode: string;
  departmentName: string;
  roundNumber: string;
  itemCode: string;
  itemName: string;
  severity: string;
  description: string;
  status: string;
  dueOn: string;
  daysOverdue: number;
  deadlineVersion: number;
  extended: string;
  escalation: string;
};

export const overdueColumns: ColumnsOf<OverdueRow> = [
  { key: "findingId", header: "问题编号" },
  { key: "departmentCode", header: "单位编码" },
  { key: "departmentName", header: "单位名称" },
  { key: "roundNumber", header: "轮次文号" },
  { key: "itemCode", header: "事项编码" },
  { key: "itemName", header: "抽查事项" },
  { key: "severity", header: "严重程度" },
  { key: "description", header: "问题描述" },
  { key: "status", header: "状态" },
  { key: "dueOn", header: "整改期限" },
  { key: "daysOverdue", header: "逾期天数" },
  { key: "deadlineVersion", header: "期限版本" },
  { key: "extended", header: "是否延期" },
  { key: "escalation", header: "已发督办" },
];

export interface WorklistReport<R extends Record<string, string | number | null>> extends Report<{ [name: string]: ReportTable<R> }> {
  /** Rows in the whole list; the table holds the page asked for (all of them in an export). */
  total: number;
  page: Page | null;
}

/** `page`: one page of rows (JSON); null: every row, streamed (CSV/XLSX). */
export async function overdueReport(
  db: Db,
  principal: Principal,
  input: { org?: string | undefined; page: Page | null },
): Promise<WorklistReport<OverdueRow>> {
  const scope = await reportScope(db, principal, input.org);
  const now = await clockNow(db);
  const generatedAt = now.at;
  const [count] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from (${overdueFindings(scope, now)}) o`);
  const strip = ({ cursorDueAt: _cursor, ...row }: OverdueRow & { cursorDueAt: string }): OverdueRow => row;
  const rows = input.page
    ? (await overduePage(db, scope, now, sql`true`, input.page.limit, input.page.offset)).map(strip)
    : keysetRows((after) => overduePage(db, scope, now, after, EXPORT_PAGE, 0), overdueAfter, strip);
  return {
    kind: "overdue",
    title: "逾期未整改问题清单",
    generatedAt,
    parameters: { org: scope.orgCode, limit: input.page?.limit ?? null, offset: input.page?.offset ?? null },
    total: Number(count?.n ?? 0),
    page: input.page,
    defaultTable: "overdue",
    tables: { overdue: { name: "overdue", title: "逾期未整改问题", columns: overdueColumns, rows } },
  };
}

/**
 * Open findings past the deadline in force at the report's moment (one reading of the clock,
 * so every page of an export agrees) — classifiedFindings'
 * `overdue` (issued or submitted, and the due_at of the version in force has passed), read
 * from `findings` alone: due_at is denormalized there (src/services/findings/classification.ts),
 * so the count is an index-only scan of findings_overdue and the keyset (due_at, id) its order.
 */
function overdueFindings(scope: ReportScope, now: Moment): SQL {
  return sql`
    select f.id, f.round_id, f.department_id, f.item_id, f.description, f.severity, f.status,
           f.deadline_version, f.extended, f.due_at
      from findings f
     where f.status in ('issued', 'submitted') and f.due_at is not null and f.due_at < ${now.at}::timestamptz and ${orgCondition(scope, sql`f.org_id`)}`;
}

type OverdueCursor = { dueAt: string; id: string };

async function overduePage(
  db: Db,
  scope: ReportScope,
  now: Moment,
  after: SQL,
  limit: number,
  offset: number,
): Promise<(OverdueRow & { cursorDueAt: string })[]> {
  const rows = await queryRows<OverdueRow & { cursorDueAt: string }>(
    db,
    sql`
      select o.id as "findingId", d.code as "departmentCode", d.name as "departmentName", r.number as "roundNumber",
             it.code as "itemCode", it.name as "itemName", o.severity, o.description, o.status,
             cur.due_on::text as "dueOn",
             (${now.today}::date - cur.due_on)::int as "daysOverdue",
             o.deadline_version as "deadlineVersion",
             case when o.extended then '是' else '否' end as extended,
             coalesce((select max(l.kind) from reminder_ledger l where l.finding_id = o.id and l.status = 'sent' and l.kind in ('L1', 'L2', 'L3')), '') as escalation,
             to_char(o.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorDueAt"
        from (${overdueFindings(scope, now)}) o
        join departments d on d.id = o.department_id
        join rounds r on r.id = o.round_id
        join inspection_items it on it.id = o.item_id
        join finding_deadlines cur on cur.finding_id = o.id and cur.version = o.deadline_version
       where ${after}
       order by o.due_at, o.id
       limit ${limit} offset ${offset}`,
  );
  return rows.map((row) => ({ ...row, severity: severityLabel(row.severity), status: statusLabel(row.status) }));
}

function overdueAfter(last: OverdueRow & { cursorDueAt: string }): SQL {
  const cursor: OverdueCursor = { dueAt: last.cursorDueAt, id: last.findingId };
  return sql`(o.due_at, o.id) > (${cursor.dueAt}::timestamptz, ${cursor.id}::uuid)`;
}

export type ReferralRow = {
  findingId: string;
  referredAt: string;
  departmentCode: string;
  departmentName: string;
  roundNumber: string;
  itemName: string;
  severity: string;
  description: string;
  dueOn: string;
  deadlineVersion: number;
  status: string;
};

export const referralColumns: ColumnsOf<ReferralRow> = [
  { key: "findingId", header: "问题编号" },
  { key: "referredAt", header: "移送时间" },
  { key: "departmentCode", header: "单位编码" },
  { key: "departmentName", header: "单位名称" },
  { key: "roundNumber", header: "轮次文号" },
  { key: "itemName", header: "抽查事项" },
  { key: "severity", header: "严重程度" },
  { key: "description", header: "问题描述" },
  { key: "dueOn", header: "整改期限" },
  { key: "deadlineVersion", header: "期限版本" },
  { key: "status", header: "当前状态" },
];

/** L3 escalations sent (移送纪检监察), newest first; from/to filter by the day they were sent (Asia/Shanghai). */
export async function referralsReport(
  db: Db,
  principal: Principal,
  input: { from?: string | undefined; to?: string | undefined; org?: string | undefined; page: Page | null },
): Promise<WorklistReport<ReferralRow>> {
  const scope = await reportScope(db, principal, input.org);
  const generatedAt = (await clockNow(db)).at;
  const where = sql`l.kind = 'L3' and l.status = 'sent' and ${orgCondition(scope, sql`f.org_id`)}
    ${input.from ? sql`and (l.processed_at at time zone 'Asia/Shanghai')::date >= ${input.from}::date` : sql``}
    ${input.to ? sql`and (l.processed_at at time zone 'Asia/Shanghai')::date <= ${input.to}::date` : sql``}`;
  const [count] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from reminder_ledger l join findings f on f.id = l.finding_id where ${where}`,
  );
  const page = (after: SQL, limit: number, offset: number) => referralPage(db, where, after, limit, offset);
  const strip = ({ ledgerId: _id, cursorAt: _at, ...row }: ReferralRow & { ledgerId: string; cursorAt: string }): ReferralRow => row;
  const rows = input.page
    ? (await page(sql`true`, input.page.limit, input.page.offset)).map(strip)
    : keysetRows((after) => page(after, EXPORT_PAGE, 0), referralAfter, strip);
  return {
    kind: "referrals",
    title: "移送纪检监察问题清单",
    generatedAt,
    parameters: {
      from: input.from ?? null,
      to: input.to ?? null,
      org: scope.orgCode,
      limit: input.page?.limit ?? null,
      offset: input.page?.offset ?? null,
    },
    total: Number(count?.n ?? 0),
    page: input.page,
    defaultTable: "referrals",
    tables: { referrals: { name: "referrals", title: "移送纪检监察(三级督办)", columns: referralColumns, rows } },
  };
}

async function referralPage(
  db: Db,
  where: SQL,
  after: SQL,
  limit: number,
  offset: number,
): Promise<(ReferralRow & { ledgerId: string; cursorAt: string })[]> {
  const rows = await queryRows<ReferralRow & { ledgerId: string; cursorAt: string }>(
    db,
    sql`
      select f.id as "findingId", to_char(l.processed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as "referredAt",
             d.code as "departmentCode", d.name as "departmentName", r.number as "roundNumber", it.name as "itemName",
             f.severity, f.description, fd.due_on::text as "dueOn", l.deadline_version as "deadlineVersion", f.status,
             l.id as "ledgerId", to_char(l.processed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "cursorAt"
        from reminder_ledger l
        join findings f on f.id = l.finding_id
        join departments d on d.id = f.department_id
        join rounds r on r.id = f.round_id
        join inspection_items it on it.id = f.item_id
        left join finding_deadlines fd on fd.finding_id = f.id and fd.version = l.deadline_version
       where ${where} and ${after}
       order by l.processed_at desc, l.id desc
       limit ${limit} offset ${offset}`,
  );
  return rows.map((row) => ({ ...row, severity: severityLabel(row.severity), status: statusLabel(row.status) }));
}

function referralAfter(last: { ledgerId: string; cursorAt: string }): SQL {
  return sql`(l.processed_at, l.id) < (${last.cursorAt}::timestamptz, ${last.ledgerId}::uuid)`;
}

/** Every row of a list, fetched a page at a time after the last row seen; `strip` drops the cursor fields. */
async function* keysetRows<R, T>(fetch: (after: SQL) => Promise<R[]>, after: (last: R) => SQL, strip: (row: R) => T): AsyncGenerator<T> {
  let condition = sql`true`;
  for (;;) {
    const rows = await fetch(condition);
    for (const row of rows) yield strip(row);
    const last = rows.at(-1);
    if (!last || rows.length < EXPORT_PAGE) return;
    condition = after(last);
  }
}
