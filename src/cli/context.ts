// What a data-touching CLI command needs: the validated env, an open database (migrated),
// and the local operator as principal (DESIGN.md: the CLI acts as a named local operator).
import os from "node:os";
import { loadEnv, type Env } from "../../config/env";
import { openDatabase, type Database } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import { operatorPrincipal, type Principal } from "../services/scope";

export interface CliContext {
  env: Env;
  database: Database;
  operator: Principal;
}

export function osUser(): string {
  try {
    return os.userInfo().username;
  } catch {
    return process.env.USER ?? "unknown";
  }
}

/** Runs `work` with an open, migrated database and closes it afterwards. */
export async function withDatabase<T>(work: (context: CliContext) => Promise<T>): Promise<T> {
  const env = loadEnv();
  const database = await openDatabase(env, { max: 4 });
  try {
    await migrateDatabase(database, env.DATABASE_URL);
    return await work({ env, database, operator: operatorPrincipal(osUser()) });
  } finally {
    await database.close();
  }
}
