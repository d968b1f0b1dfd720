import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc, eq } from "drizzle-orm";
import { departments, inspectors } from "../../src/db/schema";
import { BadRequestError } from "../../src/errors";
import { importRegistry } from "../../src/services/imports/import-service";
import type { ImportRefusal, ImportSource } from "../../src/services/imports/import-types";
import { createOrg, type Organization } from "../../src/services/orgs/org-service";
import { operatorPrincipal } from "../../src/services/scope";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { csv, gb18030, source, xlsx } from "./import-helpers";

const operator = operatorPrincipal("test");
const header = ["人员编码", "姓名", "所在单位", "专业领域", "职务", "状态", "回避单位", "联系电话", "邮箱"];

let test: TestDatabase;
let orgCounter = 0;

beforeAll(async () => {
  test = await createTestDatabase();
});

afterAll(async () => {
  await test?.drop();
});

/** An organization with three departments: K-FIN 财政局, K-EDU 教育局, and two named 卫生院. */
async function newOrg(): Promise<Organization> {
  orgCounter++;
  const org = await createOrg(test.database.db, operator, { code: `IORG${orgCounter}`, name: `测试编办${orgCounter}` });
  const p = `K${orgCounter}`;
  await importRegistry(
    test.database,
    operator,
    org,
    "departments",
    csvSource([
      ["单位编码", "单位名称", "单位类别"],
      [`${p}-FIN`, "某县财政局", "政府部门"],
      [`${p}-EDU`, "某县教育局", "政府部门"],
      [`${p}-H1`, "卫生院", "事业单位"],
      [`${p}-H2`, "卫生院", "事业单位"],
    ]),
    { deactivateMissing: false },
  );
  return org;
}

function csvSource(rows: string[][]): ImportSource {
  return source(Buffer.from(csv(rows)), undefined, 512);
}

function importInspectors(org: Organization, from: ImportSource, deactivateMissing = false) {
  return importRegistry(test.database, operator, org, "inspectors", from, { deactivateMissing });
}

async function inspectorsOf(org: Organization) {
  return test.database.db
    .select({
      code: inspectors.code,
      name: inspectors.name,
      home: departments.code,
      tags: inspectors.tags,
      title: inspectors.title,
      status: inspectors.status,
      conflicts: inspectors.conflicts,
      phone: inspectors.phone,
      email: inspectors.email,
    })
    .from(inspectors)
    .leftJoin(departments, eq(departments.id, inspectors.homeDepartmentId))
    .where(eq(inspectors.orgId, org.id))
    .orderBy(asc(inspectors.code));
}

async function refusal(promise: Promise<unknown>): Promise<{ message: string; details: ImportRefusal }> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(BadRequestError);
  return { message: (error as BadRequestError).message, details: (error as BadRequestError).details as ImportRefusal };
}

