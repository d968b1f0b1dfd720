// The one place that opens Redis: every ioredis connection and every BullMQ Queue, Worker and
// QueueEvents of the service is made here, each with an error listener feeding pino.
//
// Why one place: an EventEmitter without an `error` listener throws, and BullMQ catches that
// and prints the error with console.error — a stack trace on stderr. While Redis is down, ioredis
// reports every failed reconnect on every connection and BullMQ repeats it on every Queue and
// Worker sharing the connection (issue 12 counted 768 ECONNREFUSED traces a minute). Here the
// errors go to one RedisErrorLog per logger, which writes one line with the cause, then at most
// one line a minute per cause while it lasts, and one line when Redis answers again.
import { Queue, QueueEvents, Worker, type Processor, type QueueOptions, type WorkerOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import type { Logger } from "pino";

/** Where Redis and BullMQ errors go: one line per cause, counted while they repeat. */
export interface RedisErrorLog {
  /** An error of `source` ("queue notifications", "worker draws", "redis probe"…). */
  error(source: string, error: unknown): void;
  /** A connection of `source` is (again) ready: ends an outage with one line. */
  ready(source: string): void;
  /** Writes the repeats counted and not yet written (at shutdown). */
  flush(): void;
}

/** How long identical errors are counted before their count is written (one line per cause per window). */
export const redisErrorWindowMs = 60_000;

const errorLogs = new WeakMap<Logger, RedisErrorLog>();

/**
 * The RedisErrorLog of a logger: one per logger, so the errors of all the connections, queues and
 * workers of a process (which share its root logger) are counted together.
 */
export function redisErrorLog(logger: Logger): RedisErrorLog {
  let log = errorLogs.get(logger);
  if (!log) {
    log = createRedisErrorLog(logger);
    errorLogs.set(logger, log);
  }
  return log;
}

/**
 * A connection for BullMQ: `maxRetriesPerRequest: null`, as workers need (blocking commands wait
 * out a reconnect). It reconnects for ever; its errors and its return go to the logger.
 */
export function redisConnection(url: string, logger: Logger, source = "redis"): Redis {
  return watched(new Redis(url, { maxRetriesPerRequest: null }), redisErrorLog(logger), source);
}

/**
 * A connection that answers or fails at once (no offline queue, one retry): for a readiness
 * probe, which must report Redis down rather than wait for it.
 */
export function redisProbe(url: string, logger: Logger): Redis {
  return watched(new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 }), redisErrorLog(logger), "redis probe");
}

/** Any other connection (benchmarks, tests), with the same listeners. */
export function redisClient(url: string, logger: Logger, source: string, options: RedisOptions = {}): Redis {
  return watched(new Redis(url, options), redisErrorLog(logger), source);
}

/** A BullMQ Queue on `connection` (shared: Queue.close() leaves it open; its owner quits it). */
export function createQueue(name: string, options: QueueOptions & { connection: Redis; logger: Logger }): Queue {
  const { logger, ...queueOptions } = options;
  const errors = redisErrorLog(logger);
  const queue = new Queue(name, queueOptions);
  queue.on("error", (error) => errors.error(`queue ${name}`, error));
  return queue;
}

/** A BullMQ Worker. BullMQ duplicates the connection for its blocking reads; both report here. */
export function createWorker(name: string, processor: Processor, options: WorkerOptions & { connection: Redis; logger: Logger }): Worker {
  const { logger, ...workerOptions } = options;
  const errors = redisErrorLog(logger);
  const worker = new Worker(name, processor, workerOptions);
  worker.on("error", (error) => errors.error(`worker ${name}`, error));
  return worker;
}

/** A BullMQ QueueEvents (tests wait on it); it opens and closes its own connection from `url`. */
export function createQueueEvents(name: string, options: { url: string; prefix: string; logger: Logger }): QueueEvents {
  const errors = redisErrorLog(options.logger);
  const events = new QueueEvents(name, { connection: { url: options.url }, prefix: options.prefix });
  events.on("error", (error) => errors.error(`queue events ${name}`, error));
  return events;
}

function watched(client: Redis, errors: RedisErrorLog, source: string): Redis {
  client.on("error", (error) => errors.error(source, error));
  client.on("ready", () => errors.ready(source));
  return client;
}

/** What an error is, for counting: its kind, the key identical errors share, and what the line says. */
interface Classified {
  kind: "connection" | "job-lost" | "other";
  key: string;
  fields: Record<string, unknown>;
}

const connectionCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
]);

