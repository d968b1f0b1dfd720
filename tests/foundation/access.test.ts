// Deny by default (DESIGN.md, Security): every route of the catalog is walked, so a route
// added later is checked without anyone remembering to write a test for it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../src/domain/roles";
import { allRoles, type CatalogedRoute } from "../../src/http/access";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { daysFromToday } from "../helpers/clock";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { othMarkers, seedTwoCounties, type County, type TwoCounties } from "./two-counties";

/**
 * What each path parameter names, keyed by the path segment before it. A route whose
 * parameter is not here fails the walk: add the row and the object to two-counties.ts.
 */
const parameterValues: Record<string, (county: County) => string> = {
  "departments/:code": (county) => county.departmentCode,
  "inspectors/:code": (county) => county.inspectorCode,
  "items/:code": (county) => county.itemCode,
  "users/:name": (county) => county.spareUserName,
  "rounds/:id": (county) => county.roundId,
  "draws/:id": (county) => county.drawId,
  "snapshots/:file": (county) => county.snapshotFile,
  "plans/:id": (county) => county.planId,
  "dead-letters/:id": (county) => county.deadLetterId,
  "inspections/:id": (county) => county.inspectionId,
  "evaluations/:itemCode": (county) => county.itemCode,
  "findings/:id": (county) => county.findingId,
  "calendar/:date": () => "2026-02-13",
};

/** Parameters that name no organization's object (the same for everyone). */
const unscopedParameters = ["calendar/:date"];

/**
 * Routes whose call uses up its object (a declined seat, a withdrawn finding): the check
 * that a county finds its own object calls them last, once, with their first admitted role.
 */
const consuming = new Set([
  "POST /api/v1/inspections/:id/declines",
  "POST /api/v1/inspections/:id/supplements",
  "POST /api/v1/findings/:id/withdraw",
  "POST /api/v1/findings/:id/review",
  "POST /api/v1/draws/:id/void",
  "POST /api/v1/rounds/:id/status",
]);

/**
 * A valid body for routes whose body `{}` would fail validation (a 400 comes before the
 * lookup, and would hide whether the object is in scope). Everything else is sent `{}`.
 */
const bodies: Record<string, (county: County) => object> = {
  "POST /api/v1/rounds/:id/status": () => ({ to: "closed" }),
  "POST /api/v1/draws/:id/void": () => ({ reason: "route walk" }),
  "PUT /api/v1/inspections/:id/evaluations/:itemCode": () => ({ result: "合格" }),
  "PATCH /api/v1/inspections/:id": () => ({ startsOn: daysFromToday(12) }),
  "POST /api/v1/inspections/:id/declines": (county) => ({ inspectorCode: county.inspectorCode, reason: "route walk" }),
  "POST /api/v1/inspections/:id/supplements": () => ({ seed: "2718 2818 2845 9045 2353 6028" }),
  "POST /api/v1/inspections/:id/findings": (county) => ({ itemCode: county.itemCode, description: "route walk", severity: "general" }),
  "POST /api/v1/findings/:id/reports": () => ({ content: "route walk" }),
  "POST /api/v1/findings/:id/review": () => ({ decision: "accept" }),
  "POST /api/v1/findings/:id/extensions": () => ({ workingDays: 5, reason: "route walk" }),
  "POST /api/v1/findings/:id/withdraw": () => ({ reason: "route walk" }),
};

let testDb: TestDatabase;
let app: TestApp;
let counties: TwoCounties;
let guarded: (CatalogedRoute & { roles: readonly Role[] })[];

