// Which organizations a report covers, and its period: the caller's subtree, or the subtree
// of an organization inside it (`--org CODE`); from/to default to this year so far.
import { sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { BadRequestError, ForbiddenError } from "../../errors";
import type { Moment } from "../clock";
import { findOrgInScope } from "../orgs/org-service";
import { subtreeCondition, type Principal } from "../scope";
import type { Period } from "./report-types";

export interface ReportScope {
  /** The subtree's root path; null: every organization (the local operator, no --org). */
  orgPath: string | null;
  orgCode: string | null;
  orgName: string | null;
}

/** Roles that read every report of their subtree (a department reads only its own dossier). */
export const reportReaders = new Set(["operator", "admin", "supervisor", "discipline"]);

export async function reportScope(db: Db, principal: Principal, orgCode: string | undefined): Promise<ReportScope> {
  if (!reportReaders.has(principal.role)) throw new ForbiddenError(`role ${principal.role} may not read reports`);
  if (orgCode) {
    const org = await findOrgInScope(db, principal, orgCode);
    return { orgPath: org.path, orgCode: org.code, orgName: org.name };
  }
  if (principal.orgPath === null) return { orgPath: null, orgCode: null, orgName: null };
  const [org] = await queryRows<{ code: string; name: string }>(
    db,
    sql`select code, name from organizations where path = ${principal.orgPath}`,
  );
  return { orgPath: principal.orgPath, orgCode: org?.code ?? null, orgName: org?.name ?? null };
}

/** `column in (the scope's organizations)`, or true for every organization. */
export function orgCondition(scope: ReportScope, column: SQL): SQL {
  if (scope.orgPath === null) return sql`true`;
  return subtreeCondition(scope.orgPath, column);
}

/**
 * The period asked for; `to` defaults to the moment's date and `from` to 1 January of `to`'s
 * year (Asia/Shanghai). `now` is the report's one reading of the clock (src/services/clock.ts).
 */
export function resolvePeriod(now: Moment, input: { from?: string | undefined; to?: string | undefined }): Period {
  const to = input.to ?? now.today;
  const from = input.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) throw new BadRequestError(`the period starts (${from}) after it ends (${to})`);
  return { from, to };
}

/**
 * Every round of the scope with its date (docs/reports.md, "which rounds a period holds"):
 * an imported round's held_on; a drawn round's, the Asia/Shanghai date of its standing draw
 * (the main draw that is done, not voided). Cancelled rounds, and rounds never drawn, have
 * no date and are in no period.
 */
export function datedRounds(scope: ReportScope): SQL {
  return sql`
    select r.id, r.org_id, r.number, r.title, r.imported,
           case when r.imported then r.held_on
                else (select (d.drawn_at at time zone 'Asia/Shanghai')::date from draws d
                       where d.round_id = r.id and d.kind = 'draw' and d.status = 'done' and d.drawn_at is not null
                       order by d.drawn_at limit 1) end as held_on
      from rounds r
     where r.status <> 'cancelled' and ${orgCondition(scope, sql`r.org_id`)}`;
}

/** The dated rounds whose date lies in the period. */
export function periodRounds(scope: ReportScope, period: Period): SQL {
  return sql`select * from (${datedRounds(scope)}) dr where dr.held_on between ${period.from}::date and ${period.to}::date`;
}

/**
 * Findings with how each stands against its deadline (docs/reports.md, 整改时效):
 * `rectification` is on_time / on_time_extended / late for an accepted finding — its accepted
 * report's submitted_at against the due_at of the deadline version in force when it was
 * submitted — open for an issued or submitted one, null for recorded or withdrawn ones;
 * `extended`: it has a deadline version of reason 'extension'; `overdue`: open and past the
 * deadline in force now. `where` filters the findings (alias f). The first extension and the
 * latest accepted report (by submitted_at, ties by the greatest id) are looked up per finding
 * by index: for a round, a department, a finding. The period summary and the overdue worklist
 * do not classify here: they read the same values denormalized on `findings` (due_at,
 * extended, rectification), which the write paths compute with this very rule
 * (src/services/findings/classification.ts).
 */
export function classifiedFindings(where: SQL): SQL {
  const firstExtension = sql`left join lateral (select min(x.version) as version from finding_deadlines x where x.finding_id = f.id and x.reason = 'extension') ext on true`;
  const acceptedReport = sql`left join lateral (select r.submitted_at, r.deadline_version from rectification_reports r
                                where r.finding_id = f.id and r.review = 'accepted' order by r.submitted_at desc nulls last, r.id desc nulls last limit 1) acc on true`;
  // The deadline the accepted report is judged against: the version in force when it was
  // submitted — nearly always the one in force now, so the other is looked up only then.
  const submittedAgainst = sql`case when acc.deadline_version is null or acc.deadline_version = f.deadline_version then cur.due_at
           else coalesce((select accd.due_at from finding_deadlines accd where accd.finding_id = f.id and accd.version = acc.deadline_version), cur.due_at) end`;
  return sql`
    select f.id, f.org_id, f.round_id, f.inspection_id, f.department_id, f.item_id, f.description, f.severity, f.status, f.imported,
           f.deadline_version, f.issued_at, f.accepted_at,
           cur.due_on as due_on, cur.due_at as due_at,
           acc.submitted_at as report_submitted_at,
           ext.version is not null as extended,
           case
             when f.status in ('issued', 'submitted') then 'open'
             when f.status <> 'accepted' then null
             when coalesce(acc.submitted_at, f.accepted_at) > ${submittedAgainst} then 'late'
             when ext.version <= coalesce(acc.deadline_version, f.deadline_version) then 'on_time_extended'
             else 'on_time'
           end as rectification,
           (f.status in ('issued', 'submitted') and cur.due_at < ssj_now()) as overdue
      from findings f
      left join finding_deadlines cur on cur.finding_id = f.id and cur.version = f.deadline_version
      ${acceptedReport}
      ${firstExtension}
     where ${where}`;
}

/** A finding that was fed back to its department (反馈问题): issued and not withdrawn. */
export const FED_BACK = sql.raw(`('issued', 'submitted', 'accepted')`);
