// The notify job: delivers one outbox row through its channel and marks it sent
// (src/services/notifications/delivery.ts). Attempts and backoff come from
// config/policy.json delivery (jobs/catalog.ts); a failed attempt throws, so BullMQ retries.
import type { Job } from "bullmq";
import { deliverNotification } from "../../src/services/notifications/delivery";
import { jobDefinitions } from "../catalog";
import type { JobDeps } from "../deps";

export async function processNotify(job: Job, deps: JobDeps): Promise<unknown> {
  const { outboxId } = jobDefinitions.notify.schema.parse(job.data);
  const { delivery } = deps.config.policy;
  const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  // The row's attempts in PostgreSQL decide when it is dead, not the job's: a job revived by
  // the reconcile sweep (after Redis emptied, or a dead letter retried) counts on.
  const outcome = await deliverNotification({ db: deps.database.db, logger: deps.logger, channels: deps.channels }, outboxId, {
    maxAttempts: delivery.attempts,
    timeoutMs: delivery.timeoutMs,
  });
  // Another delivery holds the row: try again after the backoff, in case its holder dies.
  if (outcome.status === "busy" && !finalAttempt) throw new Error(`notification ${outboxId} is being delivered by another worker`);
  return outcome;
}
