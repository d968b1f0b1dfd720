// What a data-touching CLI command needs: the configuration (src/cli/composition.ts), an open
// database (migrated, by the composition root, on the configured clock), and the local
// operator as principal (DESIGN.md: the CLI acts as a named local operator).
import os from "node:os";
import type { Env } from "../../config/env";
import type { Database } from "../services/database";
import { operatorPrincipal, type Principal } from "../services/scope";
import { type Configuration, configuration, openMigratedDatabase } from "./composition";

export interface CliContext {
  env: Env;
  config: Configuration;
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

/** Runs `work` with an open, migrated database and closes it afterwards (a small pool: a CLI command is one user). */
export async function withDatabase<T>(work: (context: CliContext) => Promise<T>): Promise<T> {
  const config = configuration();
  const database = await openMigratedDatabase(config, { max: 4 });
  try {
    return await work({ env: config.env, config, database, operator: operatorPrincipal(osUser()) });
  } finally {
    await database.close();
  }
}
