// Users, their bearer tokens (stored hashed, with an expiry, revocable), and sign-in.
import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { apiTokens, departments, inspectors, organizations, users } from "../../db/schema";
import { roles } from "../../domain/roles";
import { sha256hex } from "../../domain/canonical/jcs";
import { BadRequestError, ConflictError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { inScope, subtreeCondition, type Principal } from "../scope";

export const newUserSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "a user name is 1–64 ASCII letters, digits, '.', '_' or '-'"),
    displayName: z.string().trim().max(100).nullish(),
    role: z.enum(roles),
    orgCode: z.string().min(1),
    departmentCode: z.string().nullish(),
    inspectorCode: z.string().nullish(),
    email: z.email().nullish(),
  })
  .superRefine((user, ctx) => {
    if (user.role === "department" && !user.departmentCode)
      ctx.addIssue({ code: "custom", path: ["departmentCode"], message: "a department user needs --department CODE" });
    if (user.role === "inspector" && !user.inspectorCode)
      ctx.addIssue({ code: "custom", path: ["inspectorCode"], message: "an inspector user needs --inspector CODE" });
  });
export type NewUser = z.infer<typeof newUserSchema>;

export type User = typeof users.$inferSelect;

export async function addUser(db: Db, principal: Principal, input: NewUser): Promise<User> {
  return db.transaction(async (tx) => {
    const [org] = await tx
      .select()
      .from(organizations)
      .where(and(eq(organizations.code, input.orgCode), inScope(principal, organizations.id)));
    if (!org) throw new NotFoundError(`no organization ${input.orgCode}`);
    const departmentId = input.departmentCode ? await findId(tx, "department", input.departmentCode, org.path) : null;
    const inspectorId = input.inspectorCode ? await findId(tx, "inspector", input.inspectorCode, org.path) : null;
    const [user] = await tx
      .insert(users)
      .values({
        name: input.name,
        displayName: input.displayName ?? null,
        role: input.role,
        orgId: org.id,
        departmentId,
        inspectorId,
        email: input.email ?? null,
      })
      .onConflictDoNothing()
      .returning();
    if (!user) throw new ConflictError(`user ${input.name} exists`);
    await appendAudit(tx, {
      actor: principal.actor,
      action: "user.create",
      subject: `user:${user.name}`,
      orgId: org.id,
      payload: {
        role: user.role,
        orgCode: org.code,
        departmentCode: input.departmentCode ?? null,
        inspectorCode: input.inspectorCode ?? null,
      },
    });
    return user;
  });
}

async function findId(db: Db, kind: "department" | "inspector", code: string, orgPath: string): Promise<string> {
  const table = kind === "department" ? departments : inspectors;
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.code, code), subtreeCondition(orgPath, table.orgId)));
  if (!row) throw new BadRequestError(`no ${kind} ${code} in the user's organization`);
  return row.id;
}

/** Issues a new token for a user; the token is returned once and only its hash is kept. */
export async function issueToken(
  db: Db,
  principal: Principal,
  userName: string,
  ttlDays: number,
): Promise<{ token: string; expiresAt: Date }> {
  return db.transaction(async (tx) => {
    const user = await findUser(tx, principal, userName);
    const token = `ssj_${randomBytes(32).toString("base64url")}`;
    const [row] = await tx
      .insert(apiTokens)
      .values({ userId: user.id, tokenHash: sha256hex(token), expiresAt: sql`ssj_now() + make_interval(days => ${ttlDays})` })
      .returning({ expiresAt: apiTokens.expiresAt });
    if (!row) throw new Error("token was not stored");
    await appendAudit(tx, {
      actor: principal.actor,
      action: "user.token.issue",
      subject: `user:${user.name}`,
      orgId: user.orgId,
      payload: { expiresAt: row.expiresAt.toISOString() },
    });
    return { token, expiresAt: row.expiresAt };
  });
}

/** Revokes every live token of a user. */
export async function revokeTokens(db: Db, principal: Principal, userName: string): Promise<number> {
  return db.transaction(async (tx) => {
    const user = await findUser(tx, principal, userName);
    const revoked = await tx
      .update(apiTokens)
      .set({ revokedAt: sql`ssj_now()` })
      .where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id });
    await appendAudit(tx, {
      actor: principal.actor,
      action: "user.token.revoke",
      subject: `user:${user.name}`,
      orgId: user.orgId,
      payload: { revoked: revoked.length },
    });
    return revoked.length;
  });
}

export async function findUser(db: Db, principal: Principal, name: string): Promise<User> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.name, name), inScope(principal, users.orgId)));
  if (!user) throw new NotFoundError(`no user ${name}`);
  return user;
}

export async function listUsers(db: Db, principal: Principal): Promise<(Omit<User, "orgId"> & { orgCode: string })[]> {
  const rows = await db
    .select({ user: users, orgCode: organizations.code })
    .from(users)
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(inScope(principal, users.orgId))
    .orderBy(users.name);
  return rows.map(({ user: { orgId: _orgId, ...user }, orgCode }) => ({ ...user, orgCode }));
}

/** The principal behind a bearer token, or undefined when it is unknown, expired or revoked. */
export async function authenticate(db: Db, token: string): Promise<Principal | undefined> {
  const [row] = await db
    .select({ user: users, orgPath: organizations.path })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .innerJoin(organizations, eq(organizations.id, users.orgId))
    .where(and(eq(apiTokens.tokenHash, sha256hex(token)), isNull(apiTokens.revokedAt), gt(apiTokens.expiresAt, sql`ssj_now()`)));
  if (!row) return undefined;
  const { user } = row;
  return {
    actor: { kind: "user", userId: user.id, name: user.name, role: user.role },
    role: user.role,
    orgId: user.orgId,
    orgPath: row.orgPath,
    departmentId: user.departmentId,
    inspectorId: user.inspectorId,
  };
}
