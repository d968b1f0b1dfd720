// `npm run bench -- deadlines [--findings N] [--workers N] [--rebuild-rows N] [--sweep-every-ms MS]`: the
// province's worst day (DESIGN.md, Scale) — 100,000 deadlines' reminders falling due at the same
// instant — delivered end to end by real `ssj worker` processes (default 2) (deadline sweep job + notify jobs on
// BullMQ) to a local webhook sink that counts repeats by Idempotency-Key. Then a second phase:
// Redis emptied (this run's prefix keys deleted) while deliveries are pending, timed until every
// wake-up is back. The last stdout line is one JSON object.
//
// Database: ssj_bench_deadlines at SSJ_BENCH_PG (default postgres://postgres@127.0.0.1:5432),
// created afresh on every invocation: the demo county (its departments are the recipients), one
// round, and N issued findings with their deadline and one `remind-due` ledger row each,
// written with INSERT … SELECT generate_series. Redis at REDIS_URL (default 127.0.0.1:6379),
// under a prefix of its own that is deleted at the end.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { sql } from "drizzle-orm";
import type { Redis } from "ioredis";
import { pino } from "pino";
import postgres from "postgres";
import { defaultPolicyFile } from "../config/policy";
import { jobDefinitions, queueNames } from "../jobs/catalog";
import { createQueue, redisConnection } from "../jobs/redis";
import { openPostgres, queryRows, type Database } from "../src/db/client";
import { migratePostgresUrl } from "../src/db/migrate";
import { seedDemo } from "../src/services/demo/demo-seed";
import { operatorPrincipal } from "../src/services/scope";
import { benchPgBase } from "./bench-db";

const DB_NAME = "ssj_bench_deadlines";
const base = benchPgBase;
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const ssjBin = fileURLToPath(new URL("../bin/ssj.js", import.meta.url));
const log = (line: string): void => void process.stderr.write(`[bench deadlines] ${line}\n`);
/** The bench's own Redis connections report their errors here (stderr, one JSON line each, counted while they repeat). */
const redisLogger = pino({ level: "warn", base: { bench: "deadlines" } }, process.stderr);

