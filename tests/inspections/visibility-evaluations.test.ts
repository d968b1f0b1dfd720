import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluations, inspections } from "../../src/db/schema";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { daysFromToday } from "../helpers/clock";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { auditActionsSince, auditSeq, drawnCountyRound, userFor, type DrawnRound, type Team } from "./drawn-round";

let testDb: TestDatabase;
let app: TestApp;
let drawn: DrawnRound;
let teamA: Team;
let teamB: Team;
let memberOfA: string;
let outsider: string;
let departmentOfA: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  drawn = await drawnCountyRound(testDb.database);
  app = await buildTestApp(testDb.database);
  [teamA, teamB] = drawn.teams as [Team, Team];
  const seated = new Set(drawn.teams.flatMap((t) => t.members.map((m) => m.code)));
  const code = teamA.members[0]?.code ?? "";
  const idle = [...drawn.pool.keys()].find((c) => !seated.has(c)) ?? "";
  memberOfA = await userFor(testDb.database, "member.a", { inspectorCode: code });
  outsider = await userFor(testDb.database, "idle.inspector", { inspectorCode: idle });
  departmentOfA = await userFor(testDb.database, "dept.a", { departmentCode: teamA.departmentCode });
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

function get(url: string, token: string) {
  return app.app.inject({ method: "GET", url, headers: bearer(token) });
}

function put(url: string, token: string, payload: unknown) {
  return app.app.inject({ method: "PUT", url, headers: bearer(token), payload: payload as object });
}

async function setNoticeAt(inspectionId: string, at: "past" | "future") {
  const when = at === "past" ? sql`ssj_now() - interval '1 minute'` : sql`ssj_now() + interval '3 days'`;
  await testDb.database.db.update(inspections).set({ noticeAt: when }).where(eq(inspections.id, inspectionId));
}

describe("who sees which inspection", () => {
  it("shows staff every inspection of the round", async () => {
    for (const name of ["zhang.supervisor", "zhao.discipline", "viewer", "admin"]) {
      const res = await get(`/api/v1/inspections?roundId=${drawn.roundId}`, drawn.tokens[name] ?? "");
      expect(res.statusCode).toBe(200);
      expect(res.json().items).toHaveLength(drawn.teams.length);
    }
  });

  it("shows an inspector only the teams they sit on, and answers 404 for another team's", async () => {
    const code = teamA.members[0]?.code;
    const list = await get("/api/v1/inspections", memberOfA);
    expect(list.statusCode).toBe(200);
    // past (imported) inspections they sat on count too: every one listed has them on the team
    for (const item of list.json().items as { members: string[] }[]) expect(item.members).toContain(code);
    const ids = (await get(`/api/v1/inspections?roundId=${drawn.roundId}`, memberOfA)).json().items.map((i: { id: string }) => i.id);
    expect(ids).toEqual([teamA.inspectionId]);
    expect((await get(`/api/v1/inspections/${teamA.inspectionId}`, memberOfA)).statusCode).toBe(200);
    const other = await get(`/api/v1/inspections/${teamB.inspectionId}`, memberOfA);
    expect(other.statusCode).toBe(404);
    expect(other.json().error.code).toBe("not_found");
  });

  it("shows an inspector who sits on no team nothing", async () => {
    expect((await get(`/api/v1/inspections?roundId=${drawn.roundId}`, outsider)).json().items).toEqual([]);
    expect((await get(`/api/v1/inspections/${teamA.inspectionId}`, outsider)).statusCode).toBe(404);
  });

  it("hides an inspection from its department until the notice time, then shows it its own only", async () => {
    await setNoticeAt(teamA.inspectionId, "future");
    expect((await get("/api/v1/inspections", departmentOfA)).json().items).toEqual([]);
    expect((await get(`/api/v1/inspections/${teamA.inspectionId}`, departmentOfA)).statusCode).toBe(404);

    await setNoticeAt(teamA.inspectionId, "past");
    await setNoticeAt(teamB.inspectionId, "past");
    const list = (await get("/api/v1/inspections", departmentOfA)).json().items;
    expect(list.map((i: { id: string }) => i.id)).toEqual([teamA.inspectionId]);
    const one = await get(`/api/v1/inspections/${teamA.inspectionId}`, departmentOfA);
    expect(one.statusCode).toBe(200);
    expect(
      one
        .json()
        .team.map((m: { code: string }) => m.code)
        .sort(),
    ).toEqual(teamA.members.map((m) => m.code).sort());
    // who declined and why, and the alternates, are not the department's to read
    expect(one.json()).not.toHaveProperty("alternates");
    expect(one.json()).not.toHaveProperty("declines");
    expect((await get(`/api/v1/inspections/${teamB.inspectionId}`, departmentOfA)).statusCode).toBe(404);
  });

  it("hides an unannounced inspection (no notice time yet) from the department", async () => {
    await testDb.database.db.update(inspections).set({ noticeAt: null }).where(eq(inspections.id, teamA.inspectionId));
    expect((await get("/api/v1/inspections", departmentOfA)).json().items).toEqual([]);
    await setNoticeAt(teamA.inspectionId, "past");
  });
});

