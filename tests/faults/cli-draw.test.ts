// `ssj round draw` runs the draw as a job: with no worker up it says so on its first line and
// leaves the draw pending (a worker started later runs it); with a worker it prints the teams
// and the draw id alone on the last line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRuntime } from "../../jobs/runtime";
import { firstLine, lines, runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { deleteQueueKeys, seedDemoCounty, startTestRuntime, uniquePrefix, waitUntil } from "../helpers/processes";
import { createLockedRound, drawEffects, expectedOneDraw, witnessSeed } from "../helpers/rounds";

let testDb: TestDatabase;
let runtime: JobRuntime | undefined;
const prefix = uniquePrefix("clidraw");

beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedDemoCounty(testDb.database);
});

afterAll(async () => {
  await runtime?.close();
  await deleteQueueKeys(prefix);
  await testDb?.drop();
});

describe("ssj round draw", () => {
  it("with no worker running, exits non-zero saying first that no worker ran the draw, which stays pending until one starts", {
    timeout: 120_000,
  }, async () => {
    const { round } = await createLockedRound(testDb.database, "cli-1");
    const result = await runCli(["round", "draw", round.id, "--seed", witnessSeed(), "--wait", "2"], {
      DATABASE_URL: testDb.url,
      QUEUE_PREFIX: prefix,
    });
    expect(result.code).not.toBe(0);
    expect(firstLine(result.stderr)).toMatch(/^ssj: no worker ran draw [0-9a-f-]{36} within 2s: start one/);
    const drawId = /draw ([0-9a-f-]{36})/.exec(firstLine(result.stderr))?.[1];
    expect((await drawEffects(testDb.database, round.id)).draws).toEqual({ pending: 1 });

    runtime = await startTestRuntime(testDb.database, prefix);
    const effects = await waitUntil("a worker ran the pending draw", async () => {
      const now = await drawEffects(testDb.database, round.id);
      return now.draws.done === 1 ? now : undefined;
    });
    expect(effects.doneDrawIds).toEqual([drawId]);
    expect(effects).toMatchObject(expectedOneDraw(effects, 1));
  });

  it("with a worker running, prints the teams and the draw id alone on the last line", { timeout: 120_000 }, async () => {
    runtime ??= await startTestRuntime(testDb.database, prefix);
    const { round } = await createLockedRound(testDb.database, "cli-2");
    const result = await runCli(["round", "draw", round.id, "--seed", witnessSeed(), "--wait", "30"], {
      DATABASE_URL: testDb.url,
      QUEUE_PREFIX: prefix,
    });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const printed = lines(result.stdout);
    const effects = await drawEffects(testDb.database, round.id);
    expect(printed.at(-1)).toBe(effects.doneDrawIds[0]);
    const teamLines = printed.filter((line) => line.includes("组长"));
    expect(teamLines).toHaveLength(8);
    for (const line of teamLines)
      expect(line).toMatch(/^\S+\(DEA-[A-Z0-9-]+\): (组长 )?\S+\(INS-\d+\)(、(组长 )?\S+\(INS-\d+\)){2}; 候补 alternates: /);
  });
});
