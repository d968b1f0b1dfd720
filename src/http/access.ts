// Deny by default (DESIGN.md, Security): every route declares the roles it admits, or is
// on the explicit list of public routes below. A route that does neither fails at start.
import type { FastifyInstance, FastifyRequest, RouteOptions } from "fastify";
import type { Role } from "../db/schema";
import { ForbiddenError, UnauthorizedError } from "../errors";
import type { Principal } from "../services/scope";
import { authenticate } from "../services/users/user-service";
import type { Db } from "../db/client";

/** The routes anyone may call without a token. */
export const publicRoutes: readonly RegExp[] = [
  /^\/healthz$/,
  /^\/readyz$/,
  /^\/docs(\/.*)?$/,
  /^\/public\/.*$/,
];

export const allRoles: readonly Role[] = ["admin", "supervisor", "inspector", "department", "discipline", "viewer"];

declare module "fastify" {
  interface FastifyContextConfig {
    /** Roles admitted; omit only on a public route. */
    roles?: readonly Role[];
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface CatalogedRoute {
  method: string;
  url: string;
  roles: readonly Role[] | "public";
}

/** Installs authentication and role checks; returns the catalog of routes it guards. */
export function installAccessControl(app: FastifyInstance, db: Db): CatalogedRoute[] {
  const catalog: CatalogedRoute[] = [];
  app.decorateRequest("principal", null);
  app.addHook("onRoute", (route: RouteOptions) => {
    const methods = [route.method].flat();
    if (methods.every((m) => m === "HEAD" || m === "OPTIONS")) return;
    const isPublic = publicRoutes.some((pattern) => pattern.test(route.url));
    const roles = route.config?.roles;
    if (isPublic && roles) throw new Error(`route ${route.url} is public and also declares roles`);
    if (!isPublic && (!roles || roles.length === 0)) throw new Error(`route ${methods.join(",")} ${route.url} declares no roles (deny by default)`);
    for (const method of methods) if (method !== "HEAD") catalog.push({ method, url: route.url, roles: isPublic ? "public" : (roles ?? []) });
  });
  app.addHook("onRequest", async (request: FastifyRequest) => {
    const roles = request.routeOptions.config?.roles;
    if (!roles) return; // public route, or a 404 for an unknown URL
    const principal = await principalOf(db, request);
    if (!principal) throw new UnauthorizedError();
    if (principal.role === "operator" || !roles.includes(principal.role)) throw new ForbiddenError(`role ${principal.role} may not ${request.method} ${request.routeOptions.url}`);
    request.principal = principal;
  });
  return catalog;
}

async function principalOf(db: Db, request: FastifyRequest): Promise<Principal | undefined> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  if (!match?.[1]) return undefined;
  return authenticate(db, match[1]);
}

/** The signed-in principal of a guarded route. */
export function principal(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}
