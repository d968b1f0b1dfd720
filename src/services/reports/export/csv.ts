// CSV exports (docs/reports.md): UTF-8 with a BOM, so that Excel opens Chinese text
// correctly, CRLF line ends and RFC 4180 quoting. Written row by row with backpressure.
import type { Writable } from "node:stream";
import type { Cell, ReportTable } from "../report-types";
import { writeChunk } from "./stream-write";

export const UTF8_BOM = "\uFEFF";

/**
 * One field, RFC 4180: quoted when it holds a comma, a double quote, CR or LF (or starts or
 * ends with a space, which Excel would trim), inner quotes doubled. A text that a spreadsheet
 * would run as a formula (=, +, -, @, tab, CR first) is prefixed with an apostrophe (OWASP,
 * CSV injection): descriptions and report texts are typed by users. Numbers are never touched.
 */
export function csvField(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: readonly Cell[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** Writes one table: BOM, the Chinese header row, then every row in column order. Does not end the stream. */
export async function writeCsv(table: ReportTable, out: Writable): Promise<void> {
  await writeChunk(out, UTF8_BOM + csvLine(table.columns.map((column) => column.header)));
  let chunk = "";
  let count = 0;
  for await (const row of table.rows) {
    chunk += csvLine(table.columns.map((column) => row[column.key] ?? null));
    // a few hundred rows per write keeps syscalls and awaits down
    if (++count % 256 === 0) {
      await writeChunk(out, chunk);
      chunk = "";
    }
  }
  if (chunk) await writeChunk(out, chunk);
}
