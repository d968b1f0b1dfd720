// Loading a year into PostgreSQL: every process then counts through it; the load is one
// audited transaction, with the onYearLoaded hook inside it.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { desc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, calendarYears, notificationOutbox } from "../../src/db/schema";
import { parseYearArrangement } from "../../src/domain/calendar";
import { verifyAuditChain } from "../../src/services/audit/audit-service";
import { alertAdminsOfUncoveredYear, loadCalendar, onYearLoaded, storeYear } from "../../src/services/calendar/calendar-service";
import { createOrg } from "../../src/services/orgs/org-service";
import { operatorPrincipal, type Principal } from "../../src/services/scope";
import { addUser, authenticate, issueToken } from "../../src/services/users/user-service";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { firstLine, runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testConfig } from "../helpers/config";

const fixture = path.resolve(import.meta.dirname, "../fixtures/calendar/2027.json");
const example2027 = parseYearArrangement(JSON.parse(fs.readFileSync(fixture, "utf8")));
const operator = operatorPrincipal("calendar-tests");

let test: TestDatabase;
let app: TestApp;
let adminToken: string;
let viewerToken: string;
let viewer: Principal;

beforeAll(async () => {
  test = await createTestDatabase();
  const { db } = test.database;
  await createOrg(db, operator, { code: "CAL", name: "日历测试编办", parentCode: null });
  await addUser(db, operator, { name: "cal.admin", role: "admin", orgCode: "CAL" });
  await addUser(db, operator, { name: "cal.viewer", role: "viewer", orgCode: "CAL" });
  adminToken = (await issueToken(db, operator, "cal.admin", 30)).token;
  viewerToken = (await issueToken(db, operator, "cal.viewer", 30)).token;
  const principal = await authenticate(db, viewerToken);
  if (!principal) throw new Error("viewer token does not authenticate");
  viewer = principal;
  app = await buildTestApp(test.database);
});

afterAll(async () => {
  await app?.close();
  await test?.drop();
});

// Each case starts `ssj` processes (tsx compiles on start): slow on a busy machine.
describe("ssj calendar load", { timeout: 240_000 }, () => {
  it("stores a year so add-working-days with DATABASE_URL counts through it", async () => {
    const env = { DATABASE_URL: test.url };
    const before = await runCli(["calendar", "add-working-days", "2026-12-30", "5"], env);
    expect(before.code).not.toBe(0);
    expect(firstLine(before.stderr)).toMatch(
      /reaches 2027-01-01, which lies in 2027, a year with no loaded 放假调休 arrangement \(covered: 2004–2026\)/,
    );

    const load = await runCli(["calendar", "load", fixture], env);
    expect(load.stderr).toBe("");
    expect(load.code).toBe(0);
    expect(load.stdout).toMatch(/^loaded 2027 \(EXAMPLE 2027 arrangement.*\): 29 holidays, 6 调休 workdays\n$/);

    // 2026-12-31 (1); 1–3 Jan 元旦; 4, 5, 6, 7 Jan (2–5)
    const [after, show, years, withoutDb] = await Promise.all([
      runCli(["calendar", "add-working-days", "2026-12-30", "5"], env),
      runCli(["calendar", "show", "2027-01-31"], env),
      runCli(["calendar", "years"], env),
      runCli(["calendar", "add-working-days", "2026-12-30", "5"], {
        DATABASE_URL: undefined,
        DATA_DIR: path.join(os.tmpdir(), "ssj-cal-no-db"),
      }),
    ]);
    expect(after.stdout).toBe("2027-01-07\n");
    expect(firstLine(show.stdout)).toBe("2027-01-31 is a working day: 周日，调休上班（春节）");
    expect(years.stdout).toMatch(/^2027 {2}loaded into PostgreSQL: EXAMPLE 2027/m);
    expect(years.stdout.trimEnd().split("\n").at(-1)).toBe("covered: 2004–2027");
    expect(withoutDb.code).not.toBe(0); // the package alone still does not know 2027
  });

  it("refuses a broken file naming it and the problem, and changes nothing", async () => {
    const broken = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ssj-cal-load-")), "2028.json");
    fs.writeFileSync(broken, JSON.stringify({ ...example2027, year: 2028 }));
    const result = await runCli(["calendar", "load", broken], { DATABASE_URL: test.url });
    expect(result.code).toBe(2);
    expect(firstLine(result.stderr)).toBe(`ssj: ${broken}: holidays.0.date: 2027-01-01 lies outside 2028`);
    expect(await test.database.db.select().from(calendarYears).where(eq(calendarYears.year, 2028))).toEqual([]);
  });
});

