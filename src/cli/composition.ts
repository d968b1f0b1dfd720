// The composition root (DESIGN.md, Shape): the one place that reads the configuration — the
// environment, the policy file, the notification channels, the calendar overrides — and
// validates all of it before anything starts, and the one module of src/cli that touches
// src/db: it opens the database, checks that it answers and migrates it, for `ssj
// start|serve|worker` (commands/processes.ts) and for every data-touching command
// (context.ts). Everything else receives what it needs and passes it down: services and jobs
// read no file and no variable themselves. A bad value stops the process with one line naming
// the file (or variable), the field and the problem. .dependency-cruiser.cjs names this file.
//
// The clock is configured here too: every database connection opened here carries
// SSJ_TEST_CLOCK_OFFSET_MS (tests only) as `ssj.clock_offset`, which ssj_now() adds to now()
// (src/services/clock.ts).
import path from "node:path";
import { CalendarOverridesError, loadCalendarOverrides } from "../../config/calendar-overrides";
import { type ChannelConfig, parseChannels } from "../../config/channels";
import { type Env, EnvError, parseEnv } from "../../config/env";
import { loadPolicy, PolicyError } from "../../config/policy";
import { type Database, type OpenOptions, openDatabase } from "../db/client";
import { migrateDatabase } from "../db/migrate";
import type { DeploymentConfig } from "../services/deployment";
import { checkPostgres } from "./connectivity";

export interface Configuration extends DeploymentConfig {
  env: Env;
  channels: ChannelConfig;
}

/** The whole configuration of this process, validated; throws ConfigurationError (one line). */
export function loadConfiguration(source: Record<string, string | undefined> = process.env): Configuration {
  try {
    const env = parseEnv(source);
    const channels = parseChannels(source);
    const policy = loadPolicy(path.resolve(env.SSJ_POLICY_FILE));
    const calendarOverrides = loadCalendarOverrides(path.resolve(env.SSJ_CALENDAR_OVERRIDES_FILE));
    return { env, channels, policy, calendarOverrides };
  } catch (error) {
    if (error instanceof EnvError || error instanceof PolicyError || error instanceof CalendarOverridesError)
      throw new ConfigurationError(error.message);
    throw error;
  }
}

let loaded: Configuration | undefined;

/** This process's configuration, loaded on first use (at start) and kept. */
export function configuration(): Configuration {
  loaded ??= loadConfiguration();
  return loaded;
}

/**
 * Opens the configured database — its connections on the configured clock — checks that it
 * answers (one line saying which server and how to fix it when it does not) and applies the
 * migrations. The caller closes it.
 */
export async function openMigratedDatabase(config: Configuration, options: Omit<OpenOptions, "clockOffsetMs">): Promise<Database> {
  const { env } = config;
  const database = await openDatabase(env, { ...options, clockOffsetMs: env.SSJ_TEST_CLOCK_OFFSET_MS });
  try {
    await checkPostgres(database, env);
    await migrateDatabase(database, env.DATABASE_URL);
    return database;
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigurationError";
  }
}
