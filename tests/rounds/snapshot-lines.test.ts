// The lock has PostgreSQL write the snapshot's JSON Lines (registry-snapshot.ts); they must
// be byte for byte the engine's canonical lines, whatever a row holds: inactive, never
// inspected, no tags, tags stored out of order or twice — on PostgreSQL (read by COPY on a
// second connection in the lock's snapshot) and on the embedded PGlite alike.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../src/db/client";
import { departments, inspectors, organizations, snapshotBlobs } from "../../src/db/schema";
import { sha256hex } from "../../src/domain/canonical/jcs";
import { departmentLine, inspectorLine } from "../../src/domain/draw/canonical-json";
import { createOrg } from "../../src/services/orgs/org-service";
import { inSnapshotTransaction, storeSnapshot } from "../../src/services/rounds/registry-snapshot";
import { loadSnapshotList, SnapshotListWriter } from "../../src/services/rounds/snapshot-store";
import type { Department, Inspector } from "../../src/domain/draw/types";
import { createEmbeddedDatabase, createTestDatabase, type TestDatabase } from "../helpers/db";
import { operator } from "../helpers/rounds";

let test: TestDatabase;
let embedded: Awaited<ReturnType<typeof createEmbeddedDatabase>>;

beforeAll(async () => {
  test = await createTestDatabase();
  embedded = await createEmbeddedDatabase("snapshot-lines test");
});

afterAll(async () => {
  await test?.drop();
  await embedded?.drop();
});

/** Rows as the registry would hold them, and the canonical elements the lock must write. */
const stored = {
  canonical: [
    { code: "L-1", tags: ["key", "risk-A"], active: true, lastInspectedOn: "2024-05-06" },
    { code: "L-2", tags: [], active: false, lastInspectedOn: null },
    { code: "L-10", tags: ["A.b", "z.y_x-1"], active: true, lastInspectedOn: "2019-01-01" },
  ],
  // Written past the registry's checks (which sort and deduplicate tags).
  unsorted: [{ code: "L-3", tags: ["risk-B", "key", "key"], active: true, lastInspectedOn: null }],
};
const expected: Department[] = [
  { active: true, id: "L-1", lastInspectedOn: "2024-05-06", tags: ["key", "risk-A"] },
  { active: true, id: "L-10", lastInspectedOn: "2019-01-01", tags: ["A.b", "z.y_x-1"] },
  { active: false, id: "L-2", lastInspectedOn: null, tags: [] },
];
const expectedWithUnsorted: Department[] = [...expected, { active: true, id: "L-3", lastInspectedOn: null, tags: ["key", "risk-B"] }];

async function lockLines(
  database: Database,
  orgCode: string,
  rows: { code: string; tags: string[]; active: boolean; lastInspectedOn: string | null }[],
) {
  const org = await createOrg(database.db, operator, { code: orgCode, name: "行测试编办", parentCode: null });
  await database.db
    .insert(departments)
    .values(rows.map((row) => ({ ...row, orgId: org.id, code: `${orgCode}-${row.code}`, name: row.code, kind: "政府部门" })));
  await database.db.insert(inspectors).values([
    {
      orgId: org.id,
      code: `${orgCode}-I2`,
      name: "乙",
      tags: ["legal", "finance", "legal"],
      conflicts: [`${orgCode}-L-2`, `${orgCode}-L-10`],
    },
    { orgId: org.id, code: `${orgCode}-I1`, name: "甲", tags: [], conflicts: [], status: "on-leave" },
  ]);
  const [{ path } = { path: "" }] = await database.db
    .select({ path: organizations.path })
    .from(organizations)
    .where(eq(organizations.id, org.id));
  return inSnapshotTransaction(database, (tx, lists) => storeSnapshot(tx, lists, { orgPath: path, asOf: "2026-06-15", recusalDays: 365 }));
}

function prefixed(orgCode: string, list: Department[]): Department[] {
  return list.map((d) => ({ ...d, id: `${orgCode}-${d.id}` }));
}

describe("the lock's snapshot lines", () => {
  for (const where of ["PostgreSQL", "PGlite"] as const) {
    const database = () => (where === "PostgreSQL" ? test.database : embedded.database);

    it(`are the engine's canonical lines, tags as the registry keeps them (${where})`, async () => {
      const snapshot = await lockLines(database(), "OK", stored.canonical);
      const lines = await loadSnapshotList<Department>(database().db, snapshot.departmentsHash);
      // Sorted by code unit: "OK-L-1" < "OK-L-10" < "OK-L-2".
      expect(lines).toEqual(prefixed("OK", expected));
      expect(snapshot.departmentCount).toBe(3);
      expect(snapshot.departmentsHash).toBe(
        sha256hex(
          prefixed("OK", expected)
            .map((d) => departmentLine(d))
            .join("\n"),
        ),
      );
      const pool: Inspector[] = [
        { conflicts: [], homeDepartmentId: null, id: "OK-I1", status: "on-leave", tags: [] },
        { conflicts: ["OK-L-10", "OK-L-2"], homeDepartmentId: null, id: "OK-I2", status: "active", tags: ["finance", "legal"] },
      ];
      expect(snapshot.inspectorsHash).toBe(sha256hex(pool.map((i) => inspectorLine(i)).join("\n")));
      expect(snapshot.historyCount).toBe(0);
    });

    it(`sort and deduplicate tags stored out of order (${where})`, async () => {
      const snapshot = await lockLines(database(), "UNS", [...stored.canonical, ...stored.unsorted]);
      const lines = await loadSnapshotList<Department>(database().db, snapshot.departmentsHash);
      expect(lines).toEqual(prefixed("UNS", expectedWithUnsorted));
      expect(snapshot.departmentsHash).toBe(
        sha256hex(
          prefixed("UNS", expectedWithUnsorted)
            .map((d) => departmentLine(d))
            .join("\n"),
        ),
      );
    });
  }
});

describe("a stored list longer than a chunk", () => {
  it("keeps every byte and line, however the pieces fall", async () => {
    const lines = Array.from({ length: 150_000 }, (_, n) =>
      departmentLine({
        active: n % 7 !== 0,
        id: `C${String(n).padStart(7, "0")}`,
        lastInspectedOn: null,
        tags: n % 3 === 0 ? ["legal"] : [],
      }),
    );
    const sent = Buffer.from(lines.map((line) => line + "\n").join(""), "utf8");
    expect(sent.length).toBeGreaterThan(2 * (4 << 20)); // three chunks at least
    const { db } = test.database;
    const written = await db.transaction(async (tx) => {
      const writer = new SnapshotListWriter(tx);
      // Pieces of uneven sizes, cut anywhere (inside lines too).
      for (let at = 0, n = 0; at < sent.length; n++) {
        const size = [1, 17, 4096, 65_537, 1 << 20][n % 5] as number;
        const pending = writer.write(sent.subarray(at, at + size));
        if (pending) await pending;
        at += size;
      }
      return writer.finish();
    });
    expect(written).toEqual({ hash: sha256hex(lines.join("\n")), lines: lines.length });
    const [blob] = await db.select().from(snapshotBlobs).where(eq(snapshotBlobs.hash, written.hash));
    expect(blob?.chunks).toBeGreaterThanOrEqual(3);
    expect((await loadSnapshotList<Department>(db, written.hash)).map((d) => departmentLine(d))).toEqual(lines);
  });
});
