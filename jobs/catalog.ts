// The one place that knows the queues: names, payload schemas, jobIds and retry options
// (STYLE.md: BullMQ hidden behind one module). Work arrives here as PostgreSQL state;
// jobs are wake-ups, never the only copy of anything (DESIGN.md, rule 1), so a jobId is a
// convenience against duplicates, not the guard: every processor is idempotent.
import type { JobsOptions } from "bullmq";
import { z } from "zod";
import type { Policy } from "../config/policy";

export const queueNames = {
  maintenance: "maintenance",
  draws: "draws",
  notifications: "notifications",
  plans: "plans",
} as const;
export type QueueName = (typeof queueNames)[keyof typeof queueNames];

const retries: JobsOptions = {
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
    opts: { ...retries, attempts: 1 },
    jobId: () => undefined,
    scheduler: { id: "reconcile", every: 60_000 },
  },
  /** Finds the reminders and escalations that fell due and turns them into deliveries. */
  "deadline-sweep": {
    queue: queueNames.maintenance,
    schema: z.object({}).strict(),
    opts: { ...retries, attempts: 1 },
    jobId: () => undefined,
    scheduler: { id: "deadline-sweep", every: 60_000 },
  },
  /** Runs one requested draw (src/services/rounds/draw-runner.ts). */
  draw: {
    queue: queueNames.draws,
    schema: z.object({ drawId: z.uuid() }).strict(),
    opts: retries,
    jobId: (data: { drawId: string }) => `draw-${data.drawId}`,
  },
  /** Delivers one outbox notification; attempts and backoff from config/policy.json delivery (jobOptions). */
  notify: {
    queue: queueNames.notifications,
    schema: z.object({ outboxId: z.uuid() }).strict(),
    opts: retries,
    jobId: (data: { outboxId: string }) => `notify-${data.outboxId}`,
  },
  /**
   * Fires one plan of scheduled rounds (jobs/plan-fire). One job scheduler per active plan,
   * registered from PostgreSQL by ensureSchedulers; the scheduler names each job itself.
   */
  "plan-fire": {
    queue: queueNames.plans,
    schema: z.object({ planId: z.uuid() }).strict(),
    opts: retries,
    jobId: () => undefined,
    planScheduler: { id: (planId: string) => `plan-${planId}`, prefix: "plan-", tz: "Asia/Shanghai" },
  },
} as const;

/** A job's options: the catalog's, and for notify the attempts and backoff of the policy's `delivery`. */
export function jobOptions(name: JobName, delivery: Policy["delivery"]): JobsOptions {
  const opts = jobDefinitions[name].opts;
  if (name !== "notify") return opts;
  return { ...opts, attempts: delivery.attempts, backoff: { type: "exponential", delay: delivery.backoffMs } };
}

export type JobName = keyof typeof jobDefinitions;
export type JobPayload<N extends JobName> = z.infer<(typeof jobDefinitions)[N]["schema"]>;

/** Concurrency per queue: draws are CPU-heavy and rare; deliveries wait on the network. */
export const queueConcurrency: Record<QueueName, number> = {
  maintenance: 1,
  draws: 1,
  notifications: 64,
  plans: 1,
};