describe("evaluations", () => {
  it("lets a member evaluate an item, and a second answer replaces the first", async () => {
    const before = await auditSeq(testDb.database);
    const first = await put(`/api/v1/inspections/${teamA.inspectionId}/evaluations/ITEM-2`, memberOfA, {
      result: "基本合格",
      notes: "权责清单未及时调整",
    });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ item: { code: "ITEM-2" }, result: "基本合格" });
    const second = await put(`/api/v1/inspections/${teamA.inspectionId}/evaluations/ITEM-2`, memberOfA, { result: "合格" });
    expect(second.statusCode).toBe(200);

    const rows = await testDb.database.db.select().from(evaluations).where(eq(evaluations.inspectionId, teamA.inspectionId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ result: "合格", notes: null });
    const view = (await get(`/api/v1/inspections/${teamA.inspectionId}`, drawn.tokens["zhang.supervisor"] ?? "")).json();
    const line = view.evaluations.find((e: { item: { code: string } }) => e.item.code === "ITEM-2");
    expect(line.evaluation).toMatchObject({ result: "合格", updatedBy: "member.a" });
    expect(view.evaluations.map((e: { item: { code: string } }) => e.item.code)).toEqual([
      "ITEM-1",
      "ITEM-2",
      "ITEM-3",
      "ITEM-4",
      "ITEM-5",
    ]);

    const events = await auditActionsSince(testDb.database, before);
    expect(events.map((e) => e.action)).toEqual(["inspection.evaluate", "inspection.evaluate"]);
    expect(events[1]?.payload).toMatchObject({ item: "ITEM-2", result: "合格", previous: { result: "基本合格" } });
  });

  it("lets a supervisor evaluate", async () => {
    const res = await put(`/api/v1/inspections/${teamB.inspectionId}/evaluations/ITEM-1`, drawn.tokens["zhang.supervisor"] ?? "", {
      result: "不合格",
      notes: "超职数配备",
    });
    expect(res.statusCode).toBe(200);
  });

  it("answers 404 to an inspector of another team and 403 to a department, changing nothing", async () => {
    const before = await auditSeq(testDb.database);
    expect((await put(`/api/v1/inspections/${teamB.inspectionId}/evaluations/ITEM-3`, memberOfA, { result: "合格" })).statusCode).toBe(404);
    expect((await put(`/api/v1/inspections/${teamA.inspectionId}/evaluations/ITEM-3`, departmentOfA, { result: "合格" })).statusCode).toBe(
      403,
    );
    expect(
      (await put(`/api/v1/inspections/${teamA.inspectionId}/evaluations/ITEM-3`, drawn.tokens.viewer ?? "", { result: "合格" })).statusCode,
    ).toBe(403);
    expect(await auditSeq(testDb.database)).toBe(before);
  });

  it("refuses an item the round does not list (400) and a result outside 合格/基本合格/不合格 (400)", async () => {
    const unknown = await put(`/api/v1/inspections/${teamA.inspectionId}/evaluations/ITEM-9`, memberOfA, { result: "合格" });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error).toMatchObject({ code: "unknown_item" });
    expect(unknown.json().error.message).toMatch(/ITEM-9 is not an inspection item/);
    expect((await put(`/api/v1/inspections/${teamA.inspectionId}/evaluations/ITEM-1`, memberOfA, { result: "优秀" })).statusCode).toBe(400);
  });
});

describe("inspection dates", () => {
  it("lets a supervisor move the dates, moving a notice not yet given; an inspector may not", async () => {
    const supervisor = drawn.tokens["zhang.supervisor"] ?? "";
    await setNoticeAt(teamB.inspectionId, "future");
    const [startsOn, endsOn] = [daysFromToday(36), daysFromToday(40)];
    const res = await app.app.inject({
      method: "PATCH",
      url: `/api/v1/inspections/${teamB.inspectionId}`,
      headers: bearer(supervisor),
      payload: { startsOn, endsOn },
    });
    expect(res.statusCode).toBe(200);
    // before-inspection, 3 days: 09:00 Shanghai (01:00 UTC) three days before the first day
    expect(res.json()).toMatchObject({ startsOn, endsOn, noticeAt: `${daysFromToday(33)}T01:00:00.000Z` });

    const backwards = await app.app.inject({
      method: "PATCH",
      url: `/api/v1/inspections/${teamB.inspectionId}`,
      headers: bearer(supervisor),
      payload: { startsOn: daysFromToday(41) },
    });
    expect(backwards.statusCode).toBe(400);
    const inspector = await app.app.inject({
      method: "PATCH",
      url: `/api/v1/inspections/${teamA.inspectionId}`,
      headers: bearer(memberOfA),
      payload: { startsOn },
    });
    expect(inspector.statusCode).toBe(403);
  });
});
