// The draw job: runs a requested draw, then hands its notifications to the relay.
import type { Job } from "bullmq";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import { jobDefinitions } from "../catalog";
import type { JobDeps } from "../deps";

export async function processDraw(job: Job, deps: JobDeps): Promise<unknown> {
  const { drawId } = jobDefinitions.draw.schema.parse(job.data);
  deps.logger.info({ drawId, attempt: job.attemptsMade + 1 }, "draw job started");
  const outcome = await executeDraw(deps.database, drawId);
  deps.logger.info({ drawId, outcome }, "draw job finished");
  if (outcome.status === "done") await deps.enqueue.dueNotifications();
  return outcome;
}
