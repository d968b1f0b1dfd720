// Deadline reminders and escalations end to end through the job runtime (the deadline-sweep
// job, notify jobs on BullMQ, the webhook to a local receiver counting requests by
// Idempotency-Key), under faults: Redis emptied while reminders are pending, the same notify
// job run three times at once, a deadline extended after its reminders were scheduled, a
// finding accepted a minute before its L1, and a burst where everything falls due together.
import { eq, inArray, sql } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startJobRuntime, type JobRuntime } from "../../jobs/runtime";
import { queryRows } from "../../src/db/client";
import { notificationOutbox, reminderLedger } from "../../src/db/schema";
import { extendDeadline, reviewReport, submitReport } from "../../src/services/findings/finding-service";
import { loadDeadlinePlanner } from "../../src/services/findings/planner-factory";
import { startHttpReceiver, type Answer, type HttpReceiver } from "../notifications/receivers";
import { testRedisUrl } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { loadPolicy } from "../../config/policy";
import { deleteQueueKeys, uniquePrefix, waitUntil } from "../helpers/processes";
import {
  deadlineWorld,
  deliveriesOf,
  fallDue,
  scheduledRows,
  webhookSecret,
  writeTestPolicy,
  type DeadlineWorld,
  type Delivery,
} from "./deadline-world";
import { testConfig, withPolicy } from "../helpers/config";

const prefix = uniquePrefix("deadlines");
let test: TestDatabase;
let world: DeadlineWorld;
let receiver: HttpReceiver;
let policy: ReturnType<typeof writeTestPolicy>;
const runtimes: JobRuntime[] = [];
/** How the receiver answers a request; tests swap it (a gate that holds the answer). */
let answer: (key: string) => Answer = () => ({ status: 200 });

beforeAll(async () => {
  policy = writeTestPolicy();
  test = await createTestDatabase();
  world = await deadlineWorld(test, "截止故障〔2026〕1号");
  receiver = await startHttpReceiver((request) => answer(String(request.headers["idempotency-key"])));
});

afterAll(async () => {
  for (const runtime of runtimes) await runtime.close();
  await receiver?.close();
  await deleteQueueKeys(prefix);
  await test?.drop();
  policy?.remove();
});

/** The job runtime in this process on this file's prefix; the deadline sweep every 300 ms. */
async function startRuntime(): Promise<JobRuntime> {
  const runtime = await startJobRuntime(
    { database: test.database, logger: pino({ level: "silent" }), config: withPolicy(loadPolicy(policy.file)) },
    {
      redisUrl: testRedisUrl,
      prefix,
      watchdogMs: 600_000,
      sweepEveryMs: 300,
      channels: { webhook: { url: `${receiver.url}/hook`, secret: webhookSecret } },
    },
  );
  runtimes.push(runtime);
  return runtime;
}

async function stop(runtime: JobRuntime): Promise<void> {
  runtimes.splice(runtimes.indexOf(runtime), 1);
  await runtime.close();
}

/** How many requests the receiver got carrying this key. */
function received(key: string): number {
  return receiver.requests.filter((request) => request.headers["idempotency-key"] === key).length;
}

/** Waits until the due ledger rows of the findings were swept and every delivery they made is sent. */
async function allSent(findingIds: string[]): Promise<Delivery[]> {
  return waitUntil(
    "every due reminder and escalation is delivered",
    async () => {
      if ((await scheduledRows(test, findingIds)) > 0) return undefined;
      const deliveries = await deliveriesOf(test, findingIds);
      return deliveries.length > 0 && deliveries.every((d) => d.status === "sent") ? deliveries : undefined;
    },
    40_000,
  );
}

function expectEachReceivedOnce(deliveries: Delivery[]): void {
  expect(deliveries.map((d) => [d.key, received(d.key)])).toEqual(deliveries.map((d) => [d.key, 1]));
}

