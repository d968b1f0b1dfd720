// History import on real PostgreSQL: past rounds from CSV (UTF-8, GB18030) and XLSX, all or
// nothing, upsert by 文号, and what a lock's snapshot then sees of them.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, sql } from "drizzle-orm";
import { auditEvents, inspectionMembers, inspections, inspectors, organizations, rounds } from "../../src/db/schema";
import type { Department, HistoryEntry } from "../../src/domain/draw/types";
import { BadRequestError } from "../../src/errors";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { importHistory } from "../../src/services/history/history-service";
import type { ImportRefusal } from "../../src/services/imports/import-types";
import { createOrg, type Organization } from "../../src/services/orgs/org-service";
import { createDepartment } from "../../src/services/registries/department-service";
import { createInspector } from "../../src/services/registries/inspector-service";
import { createItem } from "../../src/services/registries/item-service";
import { departmentInputSchema, inspectorInputSchema, itemInputSchema } from "../../src/services/registries/registry-types";
import { createRound, lockRound } from "../../src/services/rounds/round-service";
import { roundInputSchema } from "../../src/services/rounds/round-types";
import { loadSnapshotList } from "../../src/services/rounds/snapshot-store";
import { operatorPrincipal } from "../../src/services/scope";
import { buildTestApp, bearer, type TestApp } from "../helpers/app";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { csv, gb18030, source, utf8WithBom, xlsx } from "../imports/import-helpers";
import { testConfig } from "../helpers/config";

const operator = operatorPrincipal("history-tests");
const header = ["文号", "日期", "单位编码", "检查组成员", "组长"];

let test: TestDatabase;
let orgCounter = 0;

beforeAll(async () => {
  test = await createTestDatabase();
});

afterAll(async () => {
  await test?.drop();
});

/** An organization with departments X-D1..X-D3, inspectors X-I1..X-I4 (home X-D3) and one item. */
async function newCounty(): Promise<{ org: Organization; p: string }> {
  orgCounter++;
  const p = `H${orgCounter}`;
  const { db } = test.database;
  const org = await createOrg(db, operator, { code: p, name: `历史测试编办${orgCounter}`, parentCode: null });
  for (const n of [1, 2, 3])
    await createDepartment(db, operator, org, departmentInputSchema.parse({ code: `${p}-D${n}`, name: `${p}单位${n}`, kind: "政府部门" }));
  for (const n of [1, 2, 3, 4])
    await createInspector(
      db,
      operator,
      org,
      inspectorInputSchema.parse({ code: `${p}-I${n}`, name: `${p}检查员${n}`, homeDepartmentCode: `${p}-D3` }),
    );
  await createItem(db, operator, org, itemInputSchema.parse({ code: `${p}-ITEM`, name: "抽查事项" }));
  return { org, p };
}

function historyCsv(p: string): string {
  return csv([
    header,
    [`${p}〔2023〕1号`, "2023/5/23", `${p}-D1`, `${p}-I1、${p}-I2`, `${p}-I2`],
    [`${p}〔2023〕1号`, "2023-05-23", `${p}-D2`, `${p}-I3;${p}-I4`, ""],
    [`${p}〔2024〕1号`, "2024年3月5日", `${p}-D1`, `${p}-I3 ${p}-I4`, `${p}-I1`],
  ]);
}

async function tally(org: Organization) {
  const { db } = test.database;
  const [r] = await db.select({ n: count() }).from(rounds).where(eq(rounds.orgId, org.id));
  const [i] = await db.select({ n: count() }).from(inspections).where(eq(inspections.orgId, org.id));
  const [m] = await db
    .select({ n: count() })
    .from(inspectionMembers)
    .innerJoin(inspections, eq(inspections.id, inspectionMembers.inspectionId))
    .where(eq(inspections.orgId, org.id));
  const [a] = await db.select({ n: count() }).from(auditEvents);
  return { rounds: r?.n, inspections: i?.n, members: m?.n, audit: a?.n };
}

async function refusal(promise: Promise<unknown>): Promise<{ message: string; details: ImportRefusal }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BadRequestError);
  return { message: (error as BadRequestError).message, details: (error as BadRequestError).details as ImportRefusal };
}

