// Reading, voiding and exporting draws.
import { and, asc, eq, like, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  departments,
  draws,
  inspectionMembers,
  inspections,
  inspectors,
  notificationOutbox,
  roundLocks,
  rounds,
  type DrawStatus,
} from "../../db/schema";
import type { AnyDrawRecord, HistoryEntry, Department, Inspector } from "../../domain/draw/types";
import { ConflictError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { inScope, type Principal } from "../scope";
import { actorCode } from "./actor-code";
import { loadSnapshotList } from "./snapshot-store";

export async function findDraw(db: Db, principal: Principal, drawId: string, lock = false) {
  if (!/^[0-9a-f-]{36}$/i.test(drawId)) throw new NotFoundError(`no draw ${drawId}`);
  const query = db
    .select({ draw: draws, round: rounds })
    .from(draws)
    .innerJoin(rounds, eq(rounds.id, draws.roundId))
    .where(and(eq(draws.id, drawId), inScope(principal, rounds.orgId)));
  const [row] = lock ? await query.for("update") : await query;
  if (!row) throw new NotFoundError(`no draw ${drawId}`);
  return row;
}

export interface DrawProgress {
  status: DrawStatus;
  /** Why a failed draw failed (`{message}`); null otherwise. */
  error: unknown;
}

/** Where a requested draw stands, without its record: `ssj round draw` polls it until a worker has run the draw. */
export async function drawProgress(db: Db, principal: Principal, drawId: string): Promise<DrawProgress> {
  const [row] = await db
    .select({ status: draws.status, error: draws.error })
    .from(draws)
    .innerJoin(rounds, eq(rounds.id, draws.roundId))
    .where(and(eq(draws.id, drawId), inScope(principal, rounds.orgId)));
  if (!row) throw new NotFoundError(`no draw ${drawId}`);
  return row;
}

/**
 * Voids a draw with a reason. A witness round can then be drawn again with a new reading; a
 * server or beacon round goes back to draft, to be locked again with a new commitment
 * (DESIGN.md, ssj-draw/1 "Seed"). The voided draw stays listed.
 */
export async function voidDraw(db: Db, principal: Principal, drawId: string, reason: string) {
  return db.transaction(async (tx) => {
    const { draw, round } = await findDraw(tx, principal, drawId, true);
    if (draw.status !== "done" && draw.status !== "failed")
      throw new ConflictError(
        `draw ${drawId} is ${draw.status}; only a finished draw can be voided`,
        { status: draw.status },
        "wrong_status",
      );
    // A supplement seated someone: that seat changes by a decline (docs/inspections.md), never silently.
    if (draw.kind === "supplement" && draw.status === "done")
      throw new ConflictError(
        `draw ${drawId} is a supplementary draw whose inspector holds the seat; record a decline instead`,
        { kind: draw.kind },
        "wrong_status",
      );
    if (draw.kind === "draw" && draw.status === "done" && round.status !== "drawn") {
      throw new ConflictError(
        `round ${round.number} is ${round.status}; a draw can only be voided before the inspections start`,
        { status: round.status },
        "wrong_status",
      );
    }
    const by = actorCode(principal);
    const [voided] = await tx
      .update(draws)
      .set({ status: "voided", voidedAt: sql`ssj_now()`, voidedBy: by, voidReason: reason })
      .where(eq(draws.id, draw.id))
      .returning();
    let roundStatus = round.status;
    if (draw.kind === "draw") {
      await tx.update(inspections).set({ voided: true }).where(eq(inspections.drawId, draw.id));
      // Its notices not yet out must never go: a voided draw's targets stay unannounced.
      await tx
        .update(notificationOutbox)
        .set({ status: "cancelled", lastError: `draw ${draw.id} was voided` })
        .where(and(eq(notificationOutbox.status, "pending"), like(notificationOutbox.key, `draw:${draw.id}:%`)));
      roundStatus = round.seedSource === "witness" ? "locked" : "draft";
      if (round.seedSource !== "witness")
        await tx.update(roundLocks).set({ supersededAt: sql`ssj_now()` }).where(eq(roundLocks.id, draw.lockId));
      await tx.update(rounds).set({ status: roundStatus, updatedAt: sql`ssj_now()` }).where(eq(rounds.id, round.id));
    }
    await appendAudit(tx, {
      actor: principal.actor,
      action: "draw.void",
      subject: `draw:${draw.id}`,
      orgId: round.orgId,
      payload: { roundId: round.id, reason, previousStatus: draw.status, roundStatus },
    });
    return { ...voided, roundStatus };
  });
}

/**
 * Throws 404 unless a lock of a round in the principal's subtree holds this snapshot list:
 * lists are content-addressed, but knowing a hash is no licence to read another subtree's.
 */
export async function assertSnapshotListInScope(db: Db, principal: Principal, hash: string): Promise<void> {
  const [lock] = await db
    .select({ id: roundLocks.id })
    .from(roundLocks)
    .innerJoin(rounds, eq(rounds.id, roundLocks.roundId))
    .where(
      and(
        or(eq(roundLocks.departmentsHash, hash), eq(roundLocks.inspectorsHash, hash), eq(roundLocks.historyHash, hash)),
        inScope(principal, rounds.orgId),
      ),
    )
    .limit(1);
  if (!lock) throw new NotFoundError(`no snapshot list ${hash}`);
}

export interface DrawRecordExport {
  /** The round the draw belongs to. */
  roundId: string;
  /** A draw's record, or a supplementary draw's (kind "supplement": it carries `supplement`, verifies on its own). */
  record: AnyDrawRecord;
  /** The snapshot's JSON Lines lists, named by their hashes (the files beside record.json). */
  lists: { name: "departments" | "inspectors" | "history"; hash: string; lines: number }[];
}

export async function drawRecord(db: Db, principal: Principal, drawId: string): Promise<DrawRecordExport> {
  const { draw } = await findDraw(db, principal, drawId);
  if (!draw.record) throw new ConflictError(`draw ${drawId} is ${draw.status} and has no record`, { status: draw.status }, "no_record");
  const [lock] = await db.select().from(roundLocks).where(eq(roundLocks.id, draw.lockId));
  if (!lock) throw new Error("lock vanished");
  return {
    roundId: draw.roundId,
    record: draw.record as AnyDrawRecord,
    lists: [
      { name: "departments", hash: lock.departmentsHash, lines: lock.departmentCount },
      { name: "inspectors", hash: lock.inspectorsHash, lines: lock.inspectorCount },
      { name: "history", hash: lock.historyHash, lines: lock.historyCount },
    ],
  };
}

/** The record with its snapshot inline (small rounds). */
export async function inlineRecord(db: Db, exported: DrawRecordExport): Promise<AnyDrawRecord> {
  const [d, i, h] = exported.lists;
  if (!d || !i || !h) throw new Error("record lists missing");
  return {
    ...exported.record,
    snapshot: {
      departments: await loadSnapshotList<Department>(db, d.hash),
      inspectors: await loadSnapshotList<Inspector>(db, i.hash),
      history: await loadSnapshotList<HistoryEntry>(db, h.hash),
    },
  };
}

/** The round's valid draw: done, not voided. */
export async function validDrawId(db: Db, principal: Principal, roundId: string): Promise<string> {
  if (!/^[0-9a-f-]{36}$/i.test(roundId)) throw new NotFoundError(`no round ${roundId}`);
  const [row] = await db
    .select({ id: draws.id })
    .from(draws)
    .innerJoin(rounds, eq(rounds.id, draws.roundId))
    .where(and(eq(draws.roundId, roundId), eq(draws.kind, "draw"), eq(draws.status, "done"), inScope(principal, rounds.orgId)));
  if (!row) throw new NotFoundError(`round ${roundId} has no valid draw`);
  return row.id;
}

/** Teams of a draw as people read them: department, members (leader first), alternates. */
export async function teamsOf(db: Db, roundId: string) {
  const rows = await db
    .select({
      inspectionId: inspections.id,
      position: inspections.position,
      stratum: inspections.stratum,
      departmentCode: departments.code,
      departmentName: departments.name,
      startsOn: inspections.startsOn,
      endsOn: inspections.endsOn,
      noticeAt: inspections.noticeAt,
      alternates: inspections.alternates,
      inspectorCode: inspectors.code,
      inspectorName: inspectors.name,
      leader: inspectionMembers.leader,
      roles: inspectionMembers.roles,
      source: inspectionMembers.source,
      declinedAt: inspectionMembers.declinedAt,
    })
    .from(inspections)
    .innerJoin(departments, eq(departments.id, inspections.departmentId))
    .innerJoin(inspectionMembers, eq(inspectionMembers.inspectionId, inspections.id))
    .innerJoin(inspectors, eq(inspectors.id, inspectionMembers.inspectorId))
    .where(and(eq(inspections.roundId, roundId), eq(inspections.voided, false)))
    .orderBy(asc(inspections.position), asc(inspectionMembers.seatedAt));
  const teams = new Map<
    string,
    {
      inspectionId: string;
      department: { code: string; name: string };
      stratum: string | null;
      startsOn: string | null;
      endsOn: string | null;
      noticeAt: Date | null;
      alternates: string[];
      members: { code: string; name: string; leader: boolean; roles: string[]; source: string; declined: boolean }[];
    }
  >();
  for (const row of rows) {
    let team = teams.get(row.inspectionId);
    if (!team) {
      team = {
        inspectionId: row.inspectionId,
        department: { code: row.departmentCode, name: row.departmentName },
        stratum: row.stratum,
        startsOn: row.startsOn,
        endsOn: row.endsOn,
        noticeAt: row.noticeAt,
        alternates: row.alternates,
        members: [],
      };
      teams.set(row.inspectionId, team);
    }
    team.members.push({
      code: row.inspectorCode,
      name: row.inspectorName,
      leader: row.leader,
      roles: row.roles,
      source: row.source,
      declined: row.declinedAt !== null,
    });
  }
  return [...teams.values()];
}
