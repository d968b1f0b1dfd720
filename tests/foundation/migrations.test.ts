// Migrations run under an advisory lock (DESIGN.md, rule 4): processes that start together
// on a brand-new database all come up, and each migration is applied once.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migratePostgresUrl, migrationsFolder } from "../../src/db/migrate";
import { adminUrl, databaseUrl } from "../helpers/pg-urls";

const journal = JSON.parse(fs.readFileSync(path.join(migrationsFolder, "meta/_journal.json"), "utf8")) as { entries: { tag: string }[] };
const name = `ssj_t_empty_${process.pid}_${randomBytes(4).toString("hex")}`;
let sql: postgres.Sql;

beforeAll(async () => {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  sql = postgres(databaseUrl(name), { max: 1, onnotice: () => {} });
});

afterAll(async () => {
  await sql?.end();
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
});

describe("migrating a brand-new database from four processes at once", () => {
  it("succeeds in every migrator and applies each migration exactly once", async () => {
    const before = await sql<{ n: number }[]>`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
    expect(before[0]?.n).toBe(0);

    const outcomes = await Promise.allSettled([1, 2, 3, 4].map(() => migratePostgresUrl(databaseUrl(name))));
    expect(outcomes.map((o) => (o.status === "rejected" ? String(o.reason) : "ok"))).toEqual(["ok", "ok", "ok", "ok"]);

    const applied = await sql<{ hash: string }[]>`select hash from drizzle.__drizzle_migrations order by id`;
    expect(applied).toHaveLength(journal.entries.length);
    expect(new Set(applied.map((row) => row.hash)).size).toBe(journal.entries.length);

    const tables = await sql<
      { table_name: string }[]
    >`select table_name from information_schema.tables where table_schema = 'public' order by table_name`;
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining([
        "api_tokens",
        "audit_events",
        "department_names",
        "departments",
        "inspection_items",
        "inspectors",
        "organizations",
        "users",
      ]),
    );
    const triggers = await sql<
      { tgname: string }[]
    >`select tgname from pg_trigger where tgrelid = 'audit_events'::regclass and not tgisinternal order by tgname`;
    expect(triggers.map((t) => t.tgname)).toEqual(["audit_events_no_truncate", "audit_events_no_update_delete"]);

    // a later start finds nothing to do
    await migratePostgresUrl(databaseUrl(name));
    const again = await sql<{ n: number }[]>`select count(*)::int as n from drizzle.__drizzle_migrations`;
    expect(again[0]?.n).toBe(journal.entries.length);
  });
});
