// Target departments learn of an inspection at the round's notice time, never earlier
// (DESIGN.md, Confidentiality): a voided draw's notices never go out, and a round's results
// are not published while a department has not been told.
import { and, eq, like, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspections, notificationOutbox, rounds } from "../../src/db/schema";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import { voidDraw } from "../../src/services/rounds/draw-service";
import { publishRound } from "../../src/services/rounds/publication";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { operator, pendingDraw } from "../helpers/rounds";
import { testConfig } from "../helpers/config";

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
  await seedDemo(test.database.db, operator, 90, testConfig);
});

afterAll(async () => {
  await test.drop();
});

const noticesOf = (drawId: string) =>
  test.database.db
    .select({ status: notificationOutbox.status })
    .from(notificationOutbox)
    .where(and(like(notificationOutbox.key, `draw:${drawId}:notice:%`)));

describe("a voided draw", () => {
  it("never tells its departments: their pending notices are cancelled", async () => {
    const { drawId } = await pendingDraw(test.database, "保密〔2026〕1号");
    await executeDraw(test.database, drawId);
    // the county round tells departments 3 days before the window: still pending now
    expect((await noticesOf(drawId)).map((n) => n.status)).toEqual(Array(8).fill("pending"));
    await voidDraw(test.database.db, operator, drawId, "见证人未到场");
    expect((await noticesOf(drawId)).map((n) => n.status)).toEqual(Array(8).fill("cancelled"));
  });
});

describe("publishing a round's results (公示)", () => {
  it("is refused while a drawn department has not been notified, and allowed after", async () => {
    const { roundId, drawId } = await pendingDraw(test.database, "保密〔2026〕2号");
    await executeDraw(test.database, drawId);
    await expect(publishRound(test.database.db, operator, roundId)).rejects.toThrow(/not been notified/);
    const [round] = await test.database.db.select({ publishedAt: rounds.publishedAt }).from(rounds).where(eq(rounds.id, roundId));
    expect(round?.publishedAt).toBeNull();

    await test.database.db
      .update(inspections)
      .set({ noticeAt: sql`ssj_now() - interval '1 minute'` })
      .where(eq(inspections.roundId, roundId));
    const published = await publishRound(test.database.db, operator, roundId);
    expect(published.alreadyPublished).toBe(false);
  });
});