describe("importHistory", () => {
  it("imports a UTF-8 CSV: closed, imported rounds with their inspections and teams", async () => {
    const { org, p } = await newCounty();
    const summary = await importHistory(test.database, operator, org, source(utf8WithBom(historyCsv(p)), "history.csv"));
    expect(summary).toMatchObject({
      format: "csv",
      encoding: "utf-8",
      rows: 3,
      rounds: 2,
      roundsAdded: 2,
      inspectionsAdded: 3,
      membersAdded: 7,
    });
    const imported = await test.database.db.select().from(rounds).where(eq(rounds.orgId, org.id)).orderBy(rounds.number);
    expect(imported.map((r) => [r.number, r.status, r.imported, r.heldOn])).toEqual([
      [`${p}〔2023〕1号`, "closed", true, "2023-05-23"],
      [`${p}〔2024〕1号`, "closed", true, "2024-03-05"],
    ]);
    const team = await test.database.db
      .select({
        code: inspectors.code,
        leader: inspectionMembers.leader,
        source: inspectionMembers.source,
        startsOn: inspections.startsOn,
        drawId: inspections.drawId,
      })
      .from(inspectionMembers)
      .innerJoin(inspections, eq(inspections.id, inspectionMembers.inspectionId))
      .innerJoin(inspectors, eq(inspectors.id, inspectionMembers.inspectorId))
      .where(eq(inspections.roundId, imported[1]?.id ?? ""))
      .orderBy(inspectors.code);
    // the 组长 not listed among the members joins the team
    expect(team).toEqual([
      { code: `${p}-I1`, leader: true, source: "import", startsOn: "2024-03-05", drawId: null },
      { code: `${p}-I3`, leader: false, source: "import", startsOn: "2024-03-05", drawId: null },
      { code: `${p}-I4`, leader: false, source: "import", startsOn: "2024-03-05", drawId: null },
    ]);
  });

  it("reads GB18030 CSV and XLSX alike; importing the same rows again adds nothing", async () => {
    const { org, p } = await newCounty();
    const first = await importHistory(test.database, operator, org, source(gb18030(historyCsv(p)), "history.csv"));
    expect(first).toMatchObject({ encoding: "gb18030", roundsAdded: 2, inspectionsAdded: 3, membersAdded: 7 });
    const before = await tally(org);
    const sheet = await xlsx([
      header,
      [`${p}〔2023〕1号`, new Date(Date.UTC(2023, 4, 23)), `${p}-D1`, `${p}-I1、${p}-I2`, `${p}-I2`],
      [`${p}〔2023〕1号`, "2023-05-23", `${p}-D2`, `${p}-I3;${p}-I4`, ""],
      [`${p}〔2024〕1号`, "2024-03-05", `${p}-D1`, `${p}-I3 ${p}-I4`, `${p}-I1`],
    ]);
    // 4096-byte chunks: see the note on exceljs in docs/history.md
    const again = await importHistory(test.database, operator, org, source(sheet, "history.xlsx", 4096));
    expect(again).toMatchObject({ format: "xlsx", rows: 3, rounds: 2, roundsAdded: 0, inspectionsAdded: 0, membersAdded: 0 });
    const after = await tally(org);
    expect({ ...after, audit: undefined }).toEqual({ ...before, audit: undefined });
    // a later file may add a department to a round imported before
    const more = await importHistory(
      test.database,
      operator,
      org,
      source(Buffer.from(csv([header, [`${p}〔2024〕1号`, "2024-03-05", `${p}-D2`, `${p}-I2`, ""]])), "more.csv"),
    );
    expect(more).toMatchObject({ roundsAdded: 0, inspectionsAdded: 1, membersAdded: 1 });
  });

  it("refuses a file with bad rows, lists them, and changes nothing", async () => {
    const { org, p } = await newCounty();
    await importHistory(test.database, operator, org, source(Buffer.from(historyCsv(p)), "history.csv"));
    const before = await tally(org);
    const file = csv([
      header,
      [`${p}〔2025〕1号`, "2025-06-10", `${p}-D1`, `${p}-I1`, ""],
      [`${p}〔2025〕1号`, "2025-06-11", `${p}-D2`, `${p}-I2`, ""],
      [`${p}〔2025〕2号`, "2025-02-30", `${p}-D1`, `${p}-I1`, ""],
      [`${p}〔2025〕3号`, "2025-07-01", "NO-SUCH", `${p}-I1、NOBODY`, ""],
      [`${p}〔2025〕3号`, "2025-07-01", `${p}-D3`, `${p}-I1`, ""],
      [`${p}〔2025〕3号`, "2025-07-01", `${p}-D3`, `${p}-I2`, ""],
      [`${p}〔2024〕1号`, "2024-03-06", `${p}-D3`, `${p}-I1`, ""],
      [`${p}〔2099〕1号`, "2099-01-01", `${p}-D1`, `${p}-I1`, ""],
      ["", "2025-07-01", `${p}-D1`, "", ""],
    ]);
    const { message, details } = await refusal(importHistory(test.database, operator, org, source(Buffer.from(file), "bad.csv")));
    expect(message).toBe("history import refused: 7 bad rows");
    expect(details.totalBad).toBe(7);
    expect(details.badRows.map((bad) => bad.row)).toEqual([3, 4, 5, 7, 8, 9, 10]);
    const byRow = new Map(details.badRows.map((bad) => [bad.row, bad.message]));
    expect(byRow.get(3)).toMatch(/dated 2025-06-10 on row 2/);
    expect(byRow.get(4)).toMatch(/not a date/);
    expect(byRow.get(5)).toMatch(/no department NO-SUCH.*no inspector NOBODY/);
    expect(byRow.get(7)).toMatch(/twice \(first on row 6\)/);
    expect(byRow.get(8)).toMatch(/imported as held on 2024-03-05/);
    expect(byRow.get(9)).toMatch(/in the future/);
    expect(byRow.get(10)).toMatch(/文号 is required/);
    expect(await tally(org)).toEqual(before);
  });

  it("puts imported rounds into a lock's snapshot: lastInspectedOn and the recusal history", async () => {
    const { org, p } = await newCounty();
    await importHistory(test.database, operator, org, source(Buffer.from(historyCsv(p)), "history.csv"));
    const round = await createRound(
      test.database,
      operator,
      org,
      roundInputSchema.parse({
        title: "快照测试",
        number: `${p}〔2026〕9号`,
        seedSource: "witness",
        notice: { mode: "at-draw" },
        params: {
          strata: [{ name: "全部", allOf: [], count: 1 }],
          exclusions: { inspectedWithinDays: null, inspectedThisYear: false },
          team: { size: 1, roles: [], capPerInspector: 1, recusalDays: 3650, alternates: 0 },
          items: [`${p}-ITEM`],
        },
      }),
    );
    const lock = await lockRound(test.database, operator, round.id);
    const departmentsList = await loadSnapshotList<Department>(test.database.db, lock.departmentsHash);
    expect(departmentsList.map((d) => [d.id, d.lastInspectedOn])).toEqual([
      [`${p}-D1`, "2024-03-05"],
      [`${p}-D2`, "2023-05-23"],
      [`${p}-D3`, null],
    ]);
    const history = await loadSnapshotList<HistoryEntry>(test.database.db, lock.historyHash);
    expect(history).toEqual([
      { inspectorId: `${p}-I1`, departmentId: `${p}-D1`, inspectedOn: "2023-05-23" },
      { inspectorId: `${p}-I1`, departmentId: `${p}-D1`, inspectedOn: "2024-03-05" },
      { inspectorId: `${p}-I2`, departmentId: `${p}-D1`, inspectedOn: "2023-05-23" },
      { inspectorId: `${p}-I3`, departmentId: `${p}-D1`, inspectedOn: "2024-03-05" },
      { inspectorId: `${p}-I3`, departmentId: `${p}-D2`, inspectedOn: "2023-05-23" },
      { inspectorId: `${p}-I4`, departmentId: `${p}-D1`, inspectedOn: "2024-03-05" },
      { inspectorId: `${p}-I4`, departmentId: `${p}-D2`, inspectedOn: "2023-05-23" },
    ]);
  });
});

