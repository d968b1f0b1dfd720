// Importing past findings (历史问题导入): attached to the imported rounds by 文号, all or
// nothing, safe to run again; and the CLI report commands on the same data.
import { mkdtemp, readFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client";
import { findings } from "../../src/db/schema";
import { csvField, csvLine } from "../../src/services/reports/export/csv";
import { summaryReport } from "../../src/services/reports/summary";
import { bearer, buildTestApp, type TestApp } from "../helpers/app";
import { runCli } from "../helpers/cli";
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

const header = "文号,单位编码,事项编码,问题描述,严重程度,下发日期,整改期限,销号日期";
const goodRows = [
  "东阿编办双随机〔2020〕1号,DEA-GAJ,ITEM-2,治安管理职责台账不完整,一般,2020-11-10,2021-01-09,2021-01-05",
  "东阿编办双随机〔2021〕1号,DEA-MZJ,ITEM-3,权责清单未及时调整,严重,2021/7/1,2021/9/29,",
];

async function upload(lines: string[]) {
  return app.app.inject({
    method: "POST",
    url: "/api/v1/imports/findings?filename=past.csv",
    headers: { ...bearer(world.tokens["zhang.supervisor"] ?? ""), "content-type": "text/csv" },
    payload: `\uFEFF${[header, ...lines].join("\r\n")}\r\n`,
  });
}

describe("importing past findings", () => {
  it("attaches each row to the imported round's inspection of the department, with its outcome", async () => {
    const before = await summaryReport(test.database.db, { ...world.supervisor }, { from: "2019-01-01" });
    const response = await upload(goodRows);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ rows: 2, added: 2, updated: 0, unchanged: 0, accepted: 1, open: 1 });
    const after = await summaryReport(test.database.db, { ...world.supervisor }, { from: "2019-01-01" });
    expect(after.totals.findings).toBe(before.totals.findings + 2);
    expect(after.totals.rectifiedOnTime).toBe(before.totals.rectifiedOnTime + 1);
    expect(after.totals.overdueNow).toBe(before.totals.overdueNow + 1);
    const [row] = await queryRows<{ imported: boolean; inspection: boolean; due_on: string; working_days: number }>(
      test.database.db,
      sql`select f.imported, f.inspection_id is not null as inspection, d.due_on::text, d.working_days from findings f join finding_deadlines d on d.finding_id = f.id where f.description = '治安管理职责台账不完整'`,
    );
    expect(row).toMatchObject({ imported: true, inspection: true, due_on: "2021-01-09" });
    expect(row?.working_days).toBeGreaterThan(30);
  });

  it("changes nothing when the same file comes again, and updates what a later file changed", async () => {
    expect((await upload(goodRows)).json()).toMatchObject({ added: 0, updated: 0, unchanged: 2 });
    const accepted = goodRows[1]?.replace(/,$/, ",2021-09-30") ?? "";
    expect((await upload([goodRows[0] ?? "", accepted])).json()).toMatchObject({ added: 0, updated: 1, unchanged: 1, accepted: 2 });
    const [finding] = await test.database.db.select().from(findings).where(eq(findings.description, "权责清单未及时调整"));
    expect(finding?.status).toBe("accepted");
    // accepted a day after its deadline: late
    const report = await summaryReport(test.database.db, { ...world.supervisor }, { from: "2021-01-01", to: "2021-12-31" });
    expect(report.totals.rectifiedLate).toBe(1);
  });

  it("refuses the whole file, listing each bad row, when a round or a department is unknown", async () => {
    const count = async () => (await queryRows<{ n: number }>(test.database.db, sql`select count(*)::int as n from findings`))[0]?.n;
    const before = await count();
    const response = await upload([
      "东阿编办双随机〔2020〕1号,DEA-GAJ,ITEM-1,新问题一,一般,2020-11-10,2021-01-09,",
      "东阿编办双随机〔2030〕9号,DEA-GAJ,ITEM-1,不存在的轮次,一般,2020-11-10,2021-01-09,",
      "东阿编办双随机〔2020〕1号,DEA-NOPE,ITEM-1,不存在的单位,一般,2020-11-10,2021-01-09,",
      "东阿编办双随机〔2020〕1号,DEA-FGJ,ITEM-1,该轮未检查此单位,一般,2020-11-10,2021-01-09,",
      `报表测试〔2026〕1号,DEA-GAJ,ITEM-1,系统轮次,一般,2020-11-10,2021-01-09,`,
      "东阿编办双随机〔2020〕1号,DEA-GAJ,ITEM-1,期限早于下发,特别,2020-11-10,2020-11-01,",
    ]);
    expect(response.statusCode).toBe(400);
    const details = response.json<{ error: { details: { totalBad: number; badRows: { row: number; message: string }[] } } }>().error
      .details;
    expect(details.totalBad).toBe(5);
    expect(details.badRows.map((r) => r.row)).toEqual([3, 4, 5, 6, 7]);
    expect(details.badRows[0]?.message).toMatch(/no round 东阿编办双随机〔2030〕9号/);
    expect(details.badRows[1]?.message).toMatch(/no department DEA-NOPE/);
    expect(details.badRows[2]?.message).toMatch(/did not inspect DEA-FGJ/);
    expect(details.badRows[4]?.message).toMatch(/严重程度.*整改期限|整改期限.*before/);
    expect(await count()).toBe(before);
  });

  it("is refused to a discipline officer", async () => {
    const response = await app.app.inject({
      method: "POST",
      url: "/api/v1/imports/findings",
      headers: { ...bearer(world.tokens["zhao.discipline"] ?? ""), "content-type": "text/csv" },
      payload: header,
    });
    expect(response.statusCode).toBe(403);
  });
});

