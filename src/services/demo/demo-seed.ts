// Loads the demo county (东阿县) once: the organization tree, departments, the talent
// pool and one user per role, with a token each. Run again, it adds nothing.
import { eq, inArray } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departmentNames, departments, inspectionItems, inspectors, organizations, users } from "../../db/schema";
import { demoDepartments, demoInspectors, demoOrganizations, demoPastFindings, demoPastRounds, demoUsers } from "../../demo/county-data";
import { appendAudit } from "../audit/audit-service";
import { loadHistory, type HistoryRow } from "../history/history-service";
import { loadPastFindings, type PastFindingRow } from "../history/past-findings-service";
import { defaultInspectionItems } from "../orgs/default-items";
import { normalizeTags } from "../registries/registry-types";
import type { Principal } from "../scope";
import { addUser, issueToken } from "../users/user-service";
import type { DeploymentConfig } from "../deployment";

export interface DemoToken {
  role: string;
  name: string;
  token: string;
}

export type DemoSeedResult = { loaded: true; tokens: DemoToken[] } | { loaded: false; existingUsers: string[] };

export async function seedDemo(
  db: Db,
  principal: Principal,
  tokenTtlDays: number,
  config: Pick<DeploymentConfig, "calendarOverrides">,
): Promise<DemoSeedResult> {
  const existing = await db
    .select({ name: users.name })
    .from(users)
    .where(
      inArray(
        users.name,
        demoUsers.map((u) => u.name),
      ),
    );
  if (existing.length > 0) return { loaded: false, existingUsers: existing.map((u) => u.name) };

  await db.transaction(async (tx) => {
    const orgIds = new Map<string, typeof organizations.$inferSelect>();
    for (const org of demoOrganizations) {
      const parent = org.parentCode ? orgIds.get(org.parentCode) : undefined;
      const path = parent ? `${parent.path}/${org.code}` : org.code;
      const [row] = await tx
        .insert(organizations)
        .values({ code: org.code, name: org.name, parentId: parent?.id ?? null, path })
        .returning();
      if (!row) throw new Error(`demo organization ${org.code} was not created`);
      orgIds.set(org.code, row);
      await tx.insert(inspectionItems).values(defaultInspectionItems.map((item) => ({ ...item, orgId: row.id })));
    }
    const county = orgIds.get("DEA");
    if (!county) throw new Error("the demo data has no county DEA");
    const inserted = await tx
      .insert(departments)
      .values(demoDepartments.map((d) => ({ ...d, tags: normalizeTags(d.tags), orgId: county.id })))
      .returning({ id: departments.id, code: departments.code, name: departments.name });
    await tx.insert(departmentNames).values(inserted.map((d) => ({ departmentId: d.id, name: d.name })));
    const departmentIds = new Map(inserted.map((d) => [d.code, d.id]));
    await tx.insert(inspectors).values(
      demoInspectors.map(({ homeDepartmentCode, ...inspector }) => ({
        ...inspector,
        tags: normalizeTags(inspector.tags),
        conflicts: normalizeTags(inspector.conflicts),
        homeDepartmentId: departmentIds.get(homeDepartmentCode) ?? null,
        orgId: county.id,
      })),
    );
    // the 7 rounds since 2019, through the history importer, so exclusions and recusals see them
    const history = await loadHistory(tx, principal, county, demoHistoryRows());
    // and the 18 problems they fed back, with their outcomes, so the reports reach back to 2019
    const pastFindings = await loadPastFindings(tx, principal, county, demoPastFindingRows(), config);
    await appendAudit(tx, {
      actor: principal.actor,
      action: "demo.seed",
      subject: "org:DEA",
      orgId: county.id,
      payload: {
        organizations: demoOrganizations.length,
        departments: demoDepartments.length,
        inspectors: demoInspectors.length,
        pastRounds: history.roundsAdded,
        pastInspections: history.inspectionsAdded,
        pastFindings: pastFindings.added,
      },
    });
  });

  const tokens: DemoToken[] = [];
  for (const user of demoUsers) {
    await addUser(db, principal, { ...user, email: null });
    const { token } = await issueToken(db, principal, user.name, tokenTtlDays);
    tokens.push({ role: user.role, name: user.name, token });
  }
  return { loaded: true, tokens };
}

/** demoPastRounds as the rows of a history file, in the order of tests/fixtures/history/county-rounds.csv. */
export function demoHistoryRows(): HistoryRow[] {
  let row = 1;
  return demoPastRounds.flatMap((round) =>
    round.teams.map((team) => ({
      row: ++row,
      number: round.number,
      title: round.title,
      heldOn: round.heldOn,
      departmentCode: team.departmentCode,
      memberCodes: [team.leaderCode, ...team.inspectorCodes.filter((code) => code !== team.leaderCode)],
      leaderCode: team.leaderCode,
    })),
  );
}

/** demoPastFindings as the rows of a past-findings file. */
export function demoPastFindingRows(): PastFindingRow[] {
  return demoPastFindings.map((finding, index) => ({
    row: index + 2,
    number: finding.roundNumber,
    departmentCode: finding.departmentCode,
    itemCode: finding.itemCode,
    description: finding.description,
    severity: finding.severity,
    issuedOn: finding.issuedOn,
    dueOn: finding.deadline,
    acceptedOn: finding.acceptedOn,
  }));
}

/** True when the demo county is there (used to seed the embedded database once). */
export async function demoLoaded(db: Db): Promise<boolean> {
  const [row] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.code, "DEA"));
  return row !== undefined;
}
