// A fresh, migrated database for one test file, cloned from the run's template.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import postgres from "postgres";
import { inject } from "vitest";
import { openDatabase, openPostgres, type Database } from "../../src/db/client";
import { migrateDatabase } from "../../src/db/migrate";
import { testClockOffsetMs } from "./clock";
import { adminUrl, databaseUrl } from "./pg-urls";

export interface TestDatabase {
  url: string;
  name: string;
  database: Database;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const template = inject("templateDatabase");
  const name = `ssj_t_${template.replace("ssj_tpl_", "")}_${randomBytes(5).toString("hex")}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const url = databaseUrl(name);
  const database = openPostgres(url, { max: 5, clockOffsetMs: testClockOffsetMs() });
  return {
    url,
    name,
    database,
    async drop() {
      await database.close();
      const cleaner = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      await cleaner.unsafe(`drop database if exists ${name} with (force)`);
      await cleaner.end();
    },
  };
}

/** A fresh, migrated embedded PGlite database (as `npm start` opens without DATABASE_URL) in a temporary directory. */
export async function createEmbeddedDatabase(holder: string): Promise<{ database: Database; drop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssj-embedded-"));
  const database = await openDatabase({ DATABASE_URL: undefined, DATA_DIR: dir }, { holder, clockOffsetMs: testClockOffsetMs() });
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return {
    database,
    async drop() {
      await database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