describe("csvField (RFC 4180)", () => {
  it.each([
    ["plain", "plain"],
    ["中文，全角逗号", "中文，全角逗号"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r", '"cr\r"'],
    [" padded", '" padded"'],
    ["=SUM(A1)", "'=SUM(A1)"],
    ["-1+2", "'-1+2"],
    ["@cmd", "'@cmd"],
    ["", ""],
  ])("%j → %j", (value, expected) => expect(csvField(value)).toBe(expected));

  it("leaves numbers alone, negative ones included, and writes null as an empty field", () => {
    expect(csvLine([-3, 0, 1.5, null, "x"])).toBe("-3,0,1.5,,x\r\n");
  });
});

describe("ssj report", () => {
  it("writes the summary as CSV with a BOM to --out, and as JSON with the sentence", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "ssj-report-"));
    const file = path.join(dir, "summary.csv");
    const csv = await runCli(["report", "summary", "--from", "2019-01-01", "--format", "csv", "--table", "departments", "--out", file], {
      DATABASE_URL: test.url,
    });
    expect(csv.code, csv.stderr).toBe(0);
    const bytes = await readFile(file);
    expect(bytes.subarray(0, 3).toString("hex")).toBe("efbbbf");
    expect(bytes.subarray(3).toString("utf8").split("\r\n")[0]).toBe(
      "单位编码,单位名称,被检查次数,反馈问题,按期整改,延期后按期整改,逾期整改,未整改,当前逾期,移送纪检监察",
    );
    const json = await runCli(["report", "summary", "--from", "2019-01-01"], { DATABASE_URL: test.url });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout).sentence).toMatch(/^2019年以来，共开展双随机8次，抽查部门\d+个，反馈问题\d+项$/);
    const xlsx = path.join(dir, "overdue.xlsx");
    const sheet = await runCli(["report", "overdue", "--format", "xlsx", "--out", xlsx], { DATABASE_URL: test.url });
    expect(sheet.code, sheet.stderr).toBe(0);
    expect((await readFile(xlsx)).subarray(0, 2).toString()).toBe("PK");
  });

  it("publishes a round with `ssj round publish`", async () => {
    const result = await runCli(["round", "publish", world.roundId], { DATABASE_URL: test.url });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(`/public/rounds/${world.roundId}`);
    expect((await app.app.inject({ method: "GET", url: `/public/rounds/${world.roundId}` })).statusCode).toBe(200);
  });
});
