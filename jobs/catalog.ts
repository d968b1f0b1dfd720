// The one place that knows the queues: names, payload schemas, jobIds and retry options
// (STYLE.md: BullMQ hidden behind one module). Work arrives here as PostgreSQL state;
// jobs are wake-ups, never the only copy of anything (DESIGN.md, rule 1).
import type { JobsOptions } from "bullmq";
import { z } from "zod";

export const queueNames = {
  maintenance: "maintenance",
} as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

const defaultRetries: JobsOptions = {
  attempts: 5,
  backoff: { type: "exponential", delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export const jobDefinitions = {
  /** Recreates from PostgreSQL every wake-up an emptied Redis lost (DESIGN.md, rule 1). */
  reconcile: {
    queue: queueNames.maintenance,
    schema: z.object({}).strict(),
    opts: { ...defaultRetries, attempts: 1 },
    scheduler: { id: "reconcile", every: 60_000 },
  },
} as const satisfies Record<string, { queue: QueueName; schema: z.ZodType; opts: JobsOptions; scheduler?: { id: string; every: number } }>;

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]["schema"]>;
