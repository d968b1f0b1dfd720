// Migrates one template database per test run; each test file clones it
// (tests/helpers/db.ts), so files run in parallel on real PostgreSQL without sharing rows.
// Picks the run's business clock: SSJ_TEST_TODAY=YYYY-MM-DD runs the suite as if today
// (Asia/Shanghai) were that day, from 10:00 on; without it, today from 10:00 (tests/helpers/clock.ts).
import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { isIsoDate, shanghaiDateOf } from "../src/domain/calendar/dates";
import { migratePostgresUrl } from "../src/db/migrate";
import { clockOffsetFor } from "./helpers/clock";
import { adminUrl, databaseUrl } from "./helpers/pg-urls";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
    /** The shift of the run's business clock (SSJ_TEST_CLOCK_OFFSET_MS in every test process). */
    clockOffsetMs: number;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const realNow = Date.now();
  const today = process.env.SSJ_TEST_TODAY || shanghaiDateOf(realNow);
  if (!isIsoDate(today)) throw new Error(`SSJ_TEST_TODAY must be a date, YYYY-MM-DD (got ${JSON.stringify(today)})`);
  const clockOffsetMs = clockOffsetFor(today, realNow);
  project.provide("clockOffsetMs", clockOffsetMs);
  process.stdout.write(`business clock: ${today} 10:00 Asia/Shanghai (shift ${clockOffsetMs} ms)\n`);
  const template = `ssj_tpl_${process.pid}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${template}`);
  await admin.unsafe(`create database ${template}`);
  await migratePostgresUrl(databaseUrl(template));
  project.provide("templateDatabase", template);
  return async () => {
    const leftovers = await admin<
      { datname: string }[]
    >`select datname from pg_database where datname like ${`ssj_t_${process.pid}_%`} or datname = ${template}`;
    for (const { datname } of leftovers) await admin.unsafe(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}
