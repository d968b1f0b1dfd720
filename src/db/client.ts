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
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Pool size for PostgreSQL. */
  max?: number;
  /** Who opens the embedded directory, shown to a second process that is refused. */
  holder?: string;
}

export async function openDatabase(env: Pick<Env, "DATABASE_URL" | "DATA_DIR">, options: OpenOptions = {}): Promise<Database> {
  if (env.DATABASE_URL) return openPostgres(env.DATABASE_URL, options.max ?? 10);
  return openEmbedded(path.resolve(env.DATA_DIR, "pgdata"), options.holder ?? process.argv.slice(2).join(" "));
}

export function openPostgres(url: string, max = 10): Database {
  const client = postgres(url, { max, onnotice: () => {}, connection: { application_name: "shuangsuiji" } });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return { db, kind: "postgres", client, url, created: false, close: () => client.end({ timeout: 5 }) };
}

async function openEmbedded(dataDir: string, holder: string): Promise<Database> {
  const release = acquireDataDirLock(dataDir, holder);
  try {
    const created = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
    fs.mkdirSync(dataDir, { recursive: true });
    const { PGlite } = await import("@electric-sql/pglite");
    const { drizzle: drizzlePglite } = await import("drizzle-orm/pglite");
    const pglite = await PGlite.create(dataDir);
    const db = drizzlePglite(pglite, { schema }) as unknown as Db;
    return {
      db,
      kind: "pglite",
      created,
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