describe("Redis emptied while reminders are pending", () => {
  it("delivers every due reminder and escalation once the runtime is back", async () => {
    // a worker ran before: its schedulers are in Redis
    await stop(await startRuntime());
    const reminded = await world.issued(0);
    const escalated = await world.issued(1);
    await fallDue(test, [reminded.id], ["remind-due"]);
    await fallDue(test, [escalated.id], ["L1"]);
    // Redis restarts empty before any sweep saw them: only PostgreSQL knows they are due
    expect(await deleteQueueKeys(prefix)).toBeGreaterThan(0);

    const runtime = await startRuntime();
    const deliveries = await allSent([reminded.id, escalated.id]);
    expect(new Set(deliveries.map((d) => d.kind))).toEqual(new Set(["finding.reminder", "finding.escalation.L1"]));
    expectEachReceivedOnce(deliveries);

    // and once more with the runtime running: its watchdog re-registers the schedulers
    const later = await world.issued(2);
    await deleteQueueKeys(prefix);
    await fallDue(test, [later.id], ["remind-due", "L2"]);
    expect(await runtime.ensureSchedulers()).toBeGreaterThan(0);
    const more = await allSent([later.id]);
    expect(new Set(more.map((d) => d.kind))).toEqual(new Set(["finding.reminder", "finding.escalation.L2"]));
    expectEachReceivedOnce(more);
    await stop(runtime);
  });
});

describe("the same notify job run three times at once", () => {
  it("delivers once", async () => {
    const runtime = await startRuntime();
    // a delivery in PostgreSQL; its wake-up added under three job ids, so three runs overlap
    const [row] = await test.database.db
      .insert(notificationOutbox)
      .values({
        key: `ledger:${crypto.randomUUID()}:supervisors:zhang.supervisor:webhook`,
        kind: "finding.escalation.L1",
        channel: "webhook",
        recipient: { kind: "supervisors", code: "zhang.supervisor", name: "监督检查股" },
        payload: { level: "L1", description: "逾期未整改", severity: "general" },
      })
      .returning();
    if (!row) throw new Error("no row");
    const queue = runtime.producer.queues.get("notifications");
    if (!queue) throw new Error("no queue");
    const jobIds = ["a", "b", "c"].map((n) => `triple-${n}-${row.id}`);
    // the receiver holds the first send open until the other two runs found the row held
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    answer = (key) => (key === row.key ? { status: 200, after: gate } : { status: 200 });
    try {
      for (const jobId of jobIds)
        await queue.add("notify", { outboxId: row.id }, { attempts: 5, backoff: { type: "fixed", delay: 100 }, jobId });
      await waitUntil("one run sends while the other two find the row held", async () => {
        if (received(row.key) !== 1) return undefined;
        const jobs = await Promise.all(jobIds.map((id) => queue.getJob(id)));
        return jobs.filter((job) => (job?.attemptsMade ?? 0) >= 1).length >= 2;
      });
    } finally {
      release();
      answer = () => ({ status: 200 });
    }
    await waitUntil("all three runs finished", async () => {
      const states = await Promise.all(jobIds.map((id) => queue.getJobState(id)));
      return states.every((state) => state === "completed");
    });
    const [stored] = await test.database.db.select().from(notificationOutbox).where(eq(notificationOutbox.id, row.id));
    expect(stored).toMatchObject({ status: "sent", attempts: 1, uncertainSends: 0 });
    expect(received(row.key)).toBe(1);
    await stop(runtime);
  });
});

