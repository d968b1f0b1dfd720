// DESIGN.md: "Declines and supplements" — when no alternate qualifies, a supplementary draw
// for that seat under a new witnessed seed, recorded on its own and pointing to the original.
import { jcs } from "./canonical-json";
import { isCode } from "./codes";
import { computeSupplement } from "./compute-supplement";
import { DrawInputError } from "./errors";
import { manifestHash } from "./manifest";
import { parseParams } from "./params";
import { recordHashOf } from "./record-hash";
import { DRAWN_AT_PATTERN, ENGINE_VERSION } from "./record-fields";
import { roundSeating, type RoundEvent } from "./round-seating";
import { checkSeed, masterSeedOf } from "./seed";
import { sha256hex } from "./sha256";
import { checkedPoolSnapshot, type PoolSnapshot } from "./snapshot-check";
import { fingerprintDepartments, fingerprintHistory, fingerprintInspectors } from "./fingerprint";
import { DRAW_ALGORITHM, isInlineSnapshot, type DrawRecord, type Fingerprints, type SupplementRecord } from "./types";

export interface SupplementaryDrawInput {
  original: DrawRecord;
  /** Required when the original's snapshot is in files. */
  snapshot?: PoolSnapshot;
  /** Declines and supplements of the original so far, in order (the last decline left the seat open). */
  priorEvents: readonly RoundEvent[];
  departmentId: string;
  /** A new witness reading: never the original's seed. */
  seedInput: string;
  drawnAt: string;
  drawnBy: string;
  engineVersion?: string;
}

export function supplementaryDraw(input: SupplementaryDrawInput): SupplementRecord {
  const { original, departmentId } = input;
  const params = parseParams(original.params);
  const seed = checkSeed("witness", input.seedInput);
  if (!seed.ok) throw new DrawInputError(seed.message);
  if (seed.seedInput === original.seedInput) throw new DrawInputError("a supplementary draw needs a new seed, not the original's");
  if (!DRAWN_AT_PATTERN.test(input.drawnAt)) throw new DrawInputError("drawnAt must be an ISO instant");
  if (!isCode(input.drawnBy)) throw new DrawInputError("drawnBy must be a user code");
  const pool = checkedPoolSnapshot(original.snapshot, input.snapshot);

  const seating = roundSeating(original.result, input.priorEvents);
  const team = seating.teams.get(departmentId);
  if (team === undefined) throw new DrawInputError(`department ${departmentId} has no team in this draw`);
  const cap = params.team.capPerInspector;
  const basis = {
    originalResultHash: original.resultHash,
    departmentId,
    n: team.supplements + 1,
    members: [...team.members],
    declined: [...team.declined],
    atCap:
      cap === null
        ? []
        : [...seating.seats]
            .filter(([, seats]) => seats >= cap)
            .map(([id]) => id)
            .sort(),
  };

  const fingerprints: Fingerprints = isInlineSnapshot(original.snapshot)
    ? {
        departmentsHash: fingerprintDepartments(original.snapshot.departments),
        inspectorsHash: fingerprintInspectors(pool.inspectors),
        historyHash: fingerprintHistory(pool.history),
      }
    : original.snapshot;
  // A witness seed is read at draw, so nothing is committed in the manifest.
  const manifest = manifestHash(params, fingerprints, null);
  const masterSeed = masterSeedOf(manifest, seed.seedInput);
  const result = computeSupplement(params, pool, masterSeed, basis);
  const unsigned: Omit<SupplementRecord, "recordHash"> = {
    algorithm: DRAW_ALGORITHM,
    engineVersion: input.engineVersion ?? ENGINE_VERSION,
    params,
    snapshot: original.snapshot,
    manifestHash: manifest,
    seedSource: "witness",
    seedInput: seed.seedInput,
    masterSeed,
    result,
    resultHash: sha256hex(jcs(result)),
    drawnAt: input.drawnAt,
    drawnBy: input.drawnBy,
    supplement: basis,
  };
  return { ...unsigned, recordHash: recordHashOf(unsigned, fingerprints) };
}
