// Builds import files in memory for the import tests: CSV text in a chosen encoding, XLSX sheets.
import { Readable } from "node:stream";
import ExcelJS from "../../src/lib/exceljs";
import iconv from "iconv-lite";
import type { ImportSource } from "../../src/services/imports/import-types";

export function csv(rows: readonly (readonly string[])[]): string {
  return `${rows.map((cells) => cells.map(quote).join(",")).join("\r\n")}\r\n`;
}

function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function utf8WithBom(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, "utf8")]);
}

export function gb18030(text: string): Buffer {
  return iconv.encode(text, "gb18030");
}

export async function xlsx(rows: readonly (readonly (string | number | Date)[])[], sheetName = "单位"): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow([...row]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A source that hands the bytes over in small chunks, as a network upload would. */
export function source(bytes: Buffer, filename?: string, chunkSize = 7): ImportSource {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkSize) chunks.push(bytes.subarray(offset, offset + chunkSize));
  return { stream: Readable.from(chunks), ...(filename === undefined ? {} : { filename }) };
}
