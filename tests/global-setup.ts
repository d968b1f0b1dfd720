// Migrates one template database per test run; each test file clones it
// (tests/helpers/db.ts), so files run in parallel on real PostgreSQL without sharing rows.
import type { TestProject } from "vitest/node";
import postgres from "postgres";
import { migratePostgresUrl } from "../src/db/migrate";
import { adminUrl, databaseUrl } from "./helpers/pg-urls";

declare module "vitest" {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
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
