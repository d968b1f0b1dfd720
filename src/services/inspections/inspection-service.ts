// Inspections: one per drawn department, with its team, dates and an evaluation per item.
// Who sees what is decided in inspection-access.ts; declines and supplements in seat-service.ts.
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  departments,
  draws,
  evaluations,
  inspectionItems,
  inspectionMembers,
  inspections,
  inspectors,
  notificationOutbox,
  rounds,
  users,
} from "../../db/schema";
import type { DeclineRecord, SupplementRecord } from "../../domain/draw";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { clockNow } from "../clock";
import { shanghaiNoticeTime } from "../rounds/notice-time";
import type { Notice } from "../rounds/round-types";
import type { Principal } from "../scope";
import { audienceOf, managesInspections, visibleInspections, type Audience } from "./inspection-access";
import type { EvaluationInput, InspectionDates } from "./inspection-types";

export type Inspection = typeof inspections.$inferSelect;
export type Round = typeof rounds.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Inspections the principal may see, in round order (newest round first). */
export async function listInspections(db: Db, principal: Principal, filter: { roundId?: string } = {}) {
  const rows = await db
    .select({
      id: inspections.id,
      roundId: rounds.id,
      roundNumber: rounds.number,
      roundTitle: rounds.title,
      roundStatus: rounds.status,
      departmentCode: departments.code,
      departmentName: departments.name,
      stratum: inspections.stratum,
      position: inspections.position,
      startsOn: inspections.startsOn,
      endsOn: inspections.endsOn,
      noticeAt: inspections.noticeAt,
      voided: inspections.voided,
    })
    .from(inspections)
    .innerJoin(rounds, eq(rounds.id, inspections.roundId))
    .innerJoin(departments, eq(departments.id, inspections.departmentId))
    .where(and(visibleInspections(principal), filter.roundId ? eq(inspections.roundId, filter.roundId) : undefined))
    .orderBy(desc(rounds.createdAt), asc(inspections.position));
  const leaders =
    rows.length === 0
      ? []
      : await activeMembers(
          db,
          rows.map((r) => r.id),
        );
  return rows.map(({ roundId, roundNumber, roundTitle, roundStatus, departmentCode, departmentName, ...row }) => {
    const team = leaders.filter((m) => m.inspectionId === row.id);
    return {
      ...row,
      round: { id: roundId, number: roundNumber, title: roundTitle, status: roundStatus },
      department: { code: departmentCode, name: departmentName },
      leader: team.find((m) => m.leader)?.code ?? null,
      members: team.map((m) => m.code),
    };
  });
}

async function activeMembers(db: Db, inspectionIds: string[]) {
  return db
    .select({ inspectionId: inspectionMembers.inspectionId, code: inspectors.code, leader: inspectionMembers.leader })
    .from(inspectionMembers)
    .innerJoin(inspectors, eq(inspectors.id, inspectionMembers.inspectorId))
    .where(and(inArray(inspectionMembers.inspectionId, inspectionIds), sql`${inspectionMembers.declinedAt} is null`))
    .orderBy(asc(inspectionMembers.seatedAt), desc(inspectionMembers.leader), asc(inspectors.code));
}

/** The inspection and its round, or 404 when it does not exist or is not visible to the principal. */
export async function findInspection(
  db: Db,
  principal: Principal,
  inspectionId: string,
  lock = false,
): Promise<{ inspection: Inspection; round: Round }> {
  if (!UUID.test(inspectionId)) throw new NotFoundError(`no inspection ${inspectionId}`);
  const query = db
    .select()
    .from(inspections)
    .where(and(eq(inspections.id, inspectionId), visibleInspections(principal)));
  const [inspection] = lock ? await query.for("update") : await query;
  if (!inspection) throw new NotFoundError(`no inspection ${inspectionId}`);
  const [round] = await db.select().from(rounds).where(eq(rounds.id, inspection.roundId));
  if (!round) throw new Error(`inspection ${inspectionId} names a missing round`);
  return { inspection, round };
}