export async function run(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      workers: { type: "string", default: "2" },
      findings: { type: "string", default: "100000" },
      "rebuild-rows": { type: "string", default: "20000" },
      "sweep-every-ms": { type: "string", default: "5000" },
    },
  });
  const findingCount = Number(values.findings);
  const rebuildRows = Number(values["rebuild-rows"]);
  const sweepEveryMs = Number(values["sweep-every-ms"]);
  const workerCount = Number(values.workers);
  if (![findingCount, rebuildRows, sweepEveryMs, workerCount].every((n) => Number.isInteger(n) && n > 0))
    throw new Error("--findings, --rebuild-rows, --sweep-every-ms and --workers are positive whole numbers");

  const url = `${base}/${DB_NAME}`;
  const prefix = `ssjbench-deadlines-${randomBytes(4).toString("hex")}`;
  const policyDir = mkdtempSync(path.join(tmpdir(), "ssj-bench-policy-"));
  const policyFile = path.join(policyDir, "policy.json");
  const policy = JSON.parse(readFileSync(defaultPolicyFile, "utf8"));
  // one delivery per finding: the department contact, through our webhook
  policy.reminderRecipients = ["department-contact"];
  policy.channels = { reminder: ["webhook"], escalation: ["webhook"], notice: ["log"] };
  policy.delivery = { attempts: 8, backoffMs: 1000, timeoutMs: 60_000 };
  writeFileSync(policyFile, JSON.stringify(policy));

  await createDatabase(url);
  const database = openPostgres(url, { max: 4 });
  const sink = await startSink();
  const redis = redisConnection(redisUrl, redisLogger, "bench");
  let workers: WorkerChild[] = [];
  try {
    const started = performance.now();
    await generateFindings(database, findingCount);
    log(`${findingCount} findings, deadlines and ledger rows generated in ${Math.round(performance.now() - started)} ms`);

    const env = {
      DATABASE_URL: url,
      REDIS_URL: redisUrl,
      QUEUE_PREFIX: prefix,
      SSJ_POLICY_FILE: policyFile,
      SSJ_WEBHOOK_URL: `${sink.url}/hook`,
      SSJ_WEBHOOK_SECRET: "bench-secret-0123456789",
      SWEEP_EVERY_MS: String(sweepEveryMs),
      LOG_LEVEL: "warn",
    };
    // ---- phase 1: everything falls due at one instant
    // `ssj worker` processes, as a deployment runs as many as it needs (DESIGN.md, Shape)
    workers = Array.from({ length: workerCount }, () => startWorker(env));
    await until("the worker registered its schedulers", async () => (await schedulerIds(redis, prefix)).includes("deadline-sweep"), 60_000);
    const baselineMb = await usedMemoryMb(redis);
    const [due] = await queryRows<{ at: Date }>(database.db, sql`select date_trunc('second', now()) + interval '5 seconds' as at`);
    if (!due) throw new Error("no due instant");
    const dueAt = new Date(due.at).getTime();
    await database.db.execute(sql`update reminder_ledger set due_at = ${new Date(dueAt).toISOString()}::timestamptz`);
    log(`every reminder falls due at ${new Date(dueAt).toISOString()}; waiting for ${findingCount} deliveries`);
    let peakMb = baselineMb;
    const sampler = setInterval(() => {
      usedMemoryMb(redis).then(
        (mb) => (peakMb = Math.max(peakMb, mb)),
        () => {},
      );
    }, 200);
    try {
      await until(
        "the sink has every delivery",
        async () => sink.keys.size >= findingCount,
        15 * 60_000,
        100,
        () => `${sink.keys.size} of ${findingCount}`,
      );
    } finally {
      clearInterval(sampler);
    }
    const deliveredMs = sink.lastFirstArrival - dueAt;
    const lateness = [...sink.keys.values()].map((arrival) => arrival - dueAt).sort((a, b) => a - b);
    // repeats arriving after the last first arrival still count
    await until(
      "every outbox row is marked sent",
      async () => {
        const [row] = await queryRows<{ pending: number }>(
          database.db,
          sql`select count(*)::int as pending from notification_outbox where status <> 'sent'`,
        );
        return row?.pending === 0;
      },
      60_000,
    );
    const [sent] = await queryRows<{ sent: number; uncertain: number }>(
      database.db,
      sql`select count(*)::int as sent, coalesce(sum(uncertain_sends), 0)::int as uncertain from notification_outbox where status = 'sent'`,
    );
    log(
      `phase 1: delivered in ${deliveredMs} ms, outbox sent ${sent?.sent}, uncertain sends ${sent?.uncertain}, redis baseline ${baselineMb.toFixed(1)} MB peak ${peakMb.toFixed(1)} MB`,
    );
    await Promise.all(workers.map((worker) => worker.stop()));
    workers = [];

    // ---- phase 2: Redis emptied while deliveries are pending
    const rebuildMs = await measureRebuild(database, redis, sink, env, prefix, rebuildRows);
    log(`phase 2: ${rebuildRows} pending deliveries, wake-ups back ${rebuildMs} ms after Redis emptied`);

    const figures = {
      scenario: "deadlines",
      findings: findingCount,
      workers: workerCount,
      deliveredMs,
      lateP50Ms: percentile(lateness, 0.5),
      lateP99Ms: percentile(lateness, 0.99),
      redisPeakMb: Math.round(peakMb * 10) / 10,
      rebuildMs,
      duplicates: sink.requests - sink.keys.size,
    };
    process.stdout.write(`${JSON.stringify(figures)}\n`);
  } finally {
    await Promise.all(workers.map((worker) => worker.kill()));
    await sink.close();
    await deleteKeys(redis, prefix);
    redis.disconnect();
    await database.close();
    rmSync(policyDir, { recursive: true, force: true });
  }
}

async function createDatabase(url: string): Promise<void> {
  const admin = postgres(`${base}/postgres`, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`drop database if exists ${DB_NAME} with (force)`);
    await admin.unsafe(`create database ${DB_NAME}`);
  } finally {
    await admin.end();
  }
  await migratePostgresUrl(url);
}

