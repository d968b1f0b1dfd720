// Reads an import file as a stream of rows of text cells, whatever it is: CSV in UTF-8 (with
// or without BOM) or GB18030 (what Chinese Excel writes for "CSV"), or XLSX. Recognizes the
// format by content, never holds the file in memory, and hashes the bytes on the way.
import { createHash, type Hash } from "node:crypto";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { parse as parseCsv, CsvError, type InfoRecord, type Options as CsvOptions } from "csv-parse";
import ExcelJS, { type CellFormulaValue, type CellValue } from "../../lib/exceljs";
import iconv from "iconv-lite";
import { BadRequestError } from "../../errors";
import type { FileFormat, ImportSource } from "./import-types";

/** One row of the file; `row` is its 1-based row (CSV: line) number. */
export interface FileRecord {
  row: number;
  cells: string[];
}

export interface ImportFile extends FileFormat {
  records: AsyncIterable<FileRecord>;
  /** SHA-256 of every byte of the file; complete once `records` is exhausted. */
  sha256(): string;
}

/** How far to look for the first non-ASCII byte before deciding a CSV's encoding. */
const ENCODING_SAMPLE_LIMIT = 1 << 20;
/** A CSV record larger than this is refused (an unclosed quote would otherwise swallow the file). */
const MAX_RECORD_BYTES = 1 << 20;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

export async function openImportFile(source: ImportSource): Promise<ImportFile> {
  const hash = createHash("sha256");
  const input = hashedChunks(source.stream, hash)[Symbol.asyncIterator]();
  const head = await readAhead(input, (_, total) => total >= 4);
  const start = Buffer.concat(head.chunks);
  const name = source.filename?.toLowerCase() ?? "";
  let digest: string | undefined;
  const sha256 = (): string => (digest ??= hash.digest("hex"));

  if (start.subarray(0, 4).equals(OLE_MAGIC) || name.endsWith(".xls")) {
    throw new BadRequestError("the old Excel format (.xls) is not supported: save the sheet as .xlsx or as CSV");
  }
  if (start.subarray(0, 4).equals(ZIP_MAGIC) || name.endsWith(".xlsx")) {
    const bytes = Readable.from(replay(head.chunks, head.done ? null : input), { objectMode: false });
    return { format: "xlsx", encoding: null, records: xlsxRecords(bytes, source.stream), sha256 };
  }

  const sample = await readAhead(input, (chunk, total) => total >= ENCODING_SAMPLE_LIMIT || hasNonAscii(chunk), head);
  const encoding = detectEncoding(Buffer.concat(sample.chunks));
  const text = decodeText(replay(sample.chunks, sample.done ? null : input), encoding);
  return { format: "csv", encoding, records: csvRecords(text), sha256 };
}

/** UTF-8 when the file starts with a BOM or its first non-ASCII bytes are valid UTF-8; GB18030 otherwise. */
export function detectEncoding(sample: Buffer): "utf-8" | "gb18030" {
  if (sample.subarray(0, 3).equals(UTF8_BOM)) return "utf-8";
  try {
    // stream: true, so a character cut off at the end of the sample is not an error
    new TextDecoder("utf-8", { fatal: true }).decode(sample, { stream: true });
    return "utf-8";
  } catch {
    return "gb18030";
  }
}

async function* hashedChunks(stream: NodeJS.ReadableStream, hash: Hash): AsyncGenerator<Buffer> {
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
    hash.update(bytes);
    yield bytes;
  }
}

interface Ahead {
  chunks: Buffer[];
  done: boolean;
}

