import { describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { departments } from "../../src/db/schema";
import { BadRequestError } from "../../src/errors";
import { mapHeaders, departmentColumns, normalizeHeader } from "../../src/services/imports/import-columns";
import { detectEncoding, openImportFile } from "../../src/services/imports/import-reader";
import { importRegistry } from "../../src/services/imports/import-service";
import { createOrg } from "../../src/services/orgs/org-service";
import { operatorPrincipal } from "../../src/services/scope";
import { createEmbeddedDatabase } from "../helpers/db";
import { csv, gb18030, source, utf8WithBom } from "./import-helpers";

async function readAll(bytes: Buffer, filename?: string, chunkSize = 5) {
  const file = await openImportFile(source(bytes, filename, chunkSize));
  const rows: { row: number; cells: string[] }[] = [];
  for await (const record of file.records) rows.push(record);
  return { file, rows };
}

describe("openImportFile", () => {
  it("tells UTF-8 (with or without BOM) from GB18030 by the bytes", () => {
    expect(detectEncoding(utf8WithBom("a,b"))).toBe("utf-8");
    expect(detectEncoding(Buffer.from("单位编码,单位名称", "utf8"))).toBe("utf-8");
    expect(detectEncoding(gb18030("单位编码,单位名称"))).toBe("gb18030");
    // a character cut off at the end of the sample is not a reason to give up on UTF-8
    expect(detectEncoding(Buffer.from("单位", "utf8").subarray(0, 4))).toBe("utf-8");
  });

  it("reads CSV rows with their line numbers, across chunk boundaries inside characters", async () => {
    const { file, rows } = await readAll(
      gb18030(
        csv([
          ["单位编码", "单位名称"],
          ["A", "铜城街道"],
          ["B", "多\n行"],
        ]),
      ),
    );
    expect(file.encoding).toBe("gb18030");
    expect(rows).toEqual([
      { row: 1, cells: ["单位编码", "单位名称"] },
      { row: 2, cells: ["A", "铜城街道"] },
      { row: 4, cells: ["B", "多\n行"] },
    ]);
    expect(file.sha256()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a file that stops being UTF-8 after a long ASCII start, instead of garbling it", async () => {
    const text = `code,name,kind\n${"A,b,c\n".repeat(200_000)}X,${"\u4e2d"},c\n`;
    const bytes = Buffer.concat([Buffer.from(text.slice(0, -5), "utf8"), gb18030(text.slice(-5))]);
    await expect(readAll(bytes, undefined, 4096)).rejects.toThrow(/not valid UTF-8/);
  });

  it("refuses the old .xls format by name or content", async () => {
    await expect(readAll(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]))).rejects.toBeInstanceOf(BadRequestError);
    await expect(readAll(Buffer.from("a,b\n"), "old.xls")).rejects.toThrow(/\.xls/);
  });
});

describe("mapHeaders", () => {
  it("accepts headers with markers, notes and English spellings, and ignores unknown columns", () => {
    expect(normalizeHeader("\uFEFF 标签（多个用、分隔）")).toBe("标签");
    const mapping = mapHeaders(departmentColumns, ["*单位编码", "Name", "kind", "备注", "Contact_Phone"]);
    expect(mapping).toEqual({
      ok: true,
      positions: new Map([
        ["code", 0],
        ["name", 1],
        ["kind", 2],
        ["contactPhone", 4],
      ]),
      ignored: ["备注"],
    });
  });

  it("names a missing required column", () => {
    const mapping = mapHeaders(departmentColumns, ["单位编码", "单位类别"]);
    expect(mapping.ok).toBe(false);
    expect(mapping.ok ? "" : mapping.message).toMatch(/lacks the required column 单位名称 \(name\)/);
  });
});

describe("importRegistry on embedded PGlite", () => {
  it("imports through the batched INSERT path with the same checks", async () => {
    const embedded = await createEmbeddedDatabase("import test");
    const { database } = embedded;
    try {
      const operator = operatorPrincipal("test");
      const org = await createOrg(database.db, operator, { code: "PGL", name: "嵌入式" });
      const rows = [
        ["单位编码", "单位名称", "单位类别"],
        ...Array.from({ length: 600 }, (_, index) => [`P-${String(index).padStart(3, "0")}`, `单位${index}`, "政府部门"]),
      ];
      const summary = await importRegistry(database, operator, org, "departments", source(Buffer.from(csv(rows)), undefined, 4096), {
        deactivateMissing: false,
      });
      expect(summary).toMatchObject({ rows: 600, inserted: 600 });
      const refused = importRegistry(
        database,
        operator,
        org,
        "departments",
        source(Buffer.from(csv([rows[0] ?? [], ["P-000", "改名", "政府部门"], ["P-000", "重复", "政府部门"]]))),
        { deactivateMissing: true },
      );
      await expect(refused).rejects.toThrow("departments import refused: 1 bad row");
      const stored = await database.db
        .select({ code: departments.code, active: departments.active })
        .from(departments)
        .orderBy(asc(departments.code));
      expect(stored).toHaveLength(600);
      expect(stored.every((row) => row.active)).toBe(true);
    } finally {
      await embedded.drop();
    }
    // creating an embedded data directory (initdb) alone takes ~15 s
  }, 120_000);
});