/** The demo county, one round, and `count` issued findings with one remind-due each (far in the future for now). */
async function generateFindings(database: Database, count: number): Promise<void> {
  const seeded = await seedDemo(database.db, operatorPrincipal("bench"), 1, { calendarOverrides: [] });
  if (!seeded.loaded) throw new Error("the bench database was not empty");
  const { db } = database;
  await db.execute(sql`insert into rounds (org_id, number, title, params, seed_source, notice, created_by)
                       select id, 'BENCH-DEADLINES', '到期提醒基准', '{}'::jsonb, 'server', '{"mode":"none"}'::jsonb, 'bench' from organizations where code = 'DEA'`);
  await db.execute(sql`
    with d as (select id, org_id, row_number() over (order by code) - 1 as n, count(*) over () as total from departments),
         r as (select id from rounds where number = 'BENCH-DEADLINES'),
         i as (select id from inspection_items order by code limit 1)
    insert into findings (org_id, round_id, department_id, item_id, description, severity, status, deadline_version, recorded_by, issued_by, issued_at)
    select d.org_id, r.id, d.id, i.id, '基准问题 ' || g, 'general', 'issued', 1, 'bench', 'bench', now()
    from generate_series(0, ${count - 1}) g
    join d on d.n = g % d.total
    cross join r cross join i`);
  await db.execute(sql`insert into finding_deadlines (finding_id, version, counted_from, working_days, due_on, due_at, reason, created_by)
                       select f.id, 1, current_date, 20, current_date, now(), 'issue', 'bench' from findings f join rounds r on r.id = f.round_id where r.number = 'BENCH-DEADLINES'`);
  await db.execute(
    sql`insert into reminder_ledger (finding_id, kind, deadline_version, due_at) select f.id, 'remind-due', 1, '2100-01-01T01:00:00Z' from findings f join rounds r on r.id = f.round_id where r.number = 'BENCH-DEADLINES'`,
  );
  // the demo's own findings and notifications stay out of the figures
  await db.execute(
    sql`delete from reminder_ledger l using findings f, rounds r where f.id = l.finding_id and r.id = f.round_id and r.number <> 'BENCH-DEADLINES'`,
  );
  await db.execute(sql`update notification_outbox set status = 'sent', sent_at = now() where status = 'pending'`);
  await db.execute(sql`analyze`);
}

/**
 * Phase 2: `rows` deliveries pending and due while the sink holds every request open (so the
 * worker cannot finish them), their notify jobs waiting; then the prefix's keys are deleted —
 * what a Redis restarted empty looks like — and the clock runs until the worker's watchdog has
 * re-registered the schedulers and a notify job waits again for every pending, due, unheld row.
 */
