// Runs a requested draw (called by the draw job). At-least-once safe: the draw row moves
// from pending to done only once, in the same transaction as the teams it creates.
import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Database, type Db } from "../../db/client";
import { departments, draws, inspectionMembers, inspections, inspectors, notificationOutbox, roundLocks, rounds } from "../../db/schema";
import { DrawConstraintError, DrawInputError } from "../../domain/draw/errors";
import { runDraw } from "../../domain/draw/run-draw";
import type { Department, DrawRecord, HistoryEntry, Inspector, Snapshot } from "../../domain/draw/types";
import type { Actor } from "../audit/audit-fns";
import { appendAudit } from "../audit/audit-service";
import { loadSnapshotList } from "./snapshot-store";
import type { Notice } from "./round-types";
import { shanghaiNoticeTime } from "./notice-time";

const workerActor: Actor = { kind: "system", via: "worker" };

export type DrawOutcome = { status: "done"; resultHash: string } | { status: "failed"; message: string } | { status: "skipped"; reason: string };

export async function executeDraw(database: Database, drawId: string): Promise<DrawOutcome> {
  const { db } = database;
  const [draw] = await db.select().from(draws).where(eq(draws.id, drawId));
  if (!draw) return { status: "skipped", reason: "no such draw" };
  if (draw.status !== "pending") return { status: "skipped", reason: `draw is ${draw.status}` };
  const [lock] = await db.select().from(roundLocks).where(eq(roundLocks.id, draw.lockId));
  if (!lock) throw new Error(`draw ${drawId} names a missing lock`);
  const snapshot: Snapshot = {
    departments: await loadSnapshotList<Department>(db, lock.departmentsHash),
    inspectors: await loadSnapshotList<Inspector>(db, lock.inspectorsHash),
    history: await loadSnapshotList<HistoryEntry>(db, lock.historyHash),
  };
  const drawnAt = await databaseNow(db);
  let record: DrawRecord;
  try {
    record = runDraw({
      params: lock.params,
      snapshot,
      seedSource: draw.seedSource,
      seedInput: draw.seedInput,
      drawnAt,
      drawnBy: draw.requestedBy,
      expectedManifestHash: lock.manifestHash,
      inlineSnapshot: false,
    });
  } catch (error) {
    if (!(error instanceof DrawConstraintError) && !(error instanceof DrawInputError)) throw error;
    const failure = error instanceof DrawConstraintError ? { rule: error.rule, subject: error.subject, message: error.message } : { rule: "input", message: error.message };
    await db.transaction(async (tx) => {
      const [failed] = await tx.update(draws).set({ status: "failed", error: failure }).where(and(eq(draws.id, drawId), eq(draws.status, "pending"))).returning({ roundId: draws.roundId });
      if (!failed) return;
      const [round] = await tx.select({ orgId: rounds.orgId }).from(rounds).where(eq(rounds.id, failed.roundId));
      await appendAudit(tx, { actor: workerActor, action: "draw.fail", subject: `draw:${drawId}`, orgId: round?.orgId ?? null, payload: failure });
    });
    return { status: "failed", message: error.message };
  }
  const committed = await db.transaction(async (tx) => {
    const [done] = await tx
      .update(draws)
      .set({ status: "done", record, resultHash: record.resultHash, recordHash: record.recordHash, drawnAt: new Date(drawnAt) })
      .where(and(eq(draws.id, drawId), eq(draws.status, "pending")))
      .returning({ roundId: draws.roundId });
    if (!done) return false; // another delivery of this job got there first
    const [round] = await tx.select().from(rounds).where(eq(rounds.id, done.roundId));
    if (!round) throw new Error("round vanished");
    await createInspections(tx, round, drawId, record, drawnAt);
    await tx.update(rounds).set({ status: "drawn", updatedAt: sql`now()` }).where(eq(rounds.id, round.id));
    await appendAudit(tx, {
      actor: workerActor,
      action: "draw.done",
      subject: `draw:${drawId}`,
      orgId: round.orgId,
      payload: { roundId: round.id, resultHash: record.resultHash, recordHash: record.recordHash, manifestHash: record.manifestHash, departments: record.result.teams.length },
    });
    return true;
  });
  return committed ? { status: "done", resultHash: record.resultHash } : { status: "skipped", reason: "already drawn" };
}

