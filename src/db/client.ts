// Opens the database: PostgreSQL through postgres.js when DATABASE_URL is set, otherwise
// the embedded PGlite directory DATA_DIR/pgdata (DESIGN.md, rule 5), held by one process.
import fs from "node:fs";
import path from "node:path";
import { sql, type SQL } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Env } from "../../config/env";
import * as schema from "./schema";
import { acquireDataDirLock } from "./embedded-lock";

export type Schema = typeof schema;
/** A database or an open transaction: services take either. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** The postgres.js client, for COPY and cursors; absent on PGlite. */
  client?: postgres.Sql;
  /** PostgreSQL's URL, for a connection of its own (the snapshot reader); absent on PGlite. */
  url?: string;
  /** True when this call created the embedded data directory. */
  created: boolean;
  /** The business clock's shift every connection carries (tests only; see src/services/clock.ts). */
  clockOffsetMs?: number;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Pool size for PostgreSQL (PG_POOL_MAX). */
  max?: number;
  /** Shifts the business clock, ssj_now(), on every connection (SSJ_TEST_CLOCK_OFFSET_MS; tests only). */
  clockOffsetMs?: number;
  /** Who opens the embedded directory, shown to a second process that is refused. */
  holder?: string;
}

export async function openDatabase(env: Pick<Env, "DATABASE_URL" | "DATA_DIR">, options: OpenOptions = {}): Promise<Database> {
  if (env.DATABASE_URL) return openPostgres(env.DATABASE_URL, { max: options.max, clockOffsetMs: options.clockOffsetMs });
  return openEmbedded(path.resolve(env.DATA_DIR, "pgdata"), options.holder ?? process.argv.slice(2).join(" "), options.clockOffsetMs);
}

export function openPostgres(url: string, options: Pick<OpenOptions, "max" | "clockOffsetMs"> = {}): Database {
  const client = postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
    connection: connectionParameters("shuangsuiji", options.clockOffsetMs),
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    client,
    url,
    created: false,
    ...(options.clockOffsetMs === undefined ? {} : { clockOffsetMs: options.clockOffsetMs }),
    close: () => client.end({ timeout: 5 }),
  };
}

/**
 * The start-up parameters of a connection: its application name and, when the business clock
 * is shifted, `ssj.clock_offset`, which ssj_now() adds to now() (drizzle/0004_business_clock.sql).
 * PostgreSQL takes a dotted custom setting in the start-up packet like any other parameter.
 */
export function connectionParameters(applicationName: string, clockOffsetMs: number | undefined): Record<string, string> {
  return {
    application_name: applicationName,
    ...(clockOffsetMs ? { "ssj.clock_offset": clockOffsetSetting(clockOffsetMs) } : {}),
  };
}

/** `ssj.clock_offset` as ssj_now() reads it: an interval. */
export function clockOffsetSetting(clockOffsetMs: number): string {
  return `${Math.trunc(clockOffsetMs)} milliseconds`;
}

async function openEmbedded(dataDir: string, holder: string, clockOffsetMs: number | undefined): Promise<Database> {
  const release = acquireDataDirLock(dataDir, holder);
  try {
    const created = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
    fs.mkdirSync(dataDir, { recursive: true });
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle: drizzlePglite } = await import("drizzle-orm/pglite");
    const pglite = await PGlite.create(dataDir);
    // PGlite is one session: the clock's shift is set on it once, right after opening.
    if (clockOffsetMs) await pglite.query(`select set_config('ssj.clock_offset', $1, false)`, [clockOffsetSetting(clockOffsetMs)]);
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
    return {
      db,
      kind: "pglite",
      created,
      ...(clockOffsetMs ? { clockOffsetMs } : {}),
      close: async () => {
        await pglite.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * drizzle over a postgres.js transaction (for what drizzle lacks: COPY, exported snapshots).
 * drizzle reads the client's type parsers from `options`, which a transaction handle
 * lacks: it shares its client's.
 */
export function drizzleOnTransaction(client: postgres.Sql, txSql: postgres.TransactionSql): Db {
  const handle = Object.assign(txSql, { options: client.options });
  return drizzlePostgres(handle as unknown as postgres.Sql, { schema }) as unknown as Db;
}

/** Rows of a raw query, whichever driver ran it. */
export async function queryRows<T>(db: Db, query: SQL): Promise<T[]> {
  const result: unknown = await db.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

/** Answers when the database takes a query. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.execute(sql`select 1`);
}
