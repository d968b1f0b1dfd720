// Reads a round's snapshot (DESIGN.md, ssj-draw/1 "Inputs") out of the registries of its
// organization subtree, in id order (COLLATE "C"), a batch at a time.
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { drizzle } from "drizzle-orm/postgres-js";
import type postgres from "postgres";
import { queryRows, type Database, type Db } from "../../db/client";
import * as schema from "../../db/schema";
import { historyLine, inspectorLine } from "../../domain/draw/canonical-json";
import { isSortedUnique, sortedUnique } from "../../domain/draw/codes";
import type { Department, HistoryEntry, Inspector, Snapshot } from "../../domain/draw/types";
import { subtreeCondition } from "../scope";
import { SnapshotListWriter } from "./snapshot-store";

/** Streams the rows of a query to `onBatch`, a batch at a time. */
export type RowStream = <T>(query: SQL, onBatch: (rows: T[]) => Promise<void> | void) => Promise<void>;

const dialect = new PgDialect();

/** Rows per FETCH from the snapshot's cursors. */
const FETCH_ROWS = 20_000;

/**
 * Runs `work` in one REPEATABLE READ transaction, so every list comes from the same
 * instant; on PostgreSQL the rows arrive through a cursor, never all at once.
 *
 * The cursor is an SQL one (DECLARE … FETCH), not postgres.js's `.cursor()`: `onBatch`
 * writes snapshot chunks on the same transaction while the list streams, and a query
 * issued inside a postgres.js cursor callback waits behind the cursor that waits for the
 * callback — a deadlock as soon as a list fills a chunk (~55,000 departments). Between
 * FETCHes the connection is free.
 */
export async function inSnapshotTransaction<T>(database: Database, work: (tx: Db, stream: RowStream) => Promise<T>): Promise<T> {
  const client = database.client;
  if (!client) {
    return database.db.transaction(async (tx) => {
      const stream: RowStream = async (query, onBatch) => onBatch(await queryRows(tx, query));
      return work(tx, stream);
    });
  }
  const result = await client.begin("isolation level repeatable read", async (txSql) => {
    const tx = drizzleOnTransaction(client, txSql);
    // Every row of every cursor is read: plan for all of them, not for the first few.
    await txSql`set local cursor_tuple_fraction = 1.0`;
    let cursors = 0;
    const stream: RowStream = async <R>(query: SQL, onBatch: (rows: R[]) => Promise<void> | void) => {
      const { sql: text, params } = dialect.sqlToQuery(query);
      const cursor = `snapshot_rows_${++cursors}`;
      await txSql.unsafe(`declare ${cursor} no scroll cursor for ${text}`, params as postgres.ParameterOrJSON<never>[]);
      // The next FETCH is sent before this batch is handled: the server reads and sends it
      // while the batch is serialized here (a chunk insert queues behind it).
      const fetch = () => {
        const query = txSql.unsafe(`fetch ${FETCH_ROWS} from ${cursor}`).execute();
        query.catch(() => {}); // a failure is seen where it is awaited; the transaction rolls back
        return query;
      };
      let next = fetch();
      for (;;) {
        const rows = await next;
        const more = rows.length === FETCH_ROWS;
        if (more) next = fetch();
        if (rows.length > 0) await onBatch(rows as unknown as R[]);
        if (!more) break;
      }
      await txSql.unsafe(`close ${cursor}`);
    };
    return work(tx, stream);
  });
  return result as T;
}

/**
 * drizzle over a postgres.js transaction. drizzle reads the client's type parsers from
 * `options`, which a transaction handle lacks: it shares its client's.
 */
export function drizzleOnTransaction(client: postgres.Sql, txSql: postgres.TransactionSql): Db {
  const handle = Object.assign(txSql, { options: client.options });
  return drizzle(handle as unknown as postgres.Sql, { schema }) as unknown as Db;
}

export interface SnapshotScope {
  orgPath: string;
  /** asOf, YYYY-MM-DD */
  asOf: string;
  recusalDays: number;
}

/** A visitor returns a promise only when it must be awaited (a chunk to store). */
export interface SnapshotVisitor {
  /** Absent: the departments are not read (storeSnapshot writes their lines itself). */
  department?(d: Department): Promise<void> | undefined | void;
  inspector(i: Inspector): Promise<void> | undefined | void;
  history(h: HistoryEntry): Promise<void> | undefined | void;
}

export async function streamSnapshot(stream: RowStream, scope: SnapshotScope, visit: SnapshotVisitor): Promise<void> {
  const inScope = (column: SQL) => subtreeCondition(scope.orgPath, column);
  // Tags arrive as JSON text rather than a text[] for the driver to parse row by row: a
  // province has millions of departments and a handful of tag sets (internTags).
  const tagsOf = internTags();
  const department = visit.department;
  if (department) await stream<{ id: string; tags: string; active: boolean; last: string | null }>(
    sql`select d.code as id, array_to_json(d.tags)::text as tags, d.active,
          greatest(d.last_inspected_on, li.last_on)::text as last
        ${departmentsFrom(scope)}`,
    async (rows) => {
      for (const row of rows) {
        const stored = department({ id: row.id, tags: tagsOf(row.tags), active: row.active, lastInspectedOn: row.last });
        if (stored) await stored;
      }
    },
  );
  await stream<{ id: string; home: string | null; tags: string[]; conflicts: string[]; status: string }>(
    sql`select i.code as id, hd.code as home, i.tags, i.conflicts, i.status
        from inspectors i left join departments hd on hd.id = i.home_department_id
        where ${inScope(sql`i.org_id`)}
        order by i.code collate "C"`,
    async (rows) => {
      for (const row of rows) {
        const stored = visit.inspector({ id: row.id, homeDepartmentId: row.home, tags: canonical(row.tags), conflicts: canonical(row.conflicts), status: row.status });
        if (stored) await stored;
      }
    },
  );
  await stream<{ inspector: string; department: string; on: string }>(
    sql`select distinct ins.code collate "C" as inspector, d.code collate "C" as department, i.starts_on::text collate "C" as on
        from inspection_members m
        join inspections i on i.id = m.inspection_id
        join inspectors ins on ins.id = m.inspector_id
        join departments d on d.id = i.department_id
        where not i.voided and m.declined_at is null and i.starts_on is not null
          and i.starts_on <= ${scope.asOf}::date
          and i.starts_on >= ${scope.asOf}::date - ${scope.recusalDays}::int
          and ${inScope(sql`i.org_id`)}
        order by 1, 2, 3`,
    async (rows) => {
      for (const row of rows) {
        const stored = visit.history({ inspectorId: row.inspector, departmentId: row.department, inspectedOn: row.on });
        if (stored) await stored;
      }
    },
  );
}

