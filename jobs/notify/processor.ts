// The notify job: delivers one outbox row through its channel and marks it sent.
import type { Job } from "bullmq";
import { deliverNotification } from "../../src/services/notifications/delivery";
import { jobDefinitions } from "../catalog";
import type { JobDeps } from "../runtime";

export async function processNotify(job: Job, deps: JobDeps): Promise<unknown> {
  const { outboxId } = jobDefinitions.notify.schema.parse(job.data);
  const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  return deliverNotification(deps.database.db, deps.logger, outboxId, { finalAttempt });
}
