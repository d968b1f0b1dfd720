// Bulk writes (src/db/bulk-insert.ts), as a draw stores its inspections, seats and
// notifications: by COPY on PostgreSQL beyond one batch, by one INSERT for a few rows and
// on PGlite — every path must store exactly the values given, whatever characters they hold.
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { arrayLiteral, inBatches, inBulkTransaction, type BulkRow } from "../../src/db/bulk-insert";
import { queryRows, type Database } from "../../src/db/client";
import { createEmbeddedDatabase, createTestDatabase, type TestDatabase } from "../helpers/db";

let test: TestDatabase;
let embedded: Awaited<ReturnType<typeof createEmbeddedDatabase>>;

beforeAll(async () => {
  test = await createTestDatabase();
  embedded = await createEmbeddedDatabase("bulk-insert test");
});

afterAll(async () => {
  await test?.drop();
  await embedded?.drop();
});

const columns = [
  { name: "n", type: "integer" },
  { name: "label", type: "text" },
  { name: "tags", type: "text[]" },
  { name: "doc", type: "jsonb" },
  { name: "at", type: "timestamptz" },
  { name: "flag", type: "boolean" },
];

// Tabs, newlines, backslashes, quotes, braces, commas, Chinese, nulls.
const labels = ["plain", "tab\there", "line\nbreak", "back\\slash", 'quote"d', "{brace,comma}", "东阿县市场监督管理局", "\\N", "", "cr\r"];

function rows(count: number): BulkRow[] {
  return Array.from({ length: count }, (_, n) => [
    String(n),
    labels[n % labels.length] as string,
    arrayLiteral(n % 3 === 0 ? [] : [labels[n % labels.length] as string, "legal"]),
    JSON.stringify({ n, text: labels[(n + 1) % labels.length], nested: { ok: n % 2 === 0 } }),
    n % 4 === 0 ? null : new Date(Date.UTC(2026, 10, 27, 1, 2, 3, n % 1000)).toISOString(),
    n % 2 === 0 ? "t" : "f",
  ]);
}

async function roundTrip(database: Database, count: number) {
  return inBulkTransaction(database, async (tx, insert) => {
    await tx.execute(
      sql`create temp table bulk_test (n integer, label text, tags text[], doc jsonb, at timestamptz, flag boolean) on commit drop`,
    );
    await insert("bulk_test", columns, inBatches(rows(count)));
    return queryRows<{ n: number; label: string; tags: string[]; doc: unknown; at: string | null; flag: boolean }>(
      tx,
      sql`select n, label, tags, doc, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at, flag from bulk_test order by n`,
    );
  });
}

function expected(count: number) {
  return rows(count).map(([n, label, , doc, at, flag]) => ({
    n: Number(n),
    label,
    tags: Number(n) % 3 === 0 ? [] : [label, "legal"],
    doc: JSON.parse(doc as string),
    at,
    flag: flag === "t",
  }));
}

describe("bulk inserts", () => {
  for (const [name, count] of [
    ["one INSERT (a county's draw)", 12],
    ["COPY (more than one batch)", 12_001],
  ] as const) {
    it(`store every value as given on PostgreSQL: ${name}`, async () => {
      const stored = await roundTrip(test.database, count);
      expect(stored).toHaveLength(count);
      expect(stored).toEqual(expected(count));
    });
  }

  it("store every value as given on PGlite", async () => {
    const stored = await roundTrip(embedded.database, 5_003);
    expect(stored).toEqual(expected(5_003));
  });
});
