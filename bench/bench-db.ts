// What the benchmarks share: the PostgreSQL server they use, their reusable databases (named
// by a comment holding the generator version and a hash of drizzle/), and the median.
import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import postgres from "postgres";
import { migratePostgresUrl, migrationsFolder } from "../src/db/migrate";

/** The server: SSJ_BENCH_PG, default the local one with trust auth. */
export const benchPgBase = (process.env.SSJ_BENCH_PG ?? "postgres://postgres@127.0.0.1:5432").replace(/\/+$/, "");

/** A hash of the migrations: a database loaded under other migrations is loaded again. */
export async function migrationsHash(): Promise<string> {
  const hash = createHash("sha256");
  const files = (await readdir(migrationsFolder)).filter((f) => f.endsWith(".sql")).sort();
  for (const file of [...files, "meta/_journal.json"])
    hash
      .update(file + "\0")
      .update(await readFile(join(migrationsFolder, file)))
      .update("\0");
  return hash.digest("hex").slice(0, 16);
}

/**
 * Reuses database `name` when its comment is `version`; otherwise drops it, creates it
 * empty and migrated, and returns false: the caller loads it and then sets the comment.
 */
export async function reuseOrRecreate(name: string, version: string, log: (line: string) => void): Promise<boolean> {
  const admin = postgres(`${benchPgBase}/postgres`, { max: 1, onnotice: () => {} });
  try {
    const [found] = await admin<
      { comment: string | null }[]
    >`select shobj_description(oid, 'pg_database') as comment from pg_database where datname = ${name}`;
    if (found?.comment === version) {
      log(`reusing ${name} (${version})`);
      return true;
    }
    log(found ? `${name} holds ${JSON.stringify(found.comment)}: loading it again` : `creating ${name}`);
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.unsafe(`create database ${name}`);
  } finally {
    await admin.end();
  }
  await migratePostgresUrl(`${benchPgBase}/${name}`);
  return false;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
