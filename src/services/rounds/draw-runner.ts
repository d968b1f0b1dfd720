// Runs a requested draw (called by the draw job). At-least-once safe: the draw row moves
// from pending to done only once, in the same transaction as the teams it creates.
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { arrayLiteral, inBatches, inBulkTransaction, type BulkInsert } from "../../db/bulk-insert";
import type { Database, Db } from "../../db/client";
import { departments, draws, inspectors, roundLocks, rounds } from "../../db/schema";
import { DrawConstraintError, DrawInputError } from "../../domain/draw/errors";
import { parseParams } from "../../domain/draw/params";
import { runPreparedDraw } from "../../domain/draw/run-draw";
import type { DrawRecord } from "../../domain/draw/types";
import type { Actor } from "../audit/audit-fns";
import { appendAudit } from "../audit/audit-service";
import { clockNow } from "../clock";
import { loadPreparedSnapshot } from "./snapshot-store";
import type { Notice } from "./round-types";
import { shanghaiNoticeTime } from "./notice-time";

const workerActor: Actor = { kind: "system", via: "worker" };

export type DrawOutcome =
  | { status: "done"; resultHash: string }
  | { status: "failed"; message: string }
  | { status: "skipped"; reason: string };

export async function executeDraw(database: Database, drawId: string): Promise<DrawOutcome> {
  const computed = await computeDraw(database, drawId);
  return "record" in computed ? persistDraw(database, drawId, computed) : computed;
}

/** A draw computed and not yet stored. */
export interface ComputedDraw {
  record: DrawRecord;
  drawnAt: string;
}

/**
 * executeDraw's first phase: loads the locked snapshot and runs the engine. A draw that
 * cannot run (skipped) or whose rules cannot be met (failed, stored here) ends here.
 */
export async function computeDraw(database: Database, drawId: string): Promise<ComputedDraw | DrawOutcome> {
  const { db } = database;
  const [draw] = await db.select().from(draws).where(eq(draws.id, drawId));
  if (!draw) return { status: "skipped", reason: "no such draw" };
  if (draw.status !== "pending") return { status: "skipped", reason: `draw is ${draw.status}` };
  const [lock] = await db.select().from(roundLocks).where(eq(roundLocks.id, draw.lockId));
  if (!lock) throw new Error(`draw ${drawId} names a missing lock`);
  let record: DrawRecord;
  let drawnAt: string;
  try {
    // The stored lists stream through the engine's line readers, as verify reads a record's
    // files: hashed as they come, departments straight into the draw's table.
    const params = parseParams(lock.params);
    const prepared = await loadPreparedSnapshot(db, params, lock, database.client);
    drawnAt = (await clockNow(db)).at;
    record = runPreparedDraw(
      {
        params,
        seedSource: draw.seedSource,
        seedInput: draw.seedInput,
        drawnAt,
        drawnBy: draw.requestedBy,
        expectedManifestHash: lock.manifestHash,
      },
      prepared,
    );
  } catch (error) {
    if (!(error instanceof DrawConstraintError) && !(error instanceof DrawInputError)) throw error;
    const failure =
      error instanceof DrawConstraintError
        ? { rule: error.rule, subject: error.subject, message: error.message }
        : { rule: "input", message: error.message };
    await db.transaction(async (tx) => {
      const [failed] = await tx
        .update(draws)
        .set({ status: "failed", error: failure })
        .where(and(eq(draws.id, drawId), eq(draws.status, "pending")))
        .returning({ roundId: draws.roundId });
      if (!failed) return;
      const [round] = await tx.select({ orgId: rounds.orgId }).from(rounds).where(eq(rounds.id, failed.roundId));
      await appendAudit(tx, {
        actor: workerActor,
        action: "draw.fail",
        subject: `draw:${drawId}`,
        orgId: round?.orgId ?? null,
        payload: failure,
      });
    });
    return { status: "failed", message: error.message };
  }
  return { record, drawnAt };
}

/** executeDraw's second phase: one transaction stores the result, its teams and notifications. */
export async function persistDraw(database: Database, drawId: string, { record, drawnAt }: ComputedDraw): Promise<DrawOutcome> {
  const committed = await inBulkTransaction(database, async (tx, insert) => {
    const [done] = await tx
      .update(draws)
      .set({ status: "done", record, resultHash: record.resultHash, recordHash: record.recordHash, drawnAt: new Date(drawnAt) })
      .where(and(eq(draws.id, drawId), eq(draws.status, "pending")))
      .returning({ roundId: draws.roundId });
    if (!done) return false; // another delivery of this job got there first
    const [round] = await tx.select().from(rounds).where(eq(rounds.id, done.roundId));
    if (!round) throw new Error("round vanished");
    await createInspections(tx, insert, round, drawId, record, drawnAt);
    await tx.update(rounds).set({ status: "drawn", updatedAt: sql`ssj_now()` }).where(eq(rounds.id, round.id));
    await appendAudit(tx, {
      actor: workerActor,
      action: "draw.done",
      subject: `draw:${drawId}`,
      orgId: round.orgId,
      payload: {
        roundId: round.id,
        resultHash: record.resultHash,
        recordHash: record.recordHash,
        manifestHash: record.manifestHash,
        departments: record.result.teams.length,
      },
    });
    return true;
  });
  return committed ? { status: "done", resultHash: record.resultHash } : { status: "skipped", reason: "already drawn" };
}

type Round = typeof rounds.$inferSelect;

