// The `ssj` command as an operator uses it, against a PostgreSQL database.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client";
import { allRoles } from "../../src/http/access";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { firstLine, lines, runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";

let testDb: TestDatabase;
let app: TestApp;
let env: { DATABASE_URL: string };
/** The output of the first `ssj demo seed`, run once for the whole file. */
let firstSeed: Awaited<ReturnType<typeof runCli>>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  env = { DATABASE_URL: testDb.url };
  app = await buildTestApp(testDb.database);
  firstSeed = await runCli(["demo", "seed"], env);
});

afterAll(async () => {
  await app?.close();
  await testDb?.drop();
});

async function counts(): Promise<{ departments: number; users: number; orgs: number; audit: number }> {
  const [row] = await queryRows<{ departments: number; users: number; orgs: number; audit: number }>(
    testDb.database.db,
    sql`select (select count(*)::int from departments) as departments, (select count(*)::int from users) as users,
               (select count(*)::int from organizations) as orgs, (select count(*)::int from audit_events) as audit`,
  );
  if (!row) throw new Error("no counts");
  return row;
}

function me(token: string) {
  return app.app.inject({ method: "GET", url: "/api/v1/me", headers: bearer(token) });
}

describe("ssj demo seed", () => {
  it("prints one ROLE NAME TOKEN line per role, and each token signs in as that role", async () => {
    expect(firstSeed.code).toBe(0);
    const printed = lines(firstSeed.stdout).map((line) => line.split(" "));
    expect(printed).toHaveLength(6);
    expect(printed.map(([role]) => role).sort()).toEqual([...allRoles].sort());
    for (const [role, name, token, ...rest] of printed) {
      expect(rest).toEqual([]);
      expect(token).toMatch(/^ssj_\S+$/);
      const response = await me(token ?? "");
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ role, actor: { name } });
    }
    expect((await counts()).departments).toBeGreaterThanOrEqual(45);
  });

  it("run again, says the users exist and adds nothing", async () => {
    const before = await counts();
    const again = await runCli(["demo", "seed"], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/exist/);
    expect(again.stdout).not.toMatch(/ssj_/);
    expect(await counts()).toEqual(before);
  });
});

describe("ssj org add and ssj user add", () => {
  it("give a new user a token, alone on the last line, that works against the API until revoked", async () => {
    const org = await runCli(["org", "add", "--code", "DEA-KFQ", "--name", "开发区编办", "--parent", "DEA"], env);
    expect(org.stderr).toBe("");
    expect(org.code).toBe(0);

    const user = await runCli(["user", "add", "--name", "u1", "--role", "supervisor", "--org", "DEA-KFQ"], env);
    expect(user.stderr).toBe("");
    expect(user.code).toBe(0);
    const token = lines(user.stdout).at(-1) ?? "";
    expect(token).toMatch(/^ssj_[A-Za-z0-9_-]+$/);

    const signedIn = await me(token);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.json()).toMatchObject({ role: "supervisor", orgPath: "SD/LC/DEA/DEA-KFQ", actor: { name: "u1" } });

    const revoked = await runCli(["user", "revoke", "u1"], env);
    expect(revoked.code).toBe(0);
    expect((await me(token)).statusCode).toBe(401);
  });

  it("refuses a department user without --department, saying so on the first line, and adds nobody", async () => {
    const before = await counts();
    const result = await runCli(["user", "add", "--name", "u-dept", "--role", "department", "--org", "DEA"], env);
    expect(result.code).not.toBe(0);
    expect(firstLine(result.stderr)).toMatch(/department user needs --department/);
    expect(await counts()).toEqual(before);
  });

  it("refuses an unknown role, naming the field", async () => {
    const result = await runCli(["user", "add", "--name", "u-bad", "--role", "boss", "--org", "DEA"], env);
    expect(result.code).not.toBe(0);
    expect(firstLine(result.stderr)).toMatch(/role/);
  });

  it("refuses a data command without --org when there are several organizations, and changes nothing", async () => {
    expect((await counts()).orgs).toBeGreaterThan(1);
    const before = await counts();
    for (const args of [
      ["department", "add", "DEA-NOORG", "--name", "没说单位", "--kind", "政府部门"],
      ["user", "add", "--name", "u-noorg", "--role", "viewer"],
    ]) {
      const result = await runCli(args, env);
      expect(result.code, args.join(" ")).not.toBe(0);
      expect(firstLine(result.stderr), args.join(" ")).toMatch(/--org/);
    }
    expect(await counts()).toEqual(before);
  });

  it("exits 3 naming what is missing when a user does not exist", async () => {
    const result = await runCli(["user", "revoke", "nobody-here"], env);
    expect(result.code).toBe(3);
    expect(firstLine(result.stderr)).toMatch(/no user nobody-here/);
  });
});
