// The notify job on a real worker (BullMQ on Redis, PostgreSQL): it retries with the
// attempts and exponential backoff of config/policy.json `delivery`, marks the row sent only
// once the receiver accepted, and leaves a dead letter when every attempt failed.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { QueueEvents } from "bullmq";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultPolicyFile } from "../../config/policy";
import { jobDefinitions } from "../../jobs/catalog";
import { startJobRuntime, type JobRuntime } from "../../jobs/runtime";
import { notificationOutbox } from "../../src/db/schema";
import { testRedisUrl } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { loadPolicy } from "../../config/policy";
import { withPolicy } from "../helpers/config";
import { silentLogger } from "../helpers/logs";
import { deleteQueueKeys, testQueueEvents, uniquePrefix } from "../helpers/processes";
import { startHttpReceiver, type HttpReceiver } from "./receivers";

const backoffMs = 150;
let test: TestDatabase;
let runtime: JobRuntime;
let events: QueueEvents;
let http: HttpReceiver;
let policyDir: string;
const prefix = uniquePrefix("notify");
/** Arrival time of each request, by idempotency key. */
const arrivals = new Map<string, number[]>();

beforeAll(async () => {
  // this file's deployment policy: 3 attempts, 150 ms exponential backoff
  policyDir = mkdtempSync(path.join(tmpdir(), "ssj-policy-"));
  const policy = JSON.parse(readFileSync(defaultPolicyFile, "utf8"));
  policy.delivery = { attempts: 3, backoffMs, timeoutMs: 2_000 };
  writeFileSync(path.join(policyDir, "policy.json"), JSON.stringify(policy));

  test = await createTestDatabase();
  http = await startHttpReceiver((request) => {
    const key = String(request.headers["idempotency-key"]);
    arrivals.set(key, [...(arrivals.get(key) ?? []), performance.now()]);
    return answers.get(key)?.(arrivals.get(key)?.length ?? 0) ?? { status: 200 };
  });
  runtime = await startJobRuntime(
    { database: test.database, logger: silentLogger, config: withPolicy(loadPolicy(path.join(policyDir, "policy.json"))) },
    { redisUrl: testRedisUrl, prefix, watchdogMs: 600_000, channels: { webhook: { url: `${http.url}/hook`, secret: "0123456789abcdef" } } },
  );
  events = await testQueueEvents("notifications", prefix);
});

afterAll(async () => {
  await events?.close();
  await runtime?.close();
  await http?.close();
  await deleteQueueKeys(prefix);
  await test?.drop();
  if (policyDir) rmSync(policyDir, { recursive: true, force: true });
});

/** How the receiver answers the n-th request (1-based) carrying a key. */
const answers = new Map<string, (n: number) => { status: number }>();

async function queuedNotification(answer: (n: number) => { status: number }): Promise<{ id: string; key: string }> {
  const key = `ledger:${randomUUID()}:supervisors:dea.supervisor:webhook`;
  answers.set(key, answer);
  const [row] = await test.database.db
    .insert(notificationOutbox)
    .values({
      key,
      kind: "finding.escalation.L2",
      channel: "webhook",
      recipient: { kind: "supervisors", code: "dea.supervisor", name: "监督检查股" },
      payload: { description: "逾期未整改", severity: "urgent", level: "L2" },
    })
    .returning({ id: notificationOutbox.id, key: notificationOutbox.key });
  if (!row) throw new Error("no row");
  return row;
}

async function finished(outboxId: string): Promise<unknown> {
  const queue = runtime.producer.queues.get("notifications");
  const job = await queue?.getJob(jobDefinitions.notify.jobId({ outboxId }));
  if (!job) throw new Error(`no notify job for ${outboxId}`);
  return job.waitUntilFinished(events, 30_000);
}

describe("the notify job", () => {
  it("takes its attempts and backoff from config/policy.json delivery", async () => {
    const row = await queuedNotification(() => ({ status: 200 }));
    await runtime.enqueue.notifications([row.id]);
    const job = await runtime.producer.queues.get("notifications")?.getJob(jobDefinitions.notify.jobId({ outboxId: row.id }));
    expect(job?.opts).toMatchObject({ attempts: 3, backoff: { type: "exponential", delay: backoffMs } });
  });

  it("retries a receiver answering 500 twice, backing off exponentially, and marks the row sent on the third attempt", async () => {
    const row = await queuedNotification((n) => ({ status: n <= 2 ? 500 : 200 }));
    await runtime.enqueue.dueNotifications();
    expect(await finished(row.id)).toEqual({ status: "sent", key: row.key });
    const times = arrivals.get(row.key) ?? [];
    expect(times).toHaveLength(3);
    const [first = 0, second = 0, third = 0] = times;
    expect(second - first).toBeGreaterThanOrEqual(backoffMs * 0.9);
    expect(third - second).toBeGreaterThanOrEqual(backoffMs * 2 * 0.9);
    const [stored] = await test.database.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id));
    expect(stored).toMatchObject({ status: "sent", attempts: 3, lastError: expect.stringContaining("answered 500") });
    expect(http.requests.filter((r) => r.headers["idempotency-key"] === row.key).map((r) => r.headers["x-ssj-signature"])).toHaveLength(3);
  });

  it("leaves a dead letter when the receiver always answers 500", async () => {
    const row = await queuedNotification(() => ({ status: 500 }));
    await runtime.enqueue.dueNotifications();
    expect(await finished(row.id)).toMatchObject({ status: "dead", key: row.key });
    expect(arrivals.get(row.key)).toHaveLength(3);
    const [stored] = await test.database.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id));
    expect(stored).toMatchObject({ status: "dead", attempts: 3, deadCount: 1 });
  });

  it("delivers a retried dead letter again when the reconcile sweep wakes it", async () => {
    const row = await queuedNotification((n) => ({ status: n <= 3 ? 500 : 200 }));
    await runtime.enqueue.dueNotifications();
    expect(await finished(row.id)).toMatchObject({ status: "dead" });
    // what an admin's retry does in PostgreSQL; the completed job is run again from the row
    await test.database.db.update(notificationOutbox).set({ status: "pending", attempts: 0 }).where(eq(notificationOutbox.id, row.id));
    expect(await runtime.enqueue.dueNotifications()).toBeGreaterThanOrEqual(1);
    expect(await finished(row.id)).toEqual({ status: "sent", key: row.key });
    expect(arrivals.get(row.key)).toHaveLength(4);
  });
});