type Round = typeof rounds.$inferSelect;

/** Inspections, team seats and the draw's notifications (to members now, to departments per the notice). */
async function createInspections(tx: Db, round: Round, drawId: string, record: DrawRecord, drawnAt: string): Promise<void> {
  const teams = record.result.teams;
  if (teams.length === 0) return;
  const departmentCodes = teams.map((t) => t.departmentId);
  const inspectorCodes = [...new Set(teams.flatMap((t) => t.members.map((m) => m.inspectorId)))];
  const departmentRows = await tx.select({ id: departments.id, code: departments.code, name: departments.name }).from(departments).where(inArray(departments.code, departmentCodes));
  const inspectorRows = await tx.select({ id: inspectors.id, code: inspectors.code, name: inspectors.name }).from(inspectors).where(inArray(inspectors.code, inspectorCodes));
  const departmentByCode = new Map(departmentRows.map((d) => [d.code, d]));
  const inspectorByCode = new Map(inspectorRows.map((i) => [i.code, i]));
  const startsOn = round.windowStart ?? drawnAt.slice(0, 10);
  const notice = round.notice as Notice;
  const noticeAt = shanghaiNoticeTime(notice, drawnAt, round.windowStart);

  for (const [position, team] of teams.entries()) {
    const department = departmentByCode.get(team.departmentId);
    if (!department) throw new Error(`drawn department ${team.departmentId} is not in the registry`);
    const [inspection] = await tx
      .insert(inspections)
      .values({ roundId: round.id, drawId, orgId: round.orgId, departmentId: department.id, stratum: team.stratum, position, startsOn, endsOn: round.windowEnd, noticeAt: noticeAt ? new Date(noticeAt) : null, alternates: team.alternates })
      .returning({ id: inspections.id });
    if (!inspection) throw new Error("inspection was not stored");
    await tx.insert(inspectionMembers).values(
      team.members.map((member) => {
        const inspector = inspectorByCode.get(member.inspectorId);
        if (!inspector) throw new Error(`drawn inspector ${member.inspectorId} is not in the registry`);
        return { inspectionId: inspection.id, inspectorId: inspector.id, leader: member.inspectorId === team.leaderId, roles: member.roles, source: "draw" };
      }),
    );
    const assignment = { roundId: round.id, roundNumber: round.number, title: round.title, department: { code: department.code, name: department.name }, startsOn, endsOn: round.windowEnd };
    await tx
      .insert(notificationOutbox)
      .values(
        team.members.map((member) => ({
          key: `draw:${drawId}:assignment:${team.departmentId}:${member.inspectorId}`,
          orgId: round.orgId,
          kind: "draw.assignment",
          recipient: { kind: "inspector", code: member.inspectorId, name: inspectorByCode.get(member.inspectorId)?.name ?? null },
          payload: { ...assignment, leader: member.inspectorId === team.leaderId },
        })),
      )
      .onConflictDoNothing();
    if (noticeAt && notice.mode !== "unannounced") {
      await tx
        .insert(notificationOutbox)
        .values({ key: `draw:${drawId}:notice:${team.departmentId}`, orgId: round.orgId, kind: "inspection.notice", recipient: { kind: "department", code: department.code, name: department.name }, payload: assignment, dueAt: new Date(noticeAt) })
        .onConflictDoNothing();
    }
  }
}

/** The database clock as an ISO instant with milliseconds (DESIGN.md, rule 3). */
export async function databaseNow(db: Db): Promise<string> {
  const [row] = await queryRows<{ now: string }>(db, sql`select to_char(now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`);
  if (!row) throw new Error("the database gave no time");
  return row.now;
}