describe("the deadline sweep job", () => {
  it("sends nothing for a deadline extended after its reminders were scheduled, and reminds on the new one", async () => {
    const runtime = await startRuntime();
    const finding = await world.issued(3);
    const oldRows = await test.database.db.select().from(reminderLedger).where(eq(reminderLedger.findingId, finding.id));
    expect(oldRows.map((r) => r.kind)).toContain("remind-due");
    await extendDeadline(
      test.database.db,
      world.supervisor,
      finding.id,
      { workingDays: 30, reason: "涉及机构改革，需延期" },
      await loadDeadlinePlanner(test.database.db, testConfig),
    );
    // the old version's times pass, and so does the new version's remind-1
    await test.database.db
      .update(reminderLedger)
      .set({ dueAt: sql`ssj_now() - interval '1 minute'` })
      .where(
        inArray(
          reminderLedger.id,
          oldRows.map((r) => r.id),
        ),
      );
    await fallDue(test, [finding.id], ["remind-1"], 2);
    const deliveries = await allSent([finding.id]);
    const old = await test.database.db
      .select()
      .from(reminderLedger)
      .where(
        inArray(
          reminderLedger.id,
          oldRows.map((r) => r.id),
        ),
      );
    expect(old.map((r) => r.status)).toEqual(old.map(() => "cancelled"));
    // only the new version's reminder went out
    const oldIds = new Set(oldRows.map((r) => r.id));
    expect(deliveries.filter((d) => oldIds.has(d.ledgerId))).toEqual([]);
    expect(
      receiver.requests.filter((r) => [...oldIds].some((id) => String(r.headers["idempotency-key"]).startsWith(`ledger:${id}:`))),
    ).toEqual([]);
    expect(deliveries.map((d) => d.kind)).toEqual(deliveries.map(() => "finding.reminder"));
    expectEachReceivedOnce(deliveries);
    await stop(runtime);
  });

  it("sends no L1 for a finding accepted a minute before it", async () => {
    const runtime = await startRuntime();
    const accepted = await world.issued(4);
    const overdue = await world.issued(5); // the control: its L1 goes out in the same sweeps
    await submitReport(test.database.db, await world.department(accepted.departmentId), accepted.id, {
      content: "已完成整改",
      attachments: [],
    });
    await reviewReport(test.database.db, world.supervisor, accepted.id, { decision: "accept" });
    await test.database.db
      .update(reminderLedger)
      .set({ dueAt: sql`ssj_now()` })
      .where(inArray(reminderLedger.findingId, [accepted.id, overdue.id]));
    await fallDue(test, [accepted.id, overdue.id], ["L1"]);
    await test.database.db
      .update(reminderLedger)
      .set({ dueAt: sql`ssj_now() + interval '1 day'` })
      .where(sql`${reminderLedger.findingId} in ${[accepted.id, overdue.id]} and ${reminderLedger.kind} <> 'L1'`);
    const deliveries = await allSent([overdue.id]);
    expect(new Set(deliveries.map((d) => d.kind))).toEqual(new Set(["finding.escalation.L1"]));
    expectEachReceivedOnce(deliveries);
    await waitUntil("the accepted finding's L1 was swept", async () => (await scheduledRows(test, [accepted.id])) === 0);
    const [l1] = await test.database.db
      .select()
      .from(reminderLedger)
      .where(sql`${reminderLedger.findingId} = ${accepted.id} and ${reminderLedger.kind} = 'L1'`);
    expect(l1?.status).toBe("cancelled");
    expect(await deliveriesOf(test, [accepted.id])).toEqual([]);
    expect(receiver.requests.filter((r) => JSON.parse(r.body).payload?.findingId === accepted.id)).toEqual([]);
    await stop(runtime);
  });

  it("delivers each reminder and escalation once when 500 findings fall due in the same minute", async () => {
    const template = await world.issued(6);
    // 499 more issued findings like it, written in bulk (issuing each through the service would take minutes)
    const [cloned] = await queryRows<{ ids: string[] }>(
      test.database.db,
      sql`with made as (
            insert into findings (org_id, round_id, inspection_id, department_id, item_id, description, severity, status, deadline_version, recorded_by, issued_by, issued_at)
            select org_id, round_id, inspection_id, department_id, item_id, description || ' #' || g, severity, status, deadline_version, recorded_by, issued_by, issued_at
            from findings, generate_series(1, 499) g where id = ${template.id}
            returning id)
          select array_agg(id::text) as ids from made`,
    );
    const ids = [template.id, ...(cloned?.ids ?? [])];
    await test.database.db.execute(sql`insert into finding_deadlines (finding_id, version, counted_from, working_days, due_on, due_at, reason, created_by)
                                       select f.id, d.version, d.counted_from, d.working_days, d.due_on, d.due_at, d.reason, d.created_by
                                       from findings f, finding_deadlines d where f.id in ${cloned?.ids ?? []} and d.finding_id = ${template.id}`);
    await test.database.db.execute(sql`insert into reminder_ledger (finding_id, kind, deadline_version, due_at)
                                       select f.id, l.kind, l.deadline_version, l.due_at from findings f, reminder_ledger l where f.id in ${cloned?.ids ?? []} and l.finding_id = ${template.id}`);
    expect(ids).toHaveLength(500);
    await test.database.db
      .update(reminderLedger)
      .set({ dueAt: sql`ssj_now() + interval '1 day'` })
      .where(inArray(reminderLedger.findingId, ids));
    await fallDue(test, ids, ["remind-due", "L1"]);

    const runtime = await startRuntime();
    const deliveries = await allSent(ids);
    // per finding: the due-day reminder (department contact, team leader) and L1 (department head, supervisors)
    const ledger = await test.database.db.select().from(reminderLedger).where(inArray(reminderLedger.findingId, ids));
    expect(ledger.filter((r) => r.kind === "remind-due" || r.kind === "L1").map((r) => r.status)).toEqual(
      Array.from({ length: 1000 }, () => "sent"),
    );
    expect(new Set(deliveries.map((d) => d.ledgerId)).size).toBe(1000);
    expect(deliveries.length).toBeGreaterThanOrEqual(2000);
    expectEachReceivedOnce(deliveries);
    await stop(runtime);
  });
});
