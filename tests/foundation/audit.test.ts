// The hash-chained audit log (DESIGN.md, Security): every state change appends one event;
// rows cannot be changed through SQL; `ssj audit verify` names the first broken row.
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client";
import { auditHead } from "../../src/services/audit/audit-service";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { firstLine, lines, runCli } from "../helpers/cli";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { seedTwoCounties, type TwoCounties } from "./two-counties";

interface EventRow {
  seq: number;
  action: string;
  subject: string;
}

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

async function events(): Promise<EventRow[]> {
  return queryRows<EventRow>(testDb.database.db, sql`select seq::int as seq, action, subject from audit_events order by seq`);
}

describe("every state change", () => {
  it("appends exactly one event naming what changed, and a refused request appends none", async () => {
    const admin = bearer(counties.dea.tokens.admin);
    const changes: { method: "POST" | "PATCH"; url: string; payload?: object; action: string; subject: string }[] = [
      {
        method: "POST",
        url: "/api/v1/orgs",
        payload: { code: "DEA-XZ", name: "乡镇编办", parentCode: "DEA" },
        action: "org.create",
        subject: "org:DEA-XZ",
      },
      {
        method: "POST",
        url: "/api/v1/departments",
        payload: { code: "DEA-AUD1", name: "审计用部门", kind: "政府部门" },
        action: "department.create",
        subject: "department:DEA-AUD1",
      },
      {
        method: "PATCH",
        url: "/api/v1/departments/DEA-AUD1",
        payload: { name: "审计用部门(改)" },
        action: "department.update",
        subject: "department:DEA-AUD1",
      },
      {
        method: "POST",
        url: "/api/v1/inspectors",
        payload: { code: "INS-AUD1", name: "审计员", homeDepartmentCode: "DEA-AUD1" },
        action: "inspector.create",
        subject: "inspector:INS-AUD1",
      },
      {
        method: "PATCH",
        url: "/api/v1/inspectors/INS-AUD1",
        payload: { status: "on-leave" },
        action: "inspector.update",
        subject: "inspector:INS-AUD1",
      },
      {
        method: "POST",
        url: "/api/v1/items",
        payload: { code: "ITEM-AUD", name: "审计事项" },
        action: "item.create",
        subject: "item:DEA/ITEM-AUD",
      },
      { method: "PATCH", url: "/api/v1/items/ITEM-AUD", payload: { active: false }, action: "item.update", subject: "item:DEA/ITEM-AUD" },
      {
        method: "POST",
        url: "/api/v1/users",
        payload: { name: "aud.viewer", role: "viewer", orgCode: "DEA" },
        action: "user.create",
        subject: "user:aud.viewer",
      },
      { method: "POST", url: "/api/v1/users/aud.viewer/tokens", action: "user.token.issue", subject: "user:aud.viewer" },
      { method: "POST", url: "/api/v1/users/aud.viewer/revoke", action: "user.token.revoke", subject: "user:aud.viewer" },
    ];
    for (const change of changes) {
      const before = await events();
      const response = await app.app.inject({
        method: change.method,
        url: change.url,
        headers: admin,
        ...(change.payload ? { payload: change.payload } : {}),
      });
      expect(response.statusCode, `${change.method} ${change.url}: ${response.body}`).toBeLessThan(300);
      const after = await events();
      expect(after.slice(before.length), `${change.method} ${change.url}`).toEqual([
        { seq: before.length + 1, action: change.action, subject: change.subject },
      ]);
    }

    const count = (await events()).length;
    expect(
      (await app.app.inject({ method: "POST", url: "/api/v1/departments", headers: admin, payload: { code: "bad code" } })).statusCode,
    ).toBe(400);
    expect(
      (
        await app.app.inject({
          method: "POST",
          url: "/api/v1/departments",
          headers: bearer(counties.dea.tokens.viewer),
          payload: { code: "DEA-V", name: "v", kind: "k" },
        })
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await app.app.inject({
          method: "POST",
          url: "/api/v1/departments",
          headers: admin,
          payload: { code: "DEA-AUD1", name: "again", kind: "k" },
        })
      ).statusCode,
    ).toBe(409);
    expect((await events()).length).toBe(count);
  });

  it("is recorded with the user who made it", async () => {
    await app.app.inject({
      method: "POST",
      url: "/api/v1/departments",
      headers: bearer(counties.dea.tokens.supervisor),
      payload: { code: "DEA-WHO", name: "谁改的", kind: "政府部门" },
    });
    const [row] = await queryRows<{ actor: { kind: string; name: string; role: string } }>(
      testDb.database.db,
      sql`select actor from audit_events where subject = 'department:DEA-WHO'`,
    );
    expect(row?.actor).toMatchObject({ kind: "user", name: "zhang.supervisor", role: "supervisor" });
  });
});

