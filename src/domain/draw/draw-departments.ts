// DESIGN.md: ssj-draw/1 step 1 — strata in params order, each walked with its own stream.
import { DEPARTMENT_REASONS, type DepartmentTable } from "./department-table";
import { DrawConstraintError } from "./errors";
import { drawRng } from "./rng";
import { stratumSize } from "./stratum-size";
import type { DrawNote, Params, StratumResult } from "./types";
import { Walk } from "./walk";

export function drawDepartments(
  params: Params,
  table: DepartmentTable,
  masterSeed: string,
): { strata: StratumResult[]; notes: DrawNote[] } {
  const notes: DrawNote[] = [];
  const strata = params.strata.map((spec, s): StratumResult => {
    const eligible = table.eligible[s] as number;
    const k = stratumSize(spec, eligible);
    if (k > eligible) {
      throw new DrawConstraintError(
        "stratum-count",
        { stratum: spec.name },
        `stratum ${spec.name}: ${eligible} eligible departments, fewer than the count ${k}`,
      );
    }
    if (eligible === 0) notes.push({ code: "stratum-empty", stratum: spec.name });
    const result: StratumResult = { name: spec.name, eligible, k, drawn: [], skipped: [] };
    const walk = new Walk(table.poolSizes[s] as number, drawRng(masterSeed, "departments:" + spec.name));
    while (result.drawn.length < k) {
      // k ≤ e, so the walk meets k eligible departments before it runs out.
      const row = table.rowAt(s, walk.next());
      const reason = DEPARTMENT_REASONS[table.reasonOf(row)] ?? null;
      const id = table.idOf(row);
      if (reason === null) result.drawn.push(id);
      else result.skipped.push({ departmentId: id, reason });
    }
    return result;
  });
  return { strata, notes };
}
