// A worker killed with SIGKILL in the middle of a draw job: after a new worker starts, the
// round has exactly one valid draw — its teams once, one draw.done, its notifications once.
//
// The kill lands mid-job deterministically without a hook in production code: the test holds
// the draw row locked (SELECT … FOR UPDATE), so the worker computes the draw and then blocks on
// the UPDATE that commits it; the test sees that wait in pg_stat_activity and kills then.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { deleteQueueKeys, seedDemoCounty, spawnWorker, uniquePrefix, waitUntil, type WorkerProcess } from "../helpers/processes";
import { drawEffects, expectedOneDraw, pendingDraw } from "../helpers/rounds";

let testDb: TestDatabase;
const prefix = uniquePrefix("kill");
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  testDb = await createTestDatabase();
  await seedDemoCounty(testDb.database);
});

afterAll(async () => {
  for (const worker of workers) await worker.kill("SIGKILL");
  await deleteQueueKeys(prefix);
  await testDb?.drop();
});

describe("a worker killed in the middle of a draw job", () => {
  // Two `ssj worker` processes start in this test: a loaded machine needs more than the default.
  it("leaves the draw pending, and the next worker draws it exactly once", { timeout: 120_000 }, async () => {
    const { roundId, drawId } = await pendingDraw(testDb.database, "kill-1");
    const client = testDb.database.client;
    if (!client) throw new Error("the test database is PostgreSQL");
    // A short lock, so the new worker takes the dead worker's job over within seconds.
    const env = { DATABASE_URL: testDb.url, QUEUE_PREFIX: prefix, JOB_LOCK_MS: "2000" };

    const holder = await client.reserve();
    try {
      await holder`begin`;
      await holder`select id from draws where id = ${drawId} for update`;

      const first = spawnWorker(env);
      workers.push(first);
      await first.logLine("draw job started", { drawId });
      await waitUntil("the worker waits to commit the draw", async () => {
        const [row] = await queryRows<{ pid: number }>(
          testDb.database.db,
          sql`select pid from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query ilike 'update "draws"%'`,
        );
        return row;
      });
      await first.kill("SIGKILL");
      expect(first.output()).not.toContain('"msg":"draw job finished"');
    } finally {
      await holder`rollback`;
      holder.release();
    }

    // What a user sees between the crash and the next worker: the draw still pending, no teams.
    expect(await drawEffects(testDb.database, roundId)).toMatchObject({
      draws: { pending: 1 },
      inspections: 0,
      drawDoneEvents: 0,
      outbox: 0,
    });

    const second = spawnWorker(env);
    workers.push(second);
    await second.logLine("draw job finished", { drawId });
    const effects = await waitUntil("the draw is done", async () => {
      const now = await drawEffects(testDb.database, roundId);
      return now.draws.done === 1 ? now : undefined;
    });
    expect(effects.teamsInRecord).toBe(8);
    expect(effects).toMatchObject(expectedOneDraw(effects, 1));
    await second.kill("SIGTERM");
  });
});
