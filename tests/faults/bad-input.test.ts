// Bad input gets a clear 4xx and changes nothing (DESIGN.md, Security): every case counts the
// rows a mistake could leave behind — rounds, locks, draws, audit events — before and after.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client";
import { createOrg } from "../../src/services/orgs/org-service";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import { addUser, issueToken } from "../../src/services/users/user-service";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { seedDemoCounty } from "../helpers/processes";
import { countyRound, createLockedRound, operator, witnessSeed } from "../helpers/rounds";

let testDb: TestDatabase;
let app: TestApp;
let supervisor: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const tokens = await seedDemoCounty(testDb.database);
  supervisor = tokens.supervisor ?? "";
  app = await buildTestApp(testDb.database);
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

async function rowCounts() {
  const [row] = await queryRows<Record<string, number>>(
    testDb.database.db,
    sql`select (select count(*)::int from rounds) as rounds, (select count(*)::int from round_locks) as locks,
               (select count(*)::int from draws) as draws, (select count(*)::int from audit_events) as audit,
               (select count(*)::int from inspections) as inspections`,
  );
  return row;
}

interface Refusal {
  status: number;
  code: string;
  message: string;
}

/** Sends a request that must be refused; returns the refusal after checking nothing changed. */
async function refused(request: { method: "POST" | "GET"; url: string; payload?: unknown; token?: string }): Promise<Refusal> {
  const before = await rowCounts();
  const response = await app.app.inject({
    method: request.method,
    url: request.url,
    headers: bearer(request.token ?? supervisor),
    payload: request.payload as object | undefined,
  });
  expect(await rowCounts()).toEqual(before);
  const body = response.json<{ error: { code: string; message: string } }>();
  return { status: response.statusCode, code: body.error.code, message: body.error.message };
}

const post = (url: string, payload: unknown = {}, token?: string) => refused({ method: "POST", url, payload, token });

async function drawNow(roundId: string, seed: string): Promise<string> {
  const response = await app.app.inject({
    method: "POST",
    url: `/api/v1/rounds/${roundId}/draws`,
    headers: bearer(supervisor),
    payload: { seed },
  });
  expect(response.statusCode).toBe(202);
  const { drawId } = response.json<{ drawId: string }>();
  expect((await executeDraw(testDb.database, drawId)).status).toBe("done"); // the worker's part
  return drawId;
}

describe("planning a round with impossible input", () => {
  it("refuses unknown inspection item codes, naming them", async () => {
    const input = countyRound("bad-items", (r) => void (r.params.items = ["ITEM-1", "ITEM-X9"]));
    expect(await post("/api/v1/rounds", input)).toMatchObject({
      status: 400,
      code: "unknown_codes",
      message: expect.stringContaining("ITEM-X9"),
    });
  });

  it("refuses a count stratum larger than its eligible departments, naming the stratum and both numbers", async () => {
    const input = countyRound("bad-count", (r) => void (r.params.strata = [{ name: "全部", allOf: [], count: 500 }]));
    const refusal = await post("/api/v1/rounds", input);
    expect(refusal).toMatchObject({ status: 400, code: "impossible_constraints" });
    expect(refusal.message).toMatch(/stratum "全部" asks for 500 departments but only \d+ are eligible/);
  });

  it("refuses a required role that no active inspector holds, naming the role", async () => {
    const input = countyRound("bad-role", (r) => void ((r.params.team as { roles: unknown[] }).roles = [{ tag: "astronaut", min: 1 }]));
    expect(await post("/api/v1/rounds", input)).toMatchObject({
      status: 400,
      code: "impossible_constraints",
      message: expect.stringContaining('role "astronaut"'),
    });
  });
});

describe("drawing with a bad seed or in the wrong state", () => {
  it("refuses a witness seed of the wrong shape", async () => {
    const { round } = await createLockedRound(testDb.database, "bad-seed");
    const refusal = await post(`/api/v1/rounds/${round.id}/draws`, { seed: "12345" });
    expect(refusal).toMatchObject({ status: 400, code: "bad_seed" });
    expect(refusal.message).toMatch(/20/);
  });

  it("refuses a seed source other than the round's", async () => {
    const { round } = await createLockedRound(testDb.database, "bad-source");
    expect(await post(`/api/v1/rounds/${round.id}/draws`, { seedSource: "server", seed: witnessSeed() })).toMatchObject({
      status: 400,
      code: "wrong_seed_source",
      message: expect.stringContaining("witness seed, not server"),
    });
  });

  it("after a void, refuses the voided draw's seed again (409) and takes a new reading", async () => {
    const { round } = await createLockedRound(testDb.database, "bad-reuse");
    const seed = witnessSeed();
    const drawId = await drawNow(round.id, seed);
    const voided = await app.app.inject({
      method: "POST",
      url: `/api/v1/draws/${drawId}/void`,
      headers: bearer(supervisor),
      payload: { reason: "见证人未到场 the witness was absent" },
    });
    expect(voided.statusCode).toBe(200);
    expect(voided.json()).toMatchObject({ status: "voided", roundStatus: "locked" });

    const refusal = await post(`/api/v1/rounds/${round.id}/draws`, { seed });
    expect(refusal).toMatchObject({ status: 409, code: "seed_reused", message: expect.stringContaining(drawId) });
    expect(refusal.message).toMatch(/read out a new one/);
    await drawNow(round.id, witnessSeed());
  });

  it("refuses to lock a drawn round (409)", async () => {
    const { round } = await createLockedRound(testDb.database, "bad-relock");
    await drawNow(round.id, witnessSeed());
    expect(await post(`/api/v1/rounds/${round.id}/lock`, {})).toMatchObject({
      status: 409,
      code: "wrong_status",
      message: expect.stringContaining("is drawn; only a draft can be locked"),
    });
  });
});

describe("another organization's round", () => {
  it("is not found for a supervisor of another county (404), whatever they try", async () => {
    const { round } = await createLockedRound(testDb.database, "other-org");
    await createOrg(testDb.database.db, operator, { code: "YG", name: "阳谷县委编办" });
    await addUser(testDb.database.db, operator, { name: "yg.supervisor", role: "supervisor", orgCode: "YG" });
    const { token } = await issueToken(testDb.database.db, operator, "yg.supervisor", 1);

    const seen = await refused({ method: "GET", url: `/api/v1/rounds/${round.id}`, token });
    expect(seen).toMatchObject({ status: 404, message: `no round ${round.id}` });
    expect(await post(`/api/v1/rounds/${round.id}/lock`, {}, token)).toMatchObject({ status: 404 });
    expect(await post(`/api/v1/rounds/${round.id}/draws`, { seed: witnessSeed() }, token)).toMatchObject({ status: 404 });
  });
});
