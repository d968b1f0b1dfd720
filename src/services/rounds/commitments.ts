// The public commitments page: what each lock published before any seed existed —
// never the targets before they are notified (DESIGN.md, Confidentiality).
import { desc, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { organizations, roundLocks, rounds } from "../../db/schema";

export interface Commitment {
  roundId: string;
  number: string;
  title: string;
  organization: { code: string; name: string };
  lockSeq: number;
  lockedAt: string;
  asOf: string;
  manifestHash: string;
  seedSource: string;
  beaconRound: string | null;
  seedCommitment: string | null;
  superseded: boolean;
}

export async function publicCommitments(db: Db, limit = 500): Promise<Commitment[]> {
  const rows = await db
    .select({ lock: roundLocks, round: rounds, org: organizations })
    .from(roundLocks)
    .innerJoin(rounds, eq(rounds.id, roundLocks.roundId))
    .innerJoin(organizations, eq(organizations.id, rounds.orgId))
    .orderBy(desc(roundLocks.lockedAt))
    .limit(limit);
  return rows.map(({ lock, round, org }) => ({
    roundId: round.id,
    number: round.number,
    title: round.title,
    organization: { code: org.code, name: org.name },
    lockSeq: lock.seq,
    lockedAt: lock.lockedAt.toISOString(),
    asOf: (lock.params as { asOf: string }).asOf,
    manifestHash: lock.manifestHash,
    seedSource: round.seedSource,
    beaconRound: lock.beaconRound,
    seedCommitment: lock.seedCommitment,
    superseded: lock.supersededAt !== null,
  }));
}
