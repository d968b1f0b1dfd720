// The staging table an import streams its rows into before anything real changes: a TEMP
// table dropped at commit, loaded by the bulk inserter (COPY on PostgreSQL, batched INSERTs
// on PGlite: src/db/bulk-insert.ts).
import { sql } from "drizzle-orm";
import { arrayLiteral, type BulkColumn, type BulkRow } from "../../db/bulk-insert";
import type { Db } from "../../db/client";
import type { StagedDepartment, StagedInspector } from "./import-columns";
import type { ImportKind } from "./import-types";

export const STAGING_TABLE = "import_staging";

type StagingType = "integer" | "text" | "text[]" | "boolean" | "date";

export interface StagingColumn<R> {
  name: string;
  type: StagingType;
  /** The value in PostgreSQL's text form, or null. */
  text(row: R): string | null;
}

/**
 * A row of the file: validated (`value`), or refused while reading (`value` null) and staged
 * with its code only, so that a code the file repeats is found even when one copy is bad.
 */
export interface StagedRow<R> {
  row: number;
  code: string;
  value: R | null;
}

/** Every staging table starts with these: the file row, the code, and whether the row was refused. */
const commonColumns = ["row_no integer", "code text", "bad boolean"];

const optional = (value: string | null | undefined): string | null => value ?? null;

export const departmentStaging: readonly StagingColumn<StagedDepartment>[] = [
  { name: "name", type: "text", text: (d) => d.name },
  { name: "kind", type: "text", text: (d) => d.kind },
  { name: "tags", type: "text[]", text: (d) => arrayLiteral(d.tags) },
  { name: "contact_name", type: "text", text: (d) => optional(d.contactName) },
  { name: "contact_phone", type: "text", text: (d) => optional(d.contactPhone) },
  { name: "contact_email", type: "text", text: (d) => optional(d.contactEmail) },
  { name: "head_name", type: "text", text: (d) => optional(d.headName) },
  { name: "head_phone", type: "text", text: (d) => optional(d.headPhone) },
  { name: "head_email", type: "text", text: (d) => optional(d.headEmail) },
  { name: "active", type: "boolean", text: (d) => (d.active ? "t" : "f") },
  { name: "last_inspected_on", type: "date", text: (d) => optional(d.lastInspectedOn) },
];

export const inspectorStaging: readonly StagingColumn<StagedInspector>[] = [
  { name: "name", type: "text", text: (i) => i.name },
  { name: "home_ref", type: "text", text: (i) => i.homeDepartment },
  { name: "tags", type: "text[]", text: (i) => arrayLiteral(i.tags) },
  { name: "title", type: "text", text: (i) => optional(i.title) },
  { name: "status", type: "text", text: (i) => i.status },
  { name: "conflicts", type: "text[]", text: (i) => arrayLiteral(i.conflicts) },
  { name: "phone", type: "text", text: (i) => optional(i.phone) },
  { name: "email", type: "text", text: (i) => optional(i.email) },
];

export function stagingColumns(kind: ImportKind): readonly StagingColumn<never>[] {
  return (kind === "departments" ? departmentStaging : inspectorStaging) as readonly StagingColumn<never>[];
}

export async function createStagingTable(tx: Db, kind: ImportKind): Promise<void> {
  const columns = [...commonColumns, ...stagingColumns(kind).map((column) => `${column.name} ${column.type}`)].join(", ");
  await tx.execute(sql.raw(`create temp table ${STAGING_TABLE} (${columns}) on commit drop`));
}

/** Indexes and statistics for the set-based checks, once the rows are in. */
export async function indexStagingTable(tx: Db): Promise<void> {
  await tx.execute(sql.raw(`create index on ${STAGING_TABLE} (code)`));
  await tx.execute(sql.raw(`analyze ${STAGING_TABLE}`));
}

/** The staging table's columns, for a bulk insert. */
export function stagingBulkColumns(columns: readonly StagingColumn<never>[]): BulkColumn[] {
  return [
    { name: "row_no", type: "integer" },
    { name: "code", type: "text" },
    { name: "bad", type: "boolean" },
    ...columns.map(({ name, type }) => ({ name, type })),
  ];
}

/** Batches of staged rows as bulk rows: a refused row keeps its code only. */
export async function* stagingRows<R>(
  columns: readonly StagingColumn<R>[],
  batches: AsyncIterable<StagedRow<R>[]>,
): AsyncGenerator<BulkRow[]> {
  for await (const batch of batches) {
    yield batch.map(({ row, code, value }) => [
      String(row),
      code,
      value === null ? "t" : "f",
      ...columns.map((column) => (value === null ? null : column.text(value))),
    ]);
  }
}
