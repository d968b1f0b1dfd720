// The draw job delivered twice, or run by two workers at once, and the draw requested twice at
// the same moment: every time the round ends with one valid draw — its teams once, one
// draw.done audit event, its notifications once (DESIGN.md, rule 2: the row is the guard).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JobRuntime } from "../../jobs/runtime";
import { executeDraw, type DrawOutcome } from "../../src/services/rounds/draw-runner";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { deleteQueueKeys, seedDemoCounty, startTestRuntime, testProducer, testQueueEvents, uniquePrefix } from "../helpers/processes";
import { createLockedRound, drawEffects, expectedOneDraw, pendingDraw, witnessSeed } from "../helpers/rounds";

let testDb: TestDatabase;
let tokens: Record<string, string>;
const prefix = uniquePrefix("dup");

beforeAll(async () => {
  testDb = await createTestDatabase();
  tokens = await seedDemoCounty(testDb.database);
});

afterAll(async () => {
  await deleteQueueKeys(prefix);
  await testDb?.drop();
});

const statuses = (outcomes: DrawOutcome[]) => outcomes.map((outcome) => outcome.status).sort();

describe("the draw job run twice at once", () => {
  it("in one process (executeDraw twice concurrently): one draws, the other finds it drawn", async () => {
    const { roundId, drawId } = await pendingDraw(testDb.database, "dup-1");
    const outcomes = await Promise.all([executeDraw(testDb.database, drawId), executeDraw(testDb.database, drawId)]);
    expect(statuses(outcomes)).toEqual(["done", "skipped"]);
    const effects = await drawEffects(testDb.database, roundId);
    expect(effects.teamsInRecord).toBe(8);
    expect(effects).toMatchObject(expectedOneDraw(effects, 1));
  });

  it("delivered twice by BullMQ to two worker runtimes on the same prefix: one draw", async () => {
    const { roundId, drawId } = await pendingDraw(testDb.database, "dup-2");
    const producer = testProducer(prefix);
    const events = await testQueueEvents("draws", prefix);
    const runtimes: JobRuntime[] = [];
    try {
      const queue = producer.queues.get("draws");
      if (!queue) throw new Error("no draws queue");
      // The job as the API adds it, and the same draw again under another id: a redelivery
      // that the jobId cannot deduplicate (a jobId is a convenience, not the guard).
      await producer.add("draw", { drawId });
      const again = await queue.add("draw", { drawId }, { jobId: `draw-${drawId}-redelivered` });
      const original = await queue.getJob(`draw-${drawId}`);
      if (!original) throw new Error("the draw job was not added");
      runtimes.push(...(await Promise.all([startTestRuntime(testDb.database, prefix), startTestRuntime(testDb.database, prefix)])));
      const results = (await Promise.all([
        original.waitUntilFinished(events, 30_000),
        again.waitUntilFinished(events, 30_000),
      ])) as DrawOutcome[];
      expect(statuses(results)).toEqual(["done", "skipped"]);
    } finally {
      for (const runtime of runtimes) await runtime.close();
      await events.close();
      await producer.close();
    }
    const effects = await drawEffects(testDb.database, roundId);
    expect(effects.teamsInRecord).toBe(8);
    expect(effects).toMatchObject(expectedOneDraw(effects, 1));
  });
});

describe("POST /api/v1/rounds/:id/draws twice at the same moment", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await buildTestApp(testDb.database);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("answers one 202 and one 409 naming the draw that exists", async () => {
    const { round } = await createLockedRound(testDb.database, "dup-3");
    const post = (seed: string) =>
      app.app.inject({
        method: "POST",
        url: `/api/v1/rounds/${round.id}/draws`,
        headers: bearer(tokens.supervisor ?? ""),
        payload: { seed },
      });
    const responses = await Promise.all([post(witnessSeed()), post(witnessSeed())]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([202, 409]);
    const accepted = responses.find((r) => r.statusCode === 202)?.json<{ drawId: string }>();
    const refused = responses.find((r) => r.statusCode === 409)?.json<{ error: { code: string; message: string } }>();
    expect(refused?.error.code).toBe("draw_exists");
    expect(refused?.error.message).toContain(accepted?.drawId);
    expect((await drawEffects(testDb.database, round.id)).draws).toEqual({ pending: 1 });
  });
});