/** One inspection as the principal may read it (404 when not visible). */
export async function getInspection(db: Db, principal: Principal, inspectionId: string) {
  const { inspection, round } = await findInspection(db, principal, inspectionId);
  return inspectionView(db, inspection, round, audienceOf(principal));
}

/**
 * The inspection with its team (leader marked, declined members kept and marked), dates,
 * one line per inspection item of the round with its evaluation, and — for staff and the
 * team — the published alternates, the decline records and the supplementary draws. A
 * department reads its current team and evaluations only: who declined and why is not theirs.
 */
export async function inspectionView(db: Db, inspection: Inspection, round: Round, audience: Audience) {
  const [department] = await db
    .select({ code: departments.code, name: departments.name })
    .from(departments)
    .where(eq(departments.id, inspection.departmentId));
  const memberRows = await db
    .select({ member: inspectionMembers, code: inspectors.code, name: inspectors.name })
    .from(inspectionMembers)
    .innerJoin(inspectors, eq(inspectors.id, inspectionMembers.inspectorId))
    .where(eq(inspectionMembers.inspectionId, inspection.id))
    .orderBy(asc(inspectionMembers.seatedAt), desc(inspectionMembers.leader), asc(inspectors.code));
  const members = memberRows.map(({ member, code, name }) => ({
    code,
    name,
    leader: member.leader,
    roles: member.roles,
    source: member.source,
    seatedAt: member.seatedAt,
    declinedAt: member.declinedAt,
    declineReason: member.declineReason,
  }));
  const seated = members.filter((m) => m.declinedAt === null);
  const teamSize = teamSizeOf(round);
  const base = {
    id: inspection.id,
    round: { id: round.id, number: round.number, title: round.title, status: round.status },
    department: department ?? null,
    stratum: inspection.stratum,
    position: inspection.position,
    startsOn: inspection.startsOn,
    endsOn: inspection.endsOn,
    noticeAt: inspection.noticeAt,
    evaluations: await evaluationLines(db, inspection, round),
  };
  if (audience === "department") {
    return { ...base, team: seated.map(({ code, name, leader, roles }) => ({ code, name, leader, roles })) };
  }
  const names = await inspectorNames(db, [
    ...inspection.alternates,
    ...memberRows.flatMap(({ member }) => declineOf(member)?.replacement ?? []),
  ]);
  const declines = memberRows.flatMap(({ member, code, name }) => {
    const record = declineOf(member);
    if (member.declinedAt === null) return [];
    return [
      {
        inspector: { code, name },
        declinedAt: member.declinedAt,
        reason: member.declineReason,
        decidedBy: record?.decidedBy ?? null,
        neededRoles: record?.neededRoles ?? [],
        passedOver: record?.passedOver ?? [],
        unavailable: record?.unavailable ?? [],
        replacement: record?.replacement ? { code: record.replacement, name: names.get(record.replacement) ?? null } : null,
        declineHash: record?.declineHash ?? null,
      },
    ];
  });
  return {
    ...base,
    drawId: inspection.drawId,
    voided: inspection.voided,
    teamSize,
    openSeats: teamSize === null ? 0 : Math.max(0, teamSize - seated.length),
    team: members,
    alternates: inspection.alternates.map((code) => ({ code, name: names.get(code) ?? null })),
    declines,
    supplements: await supplementsOf(db, inspection),
  };
}

function declineOf(member: typeof inspectionMembers.$inferSelect): DeclineRecord | null {
  return (member.declineRecord as DeclineRecord | null) ?? null;
}

function teamSizeOf(round: Round): number | null {
  const size = (round.params as { team?: { size?: unknown } } | null)?.team?.size;
  return typeof size === "number" ? size : null;
}

function roundItems(round: Round): string[] {
  const items = (round.params as { items?: unknown } | null)?.items;
  return Array.isArray(items) ? items.filter((code): code is string => typeof code === "string") : [];
}

async function inspectorNames(db: Db, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: inspectors.code, name: inspectors.name })
    .from(inspectors)
    .where(inArray(inspectors.code, [...new Set(codes)]));
  return new Map(rows.map((r) => [r.code, r.name]));
}

