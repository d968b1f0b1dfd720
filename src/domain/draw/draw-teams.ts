// DESIGN.md: ssj-draw/1 step 2 — one team per drawn department, in global draw order.
import { DrawConstraintError } from "./errors";
import type { InspectorPool } from "./inspector-pool";
import { drawRng } from "./rng";
import type { DrawNote, Params, Team, TeamMember } from "./types";
import { Walk } from "./walk";

export { LEADER_TAG } from "./inspector-pool";

export function drawTeam(
  params: Params,
  pool: InspectorPool,
  masterSeed: string,
  departmentId: string,
  stratum: string,
): { team: Team; note: DrawNote | null } {
  const { size, roles, alternates: wanted } = params.team;
  const rng = drawRng(masterSeed, "team:" + departmentId);
  const seated: number[] = [];
  const seatedBy: (string | null)[] = [];
  const seat = (i: number, by: string | null): void => {
    seated.push(i);
    seatedBy.push(by);
    pool.seats[i] = (pool.seats[i] as number) + 1;
  };

  for (let r = 0; r < roles.length; r++) {
    const role = roles[r] as Params["team"]["roles"][number];
    let held = 0;
    for (const i of seated) if (pool.holdsRole(i, r)) held++;
    if (held >= role.min) continue;
    const rolePool = pool.rolePools[r] as Int32Array;
    const walk = new Walk(rolePool.length, rng);
    while (held < role.min) {
      if (seated.length === size) {
        throw new DrawConstraintError(
          "role-seats",
          { departmentId, role: role.tag },
          `department ${departmentId}: the required roles need more than the team's ${size} seats (role ${role.tag})`,
        );
      }
      const position = walk.next();
      if (position < 0) {
        throw new DrawConstraintError(
          "role-min",
          { departmentId, role: role.tag },
          `department ${departmentId}: fewer than ${role.min} eligible inspectors hold role ${role.tag}`,
        );
      }
      const i = rolePool[position] as number;
      if (pool.reasonAgainst(i, departmentId, seated) !== null) continue;
      seat(i, role.tag);
      held++;
    }
  }

  // The fill walk always runs, even with no seat left, because alternates continue it.
  const fill = new Walk(pool.size, rng);
  while (seated.length < size) {
    const i = fill.next();
    if (i < 0) {
      throw new DrawConstraintError(
        "team-size",
        { departmentId },
        `department ${departmentId}: only ${seated.length} eligible inspectors for a team of ${size}`,
      );
    }
    if (pool.reasonAgainst(i, departmentId, seated) === null) seat(i, null);
  }

  // Alternates are eligible at draw time but hold no seat, so they do not count toward caps.
  const alternates: string[] = [];
  while (alternates.length < wanted) {
    const i = fill.next();
    if (i < 0) break;
    if (pool.reasonAgainst(i, departmentId, seated) === null) alternates.push(pool.inspector(i).id);
  }

  const members: TeamMember[] = [];
  let leader = -1;
  for (let n = 0; n < seated.length; n++) {
    const i = seated[n] as number;
    const held: string[] = [];
    for (let r = 0; r < roles.length; r++) if (pool.holdsRole(i, r)) held.push((roles[r] as Params["team"]["roles"][number]).tag);
    members.push({ inspectorId: pool.inspector(i).id, roles: held, seatedBy: seatedBy[n] ?? null });
    if (leader < 0 && pool.isLeader(i)) leader = i;
  }
  // Leader: the first seated member holding `leader`, else the first seated (size ≥ 1).
  if (leader < 0) leader = seated[0] as number;
  return {
    team: { departmentId, stratum, members, leaderId: pool.inspector(leader).id, alternates },
    note: alternates.length < wanted ? { code: "alternates-short", departmentId, wanted, listed: alternates.length } : null,
  };
}
