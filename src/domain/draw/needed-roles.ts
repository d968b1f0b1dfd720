// Roles a set of members falls short of (DESIGN.md: a decline "needed for a role").
import type { InspectorPool } from "./inspector-pool";
import type { Params } from "./types";

export function neededRoles(params: Params, pool: InspectorPool, memberIds: readonly string[]): string[] {
  const members = memberIds.map((id) => pool.indexOf(id));
  return params.team.roles
    .filter((role) => members.filter((i) => i >= 0 && pool.holds(i, role.tag)).length < role.min)
    .map((role) => role.tag);
}
