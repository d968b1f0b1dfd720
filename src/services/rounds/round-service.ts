// The round lifecycle: draft → locked → drawn → in_progress → closed (and cancelled).
import { randomBytes } from "node:crypto";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Database, Db } from "../../db/client";
import { draws, inspectionItems, inspectors, organizations, roundLocks, rounds, type RoundStatus } from "../../db/schema";
import { eligibleCountsOf, type StratumCount } from "../../domain/draw/eligible-counts";
import { manifestHash } from "../../domain/draw/manifest";
import { checkParams } from "../../domain/draw/params";
import { checkSeed, seedCommitment } from "../../domain/draw/seed";
import type { Params } from "../../domain/draw/types";
import { BadRequestError, ConflictError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { clockNow } from "../clock";
import type { Organization } from "../orgs/org-service";
import { inScope, subtreeCondition, type Principal } from "../scope";
import { departmentTableNow, inSnapshotTransaction, storeSnapshot } from "./registry-snapshot";
import { resolveWindow, type DrawWaker, type RoundInput } from "./round-types";
import { actorCode } from "./actor-code";

export type Round = typeof rounds.$inferSelect;
export type RoundLock = typeof roundLocks.$inferSelect;

function fullParams(round: Pick<Round, "params" | "seedSource">, asOf: string, beaconRound: string | null): unknown {
  const base = round.params as Record<string, unknown>;
  return { ...base, asOf, seed: beaconRound ? { source: round.seedSource, beaconRound } : { source: round.seedSource } };
}

export async function createRound(
  database: Database,
  principal: Principal,
  org: Organization,
  input: RoundInput,
): Promise<Round & { eligible: StratumCount[] }> {
  const { db } = database;
  const { today } = await clockNow(db);
  const window = resolveWindow(input.window, today);
  const checked = checkParams(fullParams({ params: input.params, seedSource: input.seedSource }, today, input.beaconRound ?? null));
  if (!checked.ok) throw new BadRequestError(checked.issues[0] ?? "invalid params", checked.issues);
  await checkAgainstRegistries(db, org, checked.params);
  const eligible = await eligibleOf(database, org.path, checked.params);
  const impossible = eligible.filter((s) => !s.satisfiable);
  if (impossible.length > 0) {
    throw new BadRequestError(
      `stratum "${impossible[0]?.name}" asks for ${impossible[0]?.k} departments but only ${impossible[0]?.eligible} are eligible`,
      { eligible },
      "impossible_constraints",
    );
  }
  const round = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(rounds)
      .values({
        orgId: org.id,
        number: input.number,
        title: input.title,
        params: input.params,
        seedSource: input.seedSource,
        beaconRound: input.beaconRound ?? null,
        notice: input.notice,
        windowStart: window?.start ?? null,
        windowEnd: window?.end ?? null,
        createdBy: actorCode(principal),
      })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ConflictError(`round number ${input.number} exists`);
    await appendAudit(tx, {
      actor: principal.actor,
      action: "round.create",
      subject: `round:${row.id}`,
      orgId: org.id,
      payload: { number: row.number, title: row.title, seedSource: row.seedSource, beaconRound: input.beaconRound ?? null },
    });
    return row;
  });
  return { ...round, eligible };
}

/** Item codes must name items of the organization; each required role must have enough active inspectors. */
async function checkAgainstRegistries(db: Db, org: Organization, params: Params): Promise<void> {
  const items = await db
    .select({ code: inspectionItems.code })
    .from(inspectionItems)
    .where(and(eq(inspectionItems.orgId, org.id), eq(inspectionItems.active, true)));
  const unknown = params.items.filter((code) => !items.some((item) => item.code === code));
  if (unknown.length > 0)
    throw new BadRequestError(`unknown inspection item(s): ${unknown.join(", ")}`, { unknownItems: unknown }, "unknown_codes");
  const subtree = subtreeCondition(org.path, inspectors.orgId);
  const [active] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(inspectors)
    .where(and(subtree, eq(inspectors.status, "active")));
  if ((active?.n ?? 0) < params.team.size) {
    throw new BadRequestError(
      `a team of ${params.team.size} needs more active inspectors than the ${active?.n ?? 0} in the pool`,
      undefined,
      "impossible_constraints",
    );
  }
  for (const role of params.team.roles) {
    const [holders] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(inspectors)
      .where(and(subtree, eq(inspectors.status, "active"), sql`${role.tag} = any(${inspectors.tags})`));
    if ((holders?.n ?? 0) < role.min) {
      throw new BadRequestError(
        `role "${role.tag}" needs ${role.min} per team but only ${holders?.n ?? 0} active inspectors hold it`,
        undefined,
        "impossible_constraints",
      );
    }
  }
}

async function eligibleOf(database: Database, orgPath: string, params: Params): Promise<StratumCount[]> {
  return eligibleCountsOf(params, await departmentTableNow(database, params, orgPath));
}