describe("the demo county's history", () => {
  let app: TestApp | undefined;

  afterAll(async () => {
    await app?.close();
  });

  it("is loaded by seedDemo: 7 rounds since 2019; the README's CSV of them adds nothing; a second seed adds nothing", async () => {
    const { db } = test.database;
    const seeded = await seedDemo(db, operator, 90, testConfig);
    if (!seeded.loaded) throw new Error("the demo was loaded already");
    const [dea] = await db.select().from(organizations).where(eq(organizations.code, "DEA"));
    if (!dea) throw new Error("no DEA");
    const past = await db
      .select()
      .from(rounds)
      .where(and(eq(rounds.orgId, dea.id), eq(rounds.imported, true)));
    expect(past).toHaveLength(7);
    expect(past.every((r) => r.status === "closed")).toBe(true);
    const before = await tally(dea);
    expect(before.inspections).toBe(49);

    app = await buildTestApp(test.database);
    const token = (role: string) => seeded.tokens.find((t) => t.role === role)?.token ?? "";
    const file = readFileSync(new URL("../fixtures/history/county-rounds.csv", import.meta.url));
    const refused = await app.app.inject({
      method: "POST",
      url: "/api/v1/imports/history",
      headers: { ...bearer(token("viewer")), "content-type": "text/csv" },
      payload: file,
    });
    expect(refused.statusCode).toBe(403);
    const response = await app.app.inject({
      method: "POST",
      url: "/api/v1/imports/history?filename=county-rounds.csv",
      headers: { ...bearer(token("supervisor")), "content-type": "text/csv" },
      payload: file,
    });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ rows: 49, rounds: 7, roundsAdded: 0, inspectionsAdded: 0, membersAdded: 0 });

    const bad = await app.app.inject({
      method: "POST",
      url: "/api/v1/imports/history",
      headers: { ...bearer(token("admin")), "content-type": "application/octet-stream" },
      payload: Buffer.from(csv([header, ["东阿〔2020〕9号", "2020-01-01", "DEA-NOPE", "", ""]])),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { details: { totalBad: 1, badRows: [{ row: 2, code: "DEA-NOPE" }] } } });

    expect(await seedDemo(db, operator, 90, testConfig)).toMatchObject({ loaded: false });
    const after = await tally(dea);
    expect({ ...after, audit: undefined }).toEqual({ ...before, audit: undefined });
    const [history] = await db.select({ n: count() }).from(auditEvents).where(sql`${auditEvents.action} = 'history.import'`);
    expect(history?.n).toBeGreaterThan(0);
  });
});
