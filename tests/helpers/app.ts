// The HTTP app on a test database: a silent logger and a readiness probe that really pings
// PostgreSQL and Redis. Requests go through `app.inject`, no port is opened.
import { pino } from "pino";
import { redisClient } from "../../jobs/redis";
import { pingDatabase, type Database } from "../../src/db/client";
import { buildApp, type BuiltApp } from "../../src/http/app";
import type { AppDeps } from "../../src/http/deps";
import { testConfig } from "./config";

export const testRedisUrl = process.env.SSJ_TEST_REDIS ?? "redis://127.0.0.1:6379";

export interface TestApp extends BuiltApp {
  close(): Promise<void>;
}

export async function buildTestApp(
  database: Database,
  options: { tokenTtlDays?: number } & Pick<AppDeps, "drawWaker" | "queues" | "notificationWaker"> = {},
): Promise<TestApp> {
  const logger = pino({ level: "silent" });
  const redis = redisClient(testRedisUrl, logger, "test readiness probe", { lazyConnect: true, maxRetriesPerRequest: 1 });
  const built = await buildApp({
    database,
    config: testConfig,
    logger,
    tokenTtlDays: options.tokenTtlDays ?? 90,
    drawWaker: options.drawWaker,
    notificationWaker: options.notificationWaker,
    queues: options.queues,
    readiness: {
      async check() {
        await pingDatabase(database.db);
        await redis.ping();
        return { postgres: "ok", redis: "ok" };
      },
    },
  });
  await built.app.ready();
  return {
    ...built,
    async close() {
      await built.app.close();
      redis.disconnect();
    },
  };
}

/** The Authorization header of a bearer token. */
export function bearer(token: string): { authorization: string } {
  return { authorization: `Bearer ${token}` };
}
