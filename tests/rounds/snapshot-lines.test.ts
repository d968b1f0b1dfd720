// The lock writes department lines in SQL (registry-snapshot.ts streamDepartmentLines); they
// must be byte for byte the engine's canonical lines, whatever a row holds: inactive, never
// inspected, no tags, tags stored out of order or twice.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { departments, organizations } from "../../src/db/schema";
import { sha256hex } from "../../src/domain/canonical/jcs";
import { departmentLine } from "../../src/domain/draw/canonical-json";
import { createOrg } from "../../src/services/orgs/org-service";
import { inSnapshotTransaction, storeSnapshot } from "../../src/services/rounds/registry-snapshot";
import { loadSnapshotList } from "../../src/services/rounds/snapshot-store";
import type { Department } from "../../src/domain/draw/types";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { operator } from "../helpers/rounds";

let test: TestDatabase;

beforeAll(async () => {
  test = await createTestDatabase();
});

afterAll(async () => {
  await test.drop();
});

describe("the lock's department lines", () => {
  it("are the engine's canonical lines for every kind of row", async () => {
    const org = await createOrg(test.database.db, operator, { code: "LINES", name: "行测试编办", parentCode: null });
    await test.database.db.insert(departments).values([
      { orgId: org.id, code: "L-1", name: "甲", kind: "政府部门", tags: ["key", "risk-A"], active: true, lastInspectedOn: "2024-05-06" },
      { orgId: org.id, code: "L-2", name: "乙", kind: "政府部门", tags: [], active: false, lastInspectedOn: null },
      { orgId: org.id, code: "L-3", name: "丙", kind: "乡镇街道", tags: ["risk-B", "key", "key"], active: true, lastInspectedOn: null },
      { orgId: org.id, code: "L-10", name: "丁", kind: "事业单位", tags: ["z.y_x-1", "A:b"], active: true, lastInspectedOn: "2019-01-01" },
    ]);
    const [{ path } = { path: "" }] = await test.database.db.select({ path: organizations.path }).from(organizations).where(eq(organizations.id, org.id));
    const stored = await inSnapshotTransaction(test.database, (tx, stream) => storeSnapshot(tx, stream, { orgPath: path, asOf: "2026-06-15", recusalDays: 365 }));
    const lines = await loadSnapshotList<Department>(test.database.db, stored.departmentsHash);
    const expected: Department[] = [
      { active: true, id: "L-1", lastInspectedOn: "2024-05-06", tags: ["key", "risk-A"] },
      { active: true, id: "L-10", lastInspectedOn: "2019-01-01", tags: ["A:b", "z.y_x-1"] },
      { active: false, id: "L-2", lastInspectedOn: null, tags: [] },
      { active: true, id: "L-3", lastInspectedOn: null, tags: ["key", "risk-B"] },
    ];
    expect(lines).toEqual(expected);
    expect(stored.departmentsHash).toBe(sha256hex(expected.map((d) => departmentLine(d)).join("\n")));
  });
});
