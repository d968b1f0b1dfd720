// The classification denormalized on `findings` (due_at, extended, rectification) on real
// PostgreSQL: each write path — issue, extension, recompute, submission, rejection, acceptance,
// withdrawal — leaves the columns equal to what the deadline and report tables say
// (classifiedFindings over the raw tables), in the same transaction as the change.
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/db/client";
import { findingDeadlines, inspections } from "../../src/db/schema";
import { seedDemo } from "../../src/services/demo/demo-seed";
import {
  extendDeadline,
  issueFinding,
  recordFinding,
  reviewReport,
  submitReport,
  withdrawFinding,
} from "../../src/services/findings/finding-service";
import { loadDeadlinePlanner } from "../../src/services/findings/planner-factory";
import { recomputeProvisionalDeadlines } from "../../src/services/findings/recompute";
import { classifiedFindings } from "../../src/services/reports/report-scope";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import type { Principal } from "../../src/services/scope";
import { authenticate } from "../../src/services/users/user-service";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { operator, pendingDraw } from "../helpers/rounds";
import { testConfig } from "../helpers/config";

let test: TestDatabase;
let inspectionIds: string[];
let supervisor: Principal;
let departmentUser: Principal;

beforeAll(async () => {
  test = await createTestDatabase();
  const seeded = await seedDemo(test.database.db, operator, 90, testConfig);
  if (!seeded.loaded) throw new Error("demo not loaded");
  const tokenOf = (name: string) => seeded.tokens.find((t) => t.name === name)?.token ?? "";
  const sup = await authenticate(test.database.db, tokenOf("zhang.supervisor"));
  const dep = await authenticate(test.database.db, tokenOf("wang.department"));
  if (!sup || !dep) throw new Error("no supervisor or department user");
  supervisor = sup;
  departmentUser = dep;
  const { roundId, drawId } = await pendingDraw(test.database, "分类〔2026〕1号");
  await executeDraw(test.database, drawId);
  await test.database.db.update(inspections).set({ noticeAt: sql`ssj_now() - interval '1 day'` }).where(eq(inspections.roundId, roundId));
  const rows = await test.database.db.select({ id: inspections.id }).from(inspections).where(eq(inspections.roundId, roundId));
  inspectionIds = rows.map((r) => r.id);
});

afterAll(async () => {
  await test?.drop();
});

type Classification = { dueAt: string | null; extended: boolean; rectification: string | null; version: number };

/** The denormalized columns as stored. */
async function stored(findingId: string): Promise<Classification> {
  const [row] = await queryRows<Classification>(
    test.database.db,
    sql`select to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as "dueAt", extended, rectification, deadline_version as version from findings where id = ${findingId}`,
  );
  if (!row) throw new Error(`no finding ${findingId}`);
  return row;
}

/** The same, derived from finding_deadlines and rectification_reports (the rule the reports state). */
async function derived(findingId: string): Promise<Classification> {
  const [row] = await queryRows<Classification>(
    test.database.db,
    sql`select to_char(c.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as "dueAt", c.extended,
               case when c.rectification = 'open' then null else c.rectification end as rectification, c.deadline_version as version
          from (${classifiedFindings(sql`f.id = ${findingId}`)}) c`,
  );
  if (!row) throw new Error(`no finding ${findingId}`);
  return row;
}

async function expectInStep(findingId: string, expected: Partial<Classification>): Promise<Classification> {
  const columns = await stored(findingId);
  expect(columns).toEqual(await derived(findingId));
  expect(columns).toMatchObject(expected);
  return columns;
}

async function issued(inspection: number, description: string): Promise<string> {
  const finding = await recordFinding(test.database.db, supervisor, inspectionIds[inspection] ?? "", {
    itemCode: "ITEM-2",
    description,
    severity: "general",
    evidence: [],
  });
  await expectInStep(finding.id, { dueAt: null, extended: false, rectification: null, version: 0 });
  await issueFinding(test.database.db, supervisor, finding.id, await loadDeadlinePlanner(test.database.db, testConfig));
  return finding.id;
}

