// Exports (JSON, CSV with BOM, streamed XLSX) and who may read what: discipline and supervisor
// every report of their subtree, a department only its own dossier, the public only published rounds.
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents } from "../../src/db/schema";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { reportWorld, type ReportWorld } from "./report-world";

let test: TestDatabase;
let app: TestApp;
let world: ReportWorld;

beforeAll(async () => {
  test = await createTestDatabase();
  world = await reportWorld(test.database);
  app = await buildTestApp(test.database);
});

afterAll(async () => {
  await app?.close();
  await test?.drop();
});

const token = (name: string) => world.tokens[name] ?? "";
type Table = { title: string; columns: { key: string; header: string }[]; rows: Record<string, string | number | null>[] };

async function get(url: string, name: string) {
  return app.app.inject({ method: "GET", url, headers: bearer(token(name)) });
}

async function jsonTables(url: string): Promise<Record<string, Table>> {
  const response = await get(url, "zhao.discipline");
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ tables: Record<string, Table> }>().tables;
}

/** A JSON row as text cells, the way a spreadsheet holds them. */
const asCells = (table: Table) =>
  table.rows.map((row) => table.columns.map((c) => (row[c.key] === null || row[c.key] === undefined ? "" : String(row[c.key]))));

describe("CSV exports", () => {
  it.each([
    ["/api/v1/reports/summary?from=2019-01-01", "totals"],
    ["/api/v1/reports/summary?from=2019-01-01", "departments"],
    ["/api/v1/reports/overdue", "overdue"],
    ["/api/v1/reports/departments/DEA-SCJGJ", "findings"],
    ["/api/v1/reports/inspectors?from=2019-01-01", "inspectors"],
  ])("%s (table %s) opens with Chinese headers after a BOM and holds the JSON's rows", async (url, name) => {
    const table = (await jsonTables(url))[name];
    if (!table) throw new Error(`no table ${name}`);
    const response = await get(`${url}${url.includes("?") ? "&" : "?"}format=csv&table=${name}`, "zhao.discipline");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers["content-disposition"]).toMatch(/^attachment; filename="ssj-[A-Za-z0-9._-]+\.csv"$/);
    const bytes = response.rawPayload;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = parse(bytes.subarray(3).toString("utf8"), { relaxColumnCount: false }) as string[][];
    expect(records[0]).toEqual(table.columns.map((c) => c.header));
    expect(records.slice(1)).toEqual(asCells(table));
    expect(table.rows.length).toBeGreaterThan(0);
  });

  it("gives the totals when no table is named, and refuses a table the report lacks", async () => {
    const plain = await get("/api/v1/reports/summary?from=2019-01-01&format=csv", "zhao.discipline");
    expect(plain.body.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("指标代码,指标,数值");
    const wrong = await get("/api/v1/reports/summary?format=csv&table=nope", "zhao.discipline");
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json<{ error: { message: string } }>().error.message).toMatch(/no table nope; its tables are totals, byItem/);
  });
});

describe("XLSX exports", () => {
  it("writes one sheet per table, Chinese headers, the JSON's rows", async () => {
    const tables = await jsonTables("/api/v1/reports/summary?from=2019-01-01");
    const response = await get("/api/v1/reports/summary?from=2019-01-01&format=xlsx", "zhao.discipline");
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(Object.values(tables).map((table) => table.title));
    for (const table of Object.values(tables)) {
      const sheet = workbook.getWorksheet(table.title);
      if (!sheet) throw new Error(`no sheet ${table.title}`);
      const values: string[][] = [];
      sheet.eachRow((row) =>
        values.push(
          table.columns.map((_c, i) => {
            const v = row.getCell(i + 1).value;
            return v === null || v === undefined ? "" : String(v);
          }),
        ),
      );
      expect(values[0], table.title).toEqual(table.columns.map((c) => c.header));
      expect(values.slice(1), table.title).toEqual(asCells(table));
    }
  });

  it("keeps numbers as numbers", async () => {
    const response = await get("/api/v1/reports/summary?from=2019-01-01&format=xlsx&table=totals", "zhao.discipline");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    expect(workbook.worksheets).toHaveLength(1);
    expect(typeof workbook.worksheets[0]?.getRow(2).getCell(3).value).toBe("number");
  });
});

describe("the overdue worklist", () => {
  it("pages, with the total", async () => {
    const first = await get("/api/v1/reports/overdue?limit=2&offset=0", "zhao.discipline");
    const body = first.json<{ total: number; page: { limit: number; offset: number }; tables: { overdue: Table } }>();
    expect(body.total).toBe(3);
    expect(body.tables.overdue.rows).toHaveLength(2);
    const rest = (await get("/api/v1/reports/overdue?limit=2&offset=2", "zhao.discipline")).json<{ tables: { overdue: Table } }>();
    expect(rest.tables.overdue.rows).toHaveLength(1);
    const ids = [...body.tables.overdue.rows, ...rest.tables.overdue.rows].map((row) => row.findingId);
    expect(new Set(ids).size).toBe(3);
  });

  it("lists the L3 referral", async () => {
    const body = (await get("/api/v1/reports/referrals", "zhao.discipline")).json<{ total: number; tables: { referrals: Table } }>();
    expect(body.total).toBe(1);
    expect(body.tables.referrals.rows[0]).toMatchObject({ description: "报表测试问题 overdue", severity: "紧急" });
  });
});

