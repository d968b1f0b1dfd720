// The talent pool (人才库): list, read, add, change inspectors.
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { departments, inspectors } from "../../db/schema";
import { BadRequestError, ConflictError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import type { Organization } from "../orgs/org-service";
import { inScope, type Principal } from "../scope";
import type { InspectorInput, InspectorPatch } from "./registry-types";

export type InspectorRow = typeof inspectors.$inferSelect;
export type Inspector = Omit<InspectorRow, "homeDepartmentId"> & { homeDepartmentCode: string | null };

const inspectorColumns = {
  id: inspectors.id,
  orgId: inspectors.orgId,
  code: inspectors.code,
  name: inspectors.name,
  homeDepartmentCode: departments.code,
  tags: inspectors.tags,
  title: inspectors.title,
  status: inspectors.status,
  conflicts: inspectors.conflicts,
  phone: inspectors.phone,
  email: inspectors.email,
  createdAt: inspectors.createdAt,
  updatedAt: inspectors.updatedAt,
};

export interface InspectorFilter {
  status?: InspectorInput["status"];
  tag?: string;
  limit?: number;
  offset?: number;
}

export async function listInspectors(
  db: Db,
  principal: Principal,
  filter: InspectorFilter = {},
): Promise<{ total: number; items: Inspector[] }> {
  const where = and(
    inScope(principal, inspectors.orgId),
    filter.status ? eq(inspectors.status, filter.status) : undefined,
    filter.tag ? sql`${filter.tag} = any(${inspectors.tags})` : undefined,
  );
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(inspectors).where(where);
  const items = await db
    .select(inspectorColumns)
    .from(inspectors)
    .leftJoin(departments, eq(departments.id, inspectors.homeDepartmentId))
    .where(where)
    .orderBy(asc(sql`${inspectors.code} collate "C"`))
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0);
  return { total: count?.total ?? 0, items };
}

export async function getInspector(db: Db, principal: Principal, code: string): Promise<Inspector> {
  const [row] = await db
    .select(inspectorColumns)
    .from(inspectors)
    .leftJoin(departments, eq(departments.id, inspectors.homeDepartmentId))
    .where(and(eq(inspectors.code, code), inScope(principal, inspectors.orgId)));
  if (!row) throw new NotFoundError(`no inspector ${code}`);
  return row;
}

export async function createInspector(db: Db, principal: Principal, org: Organization, input: InspectorInput): Promise<Inspector> {
  return db.transaction(async (tx) => {
    const { homeDepartmentCode, ...fields } = input;
    const homeDepartmentId = await resolveDepartmentRefs(tx, principal, homeDepartmentCode ?? null, input.conflicts);
    const [row] = await tx
      .insert(inspectors)
      .values({ ...fields, homeDepartmentId, orgId: org.id })
      .onConflictDoNothing()
      .returning({ code: inspectors.code });
    if (!row) throw new ConflictError(`inspector ${input.code} exists`);
    await appendAudit(tx, {
      actor: principal.actor,
      action: "inspector.create",
      subject: `inspector:${row.code}`,
      orgId: org.id,
      payload: input,
    });
    return getInspector(tx, principal, row.code);
  });
}

export async function updateInspector(db: Db, principal: Principal, code: string, patch: InspectorPatch): Promise<Inspector> {
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(inspectors)
      .where(and(eq(inspectors.code, code), inScope(principal, inspectors.orgId)))
      .for("update");
    if (!before) throw new NotFoundError(`no inspector ${code}`);
    const { homeDepartmentCode, ...fields } = patch;
    const homeDepartmentId =
      homeDepartmentCode === undefined ? before.homeDepartmentId : await resolveDepartmentRefs(tx, principal, homeDepartmentCode, []);
    if (patch.conflicts) await resolveDepartmentRefs(tx, principal, null, patch.conflicts);
    await tx
      .update(inspectors)
      .set({ ...fields, homeDepartmentId, updatedAt: sql`ssj_now()` })
      .where(eq(inspectors.id, before.id));
    await appendAudit(tx, {
      actor: principal.actor,
      action: "inspector.update",
      subject: `inspector:${code}`,
      orgId: before.orgId,
      payload: { changes: patch },
    });
    return getInspector(tx, principal, code);
  });
}

/** Checks that the home department and declared conflicts name known departments; returns the home's id. */
async function resolveDepartmentRefs(
  db: Db,
  principal: Principal,
  homeCode: string | null,
  conflictCodes: readonly string[],
): Promise<string | null> {
  const wanted = [...new Set([...(homeCode ? [homeCode] : []), ...conflictCodes])];
  if (wanted.length === 0) return null;
  const found = await db
    .select({ id: departments.id, code: departments.code })
    .from(departments)
    .where(and(inArray(departments.code, wanted), inScope(principal, departments.orgId)));
  const missing = wanted.filter((code) => !found.some((row) => row.code === code));
  if (missing.length > 0) throw new BadRequestError(`unknown department code(s): ${missing.join(", ")}`, { missing });
  return homeCode ? (found.find((row) => row.code === homeCode)?.id ?? null) : null;
}
