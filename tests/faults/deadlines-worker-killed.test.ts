// A worker killed during a reminder's delivery (DESIGN.md, rule 2): the receiver got the
// request but the worker died before marking the row sent. The next worker sends it again
// with the same Idempotency-Key — the documented repeat, at most once per crash — marks it
// sent once, and counts the repeat in uncertain_sends (docs/notifications.md).
//
// The kill lands mid-delivery deterministically: the receiver (ours) holds its answer to the
// first request open, so the worker is waiting on it when the test sends SIGKILL.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client";
import { startHttpReceiver, type HttpReceiver } from "../notifications/receivers";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { deleteQueueKeys, spawnWorker, uniquePrefix, waitUntil, type WorkerProcess } from "../helpers/processes";
import { deadlineWorld, deliveriesOf, fallDue, webhookSecret, writeTestPolicy, type DeadlineWorld } from "./deadline-world";

const prefix = uniquePrefix("deadline-kill");
let test: TestDatabase;
let world: DeadlineWorld;
let receiver: HttpReceiver;
let policy: ReturnType<typeof writeTestPolicy>;
const workers: WorkerProcess[] = [];
let release: () => void = () => {};
const held = new Promise<void>((resolve) => (release = resolve));

beforeAll(async () => {
  // one recipient per reminder; a send's claim lasts 2 × 1.5 s, so the next worker may take it over soon
  policy = writeTestPolicy((p) => {
    p.reminderRecipients = ["department-contact"];
    p.delivery = { attempts: 8, backoffMs: 200, timeoutMs: 1_500 };
  });
  test = await createTestDatabase();
  world = await deadlineWorld(test, "截止故障〔2026〕2号");
  // the first request is held open (the worker waits on it); later ones are accepted
  receiver = await startHttpReceiver((_request, index) => (index === 0 ? { status: 200, after: held } : { status: 200 }));
});

afterAll(async () => {
  release();
  for (const worker of workers) await worker.kill("SIGKILL");
  await receiver?.close();
  await deleteQueueKeys(prefix);
  await test?.drop();
  policy?.remove();
});

describe("a worker killed while the receiver holds a reminder's delivery open", () => {
  it("repeats the delivery at most once, with the same idempotency key, and marks it sent once", { timeout: 90_000 }, async () => {
    const finding = await world.issued(0);
    await fallDue(test, [finding.id], ["remind-due"]);
    const env = {
      DATABASE_URL: test.url,
      QUEUE_PREFIX: prefix,
      JOB_LOCK_MS: "2000",
      SWEEP_EVERY_MS: "300",
      SSJ_POLICY_FILE: policy.file,
      SSJ_WEBHOOK_URL: `${receiver.url}/hook`,
      SSJ_WEBHOOK_SECRET: webhookSecret,
    };

    const first = spawnWorker(env);
    workers.push(first);
    const [request] = await receiver.received(1);
    const key = String(request?.headers["idempotency-key"]);
    expect(key).toMatch(/^ledger:[0-9a-f-]{36}:department-contact:[^:]+:webhook$/);
    await first.kill("SIGKILL");
    release(); // too late: nobody is waiting for the answer

    // What PostgreSQL shows between the crash and the next worker: sent by the receiver's
    // account, still pending by ours — the outcome is unknown.
    const [pending] = await deliveriesOf(test, [finding.id]);
    expect(pending).toMatchObject({ key, status: "pending", attempts: 0 });

    const second = spawnWorker(env);
    workers.push(second);
    const [sent] = await waitUntil(
      "the next worker delivered the reminder",
      async () => {
        const rows = await deliveriesOf(test, [finding.id]);
        return rows.every((row) => row.status === "sent") ? rows : undefined;
      },
      45_000,
    );
    expect(sent).toMatchObject({ key, status: "sent", attempts: 1, uncertainSends: 1 });
    const requests = receiver.requests.filter((r) => JSON.parse(r.body).payload?.findingId === finding.id);
    expect(requests.map((r) => r.headers["idempotency-key"])).toEqual([key, key]);
    const [ledger] = await queryRows<{ status: string }>(
      test.database.db,
      sql`select status from reminder_ledger where finding_id = ${finding.id} and kind = 'remind-due'`,
    );
    expect(ledger?.status).toBe("sent");
    await second.kill("SIGTERM");
  });
});
