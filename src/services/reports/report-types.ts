// The shape every report has (docs/reports.md): a few named tables, each with Chinese
// headers, so that one export layer renders any report as JSON, CSV or XLSX.
import { z } from "zod";
import type { FindingStatus } from "../../db/schema";
import type { Severity } from "../../domain/severities";

/** What a cell holds: text (dates are `YYYY-MM-DD`, times `YYYY-MM-DD HH:mm` in Asia/Shanghai), a count, or nothing. */
export type Cell = string | number | null;
export type Row = Record<string, Cell>;

export interface ReportColumn {
  key: string;
  /** The Chinese header a spreadsheet shows. */
  header: string;
}

/** The columns of a table of rows R: every key names a field of R. */
export type ColumnsOf<R> = readonly (ReportColumn & { key: keyof R & string })[];

/**
 * One table of a report. `rows` is an array when the report is read as JSON (worklists: one
 * page), or an async iterable for an export of every row, read a page at a time.
 */
export interface ReportTable<R extends Row = Row> {
  name: string;
  /** Chinese title: the XLSX sheet's name and the heading of a printed table. */
  title: string;
  columns: readonly ReportColumn[];
  rows: readonly R[] | AsyncIterable<R>;
}

export const reportKinds = ["summary", "overdue", "referrals", "department", "inspectors"] as const;
export type ReportKind = (typeof reportKinds)[number];

export interface Report<T extends Record<string, ReportTable> = Record<string, ReportTable>> {
  kind: ReportKind;
  /** Chinese title of the whole report. */
  title: string;
  /** When it was computed, by the database clock (ISO instant). */
  generatedAt: string;
  /** What it was asked for (period, organization, page…), for the reader and the file name. */
  parameters: Record<string, Cell>;
  /** The table a CSV export gives when none is named. */
  defaultTable: keyof T & string;
  tables: T;
}

export const exportFormats = ["json", "csv", "xlsx"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const isoDate = z.iso.date();

/** The period a report covers, both ends included; `org` narrows it to a subtree of the caller's. */
export const periodQuerySchema = z.object({
  from: isoDate.optional(),
  to: isoDate.optional(),
  org: z.string().min(1).max(32).optional(),
});

export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

export interface Period {
  from: string;
  to: string;
}

export interface Page {
  limit: number;
  offset: number;
}

export const severityLabels: Readonly<Record<Severity, string>> = { general: "一般", serious: "严重", urgent: "紧急" };

export const findingStatusLabels: Readonly<Record<FindingStatus, string>> = {
  recorded: "已记录(未下发)",
  issued: "整改中",
  submitted: "已报送整改报告",
  accepted: "已销号",
  withdrawn: "已撤回",
};

/** How a finding fed back stands against its deadline (docs/reports.md, 整改时效). */
export const rectificationLabels = {
  on_time: "按期整改",
  on_time_extended: "延期后按期整改",
  late: "逾期整改",
  open: "未整改",
} as const;
export type Rectification = keyof typeof rectificationLabels;

export function severityLabel(code: string): string {
  return severityLabels[code as Severity] ?? code;
}

export function statusLabel(code: string): string {
  return findingStatusLabels[code as FindingStatus] ?? code;
}

export function rectificationLabel(code: string | null): string {
  return code === null ? "" : (rectificationLabels[code as Rectification] ?? code);
}

/** The rows of a table as an array (a worklist read as JSON holds one page). */
export async function collectRows<R extends Row>(rows: readonly R[] | AsyncIterable<R>): Promise<R[]> {
  if (Array.isArray(rows)) return [...(rows as readonly R[])];
  const out: R[] = [];
  for await (const row of rows as AsyncIterable<R>) out.push(row);
  return out;
}

/** The JSON form of a report: every table's rows as an array. */
export async function reportJson(report: Report): Promise<unknown> {
  const tables: Record<string, unknown> = {};
  for (const [name, table] of Object.entries(report.tables))
    tables[name] = { title: table.title, columns: table.columns, rows: await collectRows(table.rows) };
  const { tables: _tables, ...rest } = report;
  return { ...rest, tables };
}
