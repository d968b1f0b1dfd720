// Who sees which inspection (DESIGN.md: Security, object level; Confidentiality).
import { and, eq, sql, type SQL } from "drizzle-orm";
import { inspections } from "../../db/schema";
import { inScope, type Principal } from "../scope";

/**
 * Staff (admin, supervisor, discipline, viewer) see their organization subtree, voided
 * inspections included; an inspector sees the inspections where they hold a seat they have
 * not declined; a department sees its own, and only from its notice time on (by the
 * database clock), so an unannounced round stays unannounced until the window opens.
 */
export function visibleInspections(principal: Principal): SQL {
  const scope = inScope(principal, inspections.orgId);
  switch (principal.role) {
    case "operator":
    case "admin":
    case "supervisor":
    case "discipline":
    case "viewer":
      return scope;
    case "inspector": {
      if (!principal.inspectorId) return sql`false`;
      const seated = sql`exists (select 1 from inspection_members m where m.inspection_id = ${inspections.id} and m.inspector_id = ${principal.inspectorId} and m.declined_at is null)`;
      return and(scope, eq(inspections.voided, false), seated) ?? sql`false`;
    }
    case "department": {
      if (!principal.departmentId) return sql`false`;
      const noticed = sql`${inspections.noticeAt} is not null and ${inspections.noticeAt} <= ssj_now()`;
      return and(scope, eq(inspections.voided, false), eq(inspections.departmentId, principal.departmentId), noticed) ?? sql`false`;
    }
  }
}

/** What a principal may read of an inspection beyond its team and dates. */
export type Audience = "staff" | "team" | "department";

export function audienceOf(principal: Principal): Audience {
  if (principal.role === "department") return "department";
  if (principal.role === "inspector") return "team";
  return "staff";
}

/** Supervisors and admins (and the local operator) manage teams and dates. */
export function managesInspections(principal: Principal): boolean {
  return principal.role === "admin" || principal.role === "supervisor" || principal.role === "operator";
}
