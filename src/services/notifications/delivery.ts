// Delivers outbox notifications (docs/notifications.md). A delivery to the outside is
// at-least-once (DESIGN.md, rule 2):
//
// 1. The row is claimed for a short lease (claimed_until = ssj_now() + 2 × timeout) by one UPDATE
//    that only a pending, due, unclaimed row passes, so inside our system one row is sent by
//    one caller at a time — concurrent jobs, a reconcile wake-up beside a retry — never twice
//    at once.
// 2. The channel sends, carrying the outbox key as the idempotency key.
// 3. Only after the receiver accepted is the row marked sent (WHERE status = 'pending').
//
// The repeat window: a crash after the receiver accepted and before step 3, or a send that
// timed out, leaves the row pending; the next attempt (the job's retry, or the reconcile
// sweep once the lease lapsed) sends again with the same key, and the receiver dedupes on
// it. Each such send is counted in uncertain_sends (a timeout when it happens, a lapsed claim
// when the row is claimed again) and exported as ssj_notifications_uncertain_sends_total.
import { and, eq, inArray, lte, sql } from "drizzle-orm";
import type { Logger } from "pino";
import type { ChannelConfig } from "../../../config/channels";
import { queryRows, type Db } from "../../db/client";
import { notificationOutbox } from "../../db/schema";
import { DeliveryError, type ChannelSend } from "./channels/channel";
import { sendDingTalk } from "./channels/dingtalk";
import { sendEmail } from "./channels/email";
import { logChannel } from "./channels/log";
import { sendWebhook } from "./channels/webhook";
import { sendWeCom } from "./channels/wecom";
import { recipientOf, renderMessage } from "./render";

export type DeliveryOutcome =
  | { status: "sent"; key: string }
  | { status: "dead"; key: string; error: string }
  /** The row is not pending (sent, dead, gone) or not due yet: nothing to do. */
  | { status: "skipped" }
  /** Another delivery holds the row's claim; it will record the outcome. */
  | { status: "busy" };

export interface DeliveryDeps {
  db: Db;
  logger: Logger;
  channels: ChannelConfig;
}

export interface DeliveryOptions {
  /** config/policy.json delivery.attempts: the attempt that makes the row dead when it fails. */
  maxAttempts: number;
  /** config/policy.json delivery.timeoutMs: one send's limit; the claim lasts twice as long. */
  timeoutMs: number;
}

type OutboxRow = typeof notificationOutbox.$inferSelect;

/**
 * Sends one outbox row through its channel. Returns what became of it; throws the channel's
 * error when the attempt failed and another one is due (the job retries with backoff).
 */
export async function deliverNotification(deps: DeliveryDeps, outboxId: string, options: DeliveryOptions): Promise<DeliveryOutcome> {
  const row = await claim(deps.db, outboxId, options.timeoutMs * 2);
  if (!row) return whyNotClaimed(deps.db, outboxId);
  const send = channelOf(row.channel, deps.logger);
  try {
    if (!send)
      throw new DeliveryError(`unknown channel ${row.channel} (known: ${Object.keys(channelSenders).join(", ")}, log)`, { retry: false });
    const recipient = recipientOf(row.recipient);
    await send(
      { key: row.key, kind: row.kind, payload: row.payload, rendered: renderMessage(row.kind, row.payload, recipient) },
      recipient,
      deps.channels,
      { idempotencyKey: row.key, timeoutMs: options.timeoutMs },
    );
  } catch (error) {
    const failure =
      error instanceof DeliveryError ? error : new DeliveryError(error instanceof Error ? error.message : String(error), { cause: error });
    const dead = !failure.retry || row.attempts + 1 >= options.maxAttempts;
    await recordFailure(deps.db, row.id, failure, dead);
    if (dead) {
      deps.logger.warn(
        { outboxId: row.id, key: row.key, channel: row.channel, attempts: row.attempts + 1, err: failure.message },
        "notification is dead (dead-letter list)",
      );
      return { status: "dead", key: row.key, error: failure.message };
    }
    throw failure;
  }
  await markSent(deps.db, row.id);
  return { status: "sent", key: row.key };
}

/**
 * Marks a row sent (step 3). The marks of deliveries finishing together go in one UPDATE (a
 * burst of thousands costs one statement and one commit per batch, not per row); each caller
 * still returns only once its own row's mark has committed, so nothing about the repeat window
 * changes.
 */