export async function findRound(db: Db, principal: Principal, roundId: string, lock = false): Promise<Round> {
  if (!/^[0-9a-f-]{36}$/i.test(roundId)) throw new NotFoundError(`no round ${roundId}`);
  const query = db
    .select()
    .from(rounds)
    .where(and(eq(rounds.id, roundId), inScope(principal, rounds.orgId)));
  const [round] = lock ? await query.for("update") : await query;
  if (!round) throw new NotFoundError(`no round ${roundId}`);
  return round;
}

export async function currentLock(db: Db, roundId: string): Promise<RoundLock | undefined> {
  const [lock] = await db.select().from(roundLocks).where(eq(roundLocks.roundId, roundId)).orderBy(desc(roundLocks.seq)).limit(1);
  return lock && !lock.supersededAt ? lock : undefined;
}

/** Freezes the snapshot and publishes the manifest hash (DESIGN.md, ssj-draw/1 "Inputs"). */
export async function lockRound(
  database: Database,
  principal: Principal,
  roundId: string,
  options: { beaconRound?: string | null } = {},
): Promise<RoundLock> {
  return inSnapshotTransaction(database, async (tx, lists) => {
    const round = await findRound(tx, principal, roundId, true);
    if (round.status !== "draft")
      throw new ConflictError(
        `round ${round.number} is ${round.status}; only a draft can be locked`,
        { status: round.status },
        "wrong_status",
      );
    const [org] = await tx.select().from(organizations).where(eq(organizations.id, round.orgId));
    if (!org) throw new NotFoundError("the round's organization is gone");
    const previous = await tx.select().from(roundLocks).where(eq(roundLocks.roundId, round.id)).orderBy(desc(roundLocks.seq));
    const beaconRound = round.seedSource === "beacon" ? (options.beaconRound ?? round.beaconRound) : null;
    if (round.seedSource === "beacon") {
      if (!beaconRound) throw new BadRequestError("a beacon round needs the beacon round number");
      if (previous.some((lock) => lock.beaconRound === beaconRound))
        throw new BadRequestError(
          `beacon round ${beaconRound} was committed before: a new lock needs a later beacon round`,
          undefined,
          "seed_reused",
        );
    }
    const { today: asOf } = await clockNow(tx);
    const checked = checkParams(fullParams(round, asOf, beaconRound));
    if (!checked.ok) throw new BadRequestError(checked.issues[0] ?? "invalid params", checked.issues);
    const params = checked.params;
    const stored = await storeSnapshot(tx, lists, { orgPath: org.path, asOf, recusalDays: params.team.recusalDays });
    const serverSeed = round.seedSource === "server" ? randomBytes(16).toString("hex") : null;
    const commitment = serverSeed ? seedCommitment("server", serverSeed) : null;
    const manifest = manifestHash(params, stored, commitment);
    const [lock] = await tx
      .insert(roundLocks)
      .values({
        roundId: round.id,
        seq: (previous[0]?.seq ?? 0) + 1,
        lockedBy: actorCode(principal),
        params,
        ...stored,
        seedCommitment: commitment,
        beaconRound,
        serverSeed,
        manifestHash: manifest,
      })
      .returning();
    if (!lock) throw new Error("lock was not stored");
    await tx.update(rounds).set({ status: "locked", updatedAt: sql`ssj_now()` }).where(eq(rounds.id, round.id));
    await appendAudit(tx, {
      actor: principal.actor,
      action: "round.lock",
      subject: `round:${round.id}`,
      orgId: round.orgId,
      payload: {
        number: round.number,
        lockSeq: lock.seq,
        manifestHash: manifest,
        seedSource: round.seedSource,
        seedCommitment: commitment,
        beaconRound,
        asOf,
        departments: stored.departmentCount,
        inspectors: stored.inspectorCount,
      },
    });
    return lock;
  });
}

export type DrawRow = typeof draws.$inferSelect;

