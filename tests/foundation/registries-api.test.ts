// The registries over HTTP on the demo county: who may read and change departments, how a
// rename keeps the code, and how bad input is refused without changing anything.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client";
import type { Role } from "../../src/domain/roles";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { seedTwoCounties } from "./two-counties";

interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}
interface DepartmentList {
  total: number;
  items: { code: string; name: string }[];
}

let testDb: TestDatabase;
let app: TestApp;
let tokens: Record<Role, string>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  tokens = (await seedTwoCounties(testDb.database)).dea.tokens;
  app = await buildTestApp(testDb.database);
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

function signedInAs(role: Role) {
  return {
    get: (url: string) => app.app.inject({ method: "GET", url, headers: bearer(tokens[role]) }),
    post: (url: string, payload: object) => app.app.inject({ method: "POST", url, headers: bearer(tokens[role]), payload }),
    patch: (url: string, payload: object) => app.app.inject({ method: "PATCH", url, headers: bearer(tokens[role]), payload }),
  };
}

/** Rows of every registry table and of the audit log: what "nothing changed" compares. */
async function snapshot(): Promise<Record<string, unknown>> {
  const [row] = await queryRows<Record<string, unknown>>(
    testDb.database.db,
    sql`select (select count(*)::int from departments) as departments,
               (select count(*)::int from department_names) as names,
               (select count(*)::int from inspectors) as inspectors,
               (select count(*)::int from audit_events) as audit,
               (select json_agg(d order by d.code) from departments d)::text as department_rows`,
  );
  return row ?? {};
}

describe("GET /api/v1/departments", () => {
  it("shows a supervisor the 45 departments of the demo county", async () => {
    const response = await signedInAs("supervisor").get("/api/v1/departments");
    expect(response.statusCode).toBe(200);
    const body = response.json<DepartmentList>();
    expect(body.total).toBeGreaterThanOrEqual(45);
    expect(body.items.map((d) => d.code)).toContain("DEA-SCJGJ");
  });

  it("shows a department user only its own department", async () => {
    const response = await signedInAs("department").get("/api/v1/departments");
    expect(response.statusCode).toBe(200);
    const body = response.json<DepartmentList>();
    expect(body.total).toBe(1);
    expect(body.items.map((d) => d.code)).toEqual(["DEA-SCJGJ"]);
  });

  it("answers a department user asking for another department with 404", async () => {
    expect((await signedInAs("department").get("/api/v1/departments/DEA-SCJGJ")).statusCode).toBe(200);
    expect((await signedInAs("department").get("/api/v1/departments/DEA-JW")).statusCode).toBe(404);
  });
});

describe("POST and PATCH /api/v1/departments", () => {
  it("refuses a viewer with 403 and creates nothing", async () => {
    const before = await snapshot();
    const response = await signedInAs("viewer").post("/api/v1/departments", { code: "DEA-VIEW", name: "不该出现", kind: "政府部门" });
    expect(response.statusCode).toBe(403);
    expect(await snapshot()).toEqual(before);
    expect((await signedInAs("supervisor").get("/api/v1/departments/DEA-VIEW")).statusCode).toBe(404);
  });

  it("lets a supervisor add a department and rename it, keeping the code and both names", async () => {
    const created = await signedInAs("supervisor").post("/api/v1/departments", {
      code: "DEA-XZSPJ",
      name: "县行政审批服务局",
      kind: "政府部门",
      tags: ["risk-B"],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ code: "DEA-XZSPJ", name: "县行政审批服务局", tags: ["risk-B"], active: true });

    const renamed = await signedInAs("supervisor").patch("/api/v1/departments/DEA-XZSPJ", { name: "县数据和行政审批服务局" });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ code: "DEA-XZSPJ", name: "县数据和行政审批服务局" });

    const read = await signedInAs("supervisor").get("/api/v1/departments/DEA-XZSPJ");
    expect(read.statusCode).toBe(200);
    const body = read.json<{ code: string; name: string; names: { name: string }[] }>();
    expect(body.code).toBe("DEA-XZSPJ");
    expect(body.names.map((n) => n.name)).toEqual(["县行政审批服务局", "县数据和行政审批服务局"]);
  });

  it("refuses a department user changing its own department with 403", async () => {
    const response = await signedInAs("department").patch("/api/v1/departments/DEA-SCJGJ", { name: "自己改名" });
    expect(response.statusCode).toBe(403);
    expect((await signedInAs("supervisor").get("/api/v1/departments/DEA-SCJGJ")).json()).toMatchObject({ name: "县市场监督管理局" });
  });
});

