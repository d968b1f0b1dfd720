// What a round's draft shows before any draw: per stratum, how many departments it holds,
// how many are eligible (e) and how many the draw would take (k). No seed involved.
import type { DepartmentTable } from "./department-table";
import { parseParams } from "./params";
import { prepareSnapshot } from "./prepared-snapshot";
import { stratumSize } from "./stratum-size";
import type { Params, Snapshot } from "./types";

export interface StratumCount {
  name: string;
  departments: number;
  eligible: number;
  /** k the draw would take; for a count stratum with too few eligible, the draw will fail. */
  k: number;
  satisfiable: boolean;
}

export function eligibleCounts(params: Params | unknown, snapshot: Snapshot): StratumCount[] {
  const valid = parseParams(params);
  return eligibleCountsOf(valid, prepareSnapshot(valid, snapshot).prepared.departments);
}

/** The same from the draw's department table (a stored or streamed snapshot, read by DepartmentLinesReader). */
export function eligibleCountsOf(valid: Params, table: DepartmentTable): StratumCount[] {
  return valid.strata.map((spec, s) => {
    const eligible = table.eligible[s] as number;
    const k = stratumSize(spec, eligible);
    return { name: spec.name, departments: table.poolSizes[s] as number, eligible, k, satisfiable: k <= eligible };
  });
}
