// Declines (替补) and supplementary draws (DESIGN.md, ssj-draw/1 "Declines and supplements"):
// the engine decides who takes a seat; this file stores what it decided, in one transaction
// each, with its audit event. A draw's events are serialized on its draw row (FOR UPDATE).
import { and, eq, inArray, isNull, ne } from "drizzle-orm";
import type { Database, Db } from "../../db/client";
import { departments, draws, inspectionMembers, inspectors, notificationOutbox, roundLocks } from "../../db/schema";
import {
  DrawConstraintError,
  DrawInputError,
  LEADER_TAG,
  checkSeed,
  declineSeat,
  parseParams,
  roundSeating,
  supplementaryDraw,
  type DeclineRecord,
  type DrawRecord,
  type HistoryEntry,
  type Inspector,
  type Params,
  type PoolSnapshot,
  type RoundEvent,
  type SupplementRecord,
} from "../../domain/draw";
import { BadRequestError, ConflictError, ForbiddenError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { actorCode } from "../rounds/actor-code";
import { isUniqueViolation } from "../rounds/round-service";
import { loadSnapshotList } from "../rounds/snapshot-store";
import type { Principal } from "../scope";
import { managesInspections } from "./inspection-access";
import { assertOpen, findInspection, type Inspection, type Round } from "./inspection-service";
import type { DeclineInput, SupplementInput } from "./inspection-types";
import { nextEventInstant, seatEvents } from "./seat-events";

export interface SeatHolder {
  code: string;
  name: string | null;
  roles: string[];
}

export interface DeclineOutcome {
  inspectionId: string;
  decline: DeclineRecord;
  /** The alternate who took the seat; null: none qualifies and the seat stays open. */
  replacement: SeatHolder | null;
  leader: string | null;
  openSeats: number;
  message: string;
}

/**
 * Records a decline. An inspector declines their own seat; a supervisor or admin records
 * one for a named member. The seat goes to the first published alternate still eligible
 * (and holding any role the team would lack); alternates on leave or retired in the
 * registry now, or named unavailable by the supervisor, are passed over. When none
 * qualifies the decline still stands and the seat stays open for a supplementary draw.
 */
export async function declineInspectionSeat(
  database: Database,
  principal: Principal,
  inspectionId: string,
  input: DeclineInput,
): Promise<DeclineOutcome> {
  return database.db.transaction(async (tx) => {
    const { inspection, round } = await findInspection(tx, principal, inspectionId, true);
    assertOpen(inspection, round);
    const code = await declinerCode(tx, principal, input);
    const context = await drawContext(tx, inspection);
    const [member] = await tx
      .select({ member: inspectionMembers })
      .from(inspectionMembers)
      .innerJoin(inspectors, eq(inspectors.id, inspectionMembers.inspectorId))
      .where(and(eq(inspectionMembers.inspectionId, inspection.id), eq(inspectors.code, code), isNull(inspectionMembers.declinedAt)));
    if (!member) throw new BadRequestError(`${code} holds no seat on this team`, undefined, "not_a_member");

    const onLeave = await tx
      .select({ code: inspectors.code })
      .from(inspectors)
      .where(
        and(inArray(inspectors.code, inspection.alternates.length > 0 ? inspection.alternates : [""]), ne(inspectors.status, "active")),
      );
    const unavailable = [...new Set([...(input.unavailable ?? []), ...onLeave.map((r) => r.code)])].sort();
    const decidedAt = await nextEventInstant(tx, context.events);
    let decline: DeclineRecord;
    try {
      decline = declineSeat({
        record: context.record,
        snapshot: context.pool,
        priorEvents: context.events,
        departmentId: context.departmentCode,
        inspectorId: code,
        reason: input.reason,
        unavailable,
        decidedAt,
        decidedBy: actorCode(principal),
      });
    } catch (error) {
      if (error instanceof DrawInputError)
        throw new ConflictError(`the decline cannot be recorded: ${error.message}`, undefined, "decline_refused");
      throw error;
    }

    await tx
      .update(inspectionMembers)
      .set({ declinedAt: new Date(decidedAt), declineReason: input.reason, declineRecord: decline, leader: false })
      .where(eq(inspectionMembers.id, member.member.id));
    const replacement = decline.replacement === null ? null : await seat(tx, context, inspection, round, decline.replacement, "alternate");
    const team = await settleLeader(tx, context, inspection, [...context.events, decline]);
    const message =
      replacement === null
        ? `no published alternate qualifies${decline.neededRoles.length > 0 ? ` (the seat needs role ${decline.neededRoles.join(", ")})` : ""}: the seat stays open; a supervisor runs a supplementary draw with a new witness seed (POST /api/v1/inspections/${inspection.id}/supplements, or ssj inspection supplement ${inspection.id} --seed DIGITS)`
        : `${replacement.code} takes the seat (first qualifying alternate)`;

    await appendAudit(tx, {
      actor: principal.actor,
      action: "inspection.decline",
      subject: `inspection:${inspection.id}`,
      orgId: inspection.orgId,
      payload: { roundId: round.id, drawId: context.drawId, department: context.departmentCode, decline, leader: team.leader },
    });
    return { inspectionId: inspection.id, decline, replacement, leader: team.leader, openSeats: team.openSeats, message };
  });
}

export interface SupplementOutcome {
  inspectionId: string;
  drawId: string;
  n: number;
  seat: SeatHolder;
  leader: string | null;
  openSeats: number;
  resultHash: string;
  recordHash: string;
}

/**
 * Runs a supplementary draw for an open seat (supervisor, admin) under a new witness seed.
 * It runs inline, not as a job: it draws one seat from the lock's stored snapshot (a single
 * walk), so it answers in well under a second for a county and in seconds for a province
 * pool, while the witnesses wait in the room. It is idempotent by its seed: a seed is used
 * once per lock (a unique index), so a repeated request is refused 409 and changes nothing.
 * A draw that finds nobody eligible is kept as a failed attempt (its seed is then spent).
 */
export async function drawSupplement(
  database: Database,
  principal: Principal,
  inspectionId: string,
  input: SupplementInput,
): Promise<SupplementOutcome> {
  if (!managesInspections(principal)) throw new ForbiddenError("only a supervisor or an admin runs a supplementary draw");
  const checked = checkSeed("witness", input.seed);
  if (!checked.ok) throw new BadRequestError(checked.message, undefined, "bad_seed");
  const seedInput = checked.seedInput;
  const outcome = await database.db
    .transaction(async (tx) => {
      const { inspection, round } = await findInspection(tx, principal, inspectionId, true);
      assertOpen(inspection, round);
      const context = await drawContext(tx, inspection);
      // First, so a repeated request (same seed) names the draw it already made.
      const [used] = await tx
        .select({ id: draws.id })
        .from(draws)
        .where(and(eq(draws.lockId, context.lockId), eq(draws.seedInput, seedInput)));
      if (used)
        throw new ConflictError(
          `this seed was used on this round's lock already (draw ${used.id}); read out a new one`,
          { drawId: used.id },
          "seed_reused",
        );
      const team = roundSeating(context.record.result, context.events).teams.get(context.departmentCode);
      if (!team) throw new Error(`department ${context.departmentCode} has no team in draw ${context.drawId}`);
      if (team.members.length >= context.params.team.size) {
        throw new ConflictError(
          `the team of ${context.departmentCode} has no open seat (${team.members.length} of ${context.params.team.size} seated)`,
          undefined,
          "no_open_seat",
        );
      }

      const drawnAt = await nextEventInstant(tx, context.events);
      const row = {
        roundId: round.id,
        lockId: context.lockId,
        kind: "supplement" as const,
        parentDrawId: context.drawId,
        supplementDepartmentId: inspection.departmentId,
        supplementN: team.supplements + 1,
        seedSource: "witness" as const,
        seedInput,
        requestedBy: actorCode(principal),
      };
      let record: SupplementRecord;
      try {
        record = supplementaryDraw({
          original: context.record,
          snapshot: context.pool,
          priorEvents: context.events,
          departmentId: context.departmentCode,
          seedInput,
          drawnAt,
          drawnBy: actorCode(principal),
        });
      } catch (error) {
        if (error instanceof DrawInputError) throw new BadRequestError(error.message, undefined, "bad_seed");
        if (!(error instanceof DrawConstraintError)) throw error;
        const failure = { rule: error.rule, subject: error.subject, message: error.message };
        const [failed] = await tx
          .insert(draws)
          .values({ ...row, status: "failed", error: failure })
          .returning({ id: draws.id });
        await appendAudit(tx, {
          actor: principal.actor,
          action: "inspection.supplement.fail",
          subject: `draw:${failed?.id ?? "?"}`,
          orgId: inspection.orgId,
          payload: {
            inspectionId: inspection.id,
            parentDrawId: context.drawId,
            department: context.departmentCode,
            n: row.supplementN,
            ...failure,
          },
        });
        return { status: "failed", drawId: failed?.id ?? null, message: error.message } as const;
      }
      const [stored] = await tx
        .insert(draws)
        .values({
          ...row,
          supplementN: record.supplement.n,
          status: "done",
          record,
          resultHash: record.resultHash,
          recordHash: record.recordHash,
          drawnAt: new Date(drawnAt),
        })
        .returning({ id: draws.id });
      if (!stored) throw new Error("supplement draw was not stored");
      const holder = await seat(tx, context, inspection, round, record.result.seat.inspectorId, "supplement");
      const seating = await settleLeader(tx, context, inspection, [...context.events, record]);
      await appendAudit(tx, {
        actor: principal.actor,
        action: "inspection.supplement",
        subject: `draw:${stored.id}`,
        orgId: inspection.orgId,
        payload: {
          inspectionId: inspection.id,
          roundId: round.id,
          parentDrawId: context.drawId,
          department: context.departmentCode,
          n: record.supplement.n,
          seat: record.result.seat,
          resultHash: record.resultHash,
          recordHash: record.recordHash,
        },
      });
      const done: SupplementOutcome = {
        inspectionId: inspection.id,
        drawId: stored.id,
        n: record.supplement.n,
        seat: holder,
        leader: seating.leader,
        openSeats: seating.openSeats,
        resultHash: record.resultHash,
        recordHash: record.recordHash,
      };
      return { status: "done", done } as const;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, "draws_seed_once_per_lock"))
        throw new ConflictError("this seed was used on this round's lock already; read out a new one", undefined, "seed_reused");
      throw error;
    });
  if (outcome.status === "failed")
    throw new ConflictError(`the supplementary draw found nobody: ${outcome.message}`, { drawId: outcome.drawId }, "supplement_failed");
  return outcome.done;
}

