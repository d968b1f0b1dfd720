// Adds jobs. Used by the API process (to wake a worker at once) and by the workers' reconcile
// sweep (to rebuild wake-ups from PostgreSQL). Adding a job whose jobId exists is a no-op.
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { jobDefinitions, queueNames, type JobName, type JobPayload, type QueueName } from "./catalog";

export interface Producer {
  queues: Map<QueueName, Queue>;
  add<N extends JobName>(name: N, data: JobPayload<N>): Promise<void>;
  /**
   * Re-adds a job that failed for good (its row in PostgreSQL still wants it done); with
   * `rerunCompleted`, also one that completed (a dead notification an admin sent back to
   * pending: its job completed when the row went dead).
   */
  revive<N extends JobName>(name: N, data: JobPayload<N>, options?: { rerunCompleted?: boolean }): Promise<void>;
  close(): Promise<void>;
}

export function createProducer(connection: Redis, prefix: string): Producer {
  const queues = new Map<QueueName, Queue>(Object.values(queueNames).map((name) => [name, new Queue(name, { connection, prefix })]));
  const queueOf = (name: JobName): Queue => {
    const queue = queues.get(jobDefinitions[name].queue);
    if (!queue) throw new Error(`no queue for job ${name}`);
    return queue;
  };
  const jobIdOf = <N extends JobName>(name: N, data: JobPayload<N>): string | undefined => (jobDefinitions[name].jobId as (d: JobPayload<N>) => string | undefined)(data);
  return {
    queues,
    async add(name, data) {
      const payload = jobDefinitions[name].schema.parse(data);
      await queueOf(name).add(name, payload, { ...jobDefinitions[name].opts, jobId: jobIdOf(name, data) });
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
    async close() {
      await Promise.all([...queues.values()].map((queue) => queue.close()));
    },
  };
}