const INSPECTION_COLUMNS = [
  { name: "id", type: "uuid" },
  { name: "round_id", type: "uuid" },
  { name: "draw_id", type: "uuid" },
  { name: "org_id", type: "uuid" },
  { name: "department_id", type: "uuid" },
  { name: "stratum", type: "text" },
  { name: "position", type: "integer" },
  { name: "starts_on", type: "date" },
  { name: "ends_on", type: "date" },
  { name: "notice_at", type: "timestamptz" },
  { name: "alternates", type: "text[]" },
];
const MEMBER_COLUMNS = [
  { name: "inspection_id", type: "uuid" },
  { name: "inspector_id", type: "uuid" },
  { name: "leader", type: "boolean" },
  { name: "roles", type: "text[]" },
  { name: "source", type: "text" },
];
const OUTBOX_COLUMNS = [
  { name: "key", type: "text" },
  { name: "org_id", type: "uuid" },
  { name: "kind", type: "text" },
  { name: "recipient", type: "jsonb" },
  { name: "payload", type: "jsonb" },
  { name: "due_at", type: "timestamptz" },
];

/**
 * Inspections, team seats and the draw's notifications (to members now, to departments
 * per the notice): a province draw's ~300,000 rows go in by COPY (db/bulk-insert.ts).
 * Notification keys name this draw, so none exists yet: the draw row moved from pending
 * to done in this transaction.
 */
async function createInspections(
  tx: Db,
  insert: BulkInsert,
  round: Round,
  drawId: string,
  record: DrawRecord,
  drawnAt: string,
): Promise<void> {
  const teams = record.result.teams;
  if (teams.length === 0) return;
  const departmentByCode = await byCode(
    tx,
    departments,
    teams.map((t) => t.departmentId),
  );
  const inspectorByCode = await byCode(
    tx,
    inspectors,
    teams.flatMap((t) => t.members.map((m) => m.inspectorId)),
  );
  const department = (code: string) => {
    const found = departmentByCode.get(code);
    if (!found) throw new Error(`drawn department ${code} is not in the registry`);
    return found;
  };
  const inspector = (code: string) => {
    const found = inspectorByCode.get(code);
    if (!found) throw new Error(`drawn inspector ${code} is not in the registry`);
    return found;
  };
  const startsOn = round.windowStart ?? drawnAt.slice(0, 10);
  const notice = round.notice as Notice;
  const noticeAt = shanghaiNoticeTime(notice, drawnAt, round.windowStart);
  const noticeAtValue = noticeAt ? new Date(noticeAt).toISOString() : null;
  // Messages to members are due now: the transaction's time, as the column's default gives.
  const { at: now } = await clockNow(tx);
  const inspectionIds = teams.map(() => randomUUID());

  // Rows are made as COPY takes them, so Node builds while PostgreSQL stores.
  await insert(
    "inspections",
    INSPECTION_COLUMNS,
    inBatches(
      (function* () {
        for (const [position, team] of teams.entries()) {
          yield [
            inspectionIds[position] as string,
            round.id,
            drawId,
            round.orgId,
            department(team.departmentId).id,
            team.stratum,
            String(position),
            startsOn,
            round.windowEnd,
            noticeAtValue,
            arrayLiteral(team.alternates),
          ];
        }
      })(),
    ),
  );
  await insert(
    "inspection_members",
    MEMBER_COLUMNS,
    inBatches(
      (function* () {
        for (const [position, team] of teams.entries()) {
          for (const member of team.members) {
            yield [
              inspectionIds[position] as string,
              inspector(member.inspectorId).id,
              member.inspectorId === team.leaderId ? "t" : "f",
              arrayLiteral(member.roles),
              "draw",
            ];
          }
        }
      })(),
    ),
  );
  await insert(
    "notification_outbox",
    OUTBOX_COLUMNS,
    inBatches(
      (function* () {
        for (const team of teams) {
          const { code, name } = department(team.departmentId);
          const assignment = JSON.stringify({
            roundId: round.id,
            roundNumber: round.number,
            title: round.title,
            department: { code, name },
            startsOn,
            endsOn: round.windowEnd,
          });
          for (const member of team.members) {
            const leader = member.inspectorId === team.leaderId;
            yield [
              `draw:${drawId}:assignment:${team.departmentId}:${member.inspectorId}`,
              round.orgId,
              "draw.assignment",
              JSON.stringify({ kind: "inspector", code: member.inspectorId, name: inspector(member.inspectorId).name }),
              `${assignment.slice(0, -1)},"leader":${leader}}`,
              now,
            ];
          }
          if (noticeAt && notice.mode !== "unannounced") {
            yield [
              `draw:${drawId}:notice:${team.departmentId}`,
              round.orgId,
              "inspection.notice",
              JSON.stringify({ kind: "department", code, name }),
              assignment,
              noticeAtValue,
            ];
          }
        }
      })(),
    ),
  );
}

/** Registry rows by code, in one query (the codes travel as one text[] parameter). */
async function byCode(
  tx: Db,
  table: typeof departments | typeof inspectors,
  codes: readonly string[],
): Promise<Map<string, { id: string; code: string; name: string }>> {
  const rows = await tx
    .select({ id: table.id, code: table.code, name: table.name })
    .from(table)
    .where(sql`${table.code} = any(${arrayLiteral([...new Set(codes)])}::text[])`);
  return new Map(rows.map((row) => [row.code, row]));
}
