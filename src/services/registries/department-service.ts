// Departments under supervision: list, read, add, change (a rename keeps code and history).
import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departmentNames, departments } from "../../db/schema";
import { ConflictError, ForbiddenError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import type { Organization } from "../orgs/org-service";
import { inScope, type Principal } from "../scope";
import type { DepartmentInput, DepartmentPatch } from "./registry-types";

export type Department = typeof departments.$inferSelect;

export interface DepartmentFilter {
  active?: boolean;
  tag?: string;
  limit?: number;
  offset?: number;
}

export async function listDepartments(
  db: Db,
  principal: Principal,
  filter: DepartmentFilter = {},
): Promise<{ total: number; items: Department[] }> {
  const where = and(
    inScope(principal, departments.orgId),
    principal.role === "department" ? eq(departments.id, principal.departmentId ?? "00000000-0000-0000-0000-000000000000") : undefined,
    filter.active === undefined ? undefined : eq(departments.active, filter.active),
    filter.tag ? sql`${filter.tag} = any(${departments.tags})` : undefined,
  );
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(departments).where(where);
  const items = await db
    .select()
    .from(departments)
    .where(where)
    .orderBy(asc(sql`${departments.code} collate "C"`))
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0);
  return { total: count?.total ?? 0, items };
}

export async function getDepartment(
  db: Db,
  principal: Principal,
  code: string,
): Promise<Department & { names: { name: string; validFrom: Date }[] }> {
  const [row] = await db
    .select()
    .from(departments)
    .where(and(eq(departments.code, code), inScope(principal, departments.orgId)));
  if (!row || (principal.role === "department" && principal.departmentId !== row.id)) throw new NotFoundError(`no department ${code}`);
  const names = await db
    .select({ name: departmentNames.name, validFrom: departmentNames.validFrom })
    .from(departmentNames)
    .where(eq(departmentNames.departmentId, row.id))
    .orderBy(asc(departmentNames.validFrom));
  return { ...row, names };
}

export async function createDepartment(db: Db, principal: Principal, org: Organization, input: DepartmentInput): Promise<Department> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(departments)
      .values({ ...input, orgId: org.id })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ConflictError(`department ${input.code} exists`);
    await tx.insert(departmentNames).values({ departmentId: row.id, name: row.name });
    await appendAudit(tx, {
      actor: principal.actor,
      action: "department.create",
      subject: `department:${row.code}`,
      orgId: org.id,
      payload: input,
    });
    return row;
  });
}

export async function updateDepartment(db: Db, principal: Principal, code: string, patch: DepartmentPatch): Promise<Department> {
  if (principal.role === "department") throw new ForbiddenError();
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(departments)
      .where(and(eq(departments.code, code), inScope(principal, departments.orgId)))
      .for("update");
    if (!before) throw new NotFoundError(`no department ${code}`);
    const [after] = await tx
      .update(departments)
      .set({ ...patch, updatedAt: sql`ssj_now()` })
      .where(eq(departments.id, before.id))
      .returning();
    if (!after) throw new NotFoundError(`no department ${code}`);
    if (patch.name !== undefined && patch.name !== before.name) {
      await tx.insert(departmentNames).values({ departmentId: before.id, name: after.name });
    }
    await appendAudit(tx, {
      actor: principal.actor,
      action: "department.update",
      subject: `department:${code}`,
      orgId: before.orgId,
      payload: { changes: patch, previousName: before.name },
    });
    return after;
  });
}
