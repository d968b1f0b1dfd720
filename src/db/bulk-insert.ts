// Many rows into tables inside one transaction: COPY … FROM STDIN on PostgreSQL (a
// province draw stores ~300,000 rows, and COPY costs about half of an INSERT from a JSON
// array), a JSON array expanded by jsonb_to_recordset on PGlite and for a few rows.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql } from "drizzle-orm";
import type postgres from "postgres";
import { drizzleOnTransaction, type Database, type Db } from "./client";

/** A column and its type, which PGlite casts the text form to. */
export interface BulkColumn {
  name: string;
  type: string;
}

/** Each value in PostgreSQL's text form (arrayLiteral for arrays, JSON text for jsonb), or null. */
export type BulkRow = readonly (string | null)[];

/** Inserts rows given a batch at a time (inBatches cuts a row sequence into batches). */
export type BulkInsert = (
  table: string,
  columns: readonly BulkColumn[],
  batches: Iterable<BulkRow[]> | AsyncIterable<BulkRow[]>,
) => Promise<void>;

/**
 * Runs `work` in a transaction with a bulk inserter on it (draws, registry imports). On
 * PostgreSQL the transaction is postgres.js's own (COPY needs the raw connection), with a
 * drizzle view of it for everything else. Tables and columns are the caller's constants.
 */
export async function inBulkTransaction<T>(database: Database, work: (tx: Db, insert: BulkInsert) => Promise<T>): Promise<T> {
  const client = database.client;
  if (!client) return database.db.transaction((tx) => work(tx, jsonInsert(tx)));
  const result = await client.begin((txSql) => {
    const tx = drizzleOnTransaction(client, txSql);
    return work(tx, copyInsert(txSql, jsonInsert(tx)));
  });
  return result as T;
}

/** Rows per batch: per piece written to COPY, and per INSERT. */
const BATCH = 5_000;

/**
 * COPY when there is more than one batch. One batch (a county's draw) goes as one INSERT: a
 * COPY's exchange of messages costs tens of milliseconds on its own.
 */
function copyInsert(txSql: postgres.TransactionSql, small: BulkInsert): BulkInsert {
  return async (table, columns, batches) => {
    // one async iterator over either kind, to look at the first two batches
    const all = (async function* (): AsyncGenerator<BulkRow[]> {
      yield* batches;
    })();
    const first = await all.next();
    if (first.done) return;
    const second = await all.next();
    if (second.done) return small(table, columns, [first.value]);
    const writable = await txSql.unsafe(`copy ${table} (${columns.map((c) => c.name).join(", ")}) from stdin`).writable();
    async function* pieces(): AsyncGenerator<string> {
      const text = (batch: BulkRow[]) => batch.map((row) => row.map(copyText).join("\t") + "\n").join("");
      yield text(first.value);
      yield text(second.value);
      for await (const batch of all) yield text(batch);
    }
    await pipeline(Readable.from(pieces()), writable);
  };
}

function jsonInsert(tx: Db): BulkInsert {
  return async (table, columns, batches) => {
    const names = sql.raw(columns.map((c) => c.name).join(", "));
    const values = sql.raw(columns.map((c) => `x.${c.name}::${c.type}`).join(", "));
    const record = sql.raw(columns.map((c) => `${c.name} text`).join(", "));
    for await (const batch of batches) {
      const objects = batch.map((row) => Object.fromEntries(columns.map((c, i) => [c.name, row[i] ?? null])));
      await tx.execute(
        sql`insert into ${sql.raw(table)} (${names}) select ${values} from jsonb_to_recordset(${JSON.stringify(objects)}::jsonb) as x(${record})`,
      );
    }
  };
}

export function* inBatches(rows: Iterable<BulkRow>, size = BATCH): Generator<BulkRow[]> {
  let batch: BulkRow[] = [];
  for (const row of rows) {
    batch.push(row);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** A text[] literal; every element quoted, so no element needs to be checked for separators. */
export function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((item) => `"${item.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

const COPY_SPECIAL = /[\\\n\r\t]/;
const COPY_ESCAPES: Readonly<Record<string, string>> = { "\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** A field of COPY's text format: \N for null, backslash escapes for the separators. */
export function copyText(value: string | null): string {
  if (value === null) return "\\N";
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/[\\\n\r\t]/g, (char) => COPY_ESCAPES[char] ?? char);
}
