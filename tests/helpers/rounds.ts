// Rounds for tests: the county round file (tests/fixtures/rounds/county.json) under a new
// number, created and locked through the services, and what a draw left in PostgreSQL.
import { readFileSync } from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { queryRows, type Database } from "../../src/db/client";
import { resolveOrg } from "../../src/services/orgs/org-service";
import { createRound, lockRound, requestDraw, type Round, type RoundLock } from "../../src/services/rounds/round-service";
import { roundInputSchema, type RoundInput } from "../../src/services/rounds/round-types";
import { operatorPrincipal } from "../../src/services/scope";

export const countyRoundFile = path.resolve(import.meta.dirname, "../fixtures/rounds/county.json");
export const operator = operatorPrincipal("test");

/** A witness seed as read out in the room: 24 digits, different each call. */
export function witnessSeed(): string {
  return Array.from({ length: 24 }, () => Math.floor(Math.random() * 10)).join("");
}

/** The county round file with another number (a round number is unique per organization). */
export function countyRound(number: string, change: (input: RoundInput) => void = () => {}): RoundInput {
  const input = roundInputSchema.parse(JSON.parse(readFileSync(countyRoundFile, "utf8")));
  input.number = number;
  change(input);
  return input;
}

export async function createLockedRound(database: Database, number: string): Promise<{ round: Round; lock: RoundLock }> {
  const org = await resolveOrg(database.db, operator, "DEA");
  const round = await createRound(database, operator, org, countyRound(number));
  const lock = await lockRound(database, operator, round.id);
  return { round, lock };
}

/** A locked round with a pending draw, as `ssj round draw` leaves it when no worker is up. */
export async function pendingDraw(database: Database, number: string): Promise<{ roundId: string; drawId: string }> {
  const { round } = await createLockedRound(database, number);
  const draw = await requestDraw(database.db, operator, round.id, { seed: witnessSeed() });
  return { roundId: round.id, drawId: draw.id };
}

export interface DrawEffects {
  /** Draws of the round by status. */
  draws: Record<string, number>;
  doneDrawIds: string[];
  /** Live inspections, and the distinct draws they came from. */
  inspections: number;
  inspectionDrawIds: string[];
  /** Departments drawn twice (must be empty). */
  duplicateDepartments: string[];
  members: number;
  drawDoneEvents: number;
  /** Outbox rows written by the round's draws, and how many teams/members the done record has. */
  outbox: number;
  teamsInRecord: number;
  membersInRecord: number;
}

/** Everything a draw of `roundId` left in PostgreSQL. */
export async function drawEffects(database: Database, roundId: string): Promise<DrawEffects> {
  const { db } = database;
  const drawRows = await queryRows<{ id: string; status: string; teams: number | null; members: number | null }>(
    db,
    sql`select id, status, jsonb_array_length(record->'result'->'teams') as teams,
          (select count(*)::int from jsonb_array_elements(record->'result'->'teams') t, jsonb_array_elements(t->'members')) as members
        from draws where round_id = ${roundId}`,
  );
  const byStatus: Record<string, number> = {};
  for (const row of drawRows) byStatus[row.status] = (byStatus[row.status] ?? 0) + 1;
  const done = drawRows.filter((row) => row.status === "done");
  const [counts] = await queryRows<{
    inspections: number;
    draw_ids: string[];
    duplicates: string[];
    members: number;
    events: number;
    outbox: number;
  }>(
    db,
    sql`select
          (select count(*)::int from inspections where round_id = ${roundId} and not voided) as inspections,
          (select coalesce(array_agg(distinct draw_id::text), '{}') from inspections where round_id = ${roundId} and not voided) as draw_ids,
          (select coalesce(array_agg(department_id::text), '{}') from (select department_id from inspections where round_id = ${roundId} and not voided group by department_id having count(*) > 1) d) as duplicates,
          (select count(*)::int from inspection_members m join inspections i on i.id = m.inspection_id where i.round_id = ${roundId} and not i.voided) as members,
          (select count(*)::int from audit_events where action = 'draw.done' and payload->>'roundId' = ${roundId}) as events,
          (select count(*)::int from notification_outbox o where exists (select 1 from draws d where d.round_id = ${roundId} and o.key like 'draw:' || d.id || ':%')) as outbox`,
  );
  if (!counts) throw new Error("no counts");
  return {
    draws: byStatus,
    doneDrawIds: done.map((row) => row.id),
    inspections: counts.inspections,
    inspectionDrawIds: counts.draw_ids,
    duplicateDepartments: counts.duplicates,
    members: counts.members,
    drawDoneEvents: counts.events,
    outbox: counts.outbox,
    teamsInRecord: done.reduce((sum, row) => sum + (row.teams ?? 0), 0),
    membersInRecord: done.reduce((sum, row) => sum + (row.members ?? 0), 0),
  };
}

/** The effects of exactly one valid draw: one done draw, its teams once, one draw.done, its notifications once. */
export function expectedOneDraw(effects: DrawEffects, noticesPerTeam: number): Partial<DrawEffects> {
  const drawId = effects.doneDrawIds[0];
  return {
    draws: { done: 1 },
    doneDrawIds: drawId ? [drawId] : ["<none>"],
    inspections: effects.teamsInRecord,
    inspectionDrawIds: drawId ? [drawId] : ["<none>"],
    duplicateDepartments: [],
    members: effects.membersInRecord,
    drawDoneEvents: 1,
    outbox: effects.membersInRecord + noticesPerTeam * effects.teamsInRecord,
  };
}