describe("importRegistry: inspectors", () => {
  it("resolves 所在单位 by code or by a unique name, and maps Chinese 专业领域 to tags", async () => {
    const org = await newOrg();
    const p = `K${orgCounter}`;
    const summary = await importInspectors(
      org,
      csvSource([
        header,
        [`${p}-I-1`, "张三", `${p}-FIN`, "法律、组长", "科长", "在岗", `${p}-EDU；${p}-H1`, "13900000001", "z@example.cn"],
        [`${p}-I-2`, "李四", "某县教育局", "财务,audit", "", "请假", "", "", ""],
        [`${p}-I-3`, "王五", "", "纪检 编制", "", "退休", "", "", ""],
      ]),
    );
    expect(summary).toMatchObject({ kind: "inspectors", rows: 3, inserted: 3 });
    expect(await inspectorsOf(org)).toEqual([
      {
        code: `${p}-I-1`,
        name: "张三",
        home: `${p}-FIN`,
        tags: ["leader", "legal"],
        title: "科长",
        status: "active",
        conflicts: [`${p}-EDU`, `${p}-H1`],
        phone: "13900000001",
        email: "z@example.cn",
      },
      {
        code: `${p}-I-2`,
        name: "李四",
        home: `${p}-EDU`,
        tags: ["audit", "finance"],
        title: null,
        status: "on-leave",
        conflicts: [],
        phone: null,
        email: null,
      },
      {
        code: `${p}-I-3`,
        name: "王五",
        home: null,
        tags: ["discipline", "staffing"],
        title: null,
        status: "retired",
        conflicts: [],
        phone: null,
        email: null,
      },
    ]);
  });

  it("refuses unknown and ambiguous departments, unknown 回避单位 and unknown 专业领域, changing nothing", async () => {
    const org = await newOrg();
    const p = `K${orgCounter}`;
    const { message, details } = await refusal(
      importInspectors(
        org,
        csvSource([
          header,
          [`${p}-I-1`, "张三", "卫生院", "", "", "", "", "", ""],
          [`${p}-I-2`, "李四", "NOPE", "", "", "", "", "", ""],
          [`${p}-I-3`, "王五", `${p}-FIN`, "", "", "", "NOPE-2", "", ""],
          [`${p}-I-4`, "赵六", `${p}-FIN`, "会计", "", "", "", "", ""],
          [`${p}-I-5`, "钱七", `${p}-FIN`, "", "", "出差", "", "", ""],
        ]),
      ),
    );
    expect(message).toBe("inspectors import refused: 5 bad rows");
    expect(details.badRows).toEqual([
      { row: 2, code: `${p}-I-1`, message: "所在单位 '卫生院' is the name of 2 departments: give its 单位编码" },
      {
        row: 3,
        code: `${p}-I-2`,
        message: "所在单位 'NOPE' is neither the 单位编码 nor the 单位名称 of a department of this organization",
      },
      { row: 4, code: `${p}-I-3`, message: "回避单位 NOPE-2 is not the 单位编码 of a department of this organization" },
      { row: 5, code: `${p}-I-4`, message: "专业领域: unknown '会计' (use 法律、财务、编制、纪检、审计、组长 or an ASCII tag)" },
      { row: 6, code: `${p}-I-5`, message: "状态: '出差' is not 在岗 (active), 请假 (on-leave) or 退休 (retired)" },
    ]);
    expect(await inspectorsOf(org)).toEqual([]);
  });

  it("does not resolve a department of another organization", async () => {
    const org = await newOrg();
    const p = `K${orgCounter}`;
    const other = await newOrg();
    const { details } = await refusal(
      importInspectors(org, csvSource([header, [`${p}-I-1`, "张三", `K${orgCounter}-FIN`, "", "", "", "", "", ""]])),
    );
    expect(details.totalBad).toBe(1);
    expect(other.code).not.toBe(org.code);
  });

  it("updates by code and retires the inspectors the file lacks with --deactivate-missing", async () => {
    const org = await newOrg();
    const p = `K${orgCounter}`;
    await importInspectors(
      org,
      csvSource([
        header,
        [`${p}-I-1`, "张三", `${p}-FIN`, "法律", "", "", "", "", ""],
        [`${p}-I-2`, "李四", `${p}-EDU`, "", "", "", "", "", ""],
      ]),
    );
    const summary = await importInspectors(
      org,
      csvSource([
        ["人员编码", "姓名", "所在单位"],
        [`${p}-I-1`, "张三", `${p}-EDU`],
      ]),
      true,
    );
    expect(summary).toMatchObject({ rows: 1, updated: 1, deactivated: 1 });
    expect((await inspectorsOf(org)).map((row) => [row.code, row.home, row.tags, row.status])).toEqual([
      [`${p}-I-1`, `${p}-EDU`, ["legal"], "active"],
      [`${p}-I-2`, `${p}-EDU`, [], "retired"],
    ]);
  });

  it("imports a GB18030 CSV and an XLSX of inspectors", async () => {
    const org = await newOrg();
    const p = `K${orgCounter}`;
    await importInspectors(
      org,
      source(
        gb18030(
          csv([
            ["人员编码", "姓名", "所在单位"],
            [`${p}-G-1`, "欧阳修", "某县财政局"],
          ]),
        ),
      ),
    );
    await importInspectors(
      org,
      source(
        await xlsx(
          [
            ["人员编码", "姓名", "所在单位", "专业领域"],
            [`${p}-X-1`, "司马光", `${p}-EDU`, "审计"],
          ],
          "人员",
        ),
        "人员.xlsx",
        4096,
      ),
    );
    expect((await inspectorsOf(org)).map((row) => [row.code, row.name, row.home, row.tags])).toEqual([
      [`${p}-G-1`, "欧阳修", `${p}-FIN`, []],
      [`${p}-X-1`, "司马光", `${p}-EDU`, ["audit"]],
    ]);
  });
});
