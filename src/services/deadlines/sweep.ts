// The deadline sweep (DESIGN.md, Deadlines and escalation): processes the ledger rows that
// fell due, in batches. In one transaction per batch each row is sent (its deliveries become
// outbox rows keyed by (ledger row, recipient, channel)), skipped or cancelled, so a sweep
// run twice — or by two workers at once (SKIP LOCKED) — repeats nothing.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { ChannelName, Policy } from "../../../config/policy";
import { queryRows, type Db } from "../../db/client";
import { notificationOutbox, reminderLedger } from "../../db/schema";
import { escalationLevels } from "../../domain/deadlines/plan";
import { RecipientDirectory, type FindingParty, type Recipient } from "./recipients";

export interface SweepResult {
  /** Findings whose due rows were processed. */
  findings: number;
  sent: number;
  skipped: number;
  cancelled: number;
  deliveries: number;
}

interface DueRow {
  id: string;
  findingId: string;
  kind: string;
  deadlineVersion: number;
  dueAt: Date;
  status: string;
  currentVersion: number;
  orgId: string;
  departmentId: string;
  inspectionId: string | null;
  description: string;
  severity: string;
  dueOn: string | null;
}

export interface SweepOptions {
  /** Findings per batch (transaction): all of a finding's due rows go in the same batch. */
  batchSize?: number;
  /** Called after each batch committed, with the outbox rows it wrote (to wake their deliveries at once). */
  afterBatch?: (outboxIds: string[]) => Promise<unknown>;
}

export async function sweepDueLedger(db: Db, policy: Policy, options: SweepOptions | number = {}): Promise<SweepResult> {
  const { batchSize = 1000, afterBatch } = typeof options === "number" ? { batchSize: options } : options;
  const total: SweepResult = { findings: 0, sent: 0, skipped: 0, cancelled: 0, deliveries: 0 };
  for (;;) {
    const outboxIds: string[] = [];
    const result = await db.transaction((tx) => sweepBatch(tx, policy, batchSize, outboxIds));
    if (afterBatch && outboxIds.length > 0) await afterBatch(outboxIds);
    total.sent += result.sent;
    total.skipped += result.skipped;
    total.cancelled += result.cancelled;
    total.deliveries += result.deliveries;
    total.findings += result.findings;
    if (result.findings < batchSize) return total;
  }
}