interface DrawContext {
  drawId: string;
  lockId: string;
  record: DrawRecord;
  params: Params;
  pool: PoolSnapshot;
  events: RoundEvent[];
  departmentCode: string;
  tagsOf: Map<string, readonly string[]>;
}

/** The inspection's draw (locked), its record, the lock's inspectors and history, and its events so far. */
async function drawContext(tx: Db, inspection: Inspection): Promise<DrawContext> {
  if (inspection.drawId === null)
    throw new ConflictError(`inspection ${inspection.id} was not drawn (imported history): its team is fixed`, undefined, "not_drawn");
  const [draw] = await tx.select().from(draws).where(eq(draws.id, inspection.drawId)).for("update");
  if (draw?.status !== "done" || draw.record === null)
    throw new ConflictError(`the draw of inspection ${inspection.id} is ${draw?.status ?? "missing"}`, undefined, "wrong_status");
  const [lock] = await tx.select().from(roundLocks).where(eq(roundLocks.id, draw.lockId));
  if (!lock) throw new Error(`draw ${draw.id} names a missing lock`);
  const pool: PoolSnapshot = {
    inspectors: await loadSnapshotList<Inspector>(tx, lock.inspectorsHash),
    history: await loadSnapshotList<HistoryEntry>(tx, lock.historyHash),
  };
  const [department] = await tx.select({ code: departments.code }).from(departments).where(eq(departments.id, inspection.departmentId));
  if (!department) throw new Error(`inspection ${inspection.id} names a missing department`);
  const record = draw.record as DrawRecord;
  return {
    drawId: draw.id,
    lockId: lock.id,
    record,
    params: parseParams(record.params),
    pool,
    events: await seatEvents(tx, draw.id),
    departmentCode: department.code,
    tagsOf: new Map(pool.inspectors.map((i) => [i.id, i.tags])),
  };
}