describe("who reads which report", () => {
  it.each(["zhao.discipline", "zhang.supervisor", "admin"])("%s reads every report", async (name) => {
    for (const url of [
      "/api/v1/reports/summary",
      "/api/v1/reports/overdue",
      "/api/v1/reports/referrals",
      "/api/v1/reports/inspectors",
      "/api/v1/reports/departments/DEA-FGJ",
    ]) {
      expect((await get(url, name)).statusCode, `${name} ${url}`).toBe(200);
    }
  });

  it("refuses the summary and worklists to a department, an inspector and a viewer", async () => {
    for (const name of ["wang.department", "li.inspector", "viewer"]) {
      for (const url of ["/api/v1/reports/summary", "/api/v1/reports/overdue", "/api/v1/reports/referrals", "/api/v1/reports/inspectors"]) {
        expect((await get(url, name)).statusCode, `${name} ${url}`).toBe(403);
      }
    }
  });

  it("shows a department its own dossier, issued findings only, and no other department's", async () => {
    const own = await get("/api/v1/reports/departments/DEA-SCJGJ", "wang.department");
    expect(own.statusCode).toBe(200);
    const other = await get("/api/v1/reports/departments/DEA-FGJ", "wang.department");
    expect(other.statusCode).toBe(404);
    const findings = own.json<{ tables: { findings: Table; inspections: Table } }>().tables;
    // the 2019 and 2022 rounds inspected it; the 2022 one fed back one problem
    expect(findings.inspections.rows.map((row) => row.roundNumber)).toEqual(
      expect.arrayContaining(["东阿编办双随机〔2019〕1号", "东阿编办双随机〔2022〕1号"]),
    );
    expect(findings.findings.rows.every((row) => row.status !== "已记录(未下发)")).toBe(true);
  });

  it("answers 401 without a token", async () => {
    expect((await app.app.inject({ method: "GET", url: "/api/v1/reports/summary" })).statusCode).toBe(401);
  });
});

describe("publishing a round (一公开)", () => {
  it("keeps an unpublished round off the public pages", async () => {
    expect((await app.app.inject({ method: "GET", url: `/public/rounds/${world.roundId}` })).statusCode).toBe(404);
    expect((await app.app.inject({ method: "GET", url: "/public/rounds/not-a-round" })).statusCode).toBe(404);
  });

  it("lets a supervisor publish, audited, but not a discipline officer", async () => {
    const refused = await app.app.inject({
      method: "POST",
      url: `/api/v1/rounds/${world.roundId}/publish`,
      headers: bearer(token("zhao.discipline")),
    });
    expect(refused.statusCode).toBe(403);
    const published = await app.app.inject({
      method: "POST",
      url: `/api/v1/rounds/${world.roundId}/publish`,
      headers: bearer(token("zhang.supervisor")),
    });
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ alreadyPublished: false, publicPath: `/public/rounds/${world.roundId}` });
    const again = await app.app.inject({
      method: "POST",
      url: `/api/v1/rounds/${world.roundId}/publish`,
      headers: bearer(token("zhang.supervisor")),
    });
    expect(again.json()).toMatchObject({ alreadyPublished: true });
    const events = await test.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(eq(auditEvents.subject, `round:${world.roundId}`));
    expect(events.filter((e) => e.action === "round.publish")).toHaveLength(1);
  });

  it("serves the published round without a token: public fields and the hashes to verify, never contacts", async () => {
    const response = await app.app.inject({ method: "GET", url: `/public/rounds/${world.roundId}` });
    expect(response.statusCode).toBe(200);
    const body = response.json<{
      departments: { code: string }[];
      findings: { total: number; open: number };
      draws: { kind: string; resultHash: string; manifestHash: string }[];
      audit: { head: { seq: number; hash: string }; publication: { seq: number } };
    }>();
    expect(body.departments.length).toBeGreaterThan(0);
    expect(body.findings.total).toBe(5);
    expect(body.draws).toHaveLength(1);
    expect(body.draws[0]?.resultHash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.draws[0]?.manifestHash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.audit.head.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(body.audit.publication.seq).toBeLessThanOrEqual(body.audit.head.seq);
    // no phone numbers, e-mail addresses, people's names or problem texts
    expect(response.body).not.toMatch(/1390\d{7}|@example\.gov\.cn|报表测试问题|contact|phone|email/i);
  });

  it("prints as an HTML 公示 page with the audit head", async () => {
    const response = await app.app.inject({ method: "GET", url: `/public/rounds/${world.roundId}`, headers: { accept: "text/html" } });
    expect(response.headers["content-type"]).toMatch(/^text\/html/);
    expect(response.body).toContain("结果公示");
    expect(response.body).toMatch(/审计链头 Audit chain head: seq \d+/);
    expect(response.body).not.toMatch(/1390\d{7}|@example\.gov\.cn/);
  });
});
