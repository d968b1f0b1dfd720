import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq, sql } from "drizzle-orm";
import { auditEvents, departmentNames, departments } from "../../src/db/schema";
import { BadRequestError } from "../../src/errors";
import { importRegistry } from "../../src/services/imports/import-service";
import type { ImportRefusal, ImportSource } from "../../src/services/imports/import-types";
import { createOrg, type Organization } from "../../src/services/orgs/org-service";
import { operatorPrincipal } from "../../src/services/scope";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { csv, gb18030, source, utf8WithBom, xlsx } from "./import-helpers";

const operator = operatorPrincipal("test");
const header = ["单位编码", "单位名称", "单位类别", "标签", "联系人", "联系电话", "状态", "上次检查日期"];

let test: TestDatabase;
let orgCounter = 0;

beforeAll(async () => {
  test = await createTestDatabase();
});

afterAll(async () => {
  await test?.drop();
});

async function newOrg(): Promise<Organization> {
  orgCounter++;
  return createOrg(test.database.db, operator, { code: `ORG${orgCounter}`, name: `测试编办${orgCounter}` });
}

function importDepartments(org: Organization, from: ImportSource, deactivateMissing = false) {
  return importRegistry(test.database, operator, org, "departments", from, { deactivateMissing });
}

async function refusal(promise: Promise<unknown>): Promise<{ message: string; details: ImportRefusal }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BadRequestError);
  const bad = error as BadRequestError;
  return { message: bad.message, details: bad.details as ImportRefusal };
}

async function departmentsOf(org: Organization) {
  return test.database.db.select().from(departments).where(eq(departments.orgId, org.id)).orderBy(asc(departments.code));
}

