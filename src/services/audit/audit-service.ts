// Appends to and checks the hash-chained audit log.
import { and, asc, desc, eq, gt, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { auditEvents } from "../../db/schema";
import { clockNow } from "../clock";
import { inScope, type Principal } from "../scope";
import { chainHash, GENESIS_HASH, type Actor, type AuditEvent } from "./audit-fns";

export interface AuditEntry {
  actor: Actor;
  action: string;
  /** What changed, as `kind:id`, e.g. `department:DEA-FGJ`. */
  subject: string;
  orgId: string | null;
  payload?: unknown;
}

/** Serializes appends across every process; taken last in a transaction (DESIGN.md, rule 6). */
const AUDIT_CHAIN_LOCK_KEY = 7_324_001_002n;

/**
 * Appends one event inside the caller's transaction. Call it as the last statement of a
 * command: the chain lock it takes is held until the transaction ends.
 */
export async function appendAudit(tx: Db, entry: AuditEntry): Promise<{ seq: number; hash: string }> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK_KEY.toString()}::bigint)`);
  const [head] = await tx
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const { at } = await clockNow(tx);
  const event: AuditEvent = {
    seq: (head?.seq ?? 0) + 1,
    at,
    orgId: entry.orgId,
    actor: entry.actor,
    action: entry.action,
    subject: entry.subject,
    payload: entry.payload ?? {},
  };
  const prevHash = head?.hash ?? GENESIS_HASH;
  const hash = chainHash(prevHash, event);
  await tx.insert(auditEvents).values({ ...event, at: new Date(event.at), prevHash, hash });
  return { seq: event.seq, hash };
}

export interface ChainHead {
  seq: number;
  hash: string;
}

export async function auditHead(db: Db): Promise<ChainHead> {
  const [head] = await db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  return head ?? { seq: 0, hash: GENESIS_HASH };
}

export type ChainCheck = { ok: true; head: ChainHead; events: number } | { ok: false; seq: number; reason: string };

/** Recomputes every hash in order, a page at a time; names the first row that does not fit. */
export async function verifyAuditChain(db: Db, pageSize = 5000): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(gt(auditEvents.seq, expectedSeq - 1))
      .orderBy(asc(auditEvents.seq))
      .limit(pageSize);
    for (const row of rows) {
      if (row.seq !== expectedSeq) return { ok: false, seq: expectedSeq, reason: `event ${expectedSeq} is missing (next is ${row.seq})` };
      if (row.prevHash !== prevHash) return { ok: false, seq: row.seq, reason: "prev_hash does not match the hash of the event before it" };
      const event: AuditEvent = {
        seq: row.seq,
        at: row.at.toISOString(),
        orgId: row.orgId,
        actor: row.actor as Actor,
        action: row.action,
        subject: row.subject,
        payload: row.payload,
      };
      if (chainHash(prevHash, event) !== row.hash) return { ok: false, seq: row.seq, reason: "its content does not match its hash" };
      prevHash = row.hash;
      expectedSeq++;
    }
    if (rows.length < pageSize) return { ok: true, head: { seq: expectedSeq - 1, hash: prevHash }, events: expectedSeq - 1 };
  }
}

export type StoredAuditEvent = typeof auditEvents.$inferSelect;

export interface AuditEventQuery {
  /** Events after this sequence number. */
  after: number;
  limit: number;
  /** Only events about this subject (`kind:id`). */
  subject?: string | undefined;
}

/** The events of the principal's subtree, oldest first (GET /audit/events pages through them). */
export async function listAuditEvents(db: Db, principal: Principal, query: AuditEventQuery): Promise<StoredAuditEvent[]> {
  return db
    .select()
    .from(auditEvents)
    .where(
      and(
        gt(auditEvents.seq, query.after),
        inScope(principal, auditEvents.orgId),
        query.subject ? eq(auditEvents.subject, query.subject) : undefined,
      ),
    )
    .orderBy(asc(auditEvents.seq))
    .limit(query.limit);
}