/** Who may decline whom: an inspector their own seat, a supervisor or admin any named member. */
async function declinerCode(tx: Db, principal: Principal, input: DeclineInput): Promise<string> {
  if (principal.role === "inspector") {
    const [own] = principal.inspectorId
      ? await tx.select({ code: inspectors.code }).from(inspectors).where(eq(inspectors.id, principal.inspectorId))
      : [];
    if (!own) throw new ForbiddenError("this user is not linked to an inspector");
    if (input.inspectorCode && input.inspectorCode !== own.code) throw new ForbiddenError("an inspector declines only their own seat");
    if (input.unavailable && input.unavailable.length > 0) throw new ForbiddenError("only a supervisor marks alternates unavailable");
    return own.code;
  }
  if (!managesInspections(principal)) throw new ForbiddenError("only the member, a supervisor or an admin records a decline");
  if (!input.inspectorCode) throw new BadRequestError("name the member who declines (inspectorCode)");
  return input.inspectorCode;
}

/** Seats an inspector drawn or moved up by the engine, and tells them (outbox). */
async function seat(
  tx: Db,
  context: DrawContext,
  inspection: Inspection,
  round: Round,
  code: string,
  source: "alternate" | "supplement",
): Promise<SeatHolder> {
  const [inspector] = await tx.select({ id: inspectors.id, name: inspectors.name }).from(inspectors).where(eq(inspectors.code, code));
  if (!inspector) throw new Error(`inspector ${code} of the snapshot is not in the registry`);
  const tags = context.tagsOf.get(code) ?? [];
  const roles = context.params.team.roles.filter((role) => tags.includes(role.tag)).map((role) => role.tag);
  await tx.insert(inspectionMembers).values({ inspectionId: inspection.id, inspectorId: inspector.id, roles, source });
  const [department] = await tx
    .select({ code: departments.code, name: departments.name })
    .from(departments)
    .where(eq(departments.id, inspection.departmentId));
  await tx
    .insert(notificationOutbox)
    .values({
      key: `inspection:${inspection.id}:seat:${code}`,
      orgId: inspection.orgId,
      kind: "draw.assignment",
      recipient: { kind: "inspector", code, name: inspector.name },
      payload: {
        roundId: round.id,
        roundNumber: round.number,
        title: round.title,
        department,
        startsOn: inspection.startsOn,
        endsOn: inspection.endsOn,
        source,
      },
    })
    .onConflictDoNothing();
  return { code, name: inspector.name, roles };
}

