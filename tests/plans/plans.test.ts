// Scheduled rounds on real PostgreSQL and Redis: firing once per key, the draw once after the
// lock, the per-plan job scheduler registered at start and again after Redis was emptied.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import type { QueueEvents } from "bullmq";
import { startJobRuntime, type JobRuntime } from "../../jobs/runtime";
import { draws, organizations, planRuns, rounds, roundLocks } from "../../src/db/schema";
import { BadRequestError } from "../../src/errors";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import { fireKeyOf, missedFiring, checkLockCron, fillPattern } from "../../src/services/plans/plan-fns";
import {
  catchUpPlanFirings,
  createPlan,
  deactivatePlan,
  drawDuePlanRuns,
  firePlan,
  listPlans,
} from "../../src/services/plans/plan-service";
import { planInputSchema, type PlanInput } from "../../src/services/plans/plan-types";
import type { Organization } from "../../src/services/orgs/org-service";
import { operatorPrincipal } from "../../src/services/scope";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testNow } from "../helpers/clock";
import { testRedisUrl } from "../helpers/app";
import { testConfig } from "../helpers/config";
import { silentLogger } from "../helpers/logs";
import { deleteQueueKeys, testQueueEvents } from "../helpers/processes";

const operator = operatorPrincipal("plan-tests");
const planFile = planInputSchema.parse(
  JSON.parse(readFileSync(new URL("../fixtures/plans/county-twice-a-year.json", import.meta.url), "utf8")),
);
const prefix = `ssjtest-plans-${randomBytes(4).toString("hex")}`;

let test: TestDatabase;
let county: Organization;

beforeAll(async () => {
  test = await createTestDatabase();
  const seeded = await seedDemo(test.database.db, operator, 90, testConfig);
  if (!seeded.loaded) throw new Error("demo was loaded already");
  const [org] = await test.database.db.select().from(organizations).where(eq(organizations.code, "DEA"));
  if (!org) throw new Error("no DEA");
  county = org;
});

afterAll(async () => {
  await deleteQueueKeys(prefix);
  await test?.drop();
});

function plan(overrides: Partial<PlanInput> = {}): PlanInput {
  return { ...planFile, ...overrides };
}

/** Makes a plan's run due now, as if draw_after_minutes had passed. */
async function makeDrawDue(runId: string): Promise<void> {
  await test.database.db.update(planRuns).set({ drawDueAt: sql`ssj_now() - interval '1 second'` }).where(eq(planRuns.id, runId));
}

describe("plan file", () => {
  it("accepts the example plan: lock at 09:00 on 6 May and 6 November, server seed, draw an hour later", async () => {
    const created = await createPlan(test.database.db, operator, county, plan());
    expect(created).toMatchObject({ lockCron: "0 9 6 5,11 *", drawAfterMinutes: 60, active: true });
    const listed = (await listPlans(test.database.db, operator)).find((p) => p.id === created.id);
    expect(listed?.nextLockAt).toMatch(/^\d{4}-(05|11)-06T01:00:00\.000Z$/);
  });

  it("refuses a witness or beacon seed, a bad cron, one firing more than once a day, and a number without {seq}", async () => {
    expect(planInputSchema.safeParse({ ...planFile, template: { ...planFile.template, seedSource: "witness" } }).success).toBe(false);
    expect(
      planInputSchema.safeParse({ ...planFile, template: { ...planFile.template, numberPattern: "东阿编办〔{year}〕号" } }).success,
    ).toBe(false);
    await expect(createPlan(test.database.db, operator, county, plan({ lockCron: "0 9 31 2 *" }))).rejects.toBeInstanceOf(BadRequestError);
    await expect(createPlan(test.database.db, operator, county, plan({ lockCron: "0 * * * *" }))).rejects.toThrow(/more than once a day/);
    await expect(createPlan(test.database.db, operator, county, plan({ lockCron: "0 0 9 6 5 *" }))).rejects.toThrow(/5 fields/);
    await expect(
      createPlan(
        test.database.db,
        operator,
        county,
        plan({ template: { ...planFile.template, params: { ...planFile.template.params, items: ["NOPE"] } } }),
      ),
    ).rejects.toThrow(/unknown inspection item/);
  });
});

