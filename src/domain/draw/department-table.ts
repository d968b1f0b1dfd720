// Departments as the draw reads them: id, stratum and eligibility, in id order, held in
// typed arrays so a province (5 million rows) costs a few bytes per row. Built row by row
// from in-memory objects (runDraw) or from a JSON Lines stream (verify) alike.
import { minusDays } from "./dates";
import type { DepartmentSkipReason, Params } from "./types";

/** Eligibility codes held per row; 0 is eligible. docs/draw-algorithm.md §7.1. */
export const DEPARTMENT_REASONS: readonly (DepartmentSkipReason | null)[] = [null, "inactive", "inspected-within-days", "inspected-this-year"];

export interface DepartmentTable {
  readonly count: number;
  /** The id of a row (rows are in id order). */
  idOf(row: number): string;
  /** Index of the stratum (params order), -1 when no stratum's tags all match. */
  readonly stratumOf: Int32Array;
  /** Index into DEPARTMENT_REASONS. */
  readonly reasonOf: Uint8Array;
  /** Per stratum: row indices of its departments, in id order. */
  readonly pools: readonly Int32Array[];
  /** Per stratum: how many of its departments are eligible (e). */
  readonly eligible: readonly number[];
}

export class DepartmentTableBuilder {
  private rows = 0;
  private stratumOf: Int32Array;
  private reasonOf: Uint8Array;
  private readonly stratumByTags = new Map<string, number>();
  private readonly poolSizes: number[];
  private readonly eligible: number[];
  private readonly recentCutoff: string | null;
  private readonly yearStart: string | null;

  constructor(
    private readonly params: Params,
    capacity = 1024,
  ) {
    this.stratumOf = new Int32Array(Math.max(capacity, 16));
    this.reasonOf = new Uint8Array(Math.max(capacity, 16));
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
    if (row === this.stratumOf.length) this.grow();
    const reason = this.reasonFor(active, lastInspectedOn);
    this.stratumOf[row] = stratum;
    this.reasonOf[row] = reason;
    if (stratum >= 0) {
      this.poolSizes[stratum] = (this.poolSizes[stratum] as number) + 1;
      if (reason === 0) this.eligible[stratum] = (this.eligible[stratum] as number) + 1;
    }
  }

  /** `idOf` reads ids from wherever the caller keeps them: copying 5 million is not needed. */
  finish(idOf: (row: number) => string): DepartmentTable {
    const count = this.rows;
    const pools = this.poolSizes.map((size) => new Int32Array(size));
    const filled = this.poolSizes.map(() => 0);
    for (let row = 0; row < count; row++) {
      const s = this.stratumOf[row] as number;
      if (s < 0) continue;
      (pools[s] as Int32Array)[filled[s] as number] = row;
      filled[s] = (filled[s] as number) + 1;
    }
    return {
      count,
      idOf,
      stratumOf: this.stratumOf.subarray(0, count),
      reasonOf: this.reasonOf.subarray(0, count),
      pools,
      eligible: [...this.eligible],
    };
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
    const stratumOf = new Int32Array(this.stratumOf.length * 2);
    stratumOf.set(this.stratumOf);
    this.stratumOf = stratumOf;
    const reasonOf = new Uint8Array(this.reasonOf.length * 2);
    reasonOf.set(this.reasonOf);
    this.reasonOf = reasonOf;
  }
}

/** DESIGN.md: a department belongs to the first stratum, in params order, whose tags it all has. */
export function stratumIndexOf(params: Params, tags: readonly string[]): number {
  return params.strata.findIndex((s) => s.allOf.every((t) => tags.includes(t)));
}
