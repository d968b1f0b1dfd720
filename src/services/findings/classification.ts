// The classification denormalized on `findings` (due_at, extended, rectification): what the
// reports would otherwise join finding_deadlines and rectification_reports for, a million
// findings at a time. Every write path that changes a finding's status, its deadlines or its
// accepted report calls refreshFindingClassification in its own transaction, after the change;
// the values are computed from those tables by classifiedFindings, the one rule there is
// (docs/reports.md, 整改时效), so they cannot drift from it.
import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { classifiedFindings } from "../reports/report-scope";

/** Recomputes the denormalized columns of these findings from the deadline and report tables. */
export async function refreshFindingClassification(tx: Db, findingIds: readonly string[]): Promise<void> {
  if (findingIds.length === 0) return;
  const ids = `{${findingIds.join(",")}}`;
  await tx.execute(sql`
    update findings f
       set due_at = c.due_at,
           extended = c.extended,
           rectification = case when c.rectification in ('on_time', 'on_time_extended', 'late') then c.rectification end
      from (${classifiedFindings(sql`f.id = any(${ids}::uuid[])`)}) c
     where f.id = c.id
       and (f.due_at is distinct from c.due_at or f.extended is distinct from c.extended
            or f.rectification is distinct from (case when c.rectification in ('on_time', 'on_time_extended', 'late') then c.rectification end))`);
}
