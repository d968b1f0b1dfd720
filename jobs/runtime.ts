// Starts the BullMQ side of a process: one Worker per queue, the job schedulers, and a
// watchdog that re-registers the schedulers when Redis comes back empty (DESIGN.md, rule 1).
import { Queue, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Database } from "../src/db/client";
import { jobDefinitions, queueNames, type JobName, type QueueName } from "./catalog";
import { reconcile } from "./reconcile/processor";

export interface JobDeps {
  database: Database;
  logger: Logger;
}

export interface JobRuntimeOptions {
  redisUrl: string;
  prefix: string;
  /** How often the watchdog checks that the schedulers exist. */
  watchdogMs?: number;
}

export interface JobRuntime {
  queues: Map<QueueName, Queue>;
  /** Registers any missing scheduler; returns how many were missing. */
  ensureSchedulers(): Promise<number>;
  close(): Promise<void>;
}

type Processor = (job: Job, deps: JobDeps) => Promise<unknown>;

const processors: Record<JobName, Processor> = {
  reconcile: (_job, deps) => reconcile(deps),
};

export function redisConnection(url: string): Redis {
  // BullMQ workers need maxRetriesPerRequest: null (blocking commands must wait out a reconnect).
  return new Redis(url, { maxRetriesPerRequest: null });
}

export async function startJobRuntime(deps: JobDeps, options: JobRuntimeOptions): Promise<JobRuntime> {
  const connection = redisConnection(options.redisUrl);
  connection.on("error", (error) => deps.logger.warn({ err: error }, "redis connection error"));
  const queues = new Map<QueueName, Queue>();
  const workers: Worker[] = [];
  const workerConnections: Redis[] = [];
  for (const name of Object.values(queueNames)) {
    queues.set(name, new Queue(name, { connection, prefix: options.prefix }));
    const worker = new Worker(
      name,
      async (job) => {
        const processor = processors[job.name as JobName];
        if (!processor) throw new Error(`no processor for job ${job.name} on queue ${name}`);
        return processor(job, { ...deps, logger: deps.logger.child({ queue: name, jobId: job.id, job: job.name }) });
      },
      { connection: track(redisConnection(options.redisUrl)), prefix: options.prefix, concurrency: 4, autorun: true },
    );
    worker.on("failed", (job, error) => deps.logger.warn({ err: error, jobId: job?.id, job: job?.name }, "job failed"));
    workers.push(worker);
  }

  function track(client: Redis): Redis {
    client.on("error", (error) => deps.logger.warn({ err: error }, "redis connection error"));
    workerConnections.push(client);
    return client;
  }

  async function ensureSchedulers(): Promise<number> {
    let missing = 0;
    for (const [name, definition] of Object.entries(jobDefinitions)) {
      if (!("scheduler" in definition)) continue;
      const queue = queues.get(definition.queue);
      if (!queue) continue;
      if (await queue.getJobScheduler(definition.scheduler.id)) continue;
      missing++;
      await queue.upsertJobScheduler(definition.scheduler.id, { every: definition.scheduler.every }, { name, data: {}, opts: definition.opts });
    }
    if (missing > 0) deps.logger.info({ missing }, "job schedulers registered");
    return missing;
  }

  await ensureSchedulers();
  const watchdog = setInterval(() => {
    ensureSchedulers().catch((error: unknown) => deps.logger.warn({ err: error }, "scheduler watchdog failed"));
  }, options.watchdogMs ?? 15_000);
  watchdog.unref();

  return {
    queues,
    ensureSchedulers,
    async close() {
      clearInterval(watchdog);
      // Worker.close() waits for the jobs in flight to finish (graceful shutdown).
      await Promise.all(workers.map((worker) => worker.close()));
      await Promise.all([...queues.values()].map((queue) => queue.close()));
      for (const client of [...workerConnections, connection]) await client.quit().catch(() => {});
    },
  };
}
