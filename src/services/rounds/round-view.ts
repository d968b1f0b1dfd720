// A round as the API shows it: the round, its current lock's public fields, its valid draw
// and teams; a draft also shows its eligible counts per stratum (never a draw).
import { and, desc, eq, sql } from "drizzle-orm";
import type { Database, Db } from "../../db/client";
import { draws, organizations, rounds } from "../../db/schema";
import { eligibleCountsOf } from "../../domain/draw/eligible-counts";
import { checkParams } from "../../domain/draw/params";
import { inScope, type Principal } from "../scope";
import { teamsOf } from "./draw-service";
import { departmentTableNow } from "./registry-snapshot";
import { clockNow } from "../clock";
import { currentLock, findRound } from "./round-service";

export async function roundView(database: Database, principal: Principal, roundId: string) {
  const { db } = database;
  const round = await findRound(db, principal, roundId);
  const lock = await currentLock(db, round.id);
  const [draw] = await db
    .select({
      id: draws.id,
      status: draws.status,
      resultHash: draws.resultHash,
      recordHash: draws.recordHash,
      drawnAt: draws.drawnAt,
      error: draws.error,
    })
    .from(draws)
    .where(and(eq(draws.roundId, round.id), eq(draws.kind, "draw"), sql`${draws.status} <> 'voided'`))
    .orderBy(desc(draws.requestedAt))
    .limit(1);
  return {
    ...round,
    lock: lock
      ? {
          seq: lock.seq,
          lockedAt: lock.lockedAt,
          lockedBy: lock.lockedBy,
          asOf: (lock.params as { asOf: string }).asOf,
          manifestHash: lock.manifestHash,
          seedCommitment: lock.seedCommitment,
          beaconRound: lock.beaconRound,
          departments: lock.departmentCount,
          inspectors: lock.inspectorCount,
        }
      : null,
    draw: draw ?? null,
    teams: draw?.status === "done" ? await teamsOf(db, round.id) : [],
    eligible: round.status === "draft" ? await draftEligible(database, round) : null,
  };
}

async function draftEligible(database: Database, round: typeof rounds.$inferSelect) {
  const [org] = await database.db.select().from(organizations).where(eq(organizations.id, round.orgId));
  if (!org) return null;
  const { today: asOf } = await clockNow(database.db);
  const checked = checkParams({
    ...(round.params as object),
    asOf,
    seed: round.beaconRound ? { source: round.seedSource, beaconRound: round.beaconRound } : { source: round.seedSource },
  });
  if (!checked.ok) return null;
  const params = checked.params;
  return eligibleCountsOf(params, await departmentTableNow(database, params, org.path));
}

export async function listRounds(db: Db, principal: Principal) {
  return db
    .select({
      id: rounds.id,
      number: rounds.number,
      title: rounds.title,
      status: rounds.status,
      seedSource: rounds.seedSource,
      orgCode: organizations.code,
      imported: rounds.imported,
      createdAt: rounds.createdAt,
    })
    .from(rounds)
    .innerJoin(organizations, eq(organizations.id, rounds.orgId))
    .where(inScope(principal, rounds.orgId))
    .orderBy(desc(rounds.createdAt));
}
