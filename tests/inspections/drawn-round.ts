// The demo county with the county round (tests/fixtures/rounds/county.json) drawn, as the
// draw job leaves it: inspections, teams, alternates. The draw runs in-process (executeDraw).
import { readFileSync } from "node:fs";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "../../src/db/client";
import { auditEvents, departments, draws, inspectionMembers, inspections, inspectors } from "../../src/db/schema";
import type { DrawRecord, Inspector } from "../../src/domain/draw";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { resolveOrg } from "../../src/services/orgs/org-service";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import { createRound, lockRound, requestDraw } from "../../src/services/rounds/round-service";
import { roundInputSchema } from "../../src/services/rounds/round-types";
import { loadSnapshotList } from "../../src/services/rounds/snapshot-store";
import { operatorPrincipal } from "../../src/services/scope";
import { addUser, issueToken } from "../../src/services/users/user-service";
import { testConfig } from "../helpers/config";

export const operator = operatorPrincipal("test-operator");
/** A reading under which, with the demo county, two teams have one legal member and a legal alternate behind one who lacks it. */
export const DRAW_SEED = "3333 3333 3333 3333 3333 3337";

export interface Team {
  inspectionId: string;
  departmentId: string;
  departmentCode: string;
  members: { code: string; leader: boolean; roles: string[] }[];
  alternates: string[];
}

export interface DrawnRound {
  roundId: string;
  drawId: string;
  record: DrawRecord;
  /** The inspectors of the lock's snapshot, by code (tags as the draw saw them). */
  pool: Map<string, Inspector>;
  teams: Team[];
  /** Bearer tokens of the demo users, by user name. */
  tokens: Record<string, string>;
}

export async function drawnCountyRound(database: Database): Promise<DrawnRound> {
  const { db } = database;
  const seeded = await seedDemo(db, operator, 30, testConfig);
  if (!seeded.loaded) throw new Error("the demo county was there already");
  const input = roundInputSchema.parse(
    JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../fixtures/rounds/county.json"), "utf8")),
  );
  const org = await resolveOrg(db, operator, "DEA");
  const round = await createRound(database, operator, org, input);
  const lock = await lockRound(database, operator, round.id);
  const draw = await requestDraw(db, operator, round.id, { seed: DRAW_SEED });
  const outcome = await executeDraw(database, draw.id);
  if (outcome.status !== "done") throw new Error(`the test draw did not run: ${JSON.stringify(outcome)}`);
  const [row] = await db.select().from(draws).where(eq(draws.id, draw.id));
  const pool = new Map((await loadSnapshotList<Inspector>(db, lock.inspectorsHash)).map((i) => [i.id, i]));
  return {
    roundId: round.id,
    drawId: draw.id,
    record: row?.record as DrawRecord,
    pool,
    teams: await teamsOf(database, round.id),
    tokens: Object.fromEntries(seeded.tokens.map((t) => [t.name, t.token])),
  };
}

/** The round's live teams as stored: seated members (not declined), in seat order. */
export async function teamsOf(database: Database, roundId: string): Promise<Team[]> {
  const rows = await database.db
    .select({
      inspection: inspections,
      departmentCode: departments.code,
      code: inspectors.code,
      leader: inspectionMembers.leader,
      roles: inspectionMembers.roles,
      declinedAt: inspectionMembers.declinedAt,
    })
    .from(inspections)
    .innerJoin(departments, eq(departments.id, inspections.departmentId))
    .innerJoin(inspectionMembers, eq(inspectionMembers.inspectionId, inspections.id))
    .innerJoin(inspectors, eq(inspectors.id, inspectionMembers.inspectorId))
    .where(and(eq(inspections.roundId, roundId), eq(inspections.voided, false)))
    .orderBy(inspections.position, inspectionMembers.seatedAt);
  const teams = new Map<string, Team>();
  for (const row of rows) {
    let team = teams.get(row.inspection.id);
    if (!team) {
      team = {
        inspectionId: row.inspection.id,
        departmentId: row.inspection.departmentId,
        departmentCode: row.departmentCode,
        members: [],
        alternates: row.inspection.alternates,
      };
      teams.set(row.inspection.id, team);
    }
    if (row.declinedAt === null) team.members.push({ code: row.code, leader: row.leader, roles: row.roles });
  }
  return [...teams.values()];
}

/** A user of the given role linked to an inspector or department, with a bearer token. */
export async function userFor(
  database: Database,
  name: string,
  link: { inspectorCode: string } | { departmentCode: string },
): Promise<string> {
  const role = "inspectorCode" in link ? "inspector" : "department";
  await addUser(database.db, operator, { name, role, orgCode: "DEA", ...link, email: null });
  return (await issueToken(database.db, operator, name, 30)).token;
}

/** Audit actions appended after `afterSeq`, in order. */
export async function auditActionsSince(
  database: Database,
  afterSeq: number,
): Promise<{ action: string; subject: string; payload: unknown }[]> {
  return database.db
    .select({ action: auditEvents.action, subject: auditEvents.subject, payload: auditEvents.payload })
    .from(auditEvents)
    .where(sql`${auditEvents.seq} > ${afterSeq}`)
    .orderBy(auditEvents.seq);
}

export async function auditSeq(database: Database): Promise<number> {
  const [row] = await queryRows<{ seq: number }>(database.db, sql`select coalesce(max(seq), 0)::int as seq from audit_events`);
  return row?.seq ?? 0;
}
