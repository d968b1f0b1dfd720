// exceljs's streaming reader decoded each chunk on its own and broke Chinese characters
// split across chunks; src/lib/exceljs.ts fixes that. This reads a 20,000-row sheet of
// Chinese names delivered in 4 KiB pieces and expects every name back intact.
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import ExcelJS from "../../src/lib/exceljs";

describe("reading XLSX as a stream", () => {
  it("keeps every Chinese character, whatever the chunk boundaries", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("单位");
    const names = Array.from({ length: 20_000 }, (_, i) => `东阿县铜城街道办事处第${i}号单位`);
    for (const [i, name] of names.entries()) sheet.addRow([`DEA-${i}`, name]);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const pieces = Array.from({ length: Math.ceil(bytes.length / 4096) }, (_, i) => bytes.subarray(i * 4096, (i + 1) * 4096));
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(pieces), {
      sharedStrings: "cache",
      worksheets: "emit",
      entries: "emit",
    });
    const read: string[] = [];
    for await (const worksheet of reader) {
      for await (const row of worksheet) read.push(String((row.values as unknown[])[2]));
    }
    expect(read).toEqual(names);
  });
});
