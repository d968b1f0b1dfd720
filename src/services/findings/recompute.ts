// Provisional deadlines (counted through a year whose 放假调休 arrangement was not loaded)
// are recomputed once the calendar covers them: a new deadline version if the date moves,
// otherwise the version is confirmed in place (DESIGN.md, Deadlines and escalation).
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { findingDeadlines, findings } from "../../db/schema";
import type { DeploymentConfig } from "../deployment";
import type { Principal } from "../scope";
import { clockNow, type Moment } from "../clock";
import { setDeadline } from "./finding-service";
import { loadDeadlinePlanner } from "./planner-factory";

export interface RecomputeResult {
  moved: number;
  confirmed: number;
}

export async function recomputeProvisionalDeadlines(tx: Db, principal: Principal, config: DeploymentConfig): Promise<RecomputeResult> {
  const rows = await tx
    .select({ finding: findings, deadline: findingDeadlines })
    .from(findings)
    .innerJoin(findingDeadlines, and(eq(findingDeadlines.findingId, findings.id), eq(findingDeadlines.version, findings.deadlineVersion)))
    .where(and(eq(findingDeadlines.provisional, true), inArray(findings.status, ["issued", "submitted"])))
    .for("update", { of: findings });
  const result: RecomputeResult = { moved: 0, confirmed: 0 };
  if (rows.length === 0) return result;
  const planner = await loadDeadlinePlanner(tx, config);
  let moment: Moment | undefined; // read once, when a deadline moves
  for (const { finding, deadline } of rows) {
    const now = planner.deadline(deadline.countedFrom, deadline.workingDays);
    if (now.provisional && now.dueOn === deadline.dueOn) continue; // still uncovered
    if (now.dueOn === deadline.dueOn) {
      await tx
        .update(findingDeadlines)
        .set({ provisional: false })
        .where(and(eq(findingDeadlines.findingId, finding.id), eq(findingDeadlines.version, deadline.version)));
      result.confirmed++;
    } else {
      await setDeadline(tx, principal, finding, planner, {
        countedFrom: deadline.countedFrom,
        now: (moment ??= await clockNow(tx)).at,
        workingDays: deadline.workingDays,
        reason: "recompute",
        note: `recomputed after the calendar changed (was ${deadline.dueOn})`,
      });
      result.moved++;
    }
  }
  return result;
}
