// The walkthrough the README gives a new user, on PostgreSQL with a worker running: load the
// demo, plan a round from the county file, lock it, draw it with a witness seed, export the
// record and verify it offline — first with the `ssj` command, then through the API with the
// supervisor's token. The public commitments page lists each lock's manifest hash and never a
// target department before its notice.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRuntime } from "../../jobs/runtime";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { lines, runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { deleteQueueKeys, startTestRuntime, uniquePrefix, waitUntil } from "../helpers/processes";
import { countyRound, countyRoundFile, witnessSeed } from "../helpers/rounds";

let testDb: TestDatabase;
let runtime: JobRuntime;
let app: TestApp;
let env: Record<string, string>;
const prefix = uniquePrefix("walk");
const workDir = mkdtempSync(path.join(os.tmpdir(), "ssj-walkthrough-"));
/** From `ssj demo seed`: the supervisor's token, used in the API part. */
let supervisorToken = "";
/** Every drawn department's code, which the public page must not show before notice. */
const drawnDepartments: string[] = [];
const manifestHashes: string[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  env = { DATABASE_URL: testDb.url, QUEUE_PREFIX: prefix };
  runtime = await startTestRuntime(testDb.database, prefix); // the `ssj worker` of the walkthrough
  const producer = runtime.producer;
  app = await buildTestApp(testDb.database, { drawWaker: { drawRequested: (drawId) => producer.add("draw", { drawId }) } });
});

afterAll(async () => {
  await app?.close();
  await runtime?.close();
  await deleteQueueKeys(prefix);
  await testDb?.drop();
  rmSync(workDir, { recursive: true, force: true });
});

async function ssj(...args: string[]): Promise<string[]> {
  const result = await runCli(args, env);
  expect(result.stderr, `ssj ${args.join(" ")}`).toBe("");
  expect(result.code, `ssj ${args.join(" ")}`).toBe(0);
  return lines(result.stdout);
}

type RoundView = {
  status: string;
  lock: { manifestHash: string } | null;
  draw: { id: string; resultHash: string | null } | null;
  teams: { department: { code: string } }[];
};

describe("the round walkthrough with the ssj command", () => {
  it("seeds, plans, locks, draws, exports and verifies the record", { timeout: 180_000 }, async () => {
    const seeded = await ssj("demo", "seed");
    supervisorToken = seeded.find((line) => line.startsWith("supervisor "))?.split(" ")[2] ?? "";
    expect(supervisorToken).toMatch(/^ssj_/);

    const created = await ssj("round", "create", "--file", countyRoundFile);
    const roundId = created.at(-1) ?? "";
    expect(roundId).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.filter((line) => line.startsWith("stratum "))).toHaveLength(2);

    const locked = await ssj("round", "lock", roundId);
    const manifestHash = /manifestHash ([0-9a-f]{64})/.exec(locked.join("\n"))?.[1] ?? "";
    expect(manifestHash).toMatch(/^[0-9a-f]{64}$/);
    manifestHashes.push(manifestHash);

    const drawn = await ssj("round", "draw", roundId, "--seed", `${witnessSeed()} ${witnessSeed()}`);
    const drawId = drawn.at(-1) ?? "";
    expect(drawId).toMatch(/^[0-9a-f-]{36}$/);
    expect(drawn.filter((line) => line.includes("组长"))).toHaveLength(8);

    const recordDir = path.join(workDir, "cli-record");
    await ssj("round", "record", roundId, "--out", recordDir);
    const verified = await ssj("draw", "verify", recordDir);

    const view = (
      await app.app.inject({ method: "GET", url: `/api/v1/rounds/${roundId}`, headers: bearer(supervisorToken) })
    ).json<RoundView>();
    expect(view).toMatchObject({ status: "drawn", lock: { manifestHash }, draw: { id: drawId } });
    expect(verified).toEqual([`verified ${view.draw?.resultHash}`]);
    drawnDepartments.push(...view.teams.map((team) => team.department.code));
  });
});

describe("the round walkthrough through the API", () => {
  const api = (method: "GET" | "POST", url: string, payload?: object) =>
    app.app.inject({ method, url: `/api/v1${url}`, headers: bearer(supervisorToken), payload });

  it("plans, locks, draws (202, then drawn with teams), and the exported record verifies offline", { timeout: 120_000 }, async () => {
    const created = await api("POST", "/rounds", countyRound("东阿编办双随机〔2026〕4号"));
    expect(created.statusCode).toBe(201);
    const roundId = created.json<{ id: string }>().id;

    const locked = await api("POST", `/rounds/${roundId}/lock`, {});
    expect(locked.statusCode).toBe(200);
    const { manifestHash } = locked.json<{ manifestHash: string }>();
    manifestHashes.push(manifestHash);

    const requested = await api("POST", `/rounds/${roundId}/draws`, { seedSource: "witness", seed: witnessSeed() });
    expect(requested.statusCode).toBe(202);
    const { drawId } = requested.json<{ drawId: string }>();

    const view = await waitUntil("the round shows as drawn with its teams", async () => {
      const now = (await api("GET", `/rounds/${roundId}`)).json<RoundView>();
      return now.status === "drawn" ? now : undefined;
    });
    expect(view.draw?.id).toBe(drawId);
    expect(view.teams).toHaveLength(8);
    drawnDepartments.push(...view.teams.map((team) => team.department.code));

    const record = await api("GET", `/draws/${drawId}/record`);
    expect(record.statusCode).toBe(200);
    const file = path.join(workDir, "api-record.json");
    writeFileSync(file, record.body);
    expect(await ssj("draw", "verify", file)).toEqual([`verified ${view.draw?.resultHash}`]);
  });

  it("GET /public/commitments lists both locks' manifest hashes and no target department before notice", async () => {
    expect(drawnDepartments).toHaveLength(16);
    for (const format of ["json", "html"]) {
      const page = await app.app.inject({ method: "GET", url: `/public/commitments?format=${format}` });
      expect(page.statusCode).toBe(200);
      for (const hash of manifestHashes) expect(page.body).toContain(hash);
      for (const code of drawnDepartments) expect(page.body, `${format} shows ${code}`).not.toContain(code);
    }
  });
});
