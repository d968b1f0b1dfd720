import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, inArray, isNull } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draws, inspectionMembers, inspectors } from "../../src/db/schema";
import { LEADER_TAG, verifyRecord } from "../../src/domain/draw";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { runCli } from "../helpers/cli";
import { DRAW_SEED, auditActionsSince, auditSeq, drawnCountyRound, teamsOf, userFor, type DrawnRound, type Team } from "./drawn-round";

let testDb: TestDatabase;
let app: TestApp;
let drawn: DrawnRound;
let supervisor: string;
/** Teams no test has touched yet: each test takes its own. */
const untouched = new Set<string>();

beforeAll(async () => {
  testDb = await createTestDatabase();
  drawn = await drawnCountyRound(testDb.database);
  app = await buildTestApp(testDb.database);
  supervisor = drawn.tokens["zhang.supervisor"] ?? "";
  for (const team of drawn.teams) untouched.add(team.inspectionId);
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

const tagsOf = (code: string): readonly string[] => drawn.pool.get(code)?.tags ?? [];
const legalCount = (codes: string[]): number => codes.filter((c) => tagsOf(c).includes("legal")).length;

/** Takes the first untouched team that fits best (the first test that any fits, in order). */
function takeTeam(...fits: ((team: Team) => boolean)[]): Team {
  const checks = fits.length > 0 ? fits : [() => true];
  const team = checks.map((matches) => drawn.teams.find((t) => untouched.has(t.inspectionId) && matches(t))).find((t) => t !== undefined);
  if (!team) throw new Error("no untouched team fits this test (the draw's teams changed?)");
  untouched.delete(team.inspectionId);
  return team;
}

async function currentTeam(inspectionId: string): Promise<Team> {
  const team = (await teamsOf(testDb.database, drawn.roundId)).find((t) => t.inspectionId === inspectionId);
  if (!team) throw new Error("team vanished");
  return team;
}

function post(url: string, token: string, payload: object) {
  return app.app.inject({ method: "POST", url, headers: bearer(token), payload });
}

async function memberRows(inspectionId: string) {
  return testDb.database.db.select().from(inspectionMembers).where(eq(inspectionMembers.inspectionId, inspectionId));
}

/**
 * What a decline will do, by the rules (DESIGN.md, Declines): the roles the decliner was needed
 * for (county.json: one `legal` and one `leader` per team), the first published alternate still
 * eligible — seated nowhere in the round (cap 1) — who holds them all, and the leader of the team
 * as then seated (ssj-draw/1 step 2: the first seated holding `leader`, else the first seated).
 * Which teams the draw makes depends on the day it runs (exclusions count back from asOf), so
 * the tests predict the outcome for the team they pick instead of assuming one.
 */
async function declineRule() {
  const seatedInRound = new Set((await teamsOf(testDb.database, drawn.roundId)).flatMap((t) => t.members.map((m) => m.code)));
  return (t: Team, decliner: string) => {
    const remaining = t.members.filter((m) => m.code !== decliner).map((m) => m.code);
    const needed = ["legal", LEADER_TAG].filter((tag) => !remaining.some((code) => tagsOf(code).includes(tag)));
    const replacement = t.alternates.find((a) => !seatedInRound.has(a) && needed.every((tag) => tagsOf(a).includes(tag))) ?? null;
    const seated = [...remaining, ...(replacement === null ? [] : [replacement])];
    return { needed, replacement, seated, leader: seated.find((code) => tagsOf(code).includes(LEADER_TAG)) ?? seated[0] };
  };
}

describe("declines (替补)", () => {
  it("gives the seat to the first published alternate still eligible, records who, when and why", async () => {
    const spare = (t: Team) => t.members.find((m) => !m.leader && m.roles.length === 0);
    const seatedElsewhere = (t: Team, code: string) => drawn.teams.some((o) => o !== t && o.members.some((m) => m.code === code));
    // best: the first alternate holds a seat on another team (cap 1), so it is passed over, and the second does not
    const team = takeTeam(
      (t) =>
        spare(t) !== undefined &&
        seatedElsewhere(t, t.alternates[0] ?? "") &&
        t.alternates[1] !== undefined &&
        !seatedElsewhere(t, t.alternates[1]),
      (t) => spare(t) !== undefined && t.alternates[0] !== undefined && !seatedElsewhere(t, t.alternates[0]),
    );
    const decliner = spare(team);
    if (!decliner) throw new Error("unreachable");
    const token = await userFor(testDb.database, "decliner.one", { inspectorCode: decliner.code });
    const before = await auditSeq(testDb.database);

    const res = await post(`/api/v1/inspections/${team.inspectionId}/declines`, token, { reason: "出差: 省厅集中培训" });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    const replacement = body.replacement?.code as string;
    expect(replacement).toBeTruthy();
    // the replacement is the first alternate not passed over, in published order
    const position = team.alternates.indexOf(replacement);
    expect(position).toBeGreaterThanOrEqual(0);
    expect(body.decline.passedOver.map((p: { inspectorId: string }) => p.inspectorId)).toEqual(team.alternates.slice(0, position));
    expect(body.decline).toMatchObject({
      kind: "decline",
      inspectorId: decliner.code,
      reason: "出差: 省厅集中培训",
      drawResultHash: drawn.record.resultHash,
      neededRoles: [],
    });

    const now = await currentTeam(team.inspectionId);
    expect(now.members.map((m) => m.code).sort()).toEqual(
      [...team.members.filter((m) => m.code !== decliner.code).map((m) => m.code), replacement].sort(),
    );
    const rows = await memberRows(team.inspectionId);
    expect(rows.find((r) => r.declinedAt !== null)).toMatchObject({ declineReason: "出差: 省厅集中培训" });
    expect(rows.filter((r) => r.source === "alternate")).toHaveLength(1);

    // the decliner no longer sees the inspection; the supervisor sees the decline record
    expect(
      (await app.app.inject({ method: "GET", url: `/api/v1/inspections/${team.inspectionId}`, headers: bearer(token) })).statusCode,
    ).toBe(404);
    const view = (
      await app.app.inject({ method: "GET", url: `/api/v1/inspections/${team.inspectionId}`, headers: bearer(supervisor) })
    ).json();
    expect(view.declines).toHaveLength(1);
    expect(view.declines[0]).toMatchObject({
      inspector: { code: decliner.code },
      reason: "出差: 省厅集中培训",
      decidedBy: "decliner.one",
      replacement: { code: replacement },
    });
    expect(view.declines[0].declinedAt).toBeTruthy();
    expect(view.openSeats).toBe(0);

    const events = await auditActionsSince(testDb.database, before);
    expect(events.map((e) => e.action)).toEqual(["inspection.decline"]);
    expect(events[0]?.payload).toMatchObject({ decline: { declineHash: body.decline.declineHash, replacement } });
  });

  it("never breaks a role minimum: when the only legal member declines, the seat goes to an alternate holding legal or stays open", async () => {
    const predict = await declineRule();
    const soleLegal = (t: Team) => t.members.filter((m) => tagsOf(m.code).includes("legal")).length === 1;
    const legalOf = (t: Team) => t.members.find((m) => tagsOf(m.code).includes("legal"))?.code ?? "";
    // best: a legal alternate stands behind one who lacks the role; then any team whose only legal member can go
    const team = takeTeam(
      (t) =>
        soleLegal(t) &&
        !tagsOf(t.alternates[0] ?? "").includes("legal") &&
        predict(t, legalOf(t)).replacement !== null &&
        predict(t, legalOf(t)).replacement !== t.alternates[0],
      soleLegal,
      (t) => legalOf(t) !== "",
    );
    const legal = legalOf(team);
    const expected = predict(team, legal);
    const res = await post(`/api/v1/inspections/${team.inspectionId}/declines`, supervisor, {
      inspectorCode: legal,
      reason: "回避: 近亲属在该单位任职",
    });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect([...body.decline.neededRoles].sort()).toEqual([...expected.needed].sort());
    expect(body.replacement?.code ?? null).toBe(expected.replacement);
    for (const passed of body.decline.passedOver as { inspectorId: string; reason: string }[]) {
      if (passed.reason === "lacks-role") expect(expected.needed.every((tag) => tagsOf(passed.inspectorId).includes(tag))).toBe(false);
    }
    const now = await currentTeam(team.inspectionId);
    if (body.replacement === null) {
      expect(now.members).toHaveLength(team.members.length - 1);
    } else {
      for (const tag of expected.needed) expect(tagsOf(body.replacement.code)).toContain(tag);
      expect(body.replacement.roles).toEqual(expect.arrayContaining(expected.needed));
      // the role minimum holds once someone took the seat
      expect(legalCount(now.members.map((m) => m.code))).toBeGreaterThanOrEqual(1);
    }
  });

  it("moves the leadership when the leader declines: the draw's rule over the team as now seated", async () => {
    const predict = await declineRule();
    const leaderOf = (t: Team) => t.members.find((m) => m.leader)?.code ?? "";
    // best: the leader is the team's only holder of the tag and a free alternate holds it, so the leadership moves to the replacement
    const team = takeTeam(
      (t) => predict(t, leaderOf(t)).needed.includes(LEADER_TAG) && predict(t, leaderOf(t)).replacement !== null,
      (t) => predict(t, leaderOf(t)).seated.some((code) => tagsOf(code).includes(LEADER_TAG)),
    );
    const leader = leaderOf(team);
    const expected = predict(team, leader);
    const res = await post(`/api/v1/inspections/${team.inspectionId}/declines`, supervisor, { inspectorCode: leader, reason: "病假" });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect([...body.decline.neededRoles].sort()).toEqual([...expected.needed].sort());
    expect(body.replacement?.code ?? null).toBe(expected.replacement);
    expect(body.leader).toBe(expected.leader);
    const now = await currentTeam(team.inspectionId);
    expect(now.members.filter((m) => m.leader).map((m) => m.code)).toEqual([expected.leader]);
    if (expected.seated.some((code) => tagsOf(code).includes(LEADER_TAG))) expect(tagsOf(body.leader)).toContain(LEADER_TAG);
    if (expected.needed.includes(LEADER_TAG) && expected.replacement !== null) expect(body.leader).toBe(body.replacement?.code);
    const declined = (await memberRows(team.inspectionId)).find((r) => r.declinedAt !== null);
    expect(declined?.leader).toBe(false);
  });

  it("refuses an inspector declining someone else's seat (403), and answers 404 to one not on the team", async () => {
    const team = drawn.teams.find((t) => t.members.length > 1);
    if (!team) throw new Error("no team");
    const [first, second] = team.members;
    const token = await userFor(testDb.database, "not.my.seat", { inspectorCode: first?.code ?? "" });
    const before = await auditSeq(testDb.database);
    expect(
      (await post(`/api/v1/inspections/${team.inspectionId}/declines`, token, { inspectorCode: second?.code, reason: "替他请假" }))
        .statusCode,
    ).toBe(403);
    const elsewhere = drawn.teams.find((t) => !t.members.some((m) => m.code === first?.code));
    expect((await post(`/api/v1/inspections/${elsewhere?.inspectionId}/declines`, token, { reason: "不是我的组" })).statusCode).toBe(404);
    expect(await auditSeq(testDb.database)).toBe(before);
  });
});

describe("when no alternate qualifies, and the supplementary draw (补抽)", () => {
  let team: Team;
  let decliner: string;
  let supplementDrawId: string;
  let supplementSeed: string;

  it("says so, seats nobody and leaves the seat open", async () => {
    team = takeTeam((t) => t.alternates.length > 0);
    decliner = team.members.find((m) => !m.leader)?.code ?? "";
    // both alternates went on leave after the draw: none is still available
    await testDb.database.db.update(inspectors).set({ status: "on-leave" }).where(inArray(inspectors.code, team.alternates));
    try {
      const rowsBefore = await memberRows(team.inspectionId);
      const res = await post(`/api/v1/inspections/${team.inspectionId}/declines`, supervisor, {
        inspectorCode: decliner,
        reason: "借调至市委巡察组",
      });
      expect(res.statusCode).toBe(201);
      const body = res.json();
      expect(body.replacement).toBeNull();
      expect(body.message).toMatch(/no published alternate qualifies/);
      expect(body.message).toMatch(/supplementary draw/);
      expect(body.openSeats).toBe(1);
      expect(body.decline.passedOver).toEqual(team.alternates.map((id) => ({ inspectorId: id, reason: "unavailable" })));
      expect(await memberRows(team.inspectionId)).toHaveLength(rowsBefore.length);
      expect((await currentTeam(team.inspectionId)).members).toHaveLength(team.members.length - 1);
    } finally {
      await testDb.database.db.update(inspectors).set({ status: "active" }).where(inArray(inspectors.code, team.alternates));
    }
  });

  it("seats someone eligible under a new witness seed, recorded as a supplement draw that verifies offline", async () => {
    const before = await auditSeq(testDb.database);
    supplementSeed = "1618 0339 8874 9894 8482 0458";
    const res = await post(`/api/v1/inspections/${team.inspectionId}/supplements`, supervisor, { seed: supplementSeed });
    expect(res.statusCode).toBe(201);
    const body = res.json();
    supplementDrawId = body.drawId;
    expect(body).toMatchObject({ n: 1, openSeats: 0 });

    const seatedCode = body.seat.code as string;
    const drawnInspector = drawn.pool.get(seatedCode);
    expect(drawnInspector?.status).toBe("active");
    expect(drawnInspector?.homeDepartmentId).not.toBe(team.departmentCode);
    expect(drawnInspector?.conflicts).not.toContain(team.departmentCode);
    expect(seatedCode).not.toBe(decliner);
    // capPerInspector 1: nobody holds two seats in the round
    const all = (await teamsOf(testDb.database, drawn.roundId)).flatMap((t) => t.members.map((m) => m.code));
    expect(all.filter((c) => c === seatedCode)).toHaveLength(1);
    expect(new Set(all).size).toBe(all.length);
    const rows = await memberRows(team.inspectionId);
    expect(rows.filter((r) => r.source === "supplement")).toHaveLength(1);

    const [row] = await testDb.database.db.select().from(draws).where(eq(draws.id, supplementDrawId));
    expect(row).toMatchObject({
      kind: "supplement",
      status: "done",
      parentDrawId: drawn.drawId,
      supplementDepartmentId: team.departmentId,
      supplementN: 1,
      seedSource: "witness",
    });
    expect(row?.resultHash).toBe(body.resultHash);

    const events = await auditActionsSince(testDb.database, before);
    expect(events.map((e) => e.action)).toEqual(["inspection.supplement"]);
    expect(events[0]).toMatchObject({
      subject: `draw:${supplementDrawId}`,
      payload: { parentDrawId: drawn.drawId, recordHash: body.recordHash },
    });

    const view = (
      await app.app.inject({ method: "GET", url: `/api/v1/inspections/${team.inspectionId}`, headers: bearer(supervisor) })
    ).json();
    expect(view.supplements).toEqual([
      expect.objectContaining({ drawId: supplementDrawId, n: 1, status: "done", seat: expect.objectContaining({ code: seatedCode }) }),
    ]);

    // exported like any draw record, it recomputes offline
    const exported = await app.app.inject({ method: "GET", url: `/api/v1/draws/${supplementDrawId}/record`, headers: bearer(supervisor) });
    expect(exported.statusCode).toBe(200);
    const record = exported.json();
    expect(record.supplement).toMatchObject({
      originalResultHash: drawn.record.resultHash,
      departmentId: team.departmentCode,
      n: 1,
      declined: [decliner],
    });
    expect(verifyRecord(record)).toEqual({ ok: true, resultHash: body.resultHash, recordHash: body.recordHash });
    const dir = await mkdtemp(path.join(tmpdir(), "ssj-supplement-"));
    await writeFile(path.join(dir, "supplement.json"), exported.body);
    const verified = await runCli(["draw", "verify", path.join(dir, "supplement.json")], {});
    expect(verified.code).toBe(0);
  });

  it("refuses a reused seed with 409 and changes nothing", async () => {
    // open another seat: a decline whose alternates the supervisor names unavailable
    const other = takeTeam((t) => t.alternates.length > 0);
    const code = other.members.find((m) => !m.leader)?.code ?? "";
    const declined = await post(`/api/v1/inspections/${other.inspectionId}/declines`, supervisor, {
      inspectorCode: code,
      reason: "调离",
      unavailable: other.alternates,
    });
    expect(declined.json().replacement).toBeNull();

    const before = {
      audit: await auditSeq(testDb.database),
      draws: (await testDb.database.db.select().from(draws)).length,
      members: (await memberRows(other.inspectionId)).length,
    };
    for (const seed of [supplementSeed, DRAW_SEED, supplementSeed.replaceAll(" ", "")]) {
      const res = await post(`/api/v1/inspections/${other.inspectionId}/supplements`, supervisor, { seed });
      expect(res.statusCode).toBe(409);
      expect(res.json().error.code).toBe("seed_reused");
    }
    const after = {
      audit: await auditSeq(testDb.database),
      draws: (await testDb.database.db.select().from(draws)).length,
      members: (await memberRows(other.inspectionId)).length,
    };
    expect(after).toEqual(before);

    const fresh = await post(`/api/v1/inspections/${other.inspectionId}/supplements`, supervisor, {
      seed: "5772 1566 4901 5328 6060 6512",
    });
    expect(fresh.statusCode).toBe(201);
  });

  it("refuses a supplement for a team with no open seat (409), a short seed (400), and an inspector (403)", async () => {
    const full = drawn.teams.find((t) => untouched.has(t.inspectionId));
    if (!full) throw new Error("no untouched team");
    const noSeat = await post(`/api/v1/inspections/${full.inspectionId}/supplements`, supervisor, {
      seed: "1111 2222 3333 4444 5555 6666",
    });
    expect(noSeat.statusCode).toBe(409);
    expect(noSeat.json().error.code).toBe("no_open_seat");
    expect((await post(`/api/v1/inspections/${team.inspectionId}/supplements`, supervisor, { seed: "12345" })).statusCode).toBe(400);
    const member = await userFor(testDb.database, "member.sup", { inspectorCode: full.members[0]?.code ?? "" });
    expect(
      (await post(`/api/v1/inspections/${full.inspectionId}/supplements`, member, { seed: "1111 2222 3333 4444 5555 7777" })).statusCode,
    ).toBe(403);
  });

  it("keeps a done supplement from being voided: its seat changes only by a decline", async () => {
    const res = await post(`/api/v1/draws/${supplementDrawId}/void`, supervisor, { reason: "试一下" });
    expect(res.statusCode).toBe(409);
    const seated = await testDb.database.db
      .select()
      .from(inspectionMembers)
      .where(
        and(
          eq(inspectionMembers.inspectionId, team.inspectionId),
          eq(inspectionMembers.source, "supplement"),
          isNull(inspectionMembers.declinedAt),
        ),
      );
    expect(seated).toHaveLength(1);
  });
});
