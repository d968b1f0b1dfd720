// DESIGN.md: ssj-draw/1 steps 1–4 — the result, from params, a prepared snapshot and the
// master seed alone. runDraw and verify both call this, so they cannot drift apart.
import { drawDepartments } from "./draw-departments";
import { drawTeam } from "./draw-teams";
import { InspectorPool } from "./inspector-pool";
import type { PreparedSnapshot } from "./prepared-snapshot";
import type { DrawNote, DrawResult, Params, Team } from "./types";

export function computeResult(params: Params, snapshot: PreparedSnapshot, masterSeed: string): DrawResult {
  const { strata, notes } = drawDepartments(params, snapshot.departments, masterSeed);
  const pool = new InspectorPool(params, snapshot.inspectors, snapshot.history);
  const teams: Team[] = [];
  const teamNotes: DrawNote[] = [];
  // Global draw order: strata in params order, then draw order within each.
  for (const stratum of strata) {
    for (const departmentId of stratum.drawn) {
      const { team, note } = drawTeam(params, pool, masterSeed, departmentId, stratum.name);
      teams.push(team);
      if (note !== null) teamNotes.push(note);
    }
  }
  return { strata, teams, notes: [...notes, ...teamNotes] };
}