/** One line per item of the round, in the round's order, with its evaluation or null. */
async function evaluationLines(db: Db, inspection: Inspection, round: Round) {
  const codes = roundItems(round);
  const items =
    codes.length === 0
      ? []
      : await db
          .select()
          .from(inspectionItems)
          .where(and(eq(inspectionItems.orgId, round.orgId), inArray(inspectionItems.code, codes)));
  const rows = await db
    .select({ evaluation: evaluations, updatedBy: users.name })
    .from(evaluations)
    .leftJoin(users, eq(users.id, evaluations.updatedBy))
    .where(eq(evaluations.inspectionId, inspection.id));
  return codes.map((code) => {
    const item = items.find((i) => i.code === code);
    const row = item ? rows.find((r) => r.evaluation.itemId === item.id) : undefined;
    return {
      item: { code, name: item?.name ?? null },
      evaluation: row
        ? {
            result: row.evaluation.result,
            notes: row.evaluation.notes,
            updatedBy: row.updatedBy ?? "cli",
            updatedAt: row.evaluation.updatedAt,
          }
        : null,
    };
  });
}

async function supplementsOf(db: Db, inspection: Inspection) {
  if (inspection.drawId === null) return [];
  const rows = await db
    .select()
    .from(draws)
    .where(
      and(
        eq(draws.parentDrawId, inspection.drawId),
        eq(draws.kind, "supplement"),
        eq(draws.supplementDepartmentId, inspection.departmentId),
      ),
    )
    .orderBy(asc(draws.requestedAt));
  return rows.map((draw) => {
    const record = draw.record as SupplementRecord | null;
    return {
      drawId: draw.id,
      n: draw.supplementN,
      status: draw.status,
      seedInput: draw.seedInput,
      drawnBy: draw.requestedBy,
      drawnAt: draw.drawnAt,
      seat: record
        ? { code: record.result.seat.inspectorId, roles: record.result.seat.roles, neededRoles: record.result.neededRoles }
        : null,
      resultHash: draw.resultHash,
      recordHash: draw.recordHash,
      error: draw.error,
    };
  });
}

/**
 * Sets (or replaces) the evaluation of one inspection item: 合格, 基本合格 or 不合格, with
 * notes. A seated member of the team may, or a supervisor or admin; the item must be one of
 * the round's items and an item of the round's organization.
 */
export async function setEvaluation(db: Db, principal: Principal, inspectionId: string, itemCode: string, input: EvaluationInput) {
  return db.transaction(async (tx) => {
    const { inspection, round } = await findInspection(tx, principal, inspectionId, true);
    // An inspector reaching here holds a seat (visibleInspections); other readers only read.
    if (principal.role !== "inspector" && !managesInspections(principal))
      throw new ForbiddenError("only the team, a supervisor or an admin evaluates an inspection");
    assertOpen(inspection, round);
    if (!roundItems(round).includes(itemCode)) {
      throw new BadRequestError(
        `${itemCode} is not an inspection item of round ${round.number} (its items: ${roundItems(round).join(", ") || "none"})`,
        { items: roundItems(round) },
        "unknown_item",
      );
    }
    const [item] = await tx
      .select()
      .from(inspectionItems)
      .where(and(eq(inspectionItems.orgId, round.orgId), eq(inspectionItems.code, itemCode)));
    if (!item) throw new BadRequestError(`${itemCode} is not an inspection item of the round's organization`, undefined, "unknown_item");
    const [previous] = await tx
      .select()
      .from(evaluations)
      .where(and(eq(evaluations.inspectionId, inspection.id), eq(evaluations.itemId, item.id)));
    const updatedBy = principal.actor.kind === "user" ? principal.actor.userId : null;
    const notes = input.notes ?? null;
    const [row] = await tx
      .insert(evaluations)
      .values({ inspectionId: inspection.id, itemId: item.id, result: input.result, notes, updatedBy })
      .onConflictDoUpdate({
        target: [evaluations.inspectionId, evaluations.itemId],
        set: { result: input.result, notes, updatedBy, updatedAt: sql`ssj_now()` },
      })
      .returning();
    if (!row) throw new Error("evaluation was not stored");
    await appendAudit(tx, {
      actor: principal.actor,
      action: "inspection.evaluate",
      subject: `inspection:${inspection.id}`,
      orgId: inspection.orgId,
      payload: {
        item: itemCode,
        result: input.result,
        notes,
        previous: previous ? { result: previous.result, notes: previous.notes } : null,
      },
    });
    return {
      inspectionId: inspection.id,
      item: { code: item.code, name: item.name },
      result: row.result,
      notes: row.notes,
      updatedAt: row.updatedAt,
    };
  });
}

