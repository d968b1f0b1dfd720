// The dead-letter list (DESIGN.md, Deadlines and escalation: a delivery that fails every
// retry lands in a list admins see and a metric counts), its retry, and the notification
// metrics read from PostgreSQL. Admins see their organization's subtree, plus the rows that
// belong to no organization (deployment-wide alerts).
import { and, desc, eq, sql, type SQL } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { notificationOutbox } from "../../db/schema";
import { ConflictError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { inScope, type Principal } from "../scope";

export interface DeadLetter {
  id: string;
  key: string;
  kind: string;
  channel: string;
  recipient: unknown;
  attempts: number;
  lastError: string | null;
  uncertainSends: number;
  createdAt: Date;
}

/** Lets the entry point wake a worker at once for a retried dead letter; without it the reconcile sweep (every minute) picks the row up. */
export interface NotificationWaker {
  notificationDue(outboxId: string): Promise<void>;
}

export async function listDeadLetters(
  db: Db,
  principal: Principal,
  page: { limit: number; offset: number },
): Promise<{ total: number; items: DeadLetter[] }> {
  const where = and(eq(notificationOutbox.status, "dead"), visibleTo(principal));
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(notificationOutbox).where(where);
  const items = await db
    .select({
      id: notificationOutbox.id,
      key: notificationOutbox.key,
      kind: notificationOutbox.kind,
      channel: notificationOutbox.channel,
      recipient: notificationOutbox.recipient,
      attempts: notificationOutbox.attempts,
      lastError: notificationOutbox.lastError,
      uncertainSends: notificationOutbox.uncertainSends,
      createdAt: notificationOutbox.createdAt,
    })
    .from(notificationOutbox)
    .where(where)
    .orderBy(desc(notificationOutbox.createdAt), notificationOutbox.id)
    .limit(page.limit)
    .offset(page.offset);
  return { total: count?.total ?? 0, items };
}

/**
 * Sends a dead letter back to pending with its attempts reset (the previous error stays in
 * last_error until the next attempt), audited. The caller wakes a notify job, or leaves it
 * to the reconcile sweep. Refused (409) for a row that is not dead.
 */
export async function retryDeadLetter(db: Db, principal: Principal, outboxId: string): Promise<DeadLetter> {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(outboxId))
    throw new NotFoundError(`no notification ${outboxId}`);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.id, outboxId), visibleTo(principal)))
      .for("update");
    if (!row) throw new NotFoundError(`no notification ${outboxId}`);
    if (row.status !== "dead")
      throw new ConflictError(`notification ${outboxId} is ${row.status}, not dead`, { status: row.status }, "wrong_status");
    await tx
      .update(notificationOutbox)
      .set({ status: "pending", attempts: 0, claimedUntil: null })
      .where(eq(notificationOutbox.id, outboxId));
    await appendAudit(tx, {
      actor: principal.actor,
      action: "notification.retry",
      subject: `notification:${row.key}`,
      orgId: row.orgId,
      payload: { channel: row.channel, attempts: row.attempts, lastError: row.lastError },
    });
    return { ...row, attempts: 0 };
  });
}

/**
 * The notification metrics in the Prometheus text exposition format, per channel: rows sent
 * and pending, rows dead now and times any row went dead, and sends whose outcome was unknown
 * (each may have been repeated; docs/notifications.md, The repeat window).
 */
export async function notificationMetrics(db: Db, principal: Principal): Promise<string> {
  const rows = await queryRows<{ channel: string; sent: number; pending: number; dead: number; deadTotal: number; uncertain: number }>(
    db,
    sql`select channel,
               count(*) filter (where status = 'sent')::int as sent,
               count(*) filter (where status = 'pending')::int as pending,
               count(*) filter (where status = 'dead')::int as dead,
               coalesce(sum(dead_count), 0)::int as "deadTotal",
               coalesce(sum(uncertain_sends), 0)::int as uncertain
        from notification_outbox where ${visibleTo(principal)} group by channel order by channel`,
  );
  const families: { name: string; type: "counter" | "gauge"; help: string; value: (row: (typeof rows)[number]) => number }[] = [
    { name: "ssj_notifications_sent_total", type: "counter", help: "Notifications the receiver accepted.", value: (r) => r.sent },
    {
      name: "ssj_notifications_pending",
      type: "gauge",
      help: "Notifications waiting to be delivered (due or not yet due).",
      value: (r) => r.pending,
    },
    {
      name: "ssj_notifications_dead_total",
      type: "counter",
      help: "Times a notification failed every attempt and went to the dead-letter list.",
      value: (r) => r.deadTotal,
    },
    { name: "ssj_notifications_dead", type: "gauge", help: "Notifications in the dead-letter list now.", value: (r) => r.dead },
    {
      name: "ssj_notifications_uncertain_sends_total",
      type: "counter",
      help: "Sends whose outcome was unknown (a timeout, a lapsed claim); the next send may have repeated them.",
      value: (r) => r.uncertain,
    },
  ];
  const channels = rows.length > 0 ? rows : [{ channel: "log", sent: 0, pending: 0, dead: 0, deadTotal: 0, uncertain: 0 }];
  const lines: string[] = [];
  for (const family of families) {
    lines.push(`# HELP ${family.name} ${family.help}`, `# TYPE ${family.name} ${family.type}`);
    for (const row of channels) lines.push(`${family.name}{channel="${escapeLabel(row.channel)}"} ${family.value(row)}`);
  }
  return `${lines.join("\n")}\n`;
}

function visibleTo(principal: Principal): SQL {
  return sql`(${notificationOutbox.orgId} is null or ${inScope(principal, notificationOutbox.orgId)})`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}
