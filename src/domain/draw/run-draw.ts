// The draw as a round runs it: params and snapshot in, a self-verifying record out.
// Pure: the seed, the time and the operator are arguments.
import { jcs } from "./canonical-json";
import { computeResult } from "./compute-result";
import { DrawInputError } from "./errors";
import { manifestHash } from "./manifest";
import { normalizeSnapshot } from "./normalize-snapshot";
import { parseParams } from "./params";
import { prepareSnapshot, type PreparedSnapshot } from "./prepared-snapshot";
import { recordHashOf } from "./record-hash";
import { DRAWN_AT_PATTERN, ENGINE_VERSION } from "./record-fields";
import { checkSeed, masterSeedOf, seedCommitment } from "./seed";
import { sha256hex } from "./sha256";
import { isCode } from "./codes";
import { DRAW_ALGORITHM, type DrawRecord, type Params, type SeedSource, type Snapshot } from "./types";

export interface RunDrawInput {
  /** Validated here; a Params object or parsed JSON. */
  params: Params | unknown;
  /** Any order: the engine sorts it (a canonical snapshot is used as it is, not copied). */
  snapshot: Snapshot;
  seedSource: SeedSource;
  seedInput: string;
  /** ISO instant, e.g. new Date().toISOString() at the edge. */
  drawnAt: string;
  /** The operator's user code. */
  drawnBy: string;
  /** When given, the manifest recomputed now must equal the one published at lock. */
  expectedManifestHash?: string;
  /** false: the record names the snapshot by its fingerprints (files beside it). Default true. */
  inlineSnapshot?: boolean;
  engineVersion?: string;
}

/** Runs ssj-draw/1. Throws DrawInputError on bad input and DrawConstraintError on an unmet rule. */
export function runDraw(input: RunDrawInput): DrawRecord {
  const { params, seedInput } = checkDrawInput(input);
  // An inline record carries the rows themselves, so they get the strict check (exact keys).
  const { prepared, canonical } = prepareSnapshot(
    params,
    input.inlineSnapshot === false ? input.snapshot : normalizeSnapshot(input.snapshot),
  );
  return drawRecordOf(input, params, seedInput, prepared, input.inlineSnapshot === false ? prepared.fingerprints : canonical);
}

/**
 * runDraw over a snapshot already read and prepared — a stored JSON Lines snapshot streamed
 * through snapshot-lines.ts, as verify reads one — so a province draw never holds its
 * departments as objects. The record names the snapshot by its fingerprints.
 */
export function runPreparedDraw(input: Omit<RunDrawInput, "snapshot" | "inlineSnapshot">, prepared: PreparedSnapshot): DrawRecord {
  const { params, seedInput } = checkDrawInput(input);
  return drawRecordOf(input, params, seedInput, prepared, prepared.fingerprints);
}

function checkDrawInput(input: Omit<RunDrawInput, "snapshot" | "inlineSnapshot">): { params: Params; seedInput: string } {
  const params = parseParams(input.params);
  if (input.seedSource !== params.seed.source) {
    throw new DrawInputError(`seed source ${input.seedSource} differs from the params' ${params.seed.source}`);
  }
  const seed = checkSeed(input.seedSource, input.seedInput);
  if (!seed.ok) throw new DrawInputError(seed.message);
  if (!DRAWN_AT_PATTERN.test(input.drawnAt)) throw new DrawInputError("drawnAt must be an ISO instant such as 2026-03-02T09:30:00.000Z");
  if (!isCode(input.drawnBy)) throw new DrawInputError("drawnBy must be a user code of 1–64 characters from A–Z a–z 0–9 . _ -");
  return { params, seedInput: seed.seedInput };
}

function drawRecordOf(
  input: Omit<RunDrawInput, "snapshot" | "inlineSnapshot">,
  params: Params,
  seedInput: string,
  prepared: PreparedSnapshot,
  snapshot: DrawRecord["snapshot"],
): DrawRecord {
  const manifest = manifestHash(params, prepared.fingerprints, seedCommitment(input.seedSource, seedInput));
  if (input.expectedManifestHash !== undefined && input.expectedManifestHash !== manifest) {
    throw new DrawInputError(`the manifest is ${manifest}, not the one locked (${input.expectedManifestHash}): params or snapshot changed`);
  }
  const masterSeed = masterSeedOf(manifest, seedInput);
  const result = computeResult(params, prepared, masterSeed);
  const resultJcs = jcs(result);
  const unsigned: Omit<DrawRecord, "recordHash"> = {
    algorithm: DRAW_ALGORITHM,
    engineVersion: input.engineVersion ?? ENGINE_VERSION,
    params,
    snapshot,
    manifestHash: manifest,
    seedSource: input.seedSource,
    seedInput,
    masterSeed,
    result,
    resultHash: sha256hex(resultJcs),
    drawnAt: input.drawnAt,
    drawnBy: input.drawnBy,
  };
  return { ...unsigned, recordHash: recordHashOf(unsigned, prepared.fingerprints, resultJcs) };
}
