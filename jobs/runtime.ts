// Starts the BullMQ side of a process: one Worker per queue, the job schedulers, and a
// watchdog that re-registers the schedulers when Redis comes back empty (DESIGN.md, rule 1).
import type { Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { ChannelConfig } from "../config/channels";
import type { DeploymentConfig } from "../src/services/deployment";
import type { Database } from "../src/db/client";
import { setTimeout as delay } from "node:timers/promises";
import { dueNotificationPage, type DuePosition } from "../src/services/notifications/delivery";
import { pendingDrawIds } from "../src/services/rounds/pending";
import { jobDefinitions, jobOptions, queueConcurrency, queueNames, type JobName } from "./catalog";
import { processDeadlineSweep } from "./deadline-sweep/processor";
import { processDraw } from "./draw/processor";
import { processNotify } from "./notify/processor";
import { processPlanFire } from "./plan-fire/processor";
import { activePlanSchedules } from "../src/services/plans/plan-service";
import type { Enqueue, JobDeps } from "./deps";
import { createProducer, type Producer } from "./producer";
import { reconcile } from "./reconcile/processor";
import { createWorker, redisConnection, redisErrorLog } from "./redis";

export interface JobRuntimeOptions {
  redisUrl: string;
  prefix: string;
  /** How often the watchdog checks that the schedulers exist. */
  watchdogMs?: number;
  /** BullMQ lock duration: a killed worker's job is taken over after about this long. */
  lockMs?: number;
  /** The notification channels (src/cli/composition.ts); none: the log only. */
  channels?: ChannelConfig;
  /** How often the deadline sweep runs (its scheduler's `every`); default jobs/catalog.ts. */
  sweepEveryMs?: number;
  /** At most this many notify jobs wait in Redis at once (keeps Redis memory bounded in a burst). */
  notifyAhead?: number;
}

export interface JobRuntime {
  producer: Producer;
  enqueue: Enqueue;
  /** Registers any missing scheduler; returns how many were missing. */
  ensureSchedulers(): Promise<number>;
  close(): Promise<void>;
}

type Processor = (job: Job, deps: JobDeps) => Promise<unknown>;

const processors: Record<JobName, Processor> = {
  reconcile: (_job, deps) => reconcile(deps),
  "deadline-sweep": (_job, deps) => processDeadlineSweep(deps),
  draw: processDraw,
  notify: processNotify,
  "plan-fire": processPlanFire,
};

/** Default of JobRuntimeOptions.notifyAhead: a few seconds of deliveries, a few MB of Redis. */
export const defaultNotifyAhead = 10_000;

export function enqueueFrom(database: Database, producer: Producer, options: { notifyAhead?: number } = {}): Enqueue {
  const ahead = options.notifyAhead ?? defaultNotifyAhead;
  const notifications = producer.queues.get(jobDefinitions.notify.queue);
  const room = async (): Promise<number> => {
    if (!notifications) return 0;
    return ahead - (await notifications.getJobCountByTypes("wait", "prioritized", "delayed", "active"));
  };
  /** One walk over the due rows; `more`: some were left without a job for lack of room. */
  async function relayOnce(): Promise<{ woken: number; more: boolean }> {
    let left = await room();
    let woken = 0;
    let after: DuePosition | undefined;
    for (;;) {
      const page = await dueNotificationPage(database.db, { after, limit: 2000 });
      if (page.length === 0) return { woken, more: false };
      if (left <= 0) return { woken, more: true };
      // rerunCompleted: a dead letter sent back to pending has a completed job
      const count = await producer.reviveMany(
        "notify",
        page.map((row) => ({ outboxId: row.id })),
        { rerunCompleted: true, limit: left },
      );
      woken += count;
      left -= count;
      if (page.length < 2000) return { woken, more: false };
      after = page[page.length - 1];
    }
  }
  return {
    async dueNotifications() {
      return (await relayOnce()).woken;
    },
    async notifications(outboxIds) {
      const left = await room();
      if (left <= 0 || outboxIds.length === 0) return 0;
      return producer.reviveMany(
        "notify",
        outboxIds.map((outboxId) => ({ outboxId })),
        { limit: left },
      );
    },
    async relayDueNotifications(budgetMs) {
      const deadline = Date.now() + budgetMs;
      let total = 0;
      for (;;) {
        const { woken, more } = await relayOnce();
        total += woken;
        if (!more) return total;
        // wait for the queue to drain to half before walking the due rows again
        while ((await room()) < ahead / 2) {
          if (Date.now() > deadline) return total;
          await delay(200);
        }
      }
    },
    async pendingDraws() {
      const ids = await pendingDrawIds(database.db);
      for (const drawId of ids) await producer.revive("draw", { drawId });
      return ids.length;
    },
  };
}

/**
 * One job scheduler per active plan, from PostgreSQL (docs/scheduled-rounds.md): registers the
 * missing ones (or those whose cron changed) and removes those of plans no longer active.
 * Returns how many it registered.
 */
export async function ensurePlanSchedulers(producer: Producer, database: Database): Promise<number> {
  const definition = jobDefinitions["plan-fire"];
  const queue = producer.queues.get(definition.queue);
  if (!queue) return 0;
  const wanted = new Map((await activePlanSchedules(database.db)).map((plan) => [definition.planScheduler.id(plan.planId), plan]));
  let registered = 0;
  for (const [id, plan] of wanted) {
    const existing = await queue.getJobScheduler(id);
    if (existing?.pattern === plan.schedulerCron && existing.tz === definition.planScheduler.tz) continue;
    registered++;
    await queue.upsertJobScheduler(
      id,
      { pattern: plan.schedulerCron, tz: definition.planScheduler.tz },
      { name: "plan-fire", data: { planId: plan.planId }, opts: definition.opts },
    );
  }
  for (const scheduler of await queue.getJobSchedulers()) {
    if (scheduler.key.startsWith(definition.planScheduler.prefix) && !wanted.has(scheduler.key))
      await queue.removeJobScheduler(scheduler.key);
  }
  return registered;
}

export async function startJobRuntime(
  base: { database: Database; logger: Logger; config: DeploymentConfig },
  options: JobRuntimeOptions,
): Promise<JobRuntime> {
  const channels = options.channels ?? {};
  const connections: Redis[] = [];
  const connect = (source: string) => {
    const client = redisConnection(options.redisUrl, base.logger, source);
    connections.push(client);
    return client;
  };
  const producer = createProducer(connect("redis producer"), options.prefix, base.logger, base.config.policy.delivery);
  const enqueue = enqueueFrom(base.database, producer, { notifyAhead: options.notifyAhead });
  const deps: JobDeps = {
    ...base,
    producer,
    enqueue,
    channels,
    sweepEveryMs: options.sweepEveryMs ?? jobDefinitions["deadline-sweep"].scheduler.every,
  };
  const workers = Object.values(queueNames).map((name) => {
    const worker = createWorker(
      name,
      async (job) => {
        const processor = processors[job.name as JobName];
        if (!processor) throw new Error(`no processor for job ${job.name} on queue ${name}`);
        return processor(job, { ...deps, logger: base.logger.child({ queue: name, jobId: job.id, job: job.name }) });
      },
      {
        connection: connect(`redis worker ${name}`),
        logger: base.logger,
        prefix: options.prefix,
        concurrency: queueConcurrency[name],
        lockDuration: options.lockMs ?? 30_000,
        stalledInterval: options.lockMs ?? 30_000,
      },
    );
    worker.on("failed", (job, error) => base.logger.warn({ err: error, jobId: job?.id, job: job?.name }, "job failed"));
    return worker;
  });

  async function ensureSchedulers(): Promise<number> {
    let missing = 0;
    for (const [name, definition] of Object.entries(jobDefinitions)) {
      if (!("scheduler" in definition)) continue;
      const queue = producer.queues.get(definition.queue);
      if (!queue || (await queue.getJobScheduler(definition.scheduler.id))) continue;
      missing++;
      const every = name === "deadline-sweep" ? deps.sweepEveryMs : definition.scheduler.every;
      await queue.upsertJobScheduler(
        definition.scheduler.id,
        { every },
        { name, data: {}, opts: jobOptions(name as JobName, base.config.policy.delivery) },
      );
    }
    missing += await ensurePlanSchedulers(producer, base.database);
    if (missing > 0) {
      base.logger.info({ missing }, "job schedulers registered; reconciling wake-ups from PostgreSQL");
      await reconcile(deps);
    }
    return missing;
  }

  await ensureSchedulers();
  await reconcile(deps); // a new worker picks up what is pending at once
  // One pass at a time: while Redis is down a pass waits for it (its commands queue until the
  // reconnect), and passes piling up every period would all run at once when it returns.
  let watching = false;
  const watchdog = setInterval(() => {
    if (watching) return;
    watching = true;
    ensureSchedulers()
      .catch((error: unknown) => base.logger.warn({ err: error }, "scheduler watchdog failed"))
      .finally(() => (watching = false));
  }, options.watchdogMs ?? 15_000);
  watchdog.unref();

  return {
    producer,
    enqueue,
    ensureSchedulers,
    async close() {
      clearInterval(watchdog);
      // Worker.close() waits for the jobs in flight to finish (graceful shutdown).
      await Promise.all(workers.map((worker) => worker.close()));
      await producer.close();
      for (const client of connections) await client.quit().catch(() => {});
      redisErrorLog(base.logger).flush();
    },
  };
}
