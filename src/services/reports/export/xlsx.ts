// XLSX exports (docs/reports.md): one sheet per table, Chinese headers, written with exceljs'
// streaming WorkbookWriter — each row is committed as it is read, so a long worklist never
// sits in memory as a whole workbook.
import type { Writable } from "node:stream";
import ExcelJS from "exceljs";
import type { Report } from "../report-types";
import { waitForDrain } from "./stream-write";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Writes the report's tables (all, or those named) as sheets and ends `out`. */
export async function writeXlsx(report: Report, out: Writable, tableNames?: readonly string[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = "shuangsuiji";
  workbook.created = new Date(report.generatedAt);
  const used = new Set<string>();
  const tables = Object.values(report.tables).filter((table) => !tableNames || tableNames.includes(table.name));
  for (const table of tables) {
    const sheet = workbook.addWorksheet(sheetName(table.title, used), { views: [{ state: "frozen", ySplit: 1 }] });
    sheet.columns = table.columns.map((column) => ({
      header: column.header,
      key: column.key,
      width: Math.min(60, Math.max(10, column.header.length * 2 + 4)),
    }));
    sheet.getRow(1).font = { bold: true };
    let count = 0;
    for await (const row of table.rows) {
      sheet.addRow(table.columns.map((column) => row[column.key] ?? null)).commit();
      if (++count % 500 === 0) await waitForDrain(out);
    }
    sheet.commit();
  }
  await workbook.commit();
}

/** A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the workbook. */
export function sheetName(title: string, used: Set<string>): string {
  const base =
    title
      .replace(/[[\]:*?/\\]/g, " ")
      .trim()
      .slice(0, 31) || "Sheet";
  let name = base;
  for (let n = 2; used.has(name); n++) name = `${base.slice(0, 31 - String(n).length - 1)}_${n}`;
  used.add(name);
  return name;
}
