// Start-up checks: if PostgreSQL or Redis cannot be reached, say which and how to fix it
// in one line (the caller prints it and exits non-zero).
import { Redis } from "ioredis";
import type { Env } from "../../config/env";
import { rootCause } from "../errors";
import type { Database } from "../services/database";
import { databaseAnswers } from "../services/health";

export class UnreachableError extends Error {}

export async function checkPostgres(database: Database, env: Pick<Env, "DATABASE_URL">): Promise<void> {
  try {
    await databaseAnswers(database.db);
  } catch (error) {
    throw new UnreachableError(
      `cannot reach PostgreSQL at ${redact(env.DATABASE_URL ?? "")} (${rootCause(error)}): start PostgreSQL or fix DATABASE_URL (unset it to use the embedded database)`,
    );
  }
}

export async function checkRedis(env: Pick<Env, "REDIS_URL">): Promise<void> {
  const probe = new Redis(env.REDIS_URL, {
    lazyConnect: true,
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    connectTimeout: 3000,
    enableOfflineQueue: false,
  });
  probe.on("error", () => {});
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw new UnreachableError(
      `cannot reach Redis at ${redact(env.REDIS_URL)} (${rootCause(error)}): start Redis (redis-server) or set REDIS_URL`,
    );
  } finally {
    probe.disconnect();
  }
}

/** A URL without its password, for messages. */
export function redact(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}