describe("plan-fns", () => {
  it("keys a firing by its scheduled minute and numbers its round in Shanghai's calendar", () => {
    expect(fireKeyOf(Date.UTC(2026, 4, 6, 1, 0, 0, 345))).toBe("2026-05-06T01:00Z");
    // 6 Jan 00:30 in Shanghai is still 5 Jan in UTC
    expect(fillPattern("〔{year}〕{seq}号 {month}月{day}日", new Date(Date.UTC(2026, 0, 5, 16, 30)), 2)).toBe("〔2026〕2号 1月6日");
    expect(checkLockCron("0 9 6 5,11 *", testNow())).toEqual({ ok: true });
  });

  it("catches up only the most recent firing, within 24 hours, and none from before the plan", () => {
    const cron = "0 9 6 5,11 *";
    const created = new Date("2026-01-01T00:00:00Z");
    expect(missedFiring(cron, created, new Date("2026-05-06T05:00:00Z"))?.toISOString()).toBe("2026-05-06T01:00:00.000Z");
    expect(missedFiring(cron, created, new Date("2026-05-07T02:00:00Z"))).toBeNull();
    expect(missedFiring(cron, new Date("2026-05-06T02:00:00Z"), new Date("2026-05-06T05:00:00Z"))).toBeNull();
  });
});

describe("firePlan", () => {
  it("makes one round for one firing, however often it runs, and locks it with a server commitment", async () => {
    const created = await createPlan(test.database.db, operator, county, plan({ name: "fire twice" }));
    const key = "2026-05-06T01:00Z";
    const [first, second] = await Promise.all([
      firePlan(test.database, created.id, key, testConfig),
      firePlan(test.database, created.id, key, testConfig),
    ]);
    const third = await firePlan(test.database, created.id, key, testConfig);
    expect([first.status, second.status].sort()).toEqual(["exists", "fired"]);
    expect(third.status).toBe("exists");
    const made = await test.database.db.select().from(rounds).where(eq(rounds.planId, created.id));
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({
      status: "locked",
      seedSource: "server",
      number: "东阿编办双随机〔2026〕1号",
      title: "2026年5月机构编制双随机抽查",
      windowStart: "2026-05-20",
      windowEnd: "2026-05-31",
    });
    const locks = await test.database.db
      .select()
      .from(roundLocks)
      .where(eq(roundLocks.roundId, made[0]?.id ?? ""));
    expect(locks).toHaveLength(1);
    expect(locks[0]?.seedCommitment).toMatch(/^[0-9a-f]{64}$/);
    const runs = await test.database.db.select().from(planRuns).where(eq(planRuns.planId, created.id));
    expect(runs).toHaveLength(1);
  });

  it("takes the next free {seq} when a number is taken, and does nothing for an inactive plan", async () => {
    const created = await createPlan(test.database.db, operator, county, plan({ name: "second firing in the year" }));
    const fired = await firePlan(test.database, created.id, "2026-11-06T01:00Z", testConfig);
    expect(fired.status).toBe("fired");
    if (fired.status === "fired") expect(fired.number).toMatch(/^东阿编办双随机〔2026〕[2-9]号$/);
    await deactivatePlan(test.database.db, operator, created.id);
    expect(await firePlan(test.database, created.id, "2027-05-06T01:00Z", testConfig)).toEqual({ status: "inactive" });
  });
});

describe("drawDuePlanRuns", () => {
  it("requests the draw once when it is due, even when two sweeps run at once, and the draw runs", async () => {
    const created = await createPlan(test.database.db, operator, county, plan({ name: "draw once" }));
    const fired = await firePlan(test.database, created.id, "2027-05-06T01:00Z", testConfig);
    if (fired.status !== "fired") throw new Error(`expected a firing, got ${fired.status}`);
    const notYet = await drawDuePlanRuns(test.database);
    expect(notYet.drawIds).toEqual([]);
    await makeDrawDue(fired.runId);
    const [a, b] = await Promise.all([drawDuePlanRuns(test.database), drawDuePlanRuns(test.database)]);
    const c = await drawDuePlanRuns(test.database);
    expect([...a.drawIds, ...b.drawIds, ...c.drawIds]).toHaveLength(1);
    const requested = await test.database.db.select().from(draws).where(eq(draws.roundId, fired.roundId));
    expect(requested).toHaveLength(1);
    expect(requested[0]).toMatchObject({ seedSource: "server", status: "pending", requestedBy: "system-worker" });
    const outcome = await executeDraw(test.database, requested[0]?.id ?? "");
    expect(outcome.status).toBe("done");
    const [round] = await test.database.db.select().from(rounds).where(eq(rounds.id, fired.roundId));
    expect(round?.status).toBe("drawn");
  });
});

