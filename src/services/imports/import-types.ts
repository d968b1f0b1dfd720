// Shapes shared by the registry importers (docs/imports.md).
import type { Readable } from "node:stream";

export const importKinds = ["departments", "inspectors"] as const;
export type ImportKind = (typeof importKinds)[number];

export interface ImportSource {
  stream: NodeJS.ReadableStream | Readable;
  /** Used to recognize XLSX when the content alone does not tell, and kept in the audit event. */
  filename?: string;
}

/** What an import is busy with, for a progress display. */
export type ImportPhase = "reading" | "checking" | "writing";

export interface ImportOptions {
  /** Retire (departments: 停用; inspectors: 退休) what the organization has and the file lacks. */
  deactivateMissing: boolean;
  /** Called with the number of data rows read so far, a few times a second at most. */
  onProgress?: (rows: number, phase: ImportPhase) => void;
}

/** How an import file was read. */
export interface FileFormat {
  format: "csv" | "xlsx";
  encoding: "utf-8" | "gb18030" | null;
}

/** What every import's summary says of its file. */
export interface FileSummary extends FileFormat {
  /** Data rows in the file (the header row not counted). */
  rows: number;
  /** SHA-256 of the file's bytes, as recorded in the audit event. */
  sha256: string;
}

export interface ImportSummary extends FileSummary {
  kind: ImportKind;
  inserted: number;
  updated: number;
  unchanged: number;
  deactivated: number;
}

/** One refused row: `row` is the file's row number, the header being row 1. */
export interface BadRow {
  row: number;
  code?: string;
  message: string;
}

/** The details of a refused import (BadRequestError.details). */
export interface ImportRefusal {
  badRows: BadRow[];
  totalBad: number;
}

/** How many bad rows a refusal lists. */
export const MAX_LISTED_BAD_ROWS = 100;
