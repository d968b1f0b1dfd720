// Redis emptied (a restart without persistence, DESIGN.md rule 1): a draw requested before
// still happens, once; the schedulers come back. Emptying is emulated by deleting this file's
// queue prefix (SCAN + DEL of `${prefix}:*`), not FLUSHALL, so test files running in parallel
// on the same Redis keep their keys.
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRuntime } from "../../jobs/runtime";
import { queryRows } from "../../src/db/client";
import { roundPlans } from "../../src/db/schema";
import { resolveOrg } from "../../src/services/orgs/org-service";
import { createPlan } from "../../src/services/plans/plan-service";
import { requestDraw } from "../../src/services/rounds/round-service";
import { bearer, buildTestApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { deleteQueueKeys, seedDemoCounty, startTestRuntime, testProducer, uniquePrefix, waitUntil } from "../helpers/processes";
import { countyRound, createLockedRound, drawEffects, expectedOneDraw, operator, witnessSeed } from "../helpers/rounds";

let testDb: TestDatabase;
let tokens: Record<string, string>;
const prefix = uniquePrefix("empty");

beforeAll(async () => {
  testDb = await createTestDatabase();
  tokens = await seedDemoCounty(testDb.database);
});

afterAll(async () => {
  await deleteQueueKeys(prefix);
  await testDb?.drop();
});

async function drawnOnce(roundId: string) {
  const effects = await waitUntil("the draw is done", async () => {
    const now = await drawEffects(testDb.database, roundId);
    return now.draws.done === 1 ? now : undefined;
  });
  expect(effects.teamsInRecord).toBe(8);
  expect(effects).toMatchObject(expectedOneDraw(effects, 1));
}

describe("Redis emptied after a draw was requested", () => {
  it("with no worker running: the next worker finds the draw in PostgreSQL and draws it once", async () => {
    const { round } = await createLockedRound(testDb.database, "empty-1");
    // The API as `ssj serve` runs it: it wakes a worker by adding the draw job to Redis.
    const producer = testProducer(prefix);
    const app = await buildTestApp(testDb.database, { drawWaker: { drawRequested: (drawId) => producer.add("draw", { drawId }) } });
    let runtime: JobRuntime | undefined;
    try {
      const response = await app.app.inject({
        method: "POST",
        url: `/api/v1/rounds/${round.id}/draws`,
        headers: bearer(tokens.supervisor ?? ""),
        payload: { seed: witnessSeed() },
      });
      expect(response.statusCode).toBe(202);
      const { drawId } = response.json<{ drawId: string }>();
      expect(await producer.queues.get("draws")?.getJob(`draw-${drawId}`)).toBeDefined();

      expect(await deleteQueueKeys(prefix)).toBeGreaterThan(0);
      expect(await producer.queues.get("draws")?.getJob(`draw-${drawId}`)).toBeUndefined();

      runtime = await startTestRuntime(testDb.database, prefix);
      await drawnOnce(round.id);
    } finally {
      await runtime?.close();
      await app.close();
      await producer.close();
    }
  });

  it("with a worker running: its watchdog re-registers the scheduler and the reconcile draws it once", async () => {
    const runtime = await startTestRuntime(testDb.database, prefix);
    try {
      const maintenance = runtime.producer.queues.get("maintenance");
      expect(await maintenance?.getJobScheduler("reconcile")).toBeDefined();
      // A draw whose wake-up is lost with the keys (no waker: only PostgreSQL knows of it).
      const { round } = await createLockedRound(testDb.database, "empty-2");
      await requestDraw(testDb.database.db, operator, round.id, { seed: witnessSeed() });
      await deleteQueueKeys(prefix);
      expect(await maintenance?.getJobScheduler("reconcile")).toBeUndefined();

      // What the watchdog timer calls: the schedulers were missing, and they are back.
      expect(await runtime.ensureSchedulers()).toBeGreaterThan(0);
      expect(await maintenance?.getJobScheduler("reconcile")).toBeDefined();
      expect(await runtime.ensureSchedulers()).toBe(0);
      await drawnOnce(round.id);
    } finally {
      await runtime.close();
    }
  });
});

describe("Redis emptied after a plan of scheduled rounds was registered", () => {
  it("the watchdog brings the plan's scheduler back, and its scheduled lock happens once", async () => {
    const county = countyRound("unused");
    const org = await resolveOrg(testDb.database.db, operator, "DEA");
    const plan = await createPlan(testDb.database.db, operator, org, {
      name: "每日九点锁定 daily 09:00 lock",
      lockCron: "0 9 * * *",
      drawAfterMinutes: 24 * 60, // the draw is not due within this test: only the lock is
      template: {
        titlePattern: "定时双随机抽查 {seq}",
        numberPattern: "东阿编办定时〔plan〕{seq}号",
        seedSource: "server",
        notice: county.notice,
        window: { startAfterDays: 10, days: 5 },
        params: county.params,
      },
    });
    // Registered two days ago: today's 09:00 (Asia/Shanghai) firing, the latest, is always
    // within the last 24 hours and after the plan, whatever time the test runs at. Its wake-up
    // was in the Redis that is gone.
    await testDb.database.db.update(roundPlans).set({ createdAt: sql`ssj_now() - interval '2 days'` }).where(eq(roundPlans.id, plan.id));

    const runtime = await startTestRuntime(testDb.database, prefix);
    try {
      const plans = runtime.producer.queues.get("plans");
      expect(await plans?.getJobScheduler(`plan-${plan.id}`)).toMatchObject({ pattern: "0 9 * * *", tz: "Asia/Shanghai" });
      expect(await scheduledLocks(plan.id)).toEqual({ runs: 1, rounds: 1, locked: 1, locks: 1, lockEvents: 1 });

      await deleteQueueKeys(prefix);
      expect(await plans?.getJobScheduler(`plan-${plan.id}`)).toBeUndefined();
      expect(await runtime.ensureSchedulers()).toBeGreaterThan(0);
      expect(await plans?.getJobScheduler(`plan-${plan.id}`)).toMatchObject({ pattern: "0 9 * * *", tz: "Asia/Shanghai" });
      // The reconcile that followed found the firing done: still one round, locked once.
      expect(await scheduledLocks(plan.id)).toEqual({ runs: 1, rounds: 1, locked: 1, locks: 1, lockEvents: 1 });
    } finally {
      await runtime.close();
    }
  });
});

async function scheduledLocks(planId: string) {
  const [row] = await queryRows<{ runs: number; rounds: number; locked: number; locks: number; lockEvents: number }>(
    testDb.database.db,
    sql`select (select count(*)::int from plan_runs where plan_id = ${planId}) as runs,
               (select count(*)::int from rounds where plan_id = ${planId}) as rounds,
               (select count(*)::int from rounds where plan_id = ${planId} and status = 'locked') as locked,
               (select count(*)::int from round_locks l join rounds r on r.id = l.round_id where r.plan_id = ${planId}) as locks,
               (select count(*)::int from audit_events e join rounds r on e.subject = 'round:' || r.id where r.plan_id = ${planId} and e.action = 'round.lock') as "lockEvents"`,
  );
  return row;
}
