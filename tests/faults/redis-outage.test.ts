// Redis goes away under a running worker and comes back empty (a restart without persistence):
// the worker logs the outage in a few lines with their cause — not one per failed reconnect per
// connection per queue — nothing escapes as an unhandled error or a stack trace on the console,
// the job that was running when Redis emptied is reported once, its delivery is made once, and
// the runtime works again without a restart. On a redis-server of this test's own, never the
// shared one.
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { JobRuntime } from "../../jobs/runtime";
import { startJobRuntime } from "../../jobs/runtime";
import { loadPolicy } from "../../config/policy";
import { notificationOutbox } from "../../src/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { withPolicy } from "../helpers/config";
import { capturedLogger } from "../helpers/logs";
import { uniquePrefix, waitUntil } from "../helpers/processes";
import { type RedisServer, startRedisServer } from "../helpers/redis-server";
import { startHttpReceiver, type HttpReceiver } from "../notifications/receivers";
import { writeTestPolicy } from "./deadline-world";

const prefix = uniquePrefix("outage");
let test: TestDatabase;
let redis: RedisServer;
let receiver: HttpReceiver;
let policy: ReturnType<typeof writeTestPolicy>;
/** Answers by Idempotency-Key; a key missing here is answered 200 at once. */
const holds = new Map<string, Promise<void>>();

beforeAll(async () => {
  // a send may be held open for the whole outage: its timeout (and claim) must outlast it
  policy = writeTestPolicy((p) => (p.delivery = { attempts: 5, backoffMs: 100, timeoutMs: 120_000 }));
  test = await createTestDatabase();
  redis = await startRedisServer();
  receiver = await startHttpReceiver((request) => {
    const held = holds.get(String(request.headers["idempotency-key"]));
    return held ? { status: 200, after: held } : { status: 200 };
  });
});

afterAll(async () => {
  await receiver?.close();
  await redis?.stop();
  await test?.drop();
  policy?.remove();
});

async function outboxRow(): Promise<{ id: string; key: string }> {
  const [row] = await test.database.db
    .insert(notificationOutbox)
    .values({
      key: `outage:${randomUUID()}:supervisors:zhang.supervisor:webhook`,
      kind: "finding.escalation.L1",
      channel: "webhook",
      recipient: { kind: "supervisors", code: "zhang.supervisor", name: "监督检查股" },
      payload: { level: "L1", description: "逾期未整改", severity: "general" },
    })
    .returning({ id: notificationOutbox.id, key: notificationOutbox.key });
  if (!row) throw new Error("no outbox row");
  return row;
}

async function sent(id: string): Promise<boolean> {
  const [row] = await test.database.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, id));
  return row?.status === "sent";
}

describe("a worker whose Redis goes away and comes back empty", () => {
  it("logs the outage in bounded lines, lets no error escape, reports the vanished job once and works again", async () => {
    const consoleError = vi.spyOn(console, "error");
    const consoleWarn = vi.spyOn(console, "warn");
    const printed: string[] = [];
    const log = capturedLogger();
    let runtime: JobRuntime | undefined;
    let redisDown = false;
    let witness: Redis | undefined;
    try {
      runtime = await startJobRuntime(
        { database: test.database, logger: log.logger, config: withPolicy(loadPolicy(policy.file)) },
        {
          redisUrl: redis.url,
          prefix,
          watchdogMs: 500,
          lockMs: 2_000,
          channels: { webhook: { url: `${receiver.url}/hook`, secret: "outage-secret-0123456789" } },
        },
      );
      const started = runtime;
      // A witness connection of the test's own, to count failed reconnects (listening on the
      // runtime's queues would give them the listener this test is about). Each of the
      // runtime's connections fails as often, and BullMQ repeats each failure on every Queue
      // and Worker using the connection.
      witness = new Redis(redis.url, { maxRetriesPerRequest: null });
      let reconnectsFailed = 0;
      let onWitnessError = () => {};
      const enoughErrors = new Promise<void>((resolve) => (onWitnessError = () => ++reconnectsFailed >= 10 && resolve()));
      witness.on("error", () => onWitnessError());
      await witness.ping();

      // a delivery in flight: the receiver holds its request open
      const held = await outboxRow();
      let release = () => {};
      holds.set(held.key, new Promise<void>((resolve) => (release = resolve)));
      expect(await started.enqueue.notifications([held.id])).toBe(1);
      await receiver.received(1);

      // Redis goes away; the connections keep failing to reconnect
      redisDown = true;
      await redis.stop();
      await enoughErrors;
      const duringOutage = log.lines();
      const failed = duringOutage.filter((line) => String(line.msg).startsWith("Redis connection failed"));
      expect(failed.length).toBeGreaterThanOrEqual(1);
      // one line per cause (connection refused, perhaps a reset or a closed connection first), each saying it
      expect(failed.length).toBeLessThanOrEqual(3);
      for (const line of failed) expect(String(line.cause)).toMatch(/ECONNREFUSED|ECONNRESET|Connection is closed/);
      expect(duringOutage.filter((line) => Number(line.level) >= 40).length).toBeLessThanOrEqual(3);

      // Redis comes back, empty: the held job's keys are gone with the rest
      await redis.start();
      redisDown = false;
      await waitUntil("the worker logs that Redis is back", async () =>
        log.lines().find((line) => line.msg === "Redis connection is back"),
      );
      release();
      await waitUntil("the held delivery is marked sent", () => sent(held.id));
      const vanished = await waitUntil("the vanished job is reported", async () => {
        const lines = log.lines().filter((line) => String(line.msg).startsWith("a running job lost its keys or its lock"));
        return lines.length > 0 ? lines : undefined;
      });
      expect(vanished).toEqual([expect.objectContaining({ level: 40, jobId: `notify-${held.id}` })]);

      // the runtime works again without a restart: the watchdog brings the schedulers back and a new delivery goes out
      await waitUntil("the schedulers are back", async () => started.producer.queues.get("maintenance")?.getJobScheduler("deadline-sweep"));
      const after = await outboxRow();
      expect(await started.enqueue.notifications([after.id])).toBe(1);
      await waitUntil("the delivery after the outage is marked sent", () => sent(after.id));

      // once each, the held one included
      for (const row of [held, after]) expect(receiver.requests.filter((r) => r.headers["idempotency-key"] === row.key)).toHaveLength(1);
      // everything the outage made the process say: a few lines, all warnings or info, none per reconnect
      const said = log.lines().filter((line) => Number(line.level) >= 40);
      expect(said.length).toBeLessThanOrEqual(5);
      expect(said.every((line) => line.level === 40)).toBe(true);
      expect(reconnectsFailed).toBeGreaterThanOrEqual(10);
      expect(log.lines().filter((line) => line.msg === "Redis connection is back")).toHaveLength(1);
    } finally {
      if (redisDown) await redis.start();
      witness?.disconnect();
      await runtime?.close();
      for (const call of [...consoleError.mock.calls, ...consoleWarn.mock.calls]) printed.push(call.map(String).join(" ").slice(0, 200));
      consoleError.mockRestore();
      consoleWarn.mockRestore();
    }
    // BullMQ prints an error nobody listens for with console.error; ioredis too ("Unhandled error event")
    expect(printed).toEqual([]);
  });
});
