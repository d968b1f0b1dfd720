// Delivers outbox notifications. A delivery to the outside is at-least-once (DESIGN.md,
// rule 2): the row is marked sent only after the channel accepted it, and carries its key
// as the idempotency key; a crash between the send and the mark repeats the send once.
import { and, eq, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { Db } from "../../db/client";
import { notificationOutbox } from "../../db/schema";

export type DeliveryOutcome = { status: "sent" | "skipped" | "dead"; key?: string };

export async function deliverNotification(db: Db, logger: Logger, outboxId: string, options: { finalAttempt: boolean }): Promise<DeliveryOutcome> {
  const [row] = await db.select().from(notificationOutbox).where(eq(notificationOutbox.id, outboxId));
  if (!row || row.status !== "pending") return { status: "skipped" };
  try {
    await send(logger, row);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db
      .update(notificationOutbox)
      .set({ attempts: sql`${notificationOutbox.attempts} + 1`, lastError: message, status: options.finalAttempt ? "dead" : "pending" })
      .where(and(eq(notificationOutbox.id, outboxId), eq(notificationOutbox.status, "pending")));
    if (options.finalAttempt) return { status: "dead", key: row.key };
    throw error;
  }
  await db
    .update(notificationOutbox)
    .set({ status: "sent", sentAt: sql`now()`, attempts: sql`${notificationOutbox.attempts} + 1` })
    .where(and(eq(notificationOutbox.id, outboxId), eq(notificationOutbox.status, "pending")));
  return { status: "sent", key: row.key };
}

type OutboxRow = typeof notificationOutbox.$inferSelect;

/** The log channel: the notification is a structured log line carrying its idempotency key. */
async function send(logger: Logger, row: OutboxRow): Promise<void> {
  if (row.channel !== "log") throw new Error(`channel ${row.channel} is not configured`);
  logger.info({ notification: { key: row.key, kind: row.kind, recipient: row.recipient, payload: row.payload } }, "notification delivered (log channel)");
}

/** Ids of pending notifications that are due, oldest first. */
export async function dueNotificationIds(db: Db, limit = 1000): Promise<string[]> {
  const rows = await db
    .select({ id: notificationOutbox.id })
    .from(notificationOutbox)
    .where(and(eq(notificationOutbox.status, "pending"), lte(notificationOutbox.dueAt, sql`now()`)))
    .orderBy(notificationOutbox.dueAt)
    .limit(limit);
  return rows.map((r) => r.id);
}
