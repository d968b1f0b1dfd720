// Who receives a reminder or an escalation (config/policy.json names them by kind),
// resolved from the registries for a batch of findings at once.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { RecipientKind } from "../../../config/policy";
import { queryRows, type Db } from "../../db/client";
import { departments, inspectionMembers, inspectors } from "../../db/schema";

export interface Recipient {
  kind: RecipientKind;
  /** A registry code or user name: with the kind, part of the delivery's idempotency key. */
  code: string;
  name: string;
  email: string | null;
  phone: string | null;
}

export interface FindingParty {
  findingId: string;
  orgId: string;
  departmentId: string;
  inspectionId: string | null;
}

export class RecipientDirectory {
  private constructor(
    private readonly departmentsById: Map<string, typeof departments.$inferSelect>,
    private readonly leadersByInspection: Map<string, Recipient>,
    private readonly usersByOrg: Map<string, { role: string; recipient: Recipient }[]>,
  ) {}

  static async load(db: Db, parties: FindingParty[]): Promise<RecipientDirectory> {
    const departmentIds = [...new Set(parties.map((p) => p.departmentId))];
    const inspectionIds = [...new Set(parties.flatMap((p) => (p.inspectionId ? [p.inspectionId] : [])))];
    const orgIds = [...new Set(parties.map((p) => p.orgId))];
    const departmentRows = departmentIds.length ? await db.select().from(departments).where(inArray(departments.id, departmentIds)) : [];
    const leaderRows = inspectionIds.length
      ? await db
          .select({
            inspectionId: inspectionMembers.inspectionId,
            code: inspectors.code,
            name: inspectors.name,
            email: inspectors.email,
            phone: inspectors.phone,
          })
          .from(inspectionMembers)
          .innerJoin(inspectors, eq(inspectors.id, inspectionMembers.inspectorId))
          .where(
            and(
              inArray(inspectionMembers.inspectionId, inspectionIds),
              eq(inspectionMembers.leader, true),
              sql`${inspectionMembers.declinedAt} is null`,
            ),
          )
      : [];
    // Users of each finding's organization and of the organizations above it.
    const userRows = orgIds.length
      ? await queryRows<{ orgId: string; role: string; name: string; displayName: string | null; email: string | null }>(
          db,
          sql`select o.id as "orgId", u.role, u.name, u.display_name as "displayName", u.email
              from organizations o
              join organizations ancestor on o.path = ancestor.path or o.path like ancestor.path || '/%'
              join users u on u.org_id = ancestor.id
              where o.id in ${orgIds}`,
        )
      : [];
    const usersByOrg = new Map<string, { role: string; recipient: Recipient }[]>();
    for (const row of userRows) {
      const list = usersByOrg.get(row.orgId) ?? [];
      list.push({
        role: row.role,
        recipient: { kind: "supervisors", code: row.name, name: row.displayName ?? row.name, email: row.email, phone: null },
      });
      usersByOrg.set(row.orgId, list);
    }
    return new RecipientDirectory(
      new Map(departmentRows.map((d) => [d.id, d])),
      new Map(
        leaderRows.map((l) => [
          l.inspectionId,
          { kind: "team-leader" as const, code: l.code, name: l.name, email: l.email, phone: l.phone },
        ]),
      ),
      usersByOrg,
    );
  }

  /** The recipients of the given kinds for one finding; a kind nobody fills is left out. */
  resolve(party: FindingParty, kinds: readonly RecipientKind[]): Recipient[] {
    const out: Recipient[] = [];
    const department = this.departmentsById.get(party.departmentId);
    for (const kind of kinds) {
      if (kind === "department-contact" && department) {
        out.push({
          kind,
          code: department.code,
          name: department.contactName ?? department.name,
          email: department.contactEmail,
          phone: department.contactPhone,
        });
      } else if (kind === "department-head" && department) {
        out.push({
          kind,
          code: department.code,
          name: department.headName ?? department.name,
          email: department.headEmail,
          phone: department.headPhone,
        });
      } else if (kind === "team-leader" && party.inspectionId) {
        const leader = this.leadersByInspection.get(party.inspectionId);
        if (leader) out.push(leader);
      } else {
        const role = kind === "supervisors" ? "supervisor" : kind === "leadership" ? "admin" : kind === "discipline" ? "discipline" : null;
        for (const user of this.usersByOrg.get(party.orgId) ?? []) if (user.role === role) out.push({ ...user.recipient, kind });
      }
    }
    return out;
  }
}
