// The shapes of ssj-draw/1 (docs/draw-algorithm.md §2–§10). Everything here is plain JSON
// data, so a record can be written, read back and verified by another implementation.

export const DRAW_ALGORITHM = "ssj-draw/1";
export type DrawAlgorithm = typeof DRAW_ALGORITHM;

/** A calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

export type SeedSource = "witness" | "beacon" | "server";

export interface StratumByCount {
  name: string;
  allOf: string[];
  count: number;
}

export interface StratumByRatio {
  name: string;
  allOf: string[];
  /** A decimal string in (0, 1] with at most 4 decimals, e.g. "0.05". */
  ratio: string;
}

export type StratumSpec = StratumByCount | StratumByRatio;

export interface RequiredRole {
  tag: string;
  min: number;
}

export interface Params {
  asOf: IsoDate;
  seed: { source: SeedSource; beaconRound?: string };
  strata: StratumSpec[];
  exclusions: {
    /** A department inspected less than N days before asOf is ineligible; null: no such rule. */
    inspectedWithinDays: number | null;
    /** A department inspected in asOf's calendar year is ineligible. */
    inspectedThisYear: boolean;
  };
  team: {
    size: number;
    roles: RequiredRole[];
    /** Seats one inspector may hold in this round; null: no cap. */
    capPerInspector: number | null;
    /** An inspector who inspected a department less than N days before asOf is recused from it. */
    recusalDays: number;
    alternates: number;
  };
  /** Inspection item codes: published with the draw, never read by it. */
  items: string[];
}

export interface Department {
  id: string;
  tags: readonly string[];
  active: boolean;
  lastInspectedOn: IsoDate | null;
}

export interface Inspector {
  id: string;
  homeDepartmentId: string | null;
  tags: readonly string[];
  conflicts: readonly string[];
  status: string;
}

export interface HistoryEntry {
  inspectorId: string;
  departmentId: string;
  inspectedOn: IsoDate;
}

export interface Snapshot {
  departments: readonly Department[];
  inspectors: readonly Inspector[];
  history: readonly HistoryEntry[];
}

export type SnapshotListName = keyof Snapshot;
export const SNAPSHOT_LISTS: readonly SnapshotListName[] = ["departments", "inspectors", "history"];

/** Lowercase hex SHA-256 of each list's JSON Lines (docs/draw-algorithm.md §4). */
export interface Fingerprints {
  departmentsHash: string;
  inspectorsHash: string;
  historyHash: string;
}

export type DepartmentSkipReason = "inactive" | "inspected-within-days" | "inspected-this-year";
export type InspectorSkipReason = "not-active" | "home-department" | "conflict" | "recusal" | "cap" | "seated";

export interface StratumResult {
  name: string;
  /** e: eligible departments in the stratum. */
  eligible: number;
  /** k: departments drawn. */
  k: number;
  drawn: string[];
  skipped: { departmentId: string; reason: DepartmentSkipReason }[];
}

export interface TeamMember {
  inspectorId: string;
  /** The required role tags this member holds, in params order. */
  roles: string[];
  /** The required role whose walk seated the member; null: the fill walk. */
  seatedBy: string | null;
}

export interface Team {
  departmentId: string;
  stratum: string;
  members: TeamMember[];
  leaderId: string;
  alternates: string[];
}

export type DrawNote =
  | { code: "stratum-empty"; stratum: string }
  | { code: "alternates-short"; departmentId: string; wanted: number; listed: number };

export interface DrawResult {
  strata: StratumResult[];
  teams: Team[];
  notes: DrawNote[];
}

/** What a supplementary draw starts from (docs/draw-algorithm.md §10.2). */
export interface SupplementBasis {
  originalResultHash: string;
  departmentId: string;
  /** 1 for the first supplement of this department in the round, then 2, … */
  n: number;
  /** The team's seated members when the supplement runs. */
  members: string[];
  /** Inspectors who declined a seat on this team: never drawn back to it. */
  declined: string[];
  /** Inspectors holding capPerInspector seats in the round when the supplement runs. */
  atCap: string[];
}

export interface SupplementResult {
  departmentId: string;
  n: number;
  neededRoles: string[];
  seat: TeamMember;
}

export type InlineSnapshot = Snapshot;

/** The record's snapshot: inline, or the fingerprints naming JSON Lines files beside it. */
export type RecordSnapshot = InlineSnapshot | Fingerprints;

interface RecordEnvelope<R> {
  algorithm: DrawAlgorithm;
  engineVersion: string;
  params: Params;
  snapshot: RecordSnapshot;
  manifestHash: string;
  seedSource: SeedSource;
  seedInput: string;
  masterSeed: string;
  result: R;
  resultHash: string;
  drawnAt: string;
  drawnBy: string;
  recordHash: string;
}

export type DrawRecord = RecordEnvelope<DrawResult>;
export type SupplementRecord = RecordEnvelope<SupplementResult> & { supplement: SupplementBasis };
export type AnyDrawRecord = DrawRecord | SupplementRecord;

export function isSupplementRecord(record: AnyDrawRecord): record is SupplementRecord {
  return "supplement" in record;
}

export function isInlineSnapshot(snapshot: RecordSnapshot): snapshot is InlineSnapshot {
  return "departments" in snapshot;
}
