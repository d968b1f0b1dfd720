// An organization sees its own subtree and nothing else, even when another organization's
// path differs from its own only where its code holds "_" (which SQL LIKE reads as any
// character: the subtree of S_A must not take in SXA/KID).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createOrg } from "../../src/services/orgs/org-service";
import { createDepartment } from "../../src/services/registries/department-service";
import { departmentInputSchema } from "../../src/services/registries/registry-types";
import { operatorPrincipal } from "../../src/services/scope";
import { addUser, issueToken } from "../../src/services/users/user-service";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

const operator = operatorPrincipal("subtree-tests");
let testDb: TestDatabase;
let app: TestApp;
let token: string;

beforeAll(async () => {
  testDb = await createTestDatabase();
  const { db } = testDb.database;
  const own = await createOrg(db, operator, { code: "S_A", name: "甲县委编办", parentCode: null });
  await createOrg(db, operator, { code: "SXA", name: "乙县委编办", parentCode: null });
  const other = await createOrg(db, operator, { code: "KID", name: "乙县下属单位", parentCode: "SXA" });
  await createDepartment(db, operator, own, departmentInputSchema.parse({ code: "OWN-D1", name: "甲县财政局", kind: "政府部门" }));
  await createDepartment(
    db,
    operator,
    other,
    departmentInputSchema.parse({ code: "KID-D1", name: "乙县下属单位财务科", kind: "政府部门" }),
  );
  await addUser(db, operator, { name: "s_a.admin", role: "admin", orgCode: "S_A" });
  token = (await issueToken(db, operator, "s_a.admin", 90)).token;
  app = await buildTestApp(testDb.database);
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

describe("an organization whose code holds _", () => {
  it("lists only its own departments", async () => {
    const response = await app.app.inject({ method: "GET", url: "/api/v1/departments", headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    const codes = response.json<{ items: { code: string }[] }>().items.map((d) => d.code);
    expect(codes).toEqual(["OWN-D1"]);
  });

  it("does not find a department of SXA's subtree by its code", async () => {
    const response = await app.app.inject({ method: "GET", url: "/api/v1/departments/KID-D1", headers: bearer(token) });
    expect(response.statusCode).toBe(404);
  });
});
