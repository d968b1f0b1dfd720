// Workers for tests: an in-process job runtime or a child `ssj worker`, each on its own queue
// prefix; waiting on a child's log line or on PostgreSQL state, never on a fixed sleep.
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { QueueEvents } from "bullmq";
import { createProducer, type Producer } from "../../jobs/producer";
import { createQueueEvents, redisClient, redisConnection } from "../../jobs/redis";
import { startJobRuntime, type JobRuntime } from "../../jobs/runtime";
import type { Database } from "../../src/db/client";
import { seedDemo, type DemoToken } from "../../src/services/demo/demo-seed";
import { operatorPrincipal } from "../../src/services/scope";
import { testRedisUrl } from "./app";
import { silentLogger } from "./logs";
import { spawnCli } from "./cli";
import { testConfig } from "./config";

/** A queue prefix no other test file uses. */
export function uniquePrefix(label: string): string {
  return `ssjtest-${label}-${randomBytes(4).toString("hex")}`;
}

/** The job runtime in this process (what `ssj worker` starts), silent. */
export function startTestRuntime(
  database: Database,
  prefix: string,
  options: { lockMs?: number; watchdogMs?: number } = {},
): Promise<JobRuntime> {
  return startJobRuntime(
    { database, logger: silentLogger, config: testConfig },
    { redisUrl: testRedisUrl, prefix, lockMs: options.lockMs, watchdogMs: options.watchdogMs ?? 600_000 },
  );
}

/** A producer as the API process makes it (its own connection), on `prefix`; close() quits the connection too. */
export function testProducer(prefix: string): Producer {
  const connection = redisConnection(testRedisUrl, silentLogger, "test producer");
  const producer = createProducer(connection, prefix, silentLogger, testConfig.policy.delivery);
  return {
    ...producer,
    async close() {
      await producer.close();
      await connection.quit();
    },
  };
}

/** QueueEvents on `prefix` (tests wait on jobs with it), ready. */
export async function testQueueEvents(name: string, prefix: string): Promise<QueueEvents> {
  const events = createQueueEvents(name, { url: testRedisUrl, prefix, logger: silentLogger });
  await events.waitUntilReady();
  return events;
}

/** Loads the demo county in-process and returns its tokens by role. */
export async function seedDemoCounty(database: Database): Promise<Record<string, string>> {
  const result = await seedDemo(database.db, operatorPrincipal("test"), 90, testConfig);
  if (!result.loaded) throw new Error("the demo was loaded already");
  return Object.fromEntries(result.tokens.map((t: DemoToken) => [t.role, t.token]));
}

/**
 * Deletes every key of one queue prefix: what an emptied (restarted, unpersisted) Redis looks
 * like to the processes using that prefix, without touching other test files' keys (no FLUSHALL).
 */
export async function deleteQueueKeys(prefix: string): Promise<number> {
  const redis = redisClient(testRedisUrl, silentLogger, "test cleanup");
  let deleted = 0;
  try {
    let cursor = "0";
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 500);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== "0");
  } finally {
    redis.disconnect();
  }
  return deleted;
}

/**
 * Polls state (PostgreSQL) until `check` returns a value, or fails at the deadline saying what
 * it waited for. Polling the source of truth is waiting on state, not a sleep.
 */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await delay(50);
  }
}

/** A child `ssj worker`; its stdout (pino JSON lines) is kept for waiting on log lines. */
export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves with the first log line whose `msg` is `msg` (and whose fields match), once printed. */
  logLine(msg: string, fields?: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** Sends a signal and resolves when the process has exited. */
  kill(signal: NodeJS.Signals): Promise<void>;
  output(): string;
}

export function spawnWorker(env: Record<string, string | undefined>): WorkerProcess {
  const child = spawnCli(["worker"], { LOG_LEVEL: "info", REDIS_URL: testRedisUrl, ...env });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const find = (msg: string, fields: Record<string, unknown>) => {
    for (const line of stdout.split("\n").slice(0, -1)) {
      if (!line.startsWith("{")) continue;
      const entry = JSON.parse(line) as Record<string, unknown>;
      if (entry.msg === msg && Object.entries(fields).every(([key, value]) => entry[key] === value)) return entry;
    }
    return undefined;
  };
  return {
    child,
    logLine(msg, fields = {}) {
      return new Promise((resolve, reject) => {
        const onData = () => {
          const entry = find(msg, fields);
          if (entry) {
            cleanup();
            resolve(entry);
          }
        };
        const onExit = () => {
          cleanup();
          reject(new Error(`ssj worker exited before logging "${msg}":\n${stderr}\n${stdout}`));
        };
        const cleanup = () => {
          child.stdout?.off("data", onData);
          child.off("close", onExit);
        };
        child.stdout?.on("data", onData);
        child.once("close", onExit);
        onData();
        if (child.exitCode !== null || child.signalCode !== null) onExit();
      });
    },
    async kill(signal) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
    output: () => `${stderr}\n${stdout}`,
  };
}
