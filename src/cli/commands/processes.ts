// ssj start | serve | worker | migrate: the long-running processes (DESIGN.md, Shape).
import type { Queue } from "bullmq";
import type { Command } from "commander";
import { createProducer } from "../../../jobs/producer";
import { redisConnection, redisProbe } from "../../../jobs/redis";
import { startJobRuntime, type JobRuntime } from "../../../jobs/runtime";
import type { DrawWaker } from "../../services/rounds/round-types";
import type { NotificationWaker } from "../../services/notifications/dead-letters";
import { buildApp } from "../../http/app";
import { logger } from "../../logger";
import { demoLoaded, seedDemo } from "../../services/demo/demo-seed";
import { databaseAnswers } from "../../services/health";
import { checkRedis } from "../connectivity";
import { configuration, openMigratedDatabase } from "../composition";
import { osUser, withDatabase } from "../context";
import { operatorPrincipal } from "../../services/scope";
import { printDemoTokens } from "./demo";

export function register(program: Command): void {
  program
    .command("start")
    .description("run the API and the workers in one process (the default); without DATABASE_URL on the embedded database")
    .action(() => runService({ api: true, workers: true, name: "start" }));
  program
    .command("serve")
    .description("run the API only")
    .action(() => runService({ api: true, workers: false, name: "serve" }));
  program
    .command("worker")
    .description("run the job workers only")
    .action(() => runService({ api: false, workers: true, name: "worker" }));
  program
    .command("migrate")
    .description("apply the database migrations (under an advisory lock; safe to run from several processes)")
    .action(() =>
      withDatabase(async () => {
        process.stdout.write("migrations applied\n");
      }),
    );
}

interface ServiceOptions {
  api: boolean;
  workers: boolean;
  name: string;
}

async function runService(options: ServiceOptions): Promise<void> {
  // Every file and variable is read and checked before anything starts: a bad one stops here, in one line.
  const config = configuration();
  const { env } = config;
  const log = logger();
  await checkRedis(env);
  const database = await openMigratedDatabase(config, { holder: options.name, max: env.PG_POOL_MAX });
  const closers: (() => Promise<void>)[] = [() => database.close()];
  try {
    if (database.kind === "pglite" && !(await demoLoaded(database.db))) {
      const result = await seedDemo(database.db, operatorPrincipal(osUser()), env.TOKEN_TTL_DAYS, config);
      if (result.loaded) {
        process.stdout.write("The embedded database is new: the demo county (东阿县) is loaded. Demo tokens, ROLE NAME TOKEN:\n");
        printDemoTokens(result.tokens);
      }
    }
    let jobs: JobRuntime | undefined;
    if (options.workers) {
      jobs = await startJobRuntime(
        { database, logger: log, config },
        {
          channels: config.channels,
          redisUrl: env.REDIS_URL,
          prefix: env.QUEUE_PREFIX,
          lockMs: env.JOB_LOCK_MS,
          sweepEveryMs: env.SWEEP_EVERY_MS,
          notifyAhead: env.NOTIFY_AHEAD,
        },
      );
      const runtime = jobs;
      closers.unshift(() => runtime.close());
    }
    let drawWaker: DrawWaker | undefined;
    let notificationWaker: NotificationWaker | undefined;
    let queues: Queue[] | undefined;
    if (jobs) {
      const producer = jobs.producer;
      drawWaker = { drawRequested: (drawId) => producer.add("draw", { drawId }) };
      notificationWaker = { notificationDue: (outboxId) => producer.revive("notify", { outboxId }, { rerunCompleted: true }) };
      queues = [...producer.queues.values()];
    } else if (options.api) {
      const connection = redisConnection(env.REDIS_URL, log, "redis producer");
      const producer = createProducer(connection, env.QUEUE_PREFIX, log, config.policy.delivery);
      drawWaker = { drawRequested: (drawId) => producer.add("draw", { drawId }) };
      notificationWaker = { notificationDue: (outboxId) => producer.revive("notify", { outboxId }, { rerunCompleted: true }) };
      queues = [...producer.queues.values()];
      closers.unshift(async () => {
        await producer.close();
        await connection.quit().catch(() => {});
      });
    }
    if (options.api) {
      const probe = redisProbe(env.REDIS_URL, log);
      const { app } = await buildApp({
        database,
        config,
        logger: log,
        tokenTtlDays: env.TOKEN_TTL_DAYS,
        drawWaker,
        notificationWaker,
        queues,
        readiness: {
          async check() {
            await databaseAnswers(database.db).catch((error: unknown) => {
              throw new Error(`PostgreSQL does not answer: ${String(error)}`);
            });
            await probe.ping().catch((error: unknown) => {
              throw new Error(`Redis does not answer: ${String(error)}`);
            });
            return { postgres: "ok", redis: "ok" };
          },
        },
      });
      await app.listen({ host: env.HOST, port: env.PORT });
      closers.unshift(async () => {
        await app.close(); // stops accepting, lets requests in flight finish
        probe.disconnect();
      });
    }
    log.info({ process: options.name, database: database.kind }, "shuangsuiji is up");
  } catch (error) {
    for (const close of closers) await close().catch(() => {});
    throw error;
  }
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log.info({ signal }, "shutting down: finishing work in flight");
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  for (const close of closers) await close().catch((error: unknown) => log.error({ err: error }, "shutdown step failed"));
  log.info("stopped");
}