async function measureRebuild(
  database: Database,
  redis: Redis,
  sink: Sink,
  env: Record<string, string>,
  prefix: string,
  rows: number,
): Promise<number> {
  const { db } = database;
  sink.hold = true;
  await db.execute(sql`insert into notification_outbox (key, kind, channel, recipient, payload)
                       select 'bench-rebuild:' || g, 'finding.reminder', 'webhook', '{"kind":"department-contact","code":"BENCH","name":"基准"}'::jsonb, '{"level":"remind-due"}'::jsonb
                       from generate_series(1, ${rows}) g`);
  // room for every pending row, so "a wake-up for every row" is the whole set
  const worker = startWorker({ ...env, NOTIFY_AHEAD: String(rows * 2) });
  // its own connection, quit below: Queue.close() leaves a connection it was given open, and the
  // `redis.duplicate()` this used to be kept the process alive after it printed its figures
  const connection = redisConnection(redisUrl, redisLogger, "bench queue");
  const queue = createQueue(queueNames.notifications, { connection, prefix, logger: redisLogger });
  try {
    const wakeUpsBack = async (): Promise<boolean> => {
      const schedulers = await schedulerIds(redis, prefix);
      if (!schedulers.includes("reconcile") || !schedulers.includes("deadline-sweep")) return false;
      const [row] = await queryRows<{ due: number }>(
        db,
        sql`select count(*)::int as due from notification_outbox where status = 'pending' and due_at <= now() and (claimed_until is null or claimed_until < now())`,
      );
      const waiting = await queue.getJobCountByTypes("wait", "prioritized", "delayed");
      return waiting >= (row?.due ?? 0);
    };
    await until("the worker woke every pending delivery", wakeUpsBack, 120_000);
    await deleteKeys(redis, prefix);
    const emptied = performance.now();
    await until("every wake-up is back", wakeUpsBack, 180_000, 50);
    const rebuildMs = Math.round(performance.now() - emptied);
    // exact check once: a job for each row, by its id
    const pending = await queryRows<{ id: string }>(
      db,
      sql`select id from notification_outbox where status = 'pending' and due_at <= now() and (claimed_until is null or claimed_until < now())`,
    );
    const states = await Promise.all(pending.map((row) => queue.getJobState(jobDefinitions.notify.jobId({ outboxId: row.id }))));
    const missing = states.filter((state) => state === "unknown" || state === "completed" || state === "failed").length;
    if (missing > 0) throw new Error(`${missing} pending deliveries have no wake-up`);
    return rebuildMs;
  } finally {
    await worker.kill();
    await queue.close();
    await connection.quit();
    sink.hold = false;
  }
}

interface Sink {
  url: string;
  /** First arrival (epoch ms) by Idempotency-Key. */
  keys: Map<string, number>;
  requests: number;
  lastFirstArrival: number;
  /** While true, requests are held open unanswered (closed at the end). */
  hold: boolean;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
    req.resume();
    req.on("end", () => {
      const now = Date.now();
      const key = String(req.headers["idempotency-key"] ?? "");
      sink.requests++;
      if (!sink.keys.has(key)) {
        sink.keys.set(key, now);
        sink.lastFirstArrival = Math.max(sink.lastFirstArrival, now);
      }
      if (sink.hold) return;
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  const sink: Sink = {
    url: "",
    keys: new Map(),
    requests: 0,
    lastFirstArrival: 0,
    hold: false,
    async close() {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return sink;
}

interface WorkerChild {
  child: ChildProcess;
  stop(): Promise<void>;
  kill(): Promise<void>;
}

function startWorker(env: Record<string, string>): WorkerChild {
  // SSJ_BENCH_WORKER_LOG=FILE: the workers' info log lines appended there (for profiling)
  const logFile = process.env.SSJ_BENCH_WORKER_LOG;
  const stdout = logFile ? openSync(logFile, "a") : "ignore";
  // SSJ_BENCH_WORKER_NODE_ARGS: node flags for the workers, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"
  const nodeArgs = (process.env.SSJ_BENCH_WORKER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, ssjBin, "worker"], {
    env: { ...process.env, ...env, ...(logFile ? { LOG_LEVEL: "info" } : {}) },
    stdio: ["ignore", stdout, "pipe"],
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => process.stderr.write(chunk));
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  const signal = async (name: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(name);
    await exited;
  };
  return { child, stop: () => signal("SIGTERM"), kill: () => signal("SIGKILL") };
}

async function schedulerIds(redis: Redis, prefix: string): Promise<string[]> {
  return redis.zrange(`${prefix}:${queueNames.maintenance}:repeat`, 0, -1);
}

async function usedMemoryMb(redis: Redis): Promise<number> {
  const info = await redis.info("memory");
  const bytes = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0);
  return bytes / (1024 * 1024);
}

async function deleteKeys(redis: Redis, prefix: string): Promise<number> {
  let deleted = 0;
  let cursor = "0";
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
    cursor = next;
    if (keys.length > 0) deleted += await redis.del(...keys);
  } while (cursor !== "0");
  return deleted;
}

async function until(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 200,
  progress?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastReport = Date.now();
  while (!(await check())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}${progress ? ` (${progress()})` : ""}`);
    if (progress && Date.now() - lastReport > 10_000) {
      log(progress());
      lastReport = Date.now();
    }
    await delay(everyMs);
  }
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? 0;
}