async function sweepBatch(tx: Db, policy: Policy, batchSize: number, outboxIds: string[]): Promise<SweepResult> {
  // Whole findings at a time, locked (the lifecycle commands lock the same row), so the
  // no-burst rule sees all of a finding's due rows, and concurrent sweeps share nothing.
  const due = await queryRows<{ id: string }>(
    tx,
    sql`select f.id from findings f
        where f.id in (select l.finding_id from reminder_ledger l where l.status = 'scheduled' and l.due_at <= ssj_now()
                       group by l.finding_id order by min(l.due_at) limit ${batchSize})
        for update of f skip locked`,
  );
  if (due.length === 0) return { sent: 0, skipped: 0, cancelled: 0, deliveries: 0, findings: 0 };
  const rows = await queryRows<DueRow>(
    tx,
    sql`select l.id, l.finding_id as "findingId", l.kind, l.deadline_version as "deadlineVersion", l.due_at as "dueAt",
               f.status, f.deadline_version as "currentVersion", f.org_id as "orgId", f.department_id as "departmentId",
               f.inspection_id as "inspectionId", f.description, f.severity, d.due_on::text as "dueOn"
        from reminder_ledger l
        join findings f on f.id = l.finding_id
        left join finding_deadlines d on d.finding_id = l.finding_id and d.version = l.deadline_version
        where l.status = 'scheduled' and l.due_at <= ssj_now() and l.finding_id in ${due.map((row) => row.id)}`,
  );
  const result: SweepResult = { sent: 0, skipped: 0, cancelled: 0, deliveries: 0, findings: due.length };

  const outcomes = new Map<string, { status: "sent" | "skipped" | "cancelled"; outcome: string | null }>();
  const live: DueRow[] = [];
  for (const row of rows) {
    const active = row.status === "issued" || row.status === "submitted";
    if (!active) outcomes.set(row.id, { status: "cancelled", outcome: `the finding is ${row.status}` });
    else if (row.deadlineVersion !== row.currentVersion)
      outcomes.set(row.id, { status: "cancelled", outcome: `deadline version ${row.currentVersion} replaced it` });
    else live.push(row);
  }
  // No burst: of the rows of one group due together for a finding, only the latest is sent.
  const latest = new Map<string, DueRow>();
  for (const row of live) {
    const key = `${row.findingId}:${isEscalation(row.kind) ? "escalation" : "reminder"}`;
    const current = latest.get(key);
    if (!current || rank(row.kind) > rank(current.kind)) latest.set(key, row);
  }
  for (const row of live) {
    const winner = latest.get(`${row.findingId}:${isEscalation(row.kind) ? "escalation" : "reminder"}`);
    if (winner && winner.id !== row.id)
      outcomes.set(row.id, { status: "skipped", outcome: `missed; ${winner.kind} was due at the same sweep and sent instead` });
  }

  const winners = [...latest.values()];
  const directory = await RecipientDirectory.load(tx, winners.map(partyOf));
  const deliveries: (typeof notificationOutbox.$inferInsert)[] = [];
  for (const row of winners) {
    const escalation = isEscalation(row.kind);
    if (row.status === "submitted") {
      // A report waiting for review does not escalate or remind the department; it reminds the reviewer.
      const recipients = escalation ? directory.resolve(partyOf(row), policy.reviewerRecipients) : [];
      deliveries.push(...deliveriesFor(row, "reviewer", recipients, policy.channels.reminder));
      outcomes.set(row.id, {
        status: "skipped",
        outcome: escalation ? "a report awaits review: the reviewer was reminded" : "a report awaits review",
      });
      continue;
    }
    const kinds = escalation ? policy.escalation[row.kind as "L1" | "L2" | "L3"].recipients : policy.reminderRecipients;
    deliveries.push(
      ...deliveriesFor(
        row,
        row.kind,
        directory.resolve(partyOf(row), kinds),
        escalation ? policy.channels.escalation : policy.channels.reminder,
      ),
    );
    outcomes.set(row.id, { status: "sent", outcome: null });
  }

  for (let i = 0; i < deliveries.length; i += 1000) {
    const inserted = await tx
      .insert(notificationOutbox)
      .values(deliveries.slice(i, i + 1000))
      .onConflictDoNothing()
      .returning({ id: notificationOutbox.id });
    outboxIds.push(...inserted.map((row) => row.id));
  }
  for (const status of ["sent", "skipped", "cancelled"] as const) {
    const byOutcome = new Map<string | null, string[]>();
    for (const [id, o] of outcomes) if (o.status === status) byOutcome.set(o.outcome, [...(byOutcome.get(o.outcome) ?? []), id]);
    for (const [outcome, ids] of byOutcome) {
      await tx
        .update(reminderLedger)
        .set({ status, outcome, processedAt: sql`ssj_now()` })
        .where(and(inArray(reminderLedger.id, ids), eq(reminderLedger.status, "scheduled")));
      result[status] += ids.length;
    }
  }
  result.deliveries = deliveries.length;
  return result;
}

function isEscalation(kind: string): boolean {
  return (escalationLevels as readonly string[]).includes(kind);
}

/** Later reminders and higher levels rank higher: remind-5 < remind-1 < remind-due; L1 < L2 < L3. */
function rank(kind: string): number {
  if (isEscalation(kind)) return Number(kind.slice(1));
  if (kind === "remind-due") return 0;
  return -Number(kind.replace("remind-", ""));
}

function partyOf(row: DueRow): FindingParty {
  return { findingId: row.findingId, orgId: row.orgId, departmentId: row.departmentId, inspectionId: row.inspectionId };
}

function deliveriesFor(
  row: DueRow,
  kind: string,
  recipients: Recipient[],
  channels: ChannelName[],
): (typeof notificationOutbox.$inferInsert)[] {
  return recipients.flatMap((recipient) =>
    channels.map((channel) => ({
      key: `ledger:${row.id}:${recipient.kind}:${recipient.code}:${channel}`,
      orgId: row.orgId,
      kind: kind === "reviewer" ? "finding.review-reminder" : isEscalation(kind) ? `finding.escalation.${kind}` : "finding.reminder",
      channel,
      recipient,
      payload: {
        findingId: row.findingId,
        ledgerId: row.id,
        level: kind,
        description: row.description,
        severity: row.severity,
        dueOn: row.dueOn,
        dueAt: row.dueAt,
      },
    })),
  );
}
