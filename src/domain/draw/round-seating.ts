// Who sits on which team after the declines and supplements so far (DESIGN.md: "Declines
// and supplements"): the original result replayed with each later record, in order.
import { DrawInputError } from "./errors";
import type { DrawResult, SupplementRecord } from "./types";
import type { DeclineRecord } from "./decline-record";

export type RoundEvent = DeclineRecord | SupplementRecord;

export interface TeamSeating {
  departmentId: string;
  members: string[];
  alternates: readonly string[];
  declined: string[];
  supplements: number;
}

export interface RoundSeating {
  teams: Map<string, TeamSeating>;
  /** Seats each inspector holds across the round. */
  seats: Map<string, number>;
}

export function roundSeating(result: DrawResult, events: readonly RoundEvent[]): RoundSeating {
  const teams = new Map<string, TeamSeating>();
  const seats = new Map<string, number>();
  const add = (id: string, delta: number): void => {
    seats.set(id, (seats.get(id) ?? 0) + delta);
  };
  for (const team of result.teams) {
    const members = team.members.map((m) => m.inspectorId);
    teams.set(team.departmentId, { departmentId: team.departmentId, members, alternates: team.alternates, declined: [], supplements: 0 });
    for (const id of members) add(id, 1);
  }
  for (const event of events) {
    if ("kind" in event) {
      const team = teamOf(teams, event.departmentId);
      team.members = team.members.filter((id) => id !== event.inspectorId);
      team.declined.push(event.inspectorId);
      add(event.inspectorId, -1);
      if (event.replacement !== null) {
        team.members.push(event.replacement);
        add(event.replacement, 1);
      }
    } else {
      const team = teamOf(teams, event.supplement.departmentId);
      team.members.push(event.result.seat.inspectorId);
      team.supplements = Math.max(team.supplements, event.supplement.n);
      add(event.result.seat.inspectorId, 1);
    }
  }
  return { teams, seats };
}

function teamOf(teams: Map<string, TeamSeating>, departmentId: string): TeamSeating {
  const team = teams.get(departmentId);
  if (team === undefined) throw new DrawInputError(`department ${departmentId} has no team in this draw`);
  return team;
}
