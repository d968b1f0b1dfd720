// Who is asking, and which organizations they may see: their own and its subtree.
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import type { Role } from "../domain/roles";
import type { Actor } from "./audit/audit-fns";

export interface Principal {
  actor: Actor;
  role: Role | "operator";
  /** The organization the principal belongs to, and its path in the tree. */
  orgId: string | null;
  orgPath: string | null;
  departmentId?: string | null;
  inspectorId?: string | null;
}

/** The local CLI operator: database access is its authority (DESIGN.md, Shape). */
export function operatorPrincipal(osUser: string): Principal {
  return { actor: { kind: "cli", osUser, via: "cli" }, role: "operator", orgId: null, orgPath: null };
}

/** A condition true when `orgIdColumn` lies in the principal's subtree (all, for the operator). */
export function inScope(principal: Principal, orgIdColumn: SQLWrapper): SQL {
  if (principal.orgPath === null) return sql`true`;
  return subtreeCondition(principal.orgPath, orgIdColumn);
}

export function subtreeCondition(orgPath: string, orgIdColumn: SQLWrapper): SQL {
  return sql`${orgIdColumn} in (${subtreeOrgIds(orgPath)})`;
}

/**
 * The ids of the organization at `orgPath` and of every organization under it. A prefix
 * test, not LIKE: codes may hold "_", which LIKE would read as any character (the subtree
 * of A_B would take in AXB's).
 */
export function subtreeOrgIds(orgPath: string): SQL {
  return sql`select o.id from organizations o where o.path = ${orgPath} or starts_with(o.path, ${`${orgPath}/`})`;
}
