// What a data-touching CLI command needs: the validated env, an open database (migrated, by
// the composition root), and the local operator as principal (DESIGN.md: the CLI acts as a
// named local operator).
import os from "node:os";
import { loadEnv, type Env } from "../../config/env";
import type { Database } from "../services/database";
import { operatorPrincipal, type Principal } from "../services/scope";
import { openMigratedDatabase } from "./composition";

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
  const database = await openMigratedDatabase(env, { max: 4 });
  try {
    return await work({ env, database, operator: operatorPrincipal(osUser()) });
  } finally {
    await database.close();
  }
}