describe("bad input", () => {
  it.each([
    ["a code with spaces", { code: "DEA BAD", name: "x", kind: "政府部门" }, "body.code"],
    ["a missing name", { code: "DEA-NONAME", kind: "政府部门" }, "body.name"],
    ["a tag with a comma", { code: "DEA-BADTAG", name: "x", kind: "政府部门", tags: ["a,b"] }, "body.tags"],
    ["a malformed date", { code: "DEA-BADDATE", name: "x", kind: "政府部门", lastInspectedOn: "2024-13-45" }, "body.lastInspectedOn"],
  ])("answers %s with 400 naming the field, and changes nothing", async (_case, payload, field) => {
    const before = await snapshot();
    const response = await signedInAs("supervisor").post("/api/v1/departments", payload);
    expect(response.statusCode).toBe(400);
    const body = response.json<ErrorBody>();
    expect(body).toEqual({ error: { code: "invalid_request", message: expect.stringContaining(field), details: expect.any(Array) } });
    expect(await snapshot()).toEqual(before);
  });

  it("answers an empty new name with 400 and keeps the old one", async () => {
    const before = await snapshot();
    const response = await signedInAs("supervisor").patch("/api/v1/departments/DEA-SCJGJ", { name: "  " });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error).toMatchObject({ code: "invalid_request", details: expect.any(Array) });
    expect(await snapshot()).toEqual(before);
  });

  it("answers a tag a draw could not read (here with ':') with 400 and keeps the tags", async () => {
    const before = await snapshot();
    const response = await signedInAs("supervisor").patch("/api/v1/departments/DEA-SCJGJ", { tags: ["key", "risk:high"] });
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json<ErrorBody>().error.details)).toContain("a tag is 1–64 ASCII letters");
    expect(await snapshot()).toEqual(before);
  });

  it("answers an inspector whose home department does not exist with 400 naming it, and adds nobody", async () => {
    const before = await snapshot();
    const response = await signedInAs("supervisor").post("/api/v1/inspectors", {
      code: "INS-NEW",
      name: "新检查员",
      homeDepartmentCode: "DEA-NOPE",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>()).toEqual({
      error: { code: "bad_request", message: expect.stringContaining("DEA-NOPE"), details: { missing: ["DEA-NOPE"] } },
    });
    expect(await snapshot()).toEqual(before);
  });

  it("answers a department code that is taken with 409 and changes nothing", async () => {
    const before = await snapshot();
    const response = await signedInAs("supervisor").post("/api/v1/departments", { code: "DEA-SCJGJ", name: "重复", kind: "政府部门" });
    expect(response.statusCode).toBe(409);
    expect(response.json<ErrorBody>().error).toMatchObject({ code: "conflict", message: expect.stringContaining("DEA-SCJGJ") });
    expect(await snapshot()).toEqual(before);
  });

  it("answers a body that is not JSON with 400", async () => {
    const response = await app.app.inject({
      method: "POST",
      url: "/api/v1/departments",
      headers: { ...bearer(tokens.supervisor), "content-type": "application/json" },
      payload: "{not json",
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<ErrorBody>().error).toEqual({ code: expect.any(String), message: expect.any(String) });
  });
});

describe("the error body", () => {
  it("is {error:{code,message}} for 401", async () => {
    const response = await app.app.inject({ method: "GET", url: "/api/v1/departments" });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toEqual({ error: { code: "unauthorized", message: expect.stringMatching(/token/) } });
  });

  it("is {error:{code,message}} for 403, naming the role", async () => {
    const response = await signedInAs("viewer").post("/api/v1/departments", { code: "DEA-X", name: "x", kind: "x" });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: { code: "forbidden", message: expect.stringContaining("viewer") } });
  });

  it("is {error:{code,message}} for 404, naming what is missing", async () => {
    const response = await signedInAs("supervisor").get("/api/v1/departments/DEA-NOPE");
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: "not_found", message: expect.stringContaining("DEA-NOPE") } });
  });

  it("is {error:{code,message}} for an unknown route", async () => {
    const response = await signedInAs("supervisor").get("/api/v1/nothing-here");
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: { code: "not_found", message: expect.any(String) } });
  });

  it("carries the request id in a header, as the client sent it", async () => {
    const response = await app.app.inject({ method: "GET", url: "/api/v1/departments", headers: { "x-request-id": "trace-123" } });
    expect(response.headers["x-request-id"]).toBe("trace-123");
  });
});
