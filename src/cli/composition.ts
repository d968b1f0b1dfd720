// The composition root (DESIGN.md, Shape): the one module of src/cli that touches src/db. It
// opens the database, checks that it answers and migrates it, for `ssj start|serve|worker`
// (commands/processes.ts) and for every data-touching command (context.ts); everything else
// receives the open handle and passes it to services. .dependency-cruiser.cjs names this file.
import type { Env } from "../../config/env";
import { openDatabase, type Database, type OpenOptions } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { checkPostgres } from "./connectivity";

/**
 * Opens the database, checks that it answers (one line saying which server and how to fix it
 * when it does not) and applies the migrations. The caller closes it.
 */
export async function openMigratedDatabase(env: Env, options: OpenOptions): Promise<Database> {
  const database = await openDatabase(env, options);
  try {
    await checkPostgres(database, env);
    await migrateDatabase(database, env.DATABASE_URL);
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}