describe("storeYear", () => {
  it("writes its audit event last, and a reload of the same arrangement changes nothing", async () => {
    const { db } = test.database;
    const arrangement = { ...example2027, year: 2029, source: "test 2029", holidays: [{ date: "2029-01-01", name: "元旦" }], workdays: [] };
    const stored = await storeYear(db, operator, arrangement);
    expect(stored).toMatchObject({ year: 2029, changed: true, replaced: null });
    const [last] = await db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    expect(last).toMatchObject({ action: "calendar.year.load", subject: "calendar-year:2029" });
    expect(last?.payload).toMatchObject({ year: 2029, source: "test 2029", arrangementHash: stored.arrangementHash });

    const again = await storeYear(db, operator, arrangement);
    expect(again).toMatchObject({ changed: false });
    const [stillLast] = await db.select().from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1);
    expect(stillLast?.seq).toBe(last?.seq);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("calls the onYearLoaded listeners inside the transaction, where the new year is already visible", async () => {
    const { db } = test.database;
    const seen: { year: number; previous: string | null; counted: string }[] = [];
    const off = onYearLoaded(async (tx, event) => {
      const calendar = await loadCalendar(tx, testConfig);
      seen.push({ year: event.year, previous: event.previous?.source ?? null, counted: calendar.addWorkingDays("2029-12-28", 1) });
    });
    try {
      await storeYear(db, operator, {
        ...example2027,
        year: 2030,
        source: "test 2030",
        holidays: [{ date: "2030-01-01", name: "元旦" }],
        workdays: [],
      });
    } finally {
      off();
    }
    // 2029-12-28 Fri → Mon 31 Dec is the next working day; 2030 is covered, which the count did not need
    expect(seen).toEqual([{ year: 2030, previous: null, counted: "2029-12-31" }]);
  });

  it("rolls the load back when a listener fails", async () => {
    const { db } = test.database;
    const off = onYearLoaded(async () => {
      throw new Error("recompute failed");
    });
    try {
      await expect(
        storeYear(db, operator, {
          ...example2027,
          year: 2031,
          source: "test 2031",
          holidays: [{ date: "2031-01-01", name: "元旦" }],
          workdays: [],
        }),
      ).rejects.toThrow("recompute failed");
    } finally {
      off();
    }
    expect(await db.select().from(calendarYears).where(eq(calendarYears.year, 2031))).toEqual([]);
  });

  it("is for admins and the CLI operator only", async () => {
    await expect(storeYear(test.database.db, viewer, example2027)).rejects.toMatchObject({ status: 403 });
  });
});

describe("alertAdminsOfUncoveredYear", () => {
  it("queues one alert per admin per year, however often it is called", async () => {
    const { db } = test.database;
    const first = await db.transaction((tx) =>
      alertAdminsOfUncoveredYear(tx, 2032, { subject: "finding:F-1", provisionalDate: "2032-01-20" }),
    );
    const second = await db.transaction((tx) =>
      alertAdminsOfUncoveredYear(tx, 2032, { subject: "finding:F-2", provisionalDate: "2032-01-21" }),
    );
    expect(first).toBe(1);
    expect(second).toBe(0);
    const rows = await db.select().from(notificationOutbox).where(eq(notificationOutbox.kind, "calendar.uncovered-year"));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      recipient: { kind: "user", code: "cal.admin" },
      payload: { year: 2032, firstCause: { subject: "finding:F-1" } },
    });
  });
});

describe("calendar HTTP API", () => {
  it("tells any role whether a day is a working day, and counts", async () => {
    const response = await app.app.inject({
      method: "GET",
      url: "/api/v1/calendar/2026-02-13?addWorkingDays=3",
      headers: bearer(viewerToken),
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({
      date: "2026-02-13",
      working: true,
      kind: "weekday",
      addWorkingDays: { n: 3, date: "2026-02-25" },
    });
    const uncovered = await app.app.inject({ method: "GET", url: "/api/v1/calendar/2040-01-02", headers: bearer(viewerToken) });
    expect(uncovered.statusCode).toBe(422);
    expect(uncovered.json()).toMatchObject({ error: { code: "uncovered_year" } });
    const bad = await app.app.inject({ method: "GET", url: "/api/v1/calendar/2026-02-30", headers: bearer(viewerToken) });
    expect(bad.statusCode).toBe(400);
  });

  it("lets an admin, and nobody else, load a year", async () => {
    const body = { ...example2027, year: 2033, source: "test 2033", holidays: [{ date: "2033-01-03", name: "元旦" }], workdays: [] };
    const denied = await app.app.inject({ method: "POST", url: "/api/v1/calendar/years", headers: bearer(viewerToken), payload: body });
    expect(denied.statusCode).toBe(403);
    const loaded = await app.app.inject({ method: "POST", url: "/api/v1/calendar/years", headers: bearer(adminToken), payload: body });
    expect(loaded.statusCode).toBe(201);
    const day = await app.app.inject({ method: "GET", url: "/api/v1/calendar/2033-01-03", headers: bearer(viewerToken) });
    expect(day.json()).toMatchObject({ working: false, kind: "holiday", origin: "database" });
    const [event] = await test.database.db.select().from(auditEvents).where(eq(auditEvents.subject, "calendar-year:2033"));
    expect(event?.actor).toMatchObject({ kind: "user", name: "cal.admin" });
  });
});