const asDepartment = async (findingId: string): Promise<Principal> => {
  const [row] = await queryRows<{ department_id: string }>(
    test.database.db,
    sql`select department_id from findings where id = ${findingId}`,
  );
  return { ...departmentUser, departmentId: row?.department_id ?? null };
};

describe("the classification kept on findings", () => {
  it("follows an issue, an extension, a rejection and an acceptance (on time after the extension)", async () => {
    const id = await issued(0, "分类测试：延期后按期");
    const first = await expectInStep(id, { extended: false, rectification: null, version: 1 });
    expect(first.dueAt).not.toBeNull();
    await extendDeadline(
      test.database.db,
      supervisor,
      id,
      { workingDays: 30, reason: "涉及机构改革" },
      await loadDeadlinePlanner(test.database.db, testConfig),
    );
    const second = await expectInStep(id, { extended: true, rectification: null, version: 2 });
    expect(second.dueAt! > first.dueAt!).toBe(true);
    await submitReport(test.database.db, await asDepartment(id), id, { content: "初稿", attachments: [] });
    await reviewReport(test.database.db, supervisor, id, { decision: "reject", reason: "不到位" });
    await expectInStep(id, { extended: true, rectification: null, version: 2 });
    await submitReport(test.database.db, await asDepartment(id), id, { content: "已整改", attachments: [] });
    await expectInStep(id, { rectification: null });
    await reviewReport(test.database.db, supervisor, id, { decision: "accept" });
    await expectInStep(id, { extended: true, rectification: "on_time_extended", version: 2 });
  });

  it("judges an acceptance from the tables: on time, or late once the deadline had passed before the report", async () => {
    const onTime = await issued(1, "分类测试：按期");
    await submitReport(test.database.db, await asDepartment(onTime), onTime, { content: "已整改", attachments: [] });
    await reviewReport(test.database.db, supervisor, onTime, { decision: "accept" });
    await expectInStep(onTime, { extended: false, rectification: "on_time" });

    const late = await issued(2, "分类测试：逾期");
    // the deadline passed (moved in the table only: the acceptance reads the tables, not the columns)
    await test.database.db
      .update(findingDeadlines)
      .set({ dueAt: sql`ssj_now() - interval '2 days'`, dueOn: sql`(ssj_now() at time zone 'Asia/Shanghai')::date - 2` })
      .where(eq(findingDeadlines.findingId, late));
    await submitReport(test.database.db, await asDepartment(late), late, { content: "逾期后整改", attachments: [] });
    await reviewReport(test.database.db, supervisor, late, { decision: "accept" });
    await expectInStep(late, { extended: false, rectification: "late" });
  });

  it("follows a recompute that moves a provisional deadline", async () => {
    const id = await issued(3, "分类测试：重算");
    const before = await stored(id);
    // counted before the year's arrangement was loaded: provisional, and a day off
    await test.database.db
      .update(findingDeadlines)
      .set({ provisional: true, dueOn: sql`${findingDeadlines.dueOn} + 1`, dueAt: sql`${findingDeadlines.dueAt} + interval '1 day'` })
      .where(and(eq(findingDeadlines.findingId, id), eq(findingDeadlines.version, 1)));
    const result = await test.database.db.transaction((tx) => recomputeProvisionalDeadlines(tx, supervisor, testConfig));
    expect(result.moved).toBeGreaterThanOrEqual(1);
    const after = await expectInStep(id, { extended: false, rectification: null, version: 2 });
    expect(after.dueAt).toBe(before.dueAt);
    const [reason] = await queryRows<{ reason: string }>(
      test.database.db,
      sql`select reason from finding_deadlines where finding_id = ${id} and version = 2`,
    );
    expect(reason?.reason).toBe("recompute");
  });

  it("leaves a withdrawn finding unclassified", async () => {
    const id = await issued(4, "分类测试：撤回");
    await withdrawFinding(test.database.db, supervisor, id, "误报");
    await expectInStep(id, { rectification: null, version: 1 });
  });
});
