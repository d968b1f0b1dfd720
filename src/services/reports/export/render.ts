// Renders any report in the format asked for (docs/reports.md): JSON (the whole report),
// CSV (one table: the one named, else the report's default), XLSX (one sheet per table).
import type { Writable } from "node:stream";
import { BadRequestError } from "../../../errors";
import { reportJson, type ExportFormat, type Report, type ReportTable } from "../report-types";
import { writeCsv } from "./csv";
import { writeChunk } from "./stream-write";
import { writeXlsx, XLSX_TYPE } from "./xlsx";

export const contentTypes: Readonly<Record<ExportFormat, string>> = {
  json: "application/json; charset=utf-8",
  csv: "text/csv; charset=utf-8",
  xlsx: XLSX_TYPE,
};

/** The table a CSV export writes; a name the report lacks is refused, listing those it has. */
export function pickTable(report: Report, name: string | undefined): ReportTable {
  const wanted = name ?? report.defaultTable;
  const table = report.tables[wanted];
  if (!table)
    throw new BadRequestError(`report ${report.kind} has no table ${wanted}; its tables are ${Object.keys(report.tables).join(", ")}`);
  return table;
}

/** Checks the options before anything is written, so a bad --table is a 400 and not half a file. */
export function checkExport(report: Report, format: ExportFormat, table: string | undefined): void {
  if (table !== undefined) pickTable(report, table);
  void format;
}

/** Writes the report to `out` and ends it. */
export async function renderReport(report: Report, format: ExportFormat, out: Writable, table?: string): Promise<void> {
  if (format === "xlsx") {
    await writeXlsx(report, out, table === undefined ? undefined : [pickTable(report, table).name]);
    return;
  }
  if (format === "csv") await writeCsv(pickTable(report, table), out);
  else await writeChunk(out, `${JSON.stringify(await reportJson(report), null, 2)}\n`);
  out.end();
}

/** A file name for the download: ssj-<kind>[-<table>]-<from>_<to>.<ext> (ASCII). */
export function exportFileName(report: Report, format: ExportFormat, table?: string): string {
  const parts = ["ssj", report.kind];
  if (format === "csv") parts.push(table ?? report.defaultTable);
  const from = report.parameters.from;
  const to = report.parameters.to;
  if (typeof from === "string" && typeof to === "string") parts.push(`${from}_${to}`);
  if (typeof report.parameters.department === "string") parts.push(report.parameters.department);
  return `${parts.join("-").replace(/[^A-Za-z0-9._-]/g, "_")}.${format}`;
}
