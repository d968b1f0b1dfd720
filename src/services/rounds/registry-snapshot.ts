// Reads a round's snapshot (DESIGN.md, ssj-draw/1 "Inputs") out of the registries of its
// organization subtree as the engine's canonical JSON Lines (docs/draw-algorithm.md §4),
// written by PostgreSQL: a province has millions of departments, and building each line
// in Node cost most of a lock's time.
import { Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { sql, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import postgres from "postgres";
import { connectionParameters, drizzleOnTransaction, queryRows, type Database, type Db } from "../../db/client";
import { DepartmentLinesReader } from "../../domain/draw/snapshot-lines";
import type { DepartmentTable } from "../../domain/draw/department-table";
import type { Params, SnapshotListName } from "../../domain/draw/types";
import { SnapshotListWriter } from "./snapshot-store";

export interface SnapshotScope {
  orgPath: string;
  /** asOf, YYYY-MM-DD */
  asOf: string;
  recusalDays: number;
}

/** Receives a list's bytes in pieces; a promise returned is awaited before the next piece. */
export type BytesSink = (bytes: Buffer) => Promise<void> | undefined | void;

/** The registries as one transaction sees them. */
export interface SnapshotLists {
  /** The list's canonical JSON Lines, each line followed by "\n", in pieces of any size. */
  read(list: SnapshotListName, scope: SnapshotScope, sink: BytesSink): Promise<void>;
}

/**
 * Runs `work` in one REPEATABLE READ transaction, so every list comes from the same
 * instant. On PostgreSQL the lists are read on a second connection that imports this
 * transaction's snapshot (pg_export_snapshot), by `COPY (…) TO STDOUT`: the server may sort
 * in parallel, the bytes arrive without a JavaScript object per row, and this transaction's
 * connection stays free to store chunks while a list streams.
 */
export async function inSnapshotTransaction<T>(database: Database, work: (tx: Db, lists: SnapshotLists) => Promise<T>): Promise<T> {
  const { client, url } = database;
  if (!client || !url) {
    return database.db.transaction(async (tx) => work(tx, { read: (list, scope, sink) => readInTransaction(tx, list, scope, sink) }));
  }
  const result = await client.begin("isolation level repeatable read", async (txSql) => {
    const tx = drizzleOnTransaction(client, txSql);
    let snapshotId: string | undefined;
    const lists: SnapshotLists = {
      async read(list, scope, sink) {
        snapshotId ??= await exportSnapshot(txSql);
        await readByCopy(url, database.clockOffsetMs, snapshotId, list, scope, sink);
      },
    };
    return work(tx, lists);
  });
  return result as T;
}

async function exportSnapshot(txSql: postgres.TransactionSql): Promise<string> {
  const [exported] = await txSql<{ id: string }[]>`select pg_export_snapshot() as id`;
  const id = exported?.id ?? "";
  if (!/^[0-9A-Fa-f-]+$/.test(id)) throw new Error(`unexpected snapshot id ${id}`);
  return id;
}

/**
 * CSV with a delimiter and a quote that never occur in the lines (codes are validated, and
 * JSON escapes every control character), so each line arrives as it is, followed by "\n".
 */
const COPY_OPTIONS = `(format csv, delimiter E'\\x1f', quote E'\\x1e')`;

/**
 * One list on a connection of its own (a pooled one could be the last, held by the
 * transaction) that imports the transaction's snapshot and ends after the COPY:
 * postgres.js can leave a connection's socket paused after a COPY that filled its stream's
 * buffer (porsager/postgres#1016), so nothing else runs on it.
 */
async function readByCopy(
  url: string,
  clockOffsetMs: number | undefined,
  snapshotId: string,
  list: SnapshotListName,
  scope: SnapshotScope,
  sink: BytesSink,
): Promise<void> {
  const reader = postgres(url, { max: 1, onnotice: () => {}, connection: connectionParameters("shuangsuiji snapshot", clockOffsetMs) });
  try {
    await reader.unsafe("begin isolation level repeatable read read only");
    await reader.unsafe(`set transaction snapshot '${snapshotId}'`);
    const { sql: text, params } = dialect.sqlToQuery(setScope(scope));
    await reader.unsafe(text, params as string[]);
    const copy = await reader.unsafe(`copy (${LIST_SQL[list]}) to stdout with ${COPY_OPTIONS}`).readable();
    // A Writable, not `for await`: a province list is millions of pieces (one per row), and
    // a promise per piece cost seconds.
    await pipeline(
      copy,
      new Writable({
        write(piece: Buffer, _encoding, done) {
          const stored = sink(piece);
          if (stored) stored.then(() => done(), done);
          else done();
        },
      }),
    );
  } finally {
    await reader.end({ timeout: 0 });
  }
}

// The scope travels as transaction settings read with current_setting(): COPY takes no
// bind parameters, and nothing is spliced into the SQL text. The reader also turns JIT
// off: compiling the department query cost more than it saved.
function setScope(scope: SnapshotScope): SQL {
  return sql`select set_config('ssj.org_path', ${scope.orgPath}, true), set_config('ssj.as_of', ${scope.asOf}, true),
    set_config('ssj.recusal_days', ${String(scope.recusalDays)}, true), set_config('datestyle', 'ISO, YMD', true), set_config('jit', 'off', true)`;
}

const dialect = new PgDialect();

/** PGlite: one connection, the lists as rows. A county's lists are small. */
async function readInTransaction(tx: Db, list: SnapshotListName, scope: SnapshotScope, sink: BytesSink): Promise<void> {
  await tx.execute(setScope(scope));
  const rows = await queryRows<{ line: string }>(tx, sql.raw(LIST_SQL[list]));
  if (rows.length > 0) await sink(Buffer.from(rows.map((row) => row.line + "\n").join(""), "utf8"));
}

const SCOPE = `(select o.id from organizations o where o.path = current_setting('ssj.org_path') or starts_with(o.path, current_setting('ssj.org_path') || '/'))`;
const AS_OF = `current_setting('ssj.as_of')::date`;

// Codes, statuses and dates are ASCII without quotes or backslashes (registry-types.ts
// validates codes; dates print as YYYY-MM-DD under DateStyle ISO, set with the scope), so
// '"' || code || '"' is their JSON, as JSON.stringify writes it, at a fraction of
// to_json's cost over millions of rows. A value written past the registry's checks makes a
// line the engine refuses when it draws (snapshot-lines.ts matches every line exactly).
const quoted = (column: string) => `'"' || ${column} || '"'`;
/**
 * A text[] of codes or tags as its canonical JSON array. The registry keeps them sorted and
 * unique (registry-types.ts normalizeTags), which the CASE sees for the usual zero, one or
 * two elements without a function call; any other array goes through ssj_code_array_json
 * (drizzle/0003_canonical_code_arrays.sql), which sorts it. The function is PARALLEL SAFE:
 * the department query keeps its parallel plan.
 */
const codeArray = (column: string) =>
  `case when cardinality(${column}) < 2 or (cardinality(${column}) = 2 and ${column}[1] collate "C" < ${column}[2] collate "C")
     then array_to_json(${column})::text else ssj_code_array_json(${column}) end`;

const LIST_SQL: Record<SnapshotListName, string> = {
  // Each department with its latest inspection (started on or before asOf, not voided).
  departments: `select '{"active":' || case when d.active then 'true' else 'false' end
      || ',"id":' || ${quoted("d.code")}
      || ',"lastInspectedOn":' || coalesce(${quoted("greatest(d.last_inspected_on, li.last_on)::text")}, 'null')
      || ',"tags":' || ${codeArray("d.tags")} || '}' as line
    from departments d
    left join (select i.department_id, max(i.starts_on) as last_on from inspections i
               where not i.voided and i.starts_on <= ${AS_OF} group by i.department_id) li on li.department_id = d.id
    where d.org_id in ${SCOPE}
    order by d.code collate "C"`,
  inspectors: `select '{"conflicts":' || ${codeArray("i.conflicts")}
      || ',"homeDepartmentId":' || coalesce(${quoted("hd.code")}, 'null')
      || ',"id":' || ${quoted("i.code")}
      || ',"status":' || ${quoted("i.status")}
      || ',"tags":' || ${codeArray("i.tags")} || '}' as line
    from inspectors i left join departments hd on hd.id = i.home_department_id
    where i.org_id in ${SCOPE}
    order by i.code collate "C"`,
  // Who inspected which department when, within the recusal window (inspections started
  // on or before asOf, declined seats left out).
  history: `select '{"departmentId":' || ${quoted("h.department")} || ',"inspectedOn":' || ${quoted("h.inspected_on")}
      || ',"inspectorId":' || ${quoted("h.inspector")} || '}' as line
    from (select distinct ins.code collate "C" as inspector, d.code collate "C" as department, i.starts_on::text collate "C" as inspected_on
          from inspection_members m
          join inspections i on i.id = m.inspection_id
          join inspectors ins on ins.id = m.inspector_id
          join departments d on d.id = i.department_id
          where not i.voided and m.declined_at is null and i.starts_on is not null
            and i.starts_on <= ${AS_OF}
            and i.starts_on >= ${AS_OF} - current_setting('ssj.recusal_days')::int
            and i.org_id in ${SCOPE}) h
    order by h.inspector, h.department, h.inspected_on`,
};

export interface StoredSnapshot {
  departmentsHash: string;
  inspectorsHash: string;
  historyHash: string;
  departmentCount: number;
  inspectorCount: number;
  historyCount: number;
}

/** Writes the snapshot as content-addressed JSON Lines and returns its fingerprints. */
export async function storeSnapshot(tx: Db, lists: SnapshotLists, scope: SnapshotScope): Promise<StoredSnapshot> {
  // A province snapshot is hundreds of MB of chunks: where the server has lz4, this
  // transaction TOAST-compresses them with it, several times faster than the default pglz.
  // The bytes stored and read back are the same.
  await tx.execute(
    sql`select set_config('default_toast_compression', 'lz4', true) from pg_settings where name = 'default_toast_compression' and 'lz4' = any(enumvals)`,
  );
  const stored = async (list: SnapshotListName) => {
    const writer = new SnapshotListWriter(tx);
    await lists.read(list, scope, (bytes) => writer.write(bytes));
    return writer.finish();
  };
  const d = await stored("departments");
  const i = await stored("inspectors");
  const h = await stored("history");
  return {
    departmentsHash: d.hash,
    inspectorsHash: i.hash,
    historyHash: h.hash,
    departmentCount: d.lines,
    inspectorCount: i.lines,
    historyCount: h.lines,
  };
}

/** The departments as the draw would see them now, in the engine's table (a draft's eligible counts). */
export async function departmentTableNow(database: Database, params: Params, orgPath: string): Promise<DepartmentTable> {
  const reader = new DepartmentLinesReader(params);
  const lines = new JsonLinesFromRows((bytes) => reader.push(bytes));
  await inSnapshotTransaction(database, (_tx, lists) =>
    lists.read("departments", { orgPath, asOf: params.asOf, recusalDays: params.team.recusalDays }, (bytes) => lines.write(bytes)),
  );
  lines.end();
  reader.end();
  return reader.finishTable();
}

/** Lines each followed by "\n" in, the list's bytes (lines joined by "\n") out: all but the last byte. */
class JsonLinesFromRows {
  private pending: Buffer | undefined;

  constructor(private readonly out: (bytes: Buffer) => void) {}

  write(piece: Buffer): void {
    if (this.pending) this.out(this.pending);
    this.pending = piece;
  }

  end(): void {
    if (this.pending) this.out(this.pending.subarray(0, this.pending.length - 1));
    this.pending = undefined;
  }
}
