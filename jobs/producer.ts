// Adds jobs. Used by the API process (to wake a worker at once) and by the workers' reconcile
// sweep (to rebuild wake-ups from PostgreSQL). Adding a job whose jobId exists is a no-op.
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Policy } from "../config/policy";
import { jobDefinitions, jobOptions, queueNames, type JobName, type JobPayload, type QueueName } from "./catalog";
import { createQueue } from "./redis";

export interface Producer {
  queues: Map<QueueName, Queue>;
  add<N extends JobName>(name: N, data: JobPayload<N>): Promise<void>;
  /**
   * Re-adds a job that failed for good (its row in PostgreSQL still wants it done); with
   * `rerunCompleted`, also one that completed (a dead notification an admin sent back to
   * pending: its job completed when the row went dead).
   */
  revive<N extends JobName>(name: N, data: JobPayload<N>, options?: { rerunCompleted?: boolean }): Promise<void>;
  /**
   * `revive` for many jobs at once: looks up their states together, adds the missing ones with
   * one addBulk and revives the failed (and, with `rerunCompleted`, completed) ones; waiting,
   * delayed and active jobs are left alone. At most `limit` jobs are woken; returns how many.
   */
  reviveMany<N extends JobName>(name: N, data: JobPayload<N>[], options?: { rerunCompleted?: boolean; limit?: number }): Promise<number>;
  close(): Promise<void>;
}

/**
 * The queues on one shared connection (jobs/redis.ts), their errors to `logger`. close() closes
 * the queues, not the connection: its owner quits it. `delivery`: the policy's attempts and
 * backoff for notify jobs (config/policy.json, from the composition root).
 */
export function createProducer(connection: Redis, prefix: string, logger: Logger, delivery: Policy["delivery"]): Producer {
  const queues = new Map<QueueName, Queue>(
    Object.values(queueNames).map((name) => [name, createQueue(name, { connection, prefix, logger })]),
  );
  const queueOf = (name: JobName): Queue => {
    const queue = queues.get(jobDefinitions[name].queue);
    if (!queue) throw new Error(`no queue for job ${name}`);
    return queue;
  };
  const jobIdOf = <N extends JobName>(name: N, data: JobPayload<N>): string | undefined =>
    (jobDefinitions[name].jobId as (d: JobPayload<N>) => string | undefined)(data);
  return {
    queues,
    async add(name, data) {
      const payload = jobDefinitions[name].schema.parse(data);
      await queueOf(name).add(name, payload, { ...jobOptions(name, delivery), jobId: jobIdOf(name, data) });
    },
    async revive(name, data, options = {}) {
      const jobId = jobIdOf(name, data);
      const queue = queueOf(name);
      const existing = jobId ? await queue.getJob(jobId) : undefined;
      if (existing && (await existing.isFailed())) {
        await existing.retry("failed");
        return;
      }
      if (existing && options.rerunCompleted && (await existing.isCompleted())) {
        // a finished job run again is new work: it gets its attempts and backoff afresh; if
        // another waker moved it first, it is waiting or running already, which is the aim
        await existing.retry("completed", { resetAttemptsMade: true, resetAttemptsStarted: true }).catch(async (error: unknown) => {
          if (await existing.isCompleted()) throw error;
        });
        return;
      }
      if (!existing) await this.add(name, data);
    },
    async reviveMany(name, data, options = {}) {
      const queue = queueOf(name);
      const payloads = data.map((d) => jobDefinitions[name].schema.parse(d) as JobPayload<typeof name>);
      // one round trip per job, all in flight together (ioredis pipelines them on the connection)
      const states = await Promise.all(
        payloads.map((payload) => {
          const jobId = jobIdOf(name, payload);
          return jobId ? queue.getJobState(jobId) : Promise.resolve("unknown" as const);
        }),
      );
      const limit = options.limit ?? Number.POSITIVE_INFINITY;
      const missing: JobPayload<typeof name>[] = [];
      const finished: JobPayload<typeof name>[] = [];
      payloads.forEach((payload, i) => {
        if (missing.length + finished.length >= limit) return;
        const state = states[i];
        if (state === "unknown") missing.push(payload);
        else if (state === "failed" || (state === "completed" && options.rerunCompleted)) finished.push(payload);
      });
      if (missing.length > 0) {
        await queue.addBulk(
          missing.map((payload) => ({ name, data: payload, opts: { ...jobOptions(name, delivery), jobId: jobIdOf(name, payload) } })),
        );
      }
      for (const payload of finished) await this.revive(name, payload, options);
      return missing.length + finished.length;
    },
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}
