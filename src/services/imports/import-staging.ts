// The staging table an import streams its rows into before anything real changes: a TEMP
// table dropped at commit, loaded by COPY on PostgreSQL and by batched INSERTs on PGlite.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { arrayLiteral, copyText } from "../../db/bulk-insert";
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

/** Writes rows into the staging table; `batches` is consumed once. */
export type StagingLoader = <R>(columns: readonly StagingColumn<R>[], batches: AsyncIterable<StagedRow<R>[]>) => Promise<void>;

/** PostgreSQL: one COPY … FROM STDIN in text format, with backpressure. */
export function copyLoader(connection: postgres.Sql | postgres.TransactionSql): StagingLoader {
  return async (columns, batches) => {
    const names = ["row_no", "code", "bad", ...columns.map((column) => column.name)].join(", ");
    const writable = await connection.unsafe(`copy ${STAGING_TABLE} (${names}) from stdin`).writable();
    async function* lines(): AsyncGenerator<string> {
      for await (const batch of batches) {
        let chunk = "";
        for (const staged of batch) {
          const value = staged.value;
          chunk += `${staged.row}\t${copyText(staged.code)}\t${value === null ? "t" : "f"}`;
          for (const column of columns) chunk += `\t${value === null ? "\\N" : copyText(column.text(value))}`;
          chunk += "\n";
        }
        yield chunk;
      }
    }
    await pipeline(Readable.from(lines()), writable);
  };
}

/** PGlite (small, demo use): multi-row INSERTs of text values cast to the column types. */
export function insertLoader(tx: Db): StagingLoader {
  return async (columns, batches) => {
    const names = sql.raw(["row_no", "code", "bad", ...columns.map((column) => column.name)].join(", "));
    for await (const batch of batches) {
      if (batch.length === 0) continue;
      const rows = batch.map((staged) => {
        const value = staged.value;
        const fields = columns.map((column) => sql`${value === null ? null : column.text(value)}::${sql.raw(column.type)}`);
        return sql`(${staged.row}::integer, ${staged.code}, ${value === null}, ${sql.join(fields, sql`, `)})`;
      });
      await tx.execute(sql`insert into ${sql.raw(STAGING_TABLE)} (${names}) values ${sql.join(rows, sql`, `)}`);
    }
  };
}