describe("importRegistry: departments", () => {
  it("imports a UTF-8 CSV with a BOM, Chinese headers, tags, status and dates", async () => {
    const org = await newOrg();
    const file = csv([
      header,
      ["A-FIN", "某县财政局", "政府部门", "finance；big、key", "王五", "13800000001", "在用", "2024/3/5"],
      ["A-EDU", "某县教育局", "政府部门", "", "", "", "停用", ""],
    ]);
    const summary = await importDepartments(org, source(utf8WithBom(file), "departments.csv"));
    expect(summary).toMatchObject({
      kind: "departments",
      format: "csv",
      encoding: "utf-8",
      rows: 2,
      inserted: 2,
      updated: 0,
      unchanged: 0,
      deactivated: 0,
    });
    const rows = await departmentsOf(org);
    expect(rows.map((row) => [row.code, row.name, row.tags, row.active, row.lastInspectedOn, row.contactName])).toEqual([
      ["A-EDU", "某县教育局", [], false, null, null],
      ["A-FIN", "某县财政局", ["big", "finance", "key"], true, "2024-03-05", "王五"],
    ]);
  });

  it("imports a GB18030 CSV, as Chinese Excel saves it, with the Chinese names intact", async () => {
    const org = await newOrg();
    const names = ["东阿县发展和改革局", "东阿县市场监督管理局", "铜城街道办事处", "𠀀字测试单位"];
    const file = csv([
      ["单位编码", "单位名称", "单位类别"],
      ...names.map((name, index) => [`G-${index}`, name, index === 2 ? "乡镇街道" : "政府部门"]),
    ]);
    const summary = await importDepartments(org, source(gb18030(file), "单位.csv"));
    expect(summary).toMatchObject({ encoding: "gb18030", rows: 4, inserted: 4 });
    const rows = await departmentsOf(org);
    expect(rows.map((row) => row.name)).toEqual(names);
    expect(rows.map((row) => row.kind)).toEqual(["政府部门", "政府部门", "乡镇街道", "政府部门"]);
  });

  it("accepts English headers in any case and spelling", async () => {
    const org = await newOrg();
    const file = csv([
      ["Code", "Name", "KIND", "contact_name", "Head Phone", "status", "ignored column"],
      ["E-1", "Finance Bureau", "government", "Wang", "139", "inactive", "whatever"],
    ]);
    await importDepartments(org, source(Buffer.from(file)));
    const [row] = await departmentsOf(org);
    expect(row).toMatchObject({ code: "E-1", name: "Finance Bureau", contactName: "Wang", headPhone: "139", active: false });
  });

  it("refuses an XLSX with one bad row, naming that row, and imports nothing", async () => {
    const org = await newOrg();
    const file = await xlsx([
      header,
      ["X-1", "某县审计局", "政府部门", "audit", "", "", "在用", new Date(Date.UTC(2024, 0, 15))],
      ["X-2", "某县统计局", "政府部门", "", "", "", "在用", ""],
      ["X-3", "", "政府部门", "", "", "", "在用", ""],
      ["X-4", "某县林业局", "政府部门", "", "", "", "在用", ""],
    ]);
    const { message, details } = await refusal(importDepartments(org, source(file, "departments.xlsx", 4096)));
    expect(message).toBe("departments import refused: 1 bad row");
    expect(details).toEqual({ totalBad: 1, badRows: [{ row: 4, code: "X-3", message: "单位名称 is required" }] });
    expect(await departmentsOf(org)).toEqual([]);
  });

  it("imports an XLSX recognized by its content, with dates and numbers as cells", async () => {
    const org = await newOrg();
    const file = await xlsx([
      header,
      ["X-1", "某县审计局", "政府部门", "audit", "赵六", 13800000002, "在用", new Date(Date.UTC(2024, 0, 15))],
    ]);
    const summary = await importDepartments(org, source(file, undefined, 4096));
    expect(summary).toMatchObject({ format: "xlsx", encoding: null, inserted: 1 });
    const [row] = await departmentsOf(org);
    expect(row).toMatchObject({ code: "X-1", contactPhone: "13800000002", lastInspectedOn: "2024-01-15", tags: ["audit"] });
  });

  it("upserts by code: updates what changed, leaves the rest, and records a rename in department_names", async () => {
    const org = await newOrg();
    await importDepartments(
      org,
      source(
        Buffer.from(
          csv([header, ["U-1", "旧名称", "政府部门", "a", "联系人甲", "1", "", ""], ["U-2", "不变单位", "政府部门", "", "", "", "", ""]]),
        ),
      ),
    );
    const summary = await importDepartments(
      org,
      source(
        Buffer.from(
          csv([
            ["单位编码", "单位名称", "单位类别"],
            ["U-1", "新名称", "政府部门"],
            ["U-2", "不变单位", "政府部门"],
            ["U-3", "新增单位", "事业单位"],
          ]),
        ),
      ),
    );
    expect(summary).toMatchObject({ rows: 3, inserted: 1, updated: 1, unchanged: 1 });
    const rows = await departmentsOf(org);
    const renamed = rows.find((row) => row.code === "U-1");
    // columns the second file lacks (标签, 联系人, 联系电话) keep their values
    expect(renamed).toMatchObject({ name: "新名称", tags: ["a"], contactName: "联系人甲", contactPhone: "1" });
    const history = await test.database.db
      .select({ name: departmentNames.name })
      .from(departmentNames)
      .where(eq(departmentNames.departmentId, renamed?.id ?? ""))
      .orderBy(asc(departmentNames.validFrom), asc(departmentNames.name));
    expect(history.map((row) => row.name).sort()).toEqual(["新名称", "旧名称"].sort());
    const unchanged = rows.find((row) => row.code === "U-2");
    const unchangedHistory = await test.database.db
      .select()
      .from(departmentNames)
      .where(eq(departmentNames.departmentId, unchanged?.id ?? ""));
    expect(unchangedHistory).toHaveLength(1);
  });

  it("with --deactivate-missing marks 停用 the organization's departments the file lacks, and no one else's", async () => {
    const org = await newOrg();
    const other = await newOrg();
    await importDepartments(
      org,
      source(
        Buffer.from(
          csv([
            ["单位编码", "单位名称", "单位类别"],
            ["D-1", "甲", "政府部门"],
            ["D-2", "乙", "政府部门"],
            ["D-3", "丙", "政府部门"],
          ]),
        ),
      ),
    );
    await importDepartments(
      other,
      source(
        Buffer.from(
          csv([
            ["单位编码", "单位名称", "单位类别"],
            ["DO-1", "外单位", "政府部门"],
          ]),
        ),
      ),
    );
    const summary = await importDepartments(
      org,
      source(
        Buffer.from(
          csv([
            ["单位编码", "单位名称", "单位类别"],
            ["D-1", "甲", "政府部门"],
          ]),
        ),
      ),
      true,
    );
    expect(summary).toMatchObject({ rows: 1, unchanged: 1, deactivated: 2 });
    expect((await departmentsOf(org)).map((row) => [row.code, row.active])).toEqual([
      ["D-1", true],
      ["D-2", false],
      ["D-3", false],
    ]);
    expect((await departmentsOf(other)).map((row) => row.active)).toEqual([true]);
  });

  it("refuses a code that appears twice in the file, naming the second row", async () => {
    const org = await newOrg();
    const { details } = await refusal(
      importDepartments(
        org,
        source(
          Buffer.from(
            csv([
              ["单位编码", "单位名称", "单位类别"],
              ["T-1", "甲", "政府部门"],
              ["T-2", "乙", "政府部门"],
              ["T-1", "丙", "政府部门"],
            ]),
          ),
        ),
      ),
    );
    expect(details.totalBad).toBe(1);
    expect(details.badRows).toEqual([{ row: 4, code: "T-1", message: "the code T-1 appears more than once in the file (first on row 2)" }]);
    expect(await departmentsOf(org)).toEqual([]);
  });

  it("refuses a code that belongs to another organization's department, and changes neither", async () => {
    const owner = await newOrg();
    const org = await newOrg();
    await importDepartments(
      owner,
      source(
        Buffer.from(
          csv([
            ["单位编码", "单位名称", "单位类别"],
            ["O-1", "原单位", "政府部门"],
          ]),
        ),
      ),
    );
    const { details } = await refusal(
      importDepartments(
        org,
        source(
          Buffer.from(
            csv([
              ["单位编码", "单位名称", "单位类别"],
              ["N-1", "新单位", "政府部门"],
              ["O-1", "抢注", "政府部门"],
            ]),
          ),
        ),
      ),
    );
    expect(details.badRows).toEqual([{ row: 3, code: "O-1", message: "the code O-1 belongs to a department of another organization" }]);
    expect((await departmentsOf(owner)).map((row) => row.name)).toEqual(["原单位"]);
    expect(await departmentsOf(org)).toEqual([]);
  });

  it("lists the first 100 bad rows and counts them all", async () => {
    const org = await newOrg();
    const rows = [["单位编码", "单位名称", "单位类别"]];
    for (let index = 0; index < 250; index++) rows.push([`B-${index}`, index % 2 === 0 ? "" : `单位${index}`, "政府部门"]);
    const { message, details } = await refusal(importDepartments(org, source(Buffer.from(csv(rows)), undefined, 1024)));
    expect(message).toBe("departments import refused: 125 bad rows");
    expect(details.totalBad).toBe(125);
    expect(details.badRows).toHaveLength(100);
    expect(details.badRows[0]).toEqual({ row: 2, code: "B-0", message: "单位名称 is required" });
    expect(details.badRows[99]?.row).toBe(200);
  });

  it("refuses a file without a required column, saying which", async () => {
    const org = await newOrg();
    const { message } = await refusal(
      importDepartments(
        org,
        source(
          Buffer.from(
            csv([
              ["单位编码", "单位名称"],
              ["M-1", "甲"],
            ]),
          ),
        ),
      ),
    );
    expect(message).toMatch(/^departments import refused: the header row lacks the required column 单位类别 \(kind\)/);
  });

  it("refuses a header-only file with --deactivate-missing rather than retiring everything", async () => {
    const org = await newOrg();
    await importDepartments(
      org,
      source(
        Buffer.from(
          csv([
            ["单位编码", "单位名称", "单位类别"],
            ["H-1", "甲", "政府部门"],
          ]),
        ),
      ),
    );
    await refusal(importDepartments(org, source(Buffer.from(csv([["单位编码", "单位名称", "单位类别"]]))), true));
    expect((await departmentsOf(org)).map((row) => row.active)).toEqual([true]);
  });

  it("appends one summarizing audit event per import", async () => {
    const org = await newOrg();
    await importDepartments(
      org,
      source(
        Buffer.from(
          csv([
            ["单位编码", "单位名称", "单位类别"],
            ["AU-1", "甲", "政府部门"],
            ["AU-2", "乙", "政府部门"],
          ]),
        ),
        "a.csv",
      ),
    );
    const events = await test.database.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.orgId} = ${org.id} and ${auditEvents.action} = 'department.import'`);
    expect(events).toHaveLength(1);
    expect(events[0]?.payload).toMatchObject({ rows: 2, inserted: 2, filename: "a.csv", deactivateMissing: false });
  });
});
