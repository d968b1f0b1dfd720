// The plan-fire job: a plan's job scheduler woke it at the plan's lock time; it fires the plan
// for that scheduled time (src/services/plans/plan-service.ts firePlan, idempotent per key).
import type { Job } from "bullmq";
import { fireKeyOf } from "../../src/services/plans/plan-fns";
import { catchUpPlanFirings, drawDuePlanRuns, firePlan } from "../../src/services/plans/plan-service";
import { jobDefinitions } from "../catalog";
import type { JobDeps } from "../deps";

export async function processPlanFire(job: Job, deps: JobDeps): Promise<unknown> {
  const { planId } = jobDefinitions["plan-fire"].schema.parse(job.data);
  const fireKey = fireKeyOf(scheduledAt(job));
  const firing = await firePlan(deps.database, planId, fireKey, deps.config);
  deps.logger.info({ planId, fireKey, firing }, "plan fired");
  return firing;
}

/**
 * The time the scheduler planned this job for — not when it ran, so a late or retried job
 * keeps its firing's key. BullMQ keeps it in `opts.prevMillis` and in the job id
 * (`repeat:<schedulerId>:<millis>`).
 */
export function scheduledAt(job: Pick<Job, "id" | "opts">): number {
  if (typeof job.opts.prevMillis === "number" && job.opts.prevMillis > 0) return job.opts.prevMillis;
  const fromId = /:(\d{12,})$/.exec(job.id ?? "")?.[1];
  if (fromId) return Number(fromId);
  throw new Error(`plan-fire job ${job.id ?? "?"} carries no scheduled time: only a plan's job scheduler adds these jobs`);
}

/** The plans' part of the reconcile sweep: fire what an emptied Redis missed, request due draws. */
export async function reconcilePlans(deps: JobDeps): Promise<{ fired: number; drawsRequested: number }> {
  const caughtUp = await catchUpPlanFirings(deps.database, deps.config);
  for (const failure of caughtUp.failed) deps.logger.warn(failure, "a missed plan firing could not be caught up");
  if (caughtUp.fired.length > 0) deps.logger.info({ fired: caughtUp.fired }, "reconcile fired missed plan firings");
  const due = await drawDuePlanRuns(deps.database);
  for (const skipped of due.skipped) deps.logger.warn(skipped, "a plan run's draw was due but could not be requested");
  // woken after the request committed; the sweep's pendingDraws would find them too
  for (const drawId of due.drawIds) await deps.producer.add("draw", { drawId });
  return { fired: caughtUp.fired.length, drawsRequested: due.drawIds.length };
}