describe("plan job schedulers", () => {
  let runtime: JobRuntime | undefined;
  let events: QueueEvents | undefined;

  afterAll(async () => {
    await events?.close();
    await runtime?.close();
  });

  it("registers one scheduler per active plan at start, again after Redis was emptied, and fires from it", async () => {
    const active = await createPlan(test.database.db, operator, county, plan({ name: "scheduled" }));
    const stopped = await createPlan(test.database.db, operator, county, plan({ name: "stopped" }));
    await deactivatePlan(test.database.db, operator, stopped.id);
    runtime = await startJobRuntime(
      { database: test.database, logger: silentLogger, config: testConfig },
      { redisUrl: testRedisUrl, prefix, watchdogMs: 3_600_000 },
    );
    const queue = runtime.producer.queues.get("plans");
    if (!queue) throw new Error("no plans queue");
    const scheduler = await queue.getJobScheduler(`plan-${active.id}`);
    expect(scheduler).toMatchObject({ pattern: "0 9 6 5,11 *", tz: "Asia/Shanghai" });
    expect(await queue.getJobScheduler(`plan-${stopped.id}`)).toBeUndefined();

    // Redis restarts empty (only this file's keys: other test files share the server)
    await deleteQueueKeys(prefix);
    expect(await queue.getJobScheduler(`plan-${active.id}`)).toBeUndefined();
    const registered = await runtime.ensureSchedulers();
    expect(registered).toBeGreaterThanOrEqual(2); // the reconcile scheduler and the plan's
    expect(await queue.getJobScheduler(`plan-${active.id}`)).toMatchObject({ pattern: "0 9 6 5,11 *", tz: "Asia/Shanghai" });
    expect(await runtime.ensureSchedulers()).toBe(0);

    // a deactivated plan's scheduler goes at the next pass
    await deactivatePlan(test.database.db, operator, active.id);
    await runtime.ensureSchedulers();
    expect(await queue.getJobScheduler(`plan-${active.id}`)).toBeUndefined();
  });

  it("fires a plan from its scheduler's job, keyed by the scheduled time", async () => {
    if (!runtime) throw new Error("runtime not started");
    const created = await createPlan(test.database.db, operator, county, plan({ name: "from a job" }));
    const queue = runtime.producer.queues.get("plans");
    if (!queue) throw new Error("no plans queue");
    events = await testQueueEvents("plans", prefix);
    // a job as the scheduler makes it: due now, carrying its scheduled time
    const scheduledFor = Date.UTC(2028, 4, 6, 1, 0);
    const job = await queue.add(
      "plan-fire",
      { planId: created.id },
      { jobId: `repeat:plan-${created.id}:${scheduledFor}`, prevMillis: scheduledFor },
    );
    const result = (await job.waitUntilFinished(events, 30_000)) as { status: string };
    expect(result.status).toBe("fired");
    const [run] = await test.database.db
      .select()
      .from(planRuns)
      .where(and(eq(planRuns.planId, created.id), eq(planRuns.fireKey, "2028-05-06T01:00Z")));
    expect(run?.roundId).toBeTruthy();
  });
});

describe("catchUpPlanFirings", () => {
  it("fires the most recent firing that an emptied Redis missed, once", async () => {
    // a plan created a day ago whose cron fired an hour ago: the firing has no run
    const now = testNow();
    const anHourAgo = new Date(now.getTime() - 3600_000);
    const shanghai = new Date(anHourAgo.getTime() + 8 * 3600_000);
    const cron = `${shanghai.getUTCMinutes()} ${shanghai.getUTCHours()} ${shanghai.getUTCDate()} ${shanghai.getUTCMonth() + 1} *`;
    const created = await createPlan(test.database.db, operator, county, plan({ name: "missed", lockCron: cron }));
    await test.database.db.execute(sql`update round_plans set created_at = ssj_now() - interval '1 day' where id = ${created.id}`);
    const first = await catchUpPlanFirings(test.database, testConfig);
    expect(first.fired.filter((f) => f.planId === created.id)).toEqual([
      { planId: created.id, fireKey: fireKeyOf(anHourAgo), status: "fired" },
    ]);
    const second = await catchUpPlanFirings(test.database, testConfig);
    expect(second.fired.filter((f) => f.planId === created.id)).toEqual([]);
  });
});
