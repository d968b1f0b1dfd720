// Bearer tokens (DESIGN.md, Security): stored hashed, with an expiry, revocable.
import { createHash } from "node:crypto";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client";
import { addUser, issueToken } from "../../src/services/users/user-service";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { operator, seedTwoCounties, type TwoCounties } from "./two-counties";

let testDb: TestDatabase;
let app: TestApp;
let counties: TwoCounties;

beforeAll(async () => {
  testDb = await createTestDatabase();
  counties = await seedTwoCounties(testDb.database);
  app = await buildTestApp(testDb.database);
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

/** A new user in DEA with a fresh token, so each test owns the token it breaks. */
async function newSupervisorToken(name: string): Promise<string> {
  await addUser(testDb.database.db, operator, { name, role: "supervisor", orgCode: "DEA" });
  return (await issueToken(testDb.database.db, operator, name, 90)).token;
}

function me(token: string) {
  return app.app.inject({ method: "GET", url: "/api/v1/me", headers: bearer(token) });
}

function sha256hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

describe("bearer tokens", () => {
  it("sign the user in as who they are", async () => {
    const token = await newSupervisorToken("auth.who");
    const response = await me(token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      actor: expect.objectContaining({ kind: "user", name: "auth.who", role: "supervisor" }),
      role: "supervisor",
      orgPath: "SD/LC/DEA",
    });
  });

  it("stop working once revoked through the API", async () => {
    const token = await newSupervisorToken("auth.revoked");
    expect((await me(token)).statusCode).toBe(200);
    const revoke = await app.app.inject({
      method: "POST",
      url: "/api/v1/users/auth.revoked/revoke",
      headers: bearer(counties.dea.tokens.admin),
    });
    expect(revoke.statusCode).toBe(200);
    expect(revoke.json()).toEqual({ revoked: 1 });
    const after = await me(token);
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ error: { code: "unauthorized", message: expect.any(String) } });
  });

  it("stop working once expired", async () => {
    const token = await newSupervisorToken("auth.expired");
    expect((await me(token)).statusCode).toBe(200);
    await testDb.database.db.execute(
      sql`update api_tokens set expires_at = ssj_now() - interval '1 second' where token_hash = ${sha256hex(token)}`,
    );
    expect((await me(token)).statusCode).toBe(401);
  });

  it("expire after TOKEN_TTL_DAYS", async () => {
    const { expiresAt } = await issueToken(testDb.database.db, operator, "dea.spare", 7);
    const [row] = await queryRows<{ days: number }>(
      testDb.database.db,
      sql`select round(extract(epoch from (${expiresAt.toISOString()}::timestamptz - ssj_now())) / 86400)::int as days`,
    );
    expect(row?.days).toBe(7);
  });

  it("are stored only as their SHA-256, never as the token itself", async () => {
    const token = await newSupervisorToken("auth.hashed");
    const rows = await queryRows<Record<string, unknown>>(
      testDb.database.db,
      sql`select t.* from api_tokens t join users u on u.id = t.user_id where u.name = 'auth.hashed'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).toBe(sha256hex(token));
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(JSON.stringify(rows)).not.toContain(token.slice(4, 24));
  });

  it("are shown once when issued through the API and never again in the user list", async () => {
    const issued = await app.app.inject({
      method: "POST",
      url: "/api/v1/users/dea.spare/tokens",
      headers: bearer(counties.dea.tokens.admin),
    });
    expect(issued.statusCode).toBe(201);
    const { token } = issued.json<{ token: string }>();
    expect(token).toMatch(/^ssj_/);
    const users = await app.app.inject({ method: "GET", url: "/api/v1/users", headers: bearer(counties.dea.tokens.admin) });
    expect(users.body).not.toContain(token);
    expect(users.body).not.toContain(sha256hex(token));
  });

  it.each([
    ["a header without a token", () => "Bearer"],
    ["another scheme", () => "Basic YWRtaW46YWRtaW4="],
    ["a token with its last character changed", (real: string) => `Bearer ${real.slice(0, -1)}${real.endsWith("A") ? "B" : "A"}`],
  ])("refuse %s with 401", async (_case, header) => {
    const authorization = header(counties.dea.tokens.admin);
    const response = await app.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization } });
    expect(response.statusCode).toBe(401);
  });
});
