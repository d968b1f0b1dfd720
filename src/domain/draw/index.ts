// ssj-draw/1: the verifiable draw, as a pure module (docs/draw-algorithm.md is its spec).
// Rounds run it inside a job: lock → manifestHash; draw → runDraw; audit → verifyRecord.

export * from "./types";
export { DrawConstraintError, DrawInputError, type ConstraintRule } from "./errors";
export { checkParams, parseParams, paramsSchema, type ParamsCheck } from "./params";
export { normalizeSnapshot } from "./normalize-snapshot";
export { departmentLine, historyLine, inspectorLine, jcs } from "./canonical-json";
export {
  fingerprintDepartments,
  fingerprintHistory,
  fingerprintInspectors,
  fingerprintSnapshot,
  forEachDepartmentLine,
} from "./fingerprint";
export { EMPTY_SHA256, JsonLinesHasher, sha256hex } from "./sha256";
export { manifestHash } from "./manifest";
export { checkSeed, masterSeedOf, seedCommitment, type SeedCheck } from "./seed";
export { drawRng, type DrawRng } from "./rng";
export { Walk } from "./walk";
export { ratioInTenThousandths, stratumSize } from "./stratum-size";
export { prepareSnapshot, type PreparedSnapshot } from "./prepared-snapshot";
export { computeResult } from "./compute-result";
export { runDraw, type RunDrawInput } from "./run-draw";
export { recordHashOf } from "./record-hash";
export { ENGINE_VERSION } from "./record-fields";
export { eligibleCounts, eligibleCountsOf, type StratumCount } from "./eligible-counts";
export { declineSeat, type DeclineSeatInput } from "./decline-seat";
export type { DeclineRecord, PassedOverReason } from "./decline-record";
export { roundSeating, type RoundEvent, type RoundSeating, type TeamSeating } from "./round-seating";
export { supplementaryDraw, type SupplementaryDrawInput } from "./supplementary-draw";
export { computeSupplement } from "./compute-supplement";
export type { PoolSnapshot } from "./snapshot-check";
export {
  VERIFY_CHECKS,
  fail,
  prepareInlineSnapshot,
  readRecord,
  verifyPrepared,
  verifyRecord,
  type RecordToVerify,
  type VerifyCheck,
  type VerifyFailure,
  type VerifyOutcome,
} from "./verify-record";
export { DepartmentLinesReader, HistoryLinesReader, InspectorLinesReader, SnapshotLineError } from "./snapshot-lines";
export { compareHistory, departmentProblem, historyProblem, inspectorProblem } from "./snapshot-elements";
export { LEADER_TAG } from "./draw-teams";
