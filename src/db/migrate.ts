// Applies the SQL migrations in drizzle/ under a PostgreSQL advisory lock (DESIGN.md,
// rule 4): drizzle's migrate() takes no lock, so processes starting together would race.
import path from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { rootCause } from "../errors";
import type { Database } from "./client";

export const migrationsFolder = path.resolve(import.meta.dirname, "../../drizzle");

/** Any fixed 64-bit key; every migrator in every process uses the same one. */
const MIGRATION_LOCK_KEY = 7_324_001_001n;

export async function migrateDatabase(database: Database, url?: string): Promise<void> {
  try {
    await applyMigrations(database, url);
  } catch (error) {
    throw new Error(`migrating the database failed: ${rootCause(error)}`, { cause: error });
  }
}

async function applyMigrations(database: Database, url?: string): Promise<void> {
  if (database.kind === "pglite") {
    // Only one process opens the embedded directory, so there is no one to race.
    const { migrate } = await import("drizzle-orm/pglite/migrator");
    await migrate(database.db as never, { migrationsFolder });
    return;
  }
  if (!url) throw new Error("migrateDatabase needs the PostgreSQL URL");
  await migratePostgresUrl(url);
}

/** One connection holds the lock and runs every migration statement. */
export async function migratePostgresUrl(url: string): Promise<void> {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await client`select pg_advisory_lock(${MIGRATION_LOCK_KEY.toString()}::bigint)`;
    try {
      await migratePostgres(drizzle(client), { migrationsFolder });
    } finally {
      await client`select pg_advisory_unlock(${MIGRATION_LOCK_KEY.toString()}::bigint)`;
    }
  } finally {
    await client.end({ timeout: 5 });
  }
}