/** Records a draw request; the draw itself runs as a job (jobs/draw). */
export async function requestDraw(
  db: Db,
  principal: Principal,
  roundId: string,
  input: { seedSource?: string | null; seed?: string | null },
  waker?: DrawWaker,
): Promise<DrawRow> {
  const drawRow = await db
    .transaction(async (tx) => {
      const round = await findRound(tx, principal, roundId, true);
      if (input.seedSource && input.seedSource !== round.seedSource) {
        throw new BadRequestError(
          `round ${round.number} draws with a ${round.seedSource} seed, not ${input.seedSource}`,
          undefined,
          "wrong_seed_source",
        );
      }
      const live = await tx
        .select()
        .from(draws)
        .where(and(eq(draws.roundId, round.id), eq(draws.kind, "draw"), sql`${draws.status} in ('pending','done')`));
      if (live[0])
        throw new ConflictError(
          `round ${round.number} already has draw ${live[0].id} (${live[0].status})`,
          { drawId: live[0].id },
          "draw_exists",
        );
      if (round.status !== "locked")
        throw new ConflictError(
          `round ${round.number} is ${round.status}; lock it before drawing`,
          { status: round.status },
          "wrong_status",
        );
      const lock = await currentLock(tx, round.id);
      if (!lock) throw new ConflictError(`round ${round.number} has no current lock`, undefined, "wrong_status");
      const seedInput = seedFor(round.seedSource, lock, input.seed ?? null);
      const used = await tx
        .select({ id: draws.id })
        .from(draws)
        .where(and(eq(draws.lockId, lock.id), eq(draws.seedInput, seedInput)));
      if (used[0])
        throw new ConflictError(
          `this seed was used on lock ${lock.seq} of round ${round.number} already (draw ${used[0].id}); read out a new one`,
          { drawId: used[0].id },
          "seed_reused",
        );
      const [row] = await tx
        .insert(draws)
        .values({ roundId: round.id, lockId: lock.id, seedSource: round.seedSource, seedInput, requestedBy: actorCode(principal) })
        .returning();
      if (!row) throw new Error("draw was not stored");
      await appendAudit(tx, {
        actor: principal.actor,
        action: "draw.request",
        subject: `draw:${row.id}`,
        orgId: round.orgId,
        payload: { roundId: round.id, lockSeq: lock.seq, seedSource: round.seedSource },
      });
      return row;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error, "draws_one_live_per_round"))
        throw new ConflictError("another draw of this round was requested at the same moment", undefined, "draw_exists");
      if (isUniqueViolation(error, "draws_seed_once_per_lock"))
        throw new ConflictError("this seed was used on this lock already; read out a new one", undefined, "seed_reused");
      throw error;
    });
  await waker?.drawRequested(drawRow.id);
  return drawRow;
}

function seedFor(source: Round["seedSource"], lock: RoundLock, given: string | null): string {
  if (source === "server") {
    if (given) throw new BadRequestError("a server round's seed was generated at lock; do not pass --seed", undefined, "bad_seed");
    if (!lock.serverSeed) throw new Error("the lock holds no server seed");
    return lock.serverSeed;
  }
  if (!given)
    throw new BadRequestError(
      source === "witness"
        ? "a witness draw needs the seed read out in the room (at least 20 digits)"
        : "a beacon draw needs the beacon's 64-hex value",
      undefined,
      "bad_seed",
    );
  const checked = checkSeed(source, given);
  if (!checked.ok) throw new BadRequestError(checked.message, undefined, "bad_seed");
  return checked.seedInput;
}

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  let current: unknown = error;
  for (let depth = 0; current && depth < 4; depth++) {
    if (typeof current === "object" && current !== null) {
      const e = current as { code?: string; constraint_name?: string; constraint?: string; cause?: unknown };
      if (e.code === "23505" && (e.constraint_name === constraint || e.constraint === constraint)) return true;
      current = e.cause;
    } else break;
  }
  return false;
}

export async function listDraws(db: Db, principal: Principal, roundId: string) {
  const round = await findRound(db, principal, roundId);
  const locks = await db.select().from(roundLocks).where(eq(roundLocks.roundId, round.id)).orderBy(asc(roundLocks.seq));
  const attempts = await db.select().from(draws).where(eq(draws.roundId, round.id)).orderBy(asc(draws.requestedAt));
  return {
    roundId: round.id,
    locks: locks.map(({ serverSeed: _secret, params: _params, ...lock }) => lock),
    draws: attempts.map(({ record: _record, seedInput, ...draw }) => ({
      ...draw,
      seedInput: draw.status === "pending" && draw.seedSource === "server" ? null : seedInput,
    })),
  };
}

export async function setRoundStatus(db: Db, principal: Principal, roundId: string, to: RoundStatus): Promise<Round> {
  const allowed: Record<RoundStatus, RoundStatus[]> = {
    draft: ["cancelled"],
    locked: ["cancelled"],
    drawn: ["in_progress", "cancelled"],
    in_progress: ["closed"],
    closed: [],
    cancelled: [],
  };
  return db.transaction(async (tx) => {
    const round = await findRound(tx, principal, roundId, true);
    if (!allowed[round.status].includes(to))
      throw new ConflictError(`round ${round.number} is ${round.status}; it cannot become ${to}`, { status: round.status }, "wrong_status");
    const [row] = await tx.update(rounds).set({ status: to, updatedAt: sql`ssj_now()` }).where(eq(rounds.id, round.id)).returning();
    await appendAudit(tx, {
      actor: principal.actor,
      action: `round.${to}`,
      subject: `round:${round.id}`,
      orgId: round.orgId,
      payload: { from: round.status, to },
    });
    if (!row) throw new Error("round vanished");
    return row;
  });
}
