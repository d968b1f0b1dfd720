// A round on the embedded PGlite, as `npm start` runs without DATABASE_URL: the lock reads
// its lists in one transaction (no second connection, no COPY) and the draw stores its rows
// by INSERT — and both databases, holding the demo county, lock the same snapshot and draw
// the same teams from the same seed.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client";
import { draws } from "../../src/db/schema";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import { requestDraw } from "../../src/services/rounds/round-service";
import { createEmbeddedDatabase, createTestDatabase, type TestDatabase } from "../helpers/db";
import { createLockedRound, drawEffects, expectedOneDraw, operator } from "../helpers/rounds";
import { testConfig } from "../helpers/config";

let test: TestDatabase;
let embedded: Awaited<ReturnType<typeof createEmbeddedDatabase>>;

beforeAll(async () => {
  test = await createTestDatabase();
  embedded = await createEmbeddedDatabase("embedded-round test");
  await seedDemo(embedded.database.db, operator, 1, testConfig);
  await seedDemo(test.database.db, operator, 1, testConfig);
});

afterAll(async () => {
  await test?.drop();
  await embedded?.drop();
});

async function drawOn(database: Database) {
  const { round, lock } = await createLockedRound(database, "东阿编办双随机〔2026〕9号");
  const draw = await requestDraw(database.db, operator, round.id, { seed: "202611270930123456789012" });
  const outcome = await executeDraw(database, draw.id);
  const [stored] = await database.db.select().from(draws).where(eq(draws.id, draw.id));
  return { lock, outcome, stored, effects: await drawEffects(database, round.id) };
}

describe("a round on the embedded database", () => {
  it("locks, draws and stores one draw's teams and notifications, as PostgreSQL does", async () => {
    const onPglite = await drawOn(embedded.database);
    const onPostgres = await drawOn(test.database);
    expect(onPglite.outcome.status).toBe("done");
    expect(onPglite.effects).toMatchObject(expectedOneDraw(onPglite.effects, 1));
    expect(onPglite.effects.teamsInRecord).toBeGreaterThan(0);
    // The same registries, asOf and seed: the same snapshot, manifest and teams.
    for (const field of [
      "departmentsHash",
      "inspectorsHash",
      "historyHash",
      "departmentCount",
      "inspectorCount",
      "historyCount",
    ] as const) {
      expect(onPglite.lock[field], field).toBe(onPostgres.lock[field]);
    }
    expect(onPglite.stored?.resultHash).toBe(onPostgres.stored?.resultHash);
  });
});