describe("GET /api/v1/audit/events", () => {
  /** Sequence numbers of the events of an organization's subtree, in order, straight from the table. */
  async function subtreeSeqs(orgCode: string, subject?: string): Promise<number[]> {
    const rows = await queryRows<{ seq: number }>(
      testDb.database.db,
      sql`select e.seq::int as seq
            from audit_events e
            join organizations o on o.id = e.org_id
            join organizations root on root.code = ${orgCode}
           where (o.path = root.path or starts_with(o.path, root.path || '/'))
             and (${subject ?? null}::text is null or e.subject = ${subject ?? null})
           order by e.seq`,
    );
    return rows.map((row) => row.seq);
  }

  async function page(token: string, query: string): Promise<{ seq: number; subject: string }[]> {
    const response = await app.app.inject({ method: "GET", url: `/api/v1/audit/events?${query}`, headers: bearer(token) });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ items: { seq: number; subject: string }[] }>().items;
  }

  it("pages through the caller's subtree, oldest first, and nothing of another organization", async () => {
    for (const [code, county] of [
      ["DEA", counties.dea],
      ["OTH", counties.oth],
    ] as const) {
      const expected = await subtreeSeqs(code);
      expect(expected.length, code).toBeGreaterThan(3);
      const seen: number[] = [];
      for (;;) {
        const items = await page(county.tokens.supervisor, `after=${seen.at(-1) ?? 0}&limit=3`);
        expect(items.length).toBeLessThanOrEqual(3);
        seen.push(...items.map((item) => item.seq));
        if (items.length < 3) break;
      }
      expect(seen, code).toEqual(expected);
    }
  });

  it("filters by subject", async () => {
    const subject = `round:${counties.dea.roundId}`;
    const expected = await subtreeSeqs("DEA", subject);
    expect(expected.length).toBeGreaterThan(1); // created, locked
    const items = await page(counties.dea.tokens.supervisor, `subject=${encodeURIComponent(subject)}`);
    expect(items.map((item) => item.seq)).toEqual(expected);
    expect(new Set(items.map((item) => item.subject))).toEqual(new Set([subject]));
    expect(await page(counties.oth.tokens.supervisor, `subject=${encodeURIComponent(subject)}`)).toEqual([]);
  });
});

describe("the audit_events table", () => {
  it.each([
    ["UPDATE", "update audit_events set action = 'forged' where seq = 1"],
    ["DELETE", "delete from audit_events where seq = 1"],
    ["TRUNCATE", "truncate audit_events"],
  ])("refuses %s", async (operation, statement) => {
    const client = postgres(testDb.url, { max: 1, onnotice: () => {} });
    try {
      await expect(client.unsafe(statement)).rejects.toThrow(new RegExp(`append-only: ${operation} refused`));
    } finally {
      await client.end();
    }
    const [first] = await queryRows<{ action: string }>(testDb.database.db, sql`select action from audit_events where seq = 1`);
    expect(first?.action).toBe("demo.seed");
  });
});

describe("ssj audit", () => {
  it("verify exits 0 and prints the head of an intact chain", async () => {
    const head = await auditHead(testDb.database.db);
    const result = await runCli(["audit", "verify"], { DATABASE_URL: testDb.url });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`verified ${head.seq} events; head ${head.seq} ${head.hash}\n`);
  });

  it("head prints SEQ HASH of the last event", async () => {
    const head = await auditHead(testDb.database.db);
    expect(head.seq).toBeGreaterThan(3);
    const result = await runCli(["audit", "head"], { DATABASE_URL: testDb.url });
    expect(result.code).toBe(0);
    expect(lines(result.stdout)).toEqual([`${head.seq} ${head.hash}`]);
    expect(head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("verify exits non-zero naming the first row changed behind the trigger's back", async () => {
    const own = await createTestDatabase();
    const api = await buildTestApp(own.database);
    try {
      const { dea } = await seedTwoCounties(own.database);
      expect((await runCli(["audit", "verify"], { DATABASE_URL: own.url })).code).toBe(0);

      const client = postgres(own.url, { max: 1, onnotice: () => {} });
      try {
        await client.begin(async (tx) => {
          await tx.unsafe("set local session_replication_role = replica");
          await tx.unsafe(`update audit_events set payload = '{"x":1}' where seq = 3`);
        });
      } finally {
        await client.end();
      }

      const result = await runCli(["audit", "verify"], { DATABASE_URL: own.url });
      expect(result.code).not.toBe(0);
      expect(firstLine(result.stderr)).toMatch(/\bevent 3\b/);
      expect(result.stdout).toBe("");

      const overHttp = await api.app.inject({ method: "GET", url: "/api/v1/audit/verify", headers: bearer(dea.tokens.discipline) });
      expect(overHttp.json()).toMatchObject({ ok: false, seq: 3 });
    } finally {
      await api.close();
      await own.drop();
    }
  });
});
