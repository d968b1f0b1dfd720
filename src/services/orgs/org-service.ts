// The organization tree and the default inspection items every new organization gets.
import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { inspectionItems, organizations } from "../../db/schema";
import { BadRequestError, ConflictError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { inScope, type Principal } from "../scope";
import { defaultInspectionItems } from "./default-items";

export const orgCodeSchema = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, "an organization code is 1–32 letters, digits, _ or -");

export const newOrgSchema = z.object({
  code: orgCodeSchema,
  name: z.string().trim().min(1).max(100),
  parentCode: orgCodeSchema.nullish(),
});
export type NewOrg = z.infer<typeof newOrgSchema>;

export type Organization = typeof organizations.$inferSelect;

export async function createOrg(db: Db, principal: Principal, input: NewOrg): Promise<Organization> {
  return db.transaction(async (tx) => {
    let path = input.code;
    let parentId: string | null = null;
    if (input.parentCode) {
      const parent = await findOrgInScope(tx, principal, input.parentCode);
      path = `${parent.path}/${input.code}`;
      parentId = parent.id;
    } else if (principal.orgPath !== null) {
      throw new BadRequestError("a new top-level organization can only be added by the local operator (ssj org add)");
    }
    const [org] = await tx
      .insert(organizations)
      .values({ code: input.code, name: input.name, parentId, path })
      .onConflictDoNothing()
      .returning();
    if (!org) throw new ConflictError(`organization ${input.code} exists`);
    await tx.insert(inspectionItems).values(defaultInspectionItems.map((item) => ({ ...item, orgId: org.id })));
    await appendAudit(tx, {
      actor: principal.actor,
      action: "org.create",
      subject: `org:${org.code}`,
      orgId: org.id,
      payload: { code: org.code, name: org.name, parentCode: input.parentCode ?? null },
    });
    return org;
  });
}

export async function listOrgs(db: Db, principal: Principal): Promise<Organization[]> {
  return db.select().from(organizations).where(inScope(principal, organizations.id)).orderBy(asc(organizations.path));
}

export async function findOrgInScope(db: Db, principal: Principal, code: string): Promise<Organization> {
  const [org] = await db.select().from(organizations).where(eq(organizations.code, code));
  if (!org) throw new NotFoundError(`no organization ${code}`);
  const visible = await db.select({ id: organizations.id }).from(organizations).where(inScope(principal, organizations.id));
  if (!visible.some((row) => row.id === org.id)) throw new NotFoundError(`no organization ${code}`);
  return org;
}

/**
 * The organization a CLI command acts on: the one named, or the only one there is.
 */
export async function resolveOrg(db: Db, principal: Principal, code: string | undefined): Promise<Organization> {
  if (code) return findOrgInScope(db, principal, code);
  const all = await db.select().from(organizations).where(inScope(principal, organizations.id)).limit(2);
  if (all.length === 1 && all[0]) return all[0];
  if (all.length === 0)
    throw new BadRequestError(
      "there is no organization yet: add one with `ssj org add --code C --name N` (or load the demo with `ssj demo seed`)",
    );
  throw new BadRequestError("there are several organizations: say which with --org CODE");
}

/** The organization a write through the API goes to: the one named, or the caller's own. */
export async function orgForWrite(db: Db, principal: Principal, code: string | null | undefined): Promise<Organization> {
  if (code) return findOrgInScope(db, principal, code);
  if (!principal.orgId) return resolveOrg(db, principal, undefined);
  const [org] = await db.select().from(organizations).where(eq(organizations.id, principal.orgId));
  if (!org) throw new NotFoundError("your organization is gone");
  return org;
}
