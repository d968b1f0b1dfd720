// Departments as the draw reads them: stratum and eligibility per row, in id order. A
// province has 5 million rows, so a row costs two bytes (one packed code) and a stratum's
// pool is not materialized: position p of a pool is found through per-block counts. The
// draw reads ~50,000 positions; a table of row indices would be 20 MB more per draw, and
// such off-heap memory is what calls full garbage collections over the whole snapshot.
// Built row by row from in-memory objects (runDraw) or a JSON Lines stream (verify) alike.
import { minusDays } from "./dates";
import type { DepartmentSkipReason, Params } from "./types";

/** Eligibility codes held per row; 0 is eligible. docs/draw-algorithm.md §8.1. */
export const DEPARTMENT_REASONS: readonly (DepartmentSkipReason | null)[] = [
  null,
  "inactive",
  "inspected-within-days",
  "inspected-this-year",
];

export interface DepartmentTable {
  readonly count: number;
  /** The id of a row (rows are in id order). */
  idOf(row: number): string;
  /** Per stratum (params order): how many departments it holds (the pool size). */
  readonly poolSizes: readonly number[];
  /** Per stratum: how many of its departments are eligible (e). */
  readonly eligible: readonly number[];
  /** The row at `position` of stratum `s`'s pool (its departments in id order). */
  rowAt(s: number, position: number): number;
  /** Index into DEPARTMENT_REASONS. */
  reasonOf(row: number): number;
}

// code = (stratum + 1) << 2 | reason; 0 … 3: in no stratum.
const REASON_BITS = 2;
const REASON_MASK = 3;

export class DepartmentTableBuilder {
  private rows = 0;
  private codes: Uint16Array;
  private readonly stratumByTags = new Map<string, number>();
  private readonly poolSizes: number[];
  private readonly eligible: number[];
  private readonly recentCutoff: string | null;
  private readonly yearStart: string | null;

  constructor(
    private readonly params: Params,
    capacity = 1024,
  ) {
    this.codes = new Uint16Array(Math.max(capacity, 16));
    this.poolSizes = params.strata.map(() => 0);
    this.eligible = params.strata.map(() => 0);
    const days = params.exclusions.inspectedWithinDays;
    this.recentCutoff = days === null ? null : minusDays(params.asOf, days);
    this.yearStart = params.exclusions.inspectedThisYear ? params.asOf.slice(0, 4) + "-01-01" : null;
  }

  /** `tagsJson`: the row's canonical tags JSON; rows sharing tags share one stratum lookup. */
  add(tagsJson: string, active: boolean, lastInspectedOn: string | null): void {
    this.addToStratum(this.stratumOfTags(tagsJson), active, lastInspectedOn);
  }

  /** The stratum index (-1: none) of rows with these tags, for a caller that caches it. */
  stratumOfTags(tagsJson: string): number {
    let stratum = this.stratumByTags.get(tagsJson);
    if (stratum === undefined) {
      stratum = stratumIndexOf(this.params, JSON.parse(tagsJson) as string[]);
      this.stratumByTags.set(tagsJson, stratum);
    }
    return stratum;
  }

  addToStratum(stratum: number, active: boolean, lastInspectedOn: string | null): void {
    const row = this.rows++;
    if (row === this.codes.length) this.grow();
    const reason = this.reasonFor(active, lastInspectedOn);
    this.codes[row] = ((stratum + 1) << REASON_BITS) | reason;
    if (stratum >= 0) {
      this.poolSizes[stratum] = (this.poolSizes[stratum] as number) + 1;
      if (reason === 0) this.eligible[stratum] = (this.eligible[stratum] as number) + 1;
    }
  }

  /** `idOf` reads ids from wherever the caller keeps them: copying 5 million is not needed. */
  finish(idOf: (row: number) => string): DepartmentTable {
    return new PackedDepartmentTable(this.codes.subarray(0, this.rows), [...this.poolSizes], [...this.eligible], idOf);
  }

  // DESIGN.md: ssj-draw/1 inputs — inactive ones are ineligible; exclusions by last inspection.
  private reasonFor(active: boolean, lastInspectedOn: string | null): number {
    if (!active) return 1;
    if (lastInspectedOn !== null) {
      if (this.recentCutoff !== null && lastInspectedOn > this.recentCutoff) return 2;
      if (this.yearStart !== null && lastInspectedOn >= this.yearStart) return 3;
    }
    return 0;
  }

  private grow(): void {
    const codes = new Uint16Array(this.codes.length * 2);
    codes.set(this.codes);
    this.codes = codes;
  }
}

/** DESIGN.md: a department belongs to the first stratum, in params order, whose tags it all has. */
export function stratumIndexOf(params: Params, tags: readonly string[]): number {
  return params.strata.findIndex((s) => s.allOf.every((t) => tags.includes(t)));
}

class PackedDepartmentTable implements DepartmentTable {
  readonly count: number;
  private readonly blockSize: number;
  /** before[s][b]: rows of stratum s in the blocks before block b. */
  private readonly before: Int32Array[];

  constructor(
    private readonly codes: Uint16Array,
    readonly poolSizes: readonly number[],
    readonly eligible: readonly number[],
    readonly idOf: (row: number) => string,
  ) {
    this.count = codes.length;
    const strata = poolSizes.length;
    // Counts stay under ~1M entries whatever the number of strata; a lookup scans one block.
    this.blockSize = Math.max(256, Math.ceil((this.count * strata) / (1 << 20)));
    const blocks = Math.ceil(this.count / this.blockSize);
    this.before = poolSizes.map(() => new Int32Array(blocks + 1));
    const running = new Int32Array(strata);
    for (let b = 0; b < blocks; b++) {
      for (let s = 0; s < strata; s++) (this.before[s] as Int32Array)[b] = running[s] as number;
      const end = Math.min(this.count, (b + 1) * this.blockSize);
      for (let row = b * this.blockSize; row < end; row++) {
        const s = ((codes[row] as number) >> REASON_BITS) - 1;
        if (s >= 0) running[s] = (running[s] as number) + 1;
      }
    }
    for (let s = 0; s < strata; s++) (this.before[s] as Int32Array)[blocks] = running[s] as number;
  }

  rowAt(s: number, position: number): number {
    const before = this.before[s];
    if (before === undefined || position < 0 || position >= (this.poolSizes[s] as number))
      throw new RangeError(`no position ${position} in stratum ${s}`);
    // The last block whose rows of s before it are ≤ position holds the row.
    let lo = 0;
    let hi = before.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((before[mid] as number) <= position) lo = mid;
      else hi = mid - 1;
    }
    let remaining = position - (before[lo] as number);
    const code = s + 1;
    for (let row = lo * this.blockSize; row < this.count; row++) {
      if ((this.codes[row] as number) >> REASON_BITS === code && remaining-- === 0) return row;
    }
    throw new RangeError(`stratum ${s} has no position ${position}`);
  }

  reasonOf(row: number): number {
    return (this.codes[row] as number) & REASON_MASK;
  }
}
