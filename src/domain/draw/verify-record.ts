// docs/draw-algorithm.md §11: recompute a record offline and name the first check that
// fails, in the spec's order. Records in files are read by the caller (it streams the
// JSON Lines through snapshot-lines.ts) and joined here at verifyPrepared.
import { jcs } from "./canonical-json";
import { isSortedUnique } from "./codes";
import { computeResult } from "./compute-result";
import { computeSupplement } from "./compute-supplement";
import { DrawConstraintError, DrawInputError } from "./errors";
import { manifestHash } from "./manifest";
import { checkParams } from "./params";
import { prepareSnapshot, type PreparedSnapshot } from "./prepared-snapshot";
import { recordHashOf } from "./record-hash";
import { recordEnvelopeSchema } from "./record-schema";
import { checkSeed, masterSeedOf, seedCommitment } from "./seed";
import { sameJson } from "./same-json";
import { sha256hex } from "./sha256";
import { compareHistory, departmentProblem, historyProblem, inspectorProblem } from "./snapshot-elements";
import {
  DRAW_ALGORITHM,
  isInlineSnapshot,
  type AnyDrawRecord,
  type Department,
  type HistoryEntry,
  type InlineSnapshot,
  type Inspector,
  type Params,
  type SnapshotListName,
} from "./types";

/** The checks, in the order verify runs them. */
export const VERIFY_CHECKS = [
  "json",
  "algorithm",
  "format",
  "params",
  "snapshot.departments",
  "snapshot.inspectors",
  "snapshot.history",
  "seedSource",
  "seedInput",
  "manifestHash",
  "masterSeed",
  "result",
  "resultHash",
  "recordHash",
] as const;
export type VerifyCheck = (typeof VERIFY_CHECKS)[number];

export interface VerifyFailure {
  ok: false;
  check: VerifyCheck;
  message: string;
  /** The file is not a record of a known algorithm at all (CLI exit 2), rather than a record that fails. */
  malformed: boolean;
}
export type VerifyOutcome = { ok: true; resultHash: string; recordHash: string } | VerifyFailure;

export interface RecordToVerify {
  record: AnyDrawRecord;
  params: Params;
}

export function fail(check: VerifyCheck, message: string, malformed = false): VerifyFailure {
  return { ok: false, check, message, malformed };
}

/** Verifies a parsed record whose snapshot is inline (or given already prepared). */
export function verifyRecord(value: unknown, options: { prepared?: PreparedSnapshot } = {}): VerifyOutcome {
  const read = readRecord(value);
  if (!read.ok) return read;
  let prepared = options.prepared;
  if (prepared === undefined) {
    const { snapshot } = read.record;
    if (!isInlineSnapshot(snapshot))
      return fail("snapshot.departments", "the snapshot is in JSON Lines files beside the record: verify the folder", true);
    const checked = prepareInlineSnapshot(read.params, snapshot);
    if (!checked.ok) return checked;
    prepared = checked.prepared;
  }
  return verifyPrepared(read, prepared);
}

/** Checks json … params: the parts of a record readable before its snapshot. */
export function readRecord(value: unknown): ({ ok: true } & RecordToVerify) | VerifyFailure {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return fail("json", "a record is a JSON object", true);
  const algorithm = (value as { algorithm?: unknown }).algorithm;
  if (algorithm !== DRAW_ALGORITHM)
    return fail("algorithm", `unknown algorithm ${JSON.stringify(algorithm)} (this engine knows ${DRAW_ALGORITHM})`, true);
  const envelope = recordEnvelopeSchema.safeParse(value);
  if (!envelope.success) {
    const issue = envelope.error.issues[0];
    return fail("format", issue ? `${issue.path.join(".") || "record"}: ${issue.message}` : "not a record", true);
  }
  const params = checkParams(envelope.data.params);
  if (!params.ok) return fail("params", params.issues.join("; "));
  return { ok: true, record: value as AnyDrawRecord, params: params.params };
}