/** The departments of the scope with their last inspection, in id order (COLLATE "C"). */
function departmentsFrom(scope: SnapshotScope): SQL {
  return sql`from departments d
        left join (select i.department_id, max(i.starts_on) as last_on from inspections i
                   where not i.voided and i.starts_on <= ${scope.asOf}::date group by i.department_id) li
          on li.department_id = d.id
        where ${subtreeCondition(scope.orgPath, sql`d.org_id`)}
        order by d.code collate "C"`;
}

/**
 * The departments as their canonical JSON Lines (docs/draw-algorithm.md §4), written by
 * PostgreSQL up to the tags: a province has millions of rows, and building each line here
 * cost most of a lock's time. Codes and dates are validated ASCII (registry-types.ts), which
 * to_json writes exactly as JSON.stringify does; the tags JSON is made canonical here, once
 * per distinct set. The engine re-checks every line when it draws.
 */
async function streamDepartmentLines(stream: RowStream, scope: SnapshotScope, add: (line: string) => Promise<void> | void): Promise<void> {
  const canonicalTags = new Map<string, string>();
  await stream<{ head: string; tags: string }>(
    sql`select '{"active":' || case when d.active then 'true' else 'false' end
             || ',"id":' || to_json(d.code)::text
             || ',"lastInspectedOn":' || coalesce(to_json(greatest(d.last_inspected_on, li.last_on)::text)::text, 'null')
             || ',"tags":' as head,
           coalesce(array_to_json(d.tags)::text, '[]') as tags
        ${departmentsFrom(scope)}`,
    async (rows) => {
      for (const row of rows) {
        let tags = canonicalTags.get(row.tags);
        if (tags === undefined) {
          tags = JSON.stringify(canonical(JSON.parse(row.tags) as string[]));
          if (canonicalTags.size >= 4096) canonicalTags.clear();
          canonicalTags.set(row.tags, tags);
        }
        const stored = add(`${row.head}${tags}}`);
        if (stored) await stored;
      }
    },
  );
}

export interface StoredSnapshot {
  departmentsHash: string;
  inspectorsHash: string;
  historyHash: string;
  departmentCount: number;
  inspectorCount: number;
  historyCount: number;
}

/** Writes the snapshot as content-addressed JSON Lines and returns its fingerprints. */
export async function storeSnapshot(tx: Db, stream: RowStream, scope: SnapshotScope): Promise<StoredSnapshot> {
  // A province snapshot is hundreds of MB of chunks: where the server has lz4, this
  // transaction TOAST-compresses them with it, several times faster than the default pglz.
  // The bytes stored and read back are the same.
  await tx.execute(sql`select set_config('default_toast_compression', 'lz4', true) from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`);
  const departments = new SnapshotListWriter(tx);
  const inspectors = new SnapshotListWriter(tx);
  const history = new SnapshotListWriter(tx);
  await streamDepartmentLines(stream, scope, (line) => departments.add(line));
  await streamSnapshot(stream, scope, {
    inspector: (i) => inspectors.add(inspectorLine(i)),
    history: (h) => history.add(historyLine(h)),
  });
  const [d, i, h] = [await departments.finish(), await inspectors.finish(), await history.finish()];
  return { departmentsHash: d.hash, inspectorsHash: i.hash, historyHash: h.hash, departmentCount: d.lines, inspectorCount: i.lines, historyCount: h.lines };
}

/** The snapshot in memory (a draft's eligible counts). */
export async function loadSnapshot(stream: RowStream, scope: SnapshotScope): Promise<Snapshot> {
  const snapshot = { departments: [] as Department[], inspectors: [] as Inspector[], history: [] as HistoryEntry[] };
  await streamSnapshot(stream, scope, {
    department: (d) => void snapshot.departments.push(d),
    inspector: (i) => void snapshot.inspectors.push(i),
    history: (h) => void snapshot.history.push(h),
  });
  return snapshot;
}

/**
 * Each distinct tags JSON is parsed and made canonical once; its rows share the one
 * (read-only) array. The cache is bounded: a registry of unique tag sets only re-parses.
 */
function internTags(): (json: string) => string[] {
  const seen = new Map<string, string[]>();
  return (json) => {
    let tags = seen.get(json);
    if (tags === undefined) {
      tags = canonical(JSON.parse(json) as string[]);
      if (seen.size >= 4096) seen.clear();
      seen.set(json, tags);
    }
    return tags;
  };
}

function canonical(values: string[]): string[] {
  return isSortedUnique(values) ? values : sortedUnique(values);
}