/** Exported for tests. */
export function classifyRedisError(error: unknown): Classified {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const jobId = /\bjob (\S+?)\.?(?:\s|$)/.exec(message)?.[1];
  if (
    (typeof code === "string" && connectionCodes.has(code)) ||
    /Connection is closed|ECONNREFUSED|ETIMEDOUT|Reached the max retries per request/.test(message)
  )
    return { kind: "connection", key: `connection ${typeof code === "string" ? code : message}`, fields: { cause: message, code } };
  // BullMQ's finishedErrors for a running job: -1 its hash is gone (Redis emptied or restarted
  // under it), -2 / -6 its lock is gone or another's (it outlived its lock and was taken over);
  // the lock manager's "could not renew lock" comes first in either case when the job runs long.
  if (code === -1 || code === -2 || code === -6 || message.startsWith("could not renew lock for job"))
    return { kind: "job-lost", key: "job-lost", fields: { jobId, cause: message } };
  return { kind: "other", key: `other ${message.replace(/\bjob \S+/gi, "job *")}`, fields: { cause: message, code } };
}

const firstLine: Record<Classified["kind"], string> = {
  connection: "Redis connection failed; jobs wait for it, PostgreSQL keeps the work",
  "job-lost":
    "a running job lost its keys or its lock in Redis (Redis emptied or restarted, or the job outlived its lock and was taken over); PostgreSQL keeps its work and the reconcile sweep wakes it again if it is not done",
  other: "Redis or BullMQ error",
};

interface Counted {
  kind: Classified["kind"];
  fields: Record<string, unknown>;
  /** When the last line for this key was written (ms, monotonic). */
  writtenAt: number;
  /** Errors since that line (for a job's error: other jobs, each counted once). */
  repeats: number;
  /**
   * The jobs the errors of this key were about: BullMQ reports one vanished job several times
   * (a failed lock renewal each period, its completion, then its failure), which is one event.
   */
  jobIds: Set<string>;
  timer?: NodeJS.Timeout;
}

/**
 * A RedisErrorLog of its own (redisErrorLog shares one per logger). `now` (monotonic ms) and
 * `windowMs` are for tests.
 */
export function createRedisErrorLog(logger: Logger, options: { windowMs?: number; now?: () => number } = {}): RedisErrorLog {
  const windowMs = options.windowMs ?? redisErrorWindowMs;
  const now = options.now ?? (() => performance.now());
  const counted = new Map<string, Counted>();
  /** When the first connection error of the current outage came, if one is on. */
  let downSince: number | undefined;
  let downErrors = 0;

  function writeRepeats(key: string): void {
    const entry = counted.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (entry.repeats === 0) return;
    const at = now();
    const overMs = Math.round(at - entry.writtenAt);
    if (entry.kind === "job-lost") logger.warn({ moreJobs: entry.repeats, overMs }, `${firstLine[entry.kind]} (more jobs)`);
    else logger.warn({ ...entry.fields, repeats: entry.repeats, overMs }, `${firstLine[entry.kind]} (repeated)`);
    entry.writtenAt = at;
    entry.repeats = 0;
  }

  return {
    error(source, error) {
      const { kind, key, fields } = classifyRedisError(error);
      const at = now();
      if (kind === "connection") {
        downSince ??= at;
        downErrors++;
      }
      const jobId = typeof fields.jobId === "string" ? fields.jobId : undefined;
      const entry = counted.get(key);
      if (jobId && entry?.jobIds.has(jobId)) return; // the same job again: the same event
      if (jobId && entry && entry.jobIds.size >= 10_000) entry.jobIds.clear();
      if (!entry || (entry.repeats === 0 && at - entry.writtenAt >= windowMs)) {
        // the first of its kind, or the first after a quiet window: a line of its own
        clearTimeout(entry?.timer);
        const jobIds = entry?.jobIds ?? new Set<string>();
        if (jobId) jobIds.add(jobId);
        counted.set(key, { kind, fields, writtenAt: at, repeats: 0, jobIds });
        logger.warn({ source, ...fields }, firstLine[kind]);
        return;
      }
      if (jobId) entry.jobIds.add(jobId);
      entry.repeats++;
      entry.timer ??= setTimeout(() => writeRepeats(key), Math.max(0, entry.writtenAt + windowMs - at)).unref();
    },
    ready(source) {
      if (downSince === undefined) return;
      const downMs = Math.round(now() - downSince);
      for (const [key, entry] of counted) {
        if (entry.kind !== "connection") continue;
        clearTimeout(entry.timer);
        counted.delete(key);
      }
      logger.info({ source, downMs, errors: downErrors }, "Redis connection is back");
      downSince = undefined;
      downErrors = 0;
    },
    flush() {
      for (const key of counted.keys()) writeRepeats(key);
    },
  };
}
