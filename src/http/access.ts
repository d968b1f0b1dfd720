// Deny by default (DESIGN.md, Security): every route declares the roles it admits, or is
// on the explicit list of public routes below. A route that does neither fails at start.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from "fastify";
import { roles, type Role } from "../domain/roles";
import { ForbiddenError, UnauthorizedError } from "../errors";
import type { Db } from "../services/database";
import type { Principal } from "../services/scope";
import { authenticate } from "../services/users/user-service";
import { errorBody } from "./errors";

/** The routes anyone may call without a token. */
export const publicRoutes: readonly RegExp[] = [/^\/healthz$/, /^\/readyz$/, /^\/docs(\/.*)?$/, /^\/public\/.*$/];

/**
 * Admin pages a browser opens (bull-board at /admin/queues): guarded by HTTP basic auth whose
 * password is an admin's bearer token, since a browser cannot send a bearer header. They are
 * not public; the catalog lists them as admin-only.
 */
export const adminPages: readonly RegExp[] = [/^\/admin\/queues(\/.*)?$/];

export const allRoles: readonly Role[] = roles;

declare module "fastify" {
  interface FastifyContextConfig {
    /** Roles admitted; omit only on a public route. */
    roles?: readonly Role[];
    /** Set on the admin pages (adminPages): basic auth, admins only, a 401 asks the browser again. */
    adminPage?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export interface CatalogedRoute {
  method: string;
  url: string;
  roles: readonly Role[] | "public";
  /** "basic" on the admin pages: credentials by HTTP basic auth, a refusal is a 401. */
  auth?: "basic";
}

/** Installs authentication and role checks; returns the catalog of routes it guards. */
export function installAccessControl(app: FastifyInstance, db: Db): CatalogedRoute[] {
  const catalog: CatalogedRoute[] = [];
  app.decorateRequest("principal", null);
  app.addHook("onRoute", (route: RouteOptions) => {
    const methods = [route.method].flat();
    if (methods.every((m) => m === "HEAD" || m === "OPTIONS")) return;
    if (adminPages.some((pattern) => pattern.test(route.url))) {
      // Routes registered by a plugin we do not own (bull-board): the guard is set here.
      if (route.config?.roles) throw new Error(`route ${route.url} is an admin page and also declares roles`);
      route.config = { ...route.config, roles: ["admin"], adminPage: true };
      for (const method of methods) if (method !== "HEAD") catalog.push({ method, url: route.url, roles: ["admin"], auth: "basic" });
      return;
    }
    const isPublic = publicRoutes.some((pattern) => pattern.test(route.url));
    const roles = route.config?.roles;
    if (isPublic && roles) throw new Error(`route ${route.url} is public and also declares roles`);
    if (!isPublic && (!roles || roles.length === 0))
      throw new Error(`route ${methods.join(",")} ${route.url} declares no roles (deny by default)`);
    for (const method of methods)
      if (method !== "HEAD") catalog.push({ method, url: route.url, roles: isPublic ? "public" : (roles ?? []) });
  });
  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    const roles = request.routeOptions.config?.roles;
    if (!roles) return; // public route, or a 404 for an unknown URL
    if (request.routeOptions.config.adminPage) {
      // Answered here rather than thrown: the page's plugin installs its own error handler.
      const admin = await principalOf(db, request);
      if (admin?.role !== "admin") {
        return reply
          .status(401)
          .header("www-authenticate", 'Basic realm="ssj", charset="UTF-8"')
          .send(errorBody("unauthorized", "an admin's bearer token is required as the basic-auth password"));
      }
      // The browser sends basic credentials on its own, so a change from another site is refused.
      if (request.method !== "GET" && request.method !== "HEAD" && crossSite(request)) {
        return reply.status(403).send(errorBody("forbidden", "the queues may only be changed from the board's own pages"));
      }
      request.principal = admin;
      return;
    }
    const principal = await principalOf(db, request);
    if (!principal) throw new UnauthorizedError();
    if (principal.role === "operator" || !roles.includes(principal.role))
      throw new ForbiddenError(`role ${principal.role} may not ${request.method} ${request.routeOptions.url}`);
    request.principal = principal;
  });
  return catalog;
}

async function principalOf(db: Db, request: FastifyRequest): Promise<Principal | undefined> {
  const header = request.headers.authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  const token = match?.[1] ?? (request.routeOptions.config?.adminPage ? basicPassword(header) : undefined);
  if (!token) return undefined;
  return authenticate(db, token);
}

function crossSite(request: FastifyRequest): boolean {
  if (request.headers["sec-fetch-site"] === "cross-site") return true;
  const origin = request.headers.origin;
  if (!origin) return false;
  try {
    return new URL(origin).host !== request.headers.host;
  } catch {
    return true;
  }
}

/** The password of `Authorization: Basic base64(user:password)`; the user name is not checked. */
function basicPassword(header: string | undefined): string | undefined {
  const match = header ? /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header) : null;
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon >= 0 && colon < decoded.length - 1 ? decoded.slice(colon + 1) : undefined;
}

/** The signed-in principal of a guarded route. */
export function principal(request: FastifyRequest): Principal {
  if (!request.principal) throw new UnauthorizedError();
  return request.principal;
}
