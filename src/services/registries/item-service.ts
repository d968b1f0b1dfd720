// Inspection items (抽查事项清单) of an organization.
import { and, asc, eq, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { inspectionItems, organizations } from "../../db/schema";
import { ConflictError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import type { Organization } from "../orgs/org-service";
import { inScope, type Principal } from "../scope";
import type { ItemInput, itemPatchSchema } from "./registry-types";

export type InspectionItem = typeof inspectionItems.$inferSelect & { orgCode: string };

const itemColumns = {
  id: inspectionItems.id,
  orgId: inspectionItems.orgId,
  orgCode: organizations.code,
  code: inspectionItems.code,
  name: inspectionItems.name,
  legalBasis: inspectionItems.legalBasis,
  method: inspectionItems.method,
  active: inspectionItems.active,
  createdAt: inspectionItems.createdAt,
};

export async function listItems(db: Db, principal: Principal): Promise<InspectionItem[]> {
  return db
    .select(itemColumns)
    .from(inspectionItems)
    .innerJoin(organizations, eq(organizations.id, inspectionItems.orgId))
    .where(inScope(principal, inspectionItems.orgId))
    .orderBy(asc(organizations.path), asc(sql`${inspectionItems.code} collate "C"`));
}

export async function createItem(db: Db, principal: Principal, org: Organization, input: ItemInput): Promise<InspectionItem> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(inspectionItems)
      .values({ ...input, orgId: org.id })
      .onConflictDoNothing()
      .returning();
    if (!row) throw new ConflictError(`item ${input.code} exists in ${org.code}`);
    await appendAudit(tx, {
      actor: principal.actor,
      action: "item.create",
      subject: `item:${org.code}/${row.code}`,
      orgId: org.id,
      payload: input,
    });
    return { ...row, orgCode: org.code };
  });
}

export async function updateItem(
  db: Db,
  principal: Principal,
  org: Organization,
  code: string,
  patch: z.infer<typeof itemPatchSchema>,
): Promise<InspectionItem> {
  return db.transaction(async (tx) => {
    const target = and(eq(inspectionItems.orgId, org.id), eq(inspectionItems.code, code), inScope(principal, inspectionItems.orgId));
    // An empty patch changes nothing; drizzle refuses an UPDATE without columns.
    const [row] =
      Object.keys(patch).length === 0
        ? await tx.select().from(inspectionItems).where(target).for("update")
        : await tx.update(inspectionItems).set(patch).where(target).returning();
    if (!row) throw new NotFoundError(`no item ${code} in ${org.code}`);
    await appendAudit(tx, {
      actor: principal.actor,
      action: "item.update",
      subject: `item:${org.code}/${code}`,
      orgId: org.id,
      payload: { changes: patch },
    });
    return { ...row, orgCode: org.code };
  });
}