beforeAll(async () => {
  testDb = await createTestDatabase();
  counties = await seedTwoCounties(testDb.database);
  app = await buildTestApp(testDb.database);
  guarded = app.routes.filter((route): route is CatalogedRoute & { roles: readonly Role[] } => route.roles !== "public");
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

/** The URL of a route with its parameters naming the county's objects; throws on an unknown parameter. */
function urlFor(route: CatalogedRoute, county: County): string {
  return route.url.replace(/([^/]+)\/:([A-Za-z0-9_]+)/g, (_match, segment: string, param: string) => {
    const value = parameterValues[`${segment}/:${param}`];
    if (!value) throw new Error(`${route.method} ${route.url}: unknown path parameter ${segment}/:${param}; add it to parameterValues`);
    return `${segment}/${encodeURIComponent(value(county))}`;
  });
}

function hasParameter(route: CatalogedRoute): boolean {
  return route.url.includes("/:");
}

async function call(route: CatalogedRoute, url: string, token?: string, county: County = counties.dea) {
  return app.app.inject({
    method: route.method as "GET",
    url,
    headers: token ? bearer(token) : {},
    ...(route.method === "GET" ? {} : { payload: bodies[`${route.method} ${route.url}`]?.(county) ?? {} }),
  });
}

function isUnscoped(route: CatalogedRoute): boolean {
  return unscopedParameters.some((parameter) => route.url.includes(parameter));
}

describe("the route catalog", () => {
  it("lists the API's guarded routes, every one with at least one role", () => {
    expect(guarded.length).toBeGreaterThanOrEqual(15);
    expect(guarded.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining(["GET /api/v1/departments", "PATCH /api/v1/departments/:code", "POST /api/v1/users/:name/revoke"]),
    );
    for (const route of guarded) expect(route.roles.length, `${route.method} ${route.url}`).toBeGreaterThan(0);
  });

  it("knows what every path parameter names", () => {
    for (const route of guarded) expect(() => urlFor(route, counties.dea)).not.toThrow();
  });
});

describe("deny by default", () => {
  it("answers 401 on every guarded route when no token is sent", async () => {
    const wrong: string[] = [];
    for (const route of guarded) {
      const response = await call(route, urlFor(route, counties.dea));
      if (response.statusCode !== 401) wrong.push(`${route.method} ${route.url} → ${response.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 401 on every guarded route to an unknown token", async () => {
    const wrong: string[] = [];
    for (const route of guarded) {
      const response = await call(route, urlFor(route, counties.dea), "ssj_not-a-token-anyone-was-given");
      if (response.statusCode !== 401) wrong.push(`${route.method} ${route.url} → ${response.statusCode}`);
    }
    expect(wrong).toEqual([]);
  });

  it("answers 403 on every guarded route to each role it does not admit", async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const route of guarded) {
      const refused = allRoles.filter((role) => !route.roles.includes(role));
      if (refused.length === 0) {
        // admits every role: nothing to refuse, and that is what the catalog says
        expect(route.roles).toEqual(expect.arrayContaining([...allRoles]));
        continue;
      }
      for (const role of refused) {
        checked++;
        const response = await call(route, urlFor(route, counties.dea), counties.dea.tokens[role]);
        if (response.statusCode !== 403) wrong.push(`${role}: ${route.method} ${route.url} → ${response.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
    expect(checked).toBeGreaterThan(20);
  });

  it("answers 404 when a user of one organization names an object of another subtree", async () => {
    const wrong: string[] = [];
    const withParameter = guarded.filter((route) => hasParameter(route) && !isUnscoped(route));
    expect(withParameter.length).toBeGreaterThanOrEqual(6);
    for (const route of withParameter) {
      for (const role of route.roles) {
        const response = await call(route, urlFor(route, counties.oth), counties.dea.tokens[role], counties.oth);
        if (response.statusCode !== 404) wrong.push(`DEA ${role}: ${route.method} ${urlFor(route, counties.oth)} → ${response.statusCode}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("finds the same kind of object in the user's own organization (so the 404 above is about scope)", async () => {
    const wrong: string[] = [];
    const ordered = [
      ...guarded.filter((r) => hasParameter(r) && !consuming.has(`${r.method} ${r.url}`)),
      ...guarded.filter((r) => consuming.has(`${r.method} ${r.url}`)),
    ];
    for (const route of ordered) {
      const admitted = route.roles as readonly Role[];
      const roles = consuming.has(`${route.method} ${route.url}`) ? admitted.slice(0, 1) : admitted;
      for (const role of roles) {
        // found: whatever the answer (a state change may well be refused with 409), it is not "no such object"
        const response = await call(route, urlFor(route, counties.dea), counties.dea.tokens[role]);
        if ([400, 401, 403, 404].includes(response.statusCode) || response.statusCode >= 500)
          wrong.push(`DEA ${role}: ${route.method} ${urlFor(route, counties.dea)} → ${response.statusCode} ${response.body.slice(0, 200)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("never shows another subtree's rows in a list", async () => {
    const leaks: string[] = [];
    for (const route of guarded.filter((r) => r.method === "GET" && !hasParameter(r))) {
      for (const role of route.roles) {
        const response = await call(route, route.url, counties.dea.tokens[role]);
        expect(response.statusCode, `DEA ${role}: GET ${route.url}`).toBe(200);
        const leaked = othMarkers.filter((marker) => response.body.includes(marker));
        if (leaked.length > 0) leaks.push(`DEA ${role}: GET ${route.url} shows ${leaked.join(", ")}`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it("does not let a DEA editor change an item of OTH by naming OTH's organization", async () => {
    const response = await app.app.inject({
      method: "PATCH",
      url: "/api/v1/items/OTH-ITEM-9?orgCode=OTH",
      headers: bearer(counties.dea.tokens.supervisor),
      payload: { name: "改名" },
    });
    expect(response.statusCode).toBe(404);
    const other = await app.app.inject({ method: "GET", url: "/api/v1/items", headers: bearer(counties.oth.tokens.supervisor) });
    expect(other.json<{ items: { code: string; name: string }[] }>().items).toContainEqual(
      expect.objectContaining({ code: "OTH-ITEM-9", name: "外县抽查事项" }),
    );
  });

  it("does not let a DEA editor write into OTH by naming it as the organization", async () => {
    const response = await app.app.inject({
      method: "POST",
      url: "/api/v1/departments",
      headers: bearer(counties.dea.tokens.supervisor),
      payload: { code: "OTH-D9", name: "越权", kind: "政府部门", orgCode: "OTH" },
    });
    expect(response.statusCode).toBe(404);
    const check = await app.app.inject({
      method: "GET",
      url: "/api/v1/departments/OTH-D9",
      headers: bearer(counties.oth.tokens.supervisor),
    });
    expect(check.statusCode).toBe(404);
  });
});

describe("public routes", () => {
  it.each(["/healthz", "/readyz", "/docs/json"])("answers GET %s without a token", async (url) => {
    const response = await app.app.inject({ method: "GET", url });
    expect(response.statusCode).toBe(200);
  });

  it("reports PostgreSQL and Redis ready", async () => {
    const response = await app.app.inject({ method: "GET", url: "/readyz" });
    expect(response.json()).toEqual({ status: "ready", checks: { postgres: "ok", redis: "ok" } });
  });

  it("documents every guarded route in the OpenAPI document", async () => {
    const document = (await app.app.inject({ method: "GET", url: "/docs/json" })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`),
    );
    expect(documented).toEqual(expect.arrayContaining(guarded.map((route) => `${route.method} ${route.url}`)));
  });
});
