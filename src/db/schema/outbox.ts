import { sql } from "drizzle-orm";
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/** `cancelled`: the cause went away before delivery (a voided draw's notices). */
export const outboxStatuses = ["pending", "sent", "dead", "cancelled"] as const;

/**
 * Notifications to the outside, written in the transaction of the change that causes them
 * (DESIGN.md, rule 2). `key` is the idempotency key a receiver sees; it makes a second
 * insert of the same notification a no-op.
 */
export const notificationOutbox = pgTable(
  "notification_outbox",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    key: text("key").notNull().unique(),
    orgId: uuid("org_id"),
    kind: text("kind").notNull(),
    channel: text("channel").notNull().default("log"),
    /** {kind, code, name?, email?, phone?} (older rows: address?) — the recipient of one delivery. */
    recipient: jsonb("recipient").notNull(),
    payload: jsonb("payload").notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
    /** Not before this time (a department's notice time, a reminder's 09:00). */
    /** Milliseconds, so the relay's keyset position (a JS Date) compares exactly. */
    dueAt: timestamp("due_at", { withTimezone: true, precision: 3 }).notNull().default(sql`ssj_now()`),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
    sentAt: timestamp("sent_at", { withTimezone: true }),
    /**
     * A delivery in flight holds the row until then (docs/notifications.md), so the same row
     * is never sent twice at once inside our system; cleared when the outcome is recorded.
     */
    claimedUntil: timestamp("claimed_until", { withTimezone: true }),
    /** Sends whose outcome we never learned (a timeout, a lapsed claim): the next send may be a repeat. */
    uncertainSends: integer("uncertain_sends").notNull().default(0),
    /** How many times the row went to the dead-letter list (a retried row may go again). */
    deadCount: integer("dead_count").notNull().default(0),
  },
  (t) => [
    index("notification_outbox_pending").on(t.dueAt).where(sql`status = 'pending'`),
    index("notification_outbox_dead").on(t.createdAt).where(sql`status = 'dead'`),
  ],
);
