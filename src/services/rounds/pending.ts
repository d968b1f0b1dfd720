import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { draws } from "../../db/schema";

/** Draws requested and not yet run: the reconcile sweep wakes a job for each. */
export async function pendingDrawIds(db: Db): Promise<string[]> {
  const rows = await db.select({ id: draws.id }).from(draws).where(eq(draws.status, "pending")).orderBy(draws.requestedAt);
  return rows.map((r) => r.id);
}