function markSent(db: Db, outboxId: string): Promise<void> {
  let batch = pendingMarks.get(db);
  if (!batch) {
    const fresh: MarkBatch = { ids: [], waiters: [] };
    batch = fresh;
    pendingMarks.set(db, fresh);
    setImmediate(() => {
      pendingMarks.delete(db);
      db.update(notificationOutbox)
        .set({ status: "sent", sentAt: sql`ssj_now()`, attempts: sql`${notificationOutbox.attempts} + 1`, claimedUntil: null })
        .where(and(inArray(notificationOutbox.id, fresh.ids), eq(notificationOutbox.status, "pending")))
        .then(
          () => {
            for (const waiter of fresh.waiters) waiter.resolve();
          },
          (error: unknown) => {
            for (const waiter of fresh.waiters) waiter.reject(error);
          },
        );
    });
  }
  const current = batch;
  current.ids.push(outboxId);
  return new Promise((resolve, reject) => current.waiters.push({ resolve, reject }));
}

interface MarkBatch {
  ids: string[];
  waiters: { resolve: () => void; reject: (error: unknown) => void }[];
}

const pendingMarks = new WeakMap<Db, MarkBatch>();

/** Ids of pending notifications that are due and not held by a delivery in flight, oldest first. */
export async function dueNotificationIds(db: Db, limit = 1000): Promise<string[]> {
  return (await dueNotificationPage(db, { limit })).map((row) => row.id);
}

export interface DuePosition {
  dueAt: Date;
  id: string;
}

/**
 * One page of the due, unheld pending notifications in (due_at, id) order, after `after`: the
 * relay walks every due row this way, however many fell due together.
 */
export async function dueNotificationPage(db: Db, options: { after?: DuePosition; limit: number }): Promise<DuePosition[]> {
  const { after, limit } = options;
  return db
    .select({ id: notificationOutbox.id, dueAt: notificationOutbox.dueAt })
    .from(notificationOutbox)
    .where(
      and(
        eq(notificationOutbox.status, "pending"),
        lte(notificationOutbox.dueAt, sql`ssj_now()`),
        sql`(${notificationOutbox.claimedUntil} is null or ${notificationOutbox.claimedUntil} < ssj_now())`,
        after
          ? sql`(${notificationOutbox.dueAt}, ${notificationOutbox.id}) > (${after.dueAt.toISOString()}::timestamptz, ${after.id}::uuid)`
          : undefined,
      ),
    )
    .orderBy(notificationOutbox.dueAt, notificationOutbox.id)
    .limit(limit);
}

const channelSenders: Record<string, ChannelSend> = {
  webhook: sendWebhook,
  dingtalk: sendDingTalk,
  wecom: sendWeCom,
  email: sendEmail,
};

function channelOf(channel: string, logger: Logger): ChannelSend | undefined {
  return channel === "log" ? logChannel(logger) : channelSenders[channel];
}

/**
 * Takes the row for `leaseMs` if it is pending, due and not held. A claim that lapsed
 * without an outcome (its holder crashed, perhaps after the receiver accepted) counts as an
 * uncertain send: this send may repeat it.
 */
async function claim(db: Db, outboxId: string, leaseMs: number): Promise<OutboxRow | undefined> {
  if (!isUuid(outboxId)) return undefined;
  const [row] = await db
    .update(notificationOutbox)
    .set({
      claimedUntil: sql`ssj_now() + ${leaseMs}::int * interval '1 millisecond'`,
      uncertainSends: sql`${notificationOutbox.uncertainSends} + (case when ${notificationOutbox.claimedUntil} is null then 0 else 1 end)`,
    })
    .where(
      and(
        eq(notificationOutbox.id, outboxId),
        eq(notificationOutbox.status, "pending"),
        lte(notificationOutbox.dueAt, sql`ssj_now()`),
        sql`(${notificationOutbox.claimedUntil} is null or ${notificationOutbox.claimedUntil} < ssj_now())`,
      ),
    )
    .returning();
  return row;
}

async function whyNotClaimed(db: Db, outboxId: string): Promise<DeliveryOutcome> {
  if (!isUuid(outboxId)) return { status: "skipped" };
  const [row] = await queryRows<{ held: boolean }>(
    db,
    sql`select status = 'pending' and due_at <= ssj_now() and claimed_until >= ssj_now() as held from notification_outbox where id = ${outboxId}`,
  );
  return row?.held ? { status: "busy" } : { status: "skipped" };
}

async function recordFailure(db: Db, outboxId: string, failure: DeliveryError, dead: boolean): Promise<void> {
  await db
    .update(notificationOutbox)
    .set({
      attempts: sql`${notificationOutbox.attempts} + 1`,
      lastError: failure.message.slice(0, 2000),
      status: dead ? "dead" : "pending",
      claimedUntil: null,
      uncertainSends: sql`${notificationOutbox.uncertainSends} + ${failure.outcomeUnknown ? 1 : 0}`,
      deadCount: sql`${notificationOutbox.deadCount} + ${dead ? 1 : 0}`,
    })
    .where(and(eq(notificationOutbox.id, outboxId), eq(notificationOutbox.status, "pending")));
}

function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}