/** Checks the inline snapshot is canonical (sorted, unique, valid rows) and prepares it. */
export function prepareInlineSnapshot(params: Params, snapshot: InlineSnapshot): { ok: true; prepared: PreparedSnapshot } | VerifyFailure {
  const problem =
    listProblem("departments", snapshot.departments, departmentProblem, (a: Department, b: Department) => a.id < b.id) ??
    listProblem("inspectors", snapshot.inspectors, inspectorProblem, (a: Inspector, b: Inspector) => a.id < b.id) ??
    listProblem("history", snapshot.history, historyProblem, (a: HistoryEntry, b: HistoryEntry) => compareHistory(a, b) < 0);
  if (problem !== null) return problem;
  return { ok: true, prepared: prepareSnapshot(params, snapshot).prepared };
}

/** Checks seedSource … recordHash against a snapshot already checked and prepared. */
export function verifyPrepared({ record, params }: RecordToVerify, prepared: PreparedSnapshot): VerifyOutcome {
  const supplement = "supplement" in record ? record.supplement : undefined;
  // DESIGN.md: a supplement's seed is always a new witness reading.
  const expectedSource = supplement === undefined ? params.seed.source : "witness";
  if (record.seedSource !== expectedSource) return fail("seedSource", `is ${record.seedSource}, expected ${expectedSource}`);
  const seed = checkSeed(record.seedSource, record.seedInput);
  if (!seed.ok) return fail("seedInput", seed.message);
  if (seed.seedInput !== record.seedInput) return fail("seedInput", `not in canonical form (${seed.seedInput})`);

  const commitment = supplement === undefined ? seedCommitment(record.seedSource, record.seedInput) : null;
  const manifest = manifestHash(params, prepared.fingerprints, commitment);
  if (manifest !== record.manifestHash) return fail("manifestHash", `recomputed ${manifest}`);
  const masterSeed = masterSeedOf(manifest, record.seedInput);
  if (masterSeed !== record.masterSeed) return fail("masterSeed", `recomputed ${masterSeed}`);

  let recomputed: unknown;
  try {
    recomputed =
      supplement === undefined ? computeResult(params, prepared, masterSeed) : computeSupplement(params, prepared, masterSeed, supplement);
  } catch (error) {
    if (error instanceof DrawConstraintError || error instanceof DrawInputError)
      return fail("result", `the draw does not run: ${error.message}`);
    throw error;
  }
  // Equal JSON values have equal JCS, so one canonicalization (of the recomputed result)
  // serves the comparison, resultHash and recordHash.
  const recomputedJcs = jcs(recomputed);
  if (!sameJson(recomputed, record.result)) return fail("result", `differs from the recomputed result ${sha256hex(recomputedJcs)}`);
  const recordedJcs = recomputedJcs;
  const resultHash = sha256hex(recordedJcs);
  if (resultHash !== record.resultHash) return fail("resultHash", `recomputed ${resultHash}`);
  const recordHash = recordHashOf(record, prepared.fingerprints, recordedJcs);
  if (recordHash !== record.recordHash) return fail("recordHash", `recomputed ${recordHash}`);
  return { ok: true, resultHash, recordHash };
}

function listProblem<T>(
  list: SnapshotListName,
  rows: readonly unknown[],
  problemOf: (value: unknown) => string | null,
  before: (a: T, b: T) => boolean,
): VerifyFailure | null {
  for (let n = 0; n < rows.length; n++) {
    const row = rows[n];
    const problem = problemOf(row);
    if (problem !== null) return fail(`snapshot.${list}`, `row ${n + 1}: ${problem}`);
    const codes = row as { tags?: readonly string[]; conflicts?: readonly string[] };
    if ((codes.tags && !isSortedUnique(codes.tags)) || (codes.conflicts && !isSortedUnique(codes.conflicts))) {
      return fail(`snapshot.${list}`, `row ${n + 1}: tags and conflicts must be sorted and unique`);
    }
    if (n > 0 && !before(rows[n - 1] as T, row as T))
      return fail(`snapshot.${list}`, `row ${n + 1}: not after the previous row (sorted, unique)`);
  }
  return null;
}