/** Pulls chunks until `enough(chunk, bytesSoFar)` holds for a chunk just read, or the stream ends. */
async function readAhead(
  input: AsyncIterator<Buffer>,
  enough: (chunk: Buffer, total: number) => boolean,
  from: Ahead = { chunks: [], done: false },
): Promise<Ahead> {
  const chunks = [...from.chunks];
  if (from.done) return { chunks, done: true };
  let total = 0;
  for (const chunk of chunks) {
    total += chunk.length;
    if (enough(chunk, total)) return { chunks, done: false };
  }
  for (;;) {
    const next = await input.next();
    if (next.done) return { chunks, done: true };
    chunks.push(next.value);
    total += next.value.length;
    if (enough(next.value, total)) return { chunks, done: false };
  }
}

async function* replay(head: Buffer[], rest: AsyncIterator<Buffer> | null): AsyncGenerator<Buffer> {
  yield* head;
  if (!rest) return;
  for (;;) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

function hasNonAscii(bytes: Buffer): boolean {
  for (const byte of bytes) if (byte > 0x7f) return true;
  return false;
}

async function* decodeText(bytes: AsyncIterable<Buffer>, encoding: "utf-8" | "gb18030"): AsyncGenerator<string> {
  if (encoding === "gb18030") {
    const decoder = iconv.getDecoder("gb18030");
    for await (const chunk of bytes) yield decoder.write(chunk);
    const tail = decoder.end();
    if (tail) yield tail;
    return;
  }
  // Strict: a file that turns out not to be UTF-8 past the sample is refused, not garbled.
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let offset = 0;
  try {
    for await (const chunk of bytes) {
      yield decoder.decode(chunk, { stream: true });
      offset += chunk.length;
    }
    yield decoder.decode();
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    throw new BadRequestError(`the file is not valid UTF-8 (near byte ${offset}): save it as UTF-8 or GB18030 CSV, or as .xlsx`);
  }
}

async function* csvRecords(text: AsyncIterable<string>): AsyncGenerator<FileRecord> {
  const parser = parseCsv({
    bom: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
    // the row number travels with the record: `lines` is the line the record ends on
    on_record: ((cells: string[], context: InfoRecord): FileRecord => ({
      row: context.lines,
      cells,
    })) as unknown as CsvOptions["on_record"],
  });
  // pipeline, not pipe: a decoding error must reach the parser and end the iteration below
  const piped = pipeline(Readable.from(text), parser);
  piped.catch(() => {}); // surfaced by the iteration
  try {
    for await (const record of parser as AsyncIterable<FileRecord>) yield record;
    await piped;
  } catch (error) {
    if (error instanceof CsvError) {
      const line = (error as CsvError & { lines?: number }).lines;
      throw new BadRequestError(`the file is not readable as CSV${line === undefined ? "" : ` (line ${line})`}: ${error.message}`);
    }
    throw error;
  } finally {
    parser.destroy();
  }
}

async function* xlsxRecords(bytes: Readable, original: NodeJS.ReadableStream): AsyncGenerator<FileRecord> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(bytes, {
    entries: "emit",
    worksheets: "emit",
    sharedStrings: "cache",
    // styles tell dates from numbers
    styles: "cache",
    hyperlinks: "ignore",
  });
  let first = true;
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet) {
        if (!first) continue; // the other sheets are read through only so the file is hashed whole
        const values = row.values as CellValue[];
        const cells: string[] = [];
        for (let column = 1; column < values.length; column++) cells.push(cellText(values[column]));
        yield { row: row.number, cells };
      }
      first = false;
    }
  } catch (error) {
    if (error instanceof BadRequestError) throw error;
    const message = error instanceof Error ? error.message : String(error);
    throw new BadRequestError(`the file is not readable as XLSX: ${message}`);
  } finally {
    if ("destroy" in original && typeof original.destroy === "function") (original as Readable).destroy();
  }
}

/** The text a cell shows: dates as YYYY-MM-DD, formulas by their result, rich text as plain text. */
export function cellText(value: CellValue | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("formula" in value || "sharedFormula" in value) return cellText((value as CellFormulaValue).result as CellValue | undefined);
  if ("hyperlink" in value) return String(value.text);
  if ("error" in value) return String(value.error);
  return "";
}