/**
 * Sets an inspection's dates (supervisor, admin). When the first day moves and the
 * department has not been told yet, its notice time moves with it (DESIGN.md,
 * Confidentiality), and so does the pending notice message; a notice already given stays.
 */
export async function setInspectionDates(db: Db, principal: Principal, inspectionId: string, input: InspectionDates) {
  if (!managesInspections(principal)) throw new ForbiddenError("only a supervisor or an admin sets inspection dates");
  return db.transaction(async (tx) => {
    const { inspection, round } = await findInspection(tx, principal, inspectionId, true);
    assertOpen(inspection, round);
    const startsOn = input.startsOn === undefined ? inspection.startsOn : input.startsOn;
    const endsOn = input.endsOn === undefined ? inspection.endsOn : input.endsOn;
    if (startsOn && endsOn && startsOn > endsOn) throw new BadRequestError(`startsOn ${startsOn} is after endsOn ${endsOn}`);
    const { at: now } = await clockNow(tx);
    let noticeAt = inspection.noticeAt;
    const notice = round.notice as Notice;
    const told = noticeAt !== null && noticeAt.toISOString() <= now;
    if (startsOn !== inspection.startsOn && !told && notice.mode !== "at-draw") {
      const at = shanghaiNoticeTime(notice, now, startsOn);
      noticeAt = at === null ? null : new Date(at);
      if (inspection.drawId !== null && noticeAt !== null) {
        const [department] = await tx
          .select({ code: departments.code })
          .from(departments)
          .where(eq(departments.id, inspection.departmentId));
        await tx
          .update(notificationOutbox)
          .set({ dueAt: noticeAt, payload: sql`${notificationOutbox.payload} || ${JSON.stringify({ startsOn, endsOn })}::jsonb` })
          .where(
            and(
              eq(notificationOutbox.key, `draw:${inspection.drawId}:notice:${department?.code ?? ""}`),
              eq(notificationOutbox.status, "pending"),
            ),
          );
      }
    }
    const [row] = await tx.update(inspections).set({ startsOn, endsOn, noticeAt }).where(eq(inspections.id, inspection.id)).returning();
    if (!row) throw new Error("inspection vanished");
    await appendAudit(tx, {
      actor: principal.actor,
      action: "inspection.dates",
      subject: `inspection:${inspection.id}`,
      orgId: inspection.orgId,
      payload: {
        from: { startsOn: inspection.startsOn, endsOn: inspection.endsOn, noticeAt: inspection.noticeAt?.toISOString() ?? null },
        to: { startsOn, endsOn, noticeAt: noticeAt?.toISOString() ?? null },
      },
    });
    return { id: row.id, startsOn: row.startsOn, endsOn: row.endsOn, noticeAt: row.noticeAt };
  });
}

/** Work on an inspection happens while its round is drawn or in progress, and never on a voided one. */
export function assertOpen(inspection: Inspection, round: Round): void {
  if (inspection.voided) throw new ConflictError(`inspection ${inspection.id} belongs to a voided draw`, undefined, "voided");
  if (round.status !== "drawn" && round.status !== "in_progress") {
    throw new ConflictError(
      `round ${round.number} is ${round.status}; inspections change only while it is drawn or in progress`,
      { status: round.status },
      "wrong_status",
    );
  }
}