/**
 * When the leader's seat is empty (the leader declined), the draw's rule picks the new one
 * among the members now seated, in seat order: the first holding `leader`, else the first
 * (ssj-draw/1 step 2). A leader still seated stays leader.
 */
async function settleLeader(
  tx: Db,
  context: DrawContext,
  inspection: Inspection,
  events: readonly RoundEvent[],
): Promise<{ leader: string | null; openSeats: number }> {
  const team = roundSeating(context.record.result, events).teams.get(context.departmentCode);
  if (!team) throw new Error(`department ${context.departmentCode} has no team`);
  const rows = await tx
    .select({ id: inspectionMembers.id, code: inspectors.code, leader: inspectionMembers.leader })
    .from(inspectionMembers)
    .innerJoin(inspectors, eq(inspectors.id, inspectionMembers.inspectorId))
    .where(and(eq(inspectionMembers.inspectionId, inspection.id), isNull(inspectionMembers.declinedAt)));
  const seated = new Set(rows.map((r) => r.code));
  if (seated.size !== team.members.length || !team.members.every((code) => seated.has(code))) {
    throw new Error(
      `inspection ${inspection.id}: the stored team (${[...seated].sort().join(", ")}) differs from the draw's seating (${[...team.members].sort().join(", ")})`,
    );
  }
  const openSeats = Math.max(0, context.params.team.size - team.members.length);
  const current = rows.find((r) => r.leader);
  if (current) return { leader: current.code, openSeats };
  const next = team.members.find((code) => context.tagsOf.get(code)?.includes(LEADER_TAG)) ?? team.members[0];
  const row = rows.find((r) => r.code === next);
  if (!row) return { leader: null, openSeats };
  await tx.update(inspectionMembers).set({ leader: true }).where(eq(inspectionMembers.id, row.id));
  return { leader: row.code, openSeats };
}
