// docs/draw-algorithm.md §10.2 — one seat, drawn from the inspectors who hold every role the
// team now lacks, with rng("supplement:" + departmentId + ":" + n).
import { DrawConstraintError, DrawInputError } from "./errors";
import { InspectorPool } from "./inspector-pool";
import { neededRoles } from "./needed-roles";
import type { PreparedSnapshot } from "./prepared-snapshot";
import { drawRng } from "./rng";
import type { Params, SupplementBasis, SupplementResult } from "./types";
import { Walk } from "./walk";

export function computeSupplement(
  params: Params,
  snapshot: Pick<PreparedSnapshot, "inspectors" | "history">,
  masterSeed: string,
  basis: SupplementBasis,
): SupplementResult {
  const pool = new InspectorPool(params, snapshot.inspectors, snapshot.history);
  const { departmentId, n } = basis;
  if (basis.members.length >= params.team.size) throw new DrawInputError(`department ${departmentId}'s team has no open seat`);
  const members = basis.members.map((id) => {
    const i = pool.indexOf(id);
    if (i < 0) throw new DrawInputError(`member ${id} is not in the snapshot`);
    return i;
  });
  const cap = params.team.capPerInspector;
  if (cap !== null) {
    for (const id of basis.atCap) {
      const i = pool.indexOf(id);
      if (i >= 0) pool.seats[i] = cap;
    }
  }
  const needed = neededRoles(params, pool, basis.members);
  const declined = new Set(basis.declined);
  const candidates: number[] = [];
  for (let i = 0; i < pool.size; i++) if (needed.every((tag) => pool.holds(i, tag))) candidates.push(i);

  const walk = new Walk(candidates.length, drawRng(masterSeed, `supplement:${departmentId}:${n}`));
  for (let position = walk.next(); position >= 0; position = walk.next()) {
    const i = candidates[position] as number;
    if (declined.has(pool.inspector(i).id) || pool.reasonAgainst(i, departmentId, members) !== null) continue;
    return {
      departmentId,
      n,
      neededRoles: needed,
      seat: {
        inspectorId: pool.inspector(i).id,
        roles: params.team.roles.filter((role) => pool.holds(i, role.tag)).map((role) => role.tag),
        seatedBy: "supplement",
      },
    };
  }
  throw new DrawConstraintError(
    "supplement-seat",
    { departmentId },
    `department ${departmentId}: no eligible inspector${needed.length > 0 ? ` holds ${needed.join(", ")}` : " is left"} for supplementary seat ${n}`,
  );
}
