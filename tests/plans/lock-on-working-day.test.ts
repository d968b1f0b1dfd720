// Scheduled round plans that lock on "the first working day on or after" their firing: the
// plan's scheduler wakes daily at the lock time and only the right day locks (a firing on a
// 放假调休 holiday locks when the holiday is over), once.
import { readFileSync } from "node:fs";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { organizations, planRuns, rounds } from "../../src/db/schema";
import { BadRequestError } from "../../src/errors";
import { loadCalendar } from "../../src/services/calendar/calendar-service";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { addDays, fireKeyOf, isLockDay, schedulerCron } from "../../src/services/plans/plan-fns";
import { activePlanSchedules, createPlan, firePlan } from "../../src/services/plans/plan-service";
import { planInputSchema } from "../../src/services/plans/plan-types";
import type { Organization } from "../../src/services/orgs/org-service";
import { operatorPrincipal } from "../../src/services/scope";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testConfig } from "../helpers/config";

const operator = operatorPrincipal("plan-tests");
const planFile = planInputSchema.parse(
  JSON.parse(readFileSync(new URL("../fixtures/plans/county-twice-a-year.json", import.meta.url), "utf8")),
);
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
  await test?.drop();
});

/** 09:00 Asia/Shanghai of a date. */
const nineOn = (isoDate: string) => new Date(`${isoDate}T09:00:00+08:00`);

describe("isLockDay", () => {
  // a week where the 1st and 2nd are holidays
  const firstWorking = (date: string) => (date === "2026-10-01" || date === "2026-10-02" ? "2026-10-03" : date);

  it("locks on the firing's day when it is a working day", () => {
    expect(isLockDay("0 9 5 10 *", nineOn("2026-10-05"), firstWorking)).toBe(true);
  });

  it("moves a firing on a holiday to the first working day after it, and only there", () => {
    expect(isLockDay("0 9 1 10 *", nineOn("2026-10-01"), firstWorking)).toBe(false);
    expect(isLockDay("0 9 1 10 *", nineOn("2026-10-02"), firstWorking)).toBe(false);
    expect(isLockDay("0 9 1 10 *", nineOn("2026-10-03"), firstWorking)).toBe(true);
    expect(isLockDay("0 9 1 10 *", nineOn("2026-10-04"), firstWorking)).toBe(false);
  });

  it("makes one lock of two firings moved to the same day", () => {
    const daily = "0 9 * * *";
    expect(["2026-10-01", "2026-10-02", "2026-10-03"].map((day) => isLockDay(daily, nineOn(day), firstWorking))).toEqual([
      false,
      false,
      true,
    ]);
  });
});

describe("a plan with lockOn first-working-day-on-or-after", () => {
  it("is woken daily at the lock time; a lock cron without one minute and hour is refused", async () => {
    const plan = await createPlan(test.database.db, operator, county, {
      ...planFile,
      name: "国庆后首个工作日锁定",
      lockCron: "0 9 1 10 *",
      lockOn: "first-working-day-on-or-after",
    });
    expect(plan).toMatchObject({ lockCron: "0 9 1 10 *", lockOn: "first-working-day-on-or-after" });
    expect(schedulerCron(plan)).toBe("0 9 * * *");
    expect((await activePlanSchedules(test.database.db)).find((s) => s.planId === plan.id)?.schedulerCron).toBe("0 9 * * *");
    await expect(
      createPlan(test.database.db, operator, county, {
        ...planFile,
        name: "bad",
        lockCron: "0 9,15 1 10 *",
        lockOn: "first-working-day-on-or-after",
      }),
    ).rejects.toThrow(BadRequestError);
  });

  it("locks on the first working day after the National Day holiday, once, and not on the holiday", async () => {
    const plan = await createPlan(test.database.db, operator, county, {
      ...planFile,
      name: "国庆锁定",
      template: { ...planFile.template, numberPattern: "国庆后锁定〔{year}〕{seq}号" },
      lockCron: "0 9 1 10 *",
      lockOn: "first-working-day-on-or-after",
    });
    const calendar = await loadCalendar(test.database.db, testConfig);
    const lockDay = calendar.nthWorkingDayOnOrAfter("2026-10-01");
    expect(lockDay > "2026-10-01").toBe(true); // 1 October is a holiday
    const outcomes: Record<string, string> = {};
    for (let day = "2026-10-01"; day <= addDays(lockDay, 1); day = addDays(day, 1)) {
      outcomes[day] = (await firePlan(test.database, plan.id, fireKeyOf(nineOn(day)), testConfig)).status;
    }
    const expected: Record<string, string> = {};
    for (let day = "2026-10-01"; day <= addDays(lockDay, 1); day = addDays(day, 1))
      expected[day] = day === lockDay ? "fired" : "not-a-lock-day";
    expect(outcomes).toEqual(expected);
    // the wake-up running again that day (a retry, the reconcile sweep) makes nothing new
    expect((await firePlan(test.database, plan.id, fireKeyOf(nineOn(lockDay)), testConfig)).status).toBe("exists");
    const runs = await test.database.db.select().from(planRuns).where(eq(planRuns.planId, plan.id));
    expect(runs.map((run) => run.fireKey)).toEqual([fireKeyOf(nineOn(lockDay))]);
    const made = await test.database.db.select({ status: rounds.status }).from(rounds).where(eq(rounds.planId, plan.id));
    expect(made).toEqual([{ status: "locked" }]);
  });
});
