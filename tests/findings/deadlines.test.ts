// Findings and their deadlines on real PostgreSQL: the lifecycle, the ledger, and the sweep's
// rules — no burst, nothing for an old deadline version, nothing after acceptance, a
// reviewer reminder instead of escalating a department whose report awaits review.
import { and, eq, inArray, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPolicy } from "../../config/policy";
import { queryRows } from "../../src/db/client";
import { findings, inspections, notificationOutbox, reminderLedger, users } from "../../src/db/schema";
import type { LedgerKind } from "../../src/domain/deadlines/plan";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { sweepDueLedger } from "../../src/services/deadlines/sweep";
import {
  extendDeadline,
  getFinding,
  issueFinding,
  listFindings,
  recordFinding,
  reviewReport,
  submitReport,
} from "../../src/services/findings/finding-service";
import { loadDeadlinePlanner } from "../../src/services/findings/planner-factory";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import { clockNow } from "../../src/services/clock";
import type { Principal } from "../../src/services/scope";
import { authenticate } from "../../src/services/users/user-service";
import { createTestDatabase, type TestDatabase } from "../helpers/db";
import { testNow } from "../helpers/clock";
import { operator, pendingDraw } from "../helpers/rounds";
import { testConfig } from "../helpers/config";

const policy = loadPolicy();
let test: TestDatabase;
let inspectionIds: string[];
let supervisor: Principal;
let department: (departmentId: string) => Promise<Principal>;

beforeAll(async () => {
  test = await createTestDatabase();
  const seeded = await seedDemo(test.database.db, operator, 90, testConfig);
  if (!seeded.loaded) throw new Error("demo not loaded");
  const tokenOf = (name: string) => seeded.tokens.find((t) => t.name === name)?.token ?? "";
  const sup = await authenticate(test.database.db, tokenOf("zhang.supervisor"));
  if (!sup) throw new Error("no supervisor");
  supervisor = sup;
  department = async (departmentId) => {
    const dep = await authenticate(test.database.db, tokenOf("wang.department"));
    if (!dep) throw new Error("no department user");
    return { ...dep, departmentId };
  };
  const { roundId, drawId } = await pendingDraw(test.database, "测试〔2026〕1号");
  await executeDraw(test.database, drawId);
  // The inspections have begun: their departments were told (findings come after the notice time).
  await test.database.db.update(inspections).set({ noticeAt: sql`ssj_now() - interval '1 day'` }).where(eq(inspections.roundId, roundId));
  const rows = await test.database.db.select({ id: inspections.id }).from(inspections).where(eq(inspections.roundId, roundId));
  inspectionIds = rows.map((r) => r.id);
});

afterAll(async () => {
  await test.drop();
});

async function issued(severity: "general" | "serious" | "urgent" = "general", inspection = 0) {
  const inspectionId = inspectionIds[inspection] ?? "";
  const finding = await recordFinding(test.database.db, supervisor, inspectionId, {
    itemCode: "ITEM-2",
    description: "职责履行不到位",
    severity,
    evidence: [],
  });
  const planner = await loadDeadlinePlanner(test.database.db, testConfig);
  return issueFinding(test.database.db, supervisor, finding.id, planner);
}

/** Moves the given ledger rows of a finding into the past, as if time had passed. */
async function fallDue(findingId: string, kinds: LedgerKind[]) {
  await test.database.db
    .update(reminderLedger)
    .set({ dueAt: sql`ssj_now() - interval '1 minute'` })
    .where(and(eq(reminderLedger.findingId, findingId), inArray(reminderLedger.kind, kinds)));
}

async function ledgerOf(findingId: string) {
  return test.database.db.select().from(reminderLedger).where(eq(reminderLedger.findingId, findingId)).orderBy(reminderLedger.dueAt);
}

async function deliveriesOf(findingId: string) {
  return queryRows<{ kind: string; recipient: { kind: string; code: string }; key: string }>(
    test.database.db,
    sql`select kind, recipient, key from notification_outbox where payload->>'findingId' = ${findingId} and key like 'ledger:%' order by key`,
  );
}

describe("issuing a finding", () => {
  it("is refused before the department has been notified of the inspection", async () => {
    const inspectionId = inspectionIds[0] ?? "";
    await test.database.db
      .update(inspections)
      .set({ noticeAt: sql`ssj_now() + interval '3 days'` })
      .where(eq(inspections.id, inspectionId));
    try {
      await expect(
        recordFinding(test.database.db, supervisor, inspectionId, {
          itemCode: "ITEM-2",
          description: "过早的问题",
          severity: "general",
          evidence: [],
        }),
      ).rejects.toThrow(/not been notified/);
      const count = await test.database.db.select({ id: findings.id }).from(findings).where(eq(findings.inspectionId, inspectionId));
      expect(count).toEqual([]);
    } finally {
      await test.database.db
        .update(inspections)
        .set({ noticeAt: sql`ssj_now() - interval '1 day'` })
        .where(eq(inspections.id, inspectionId));
    }
  });

  it("sets the deadline N working days after the issue day (general: 20) and schedules reminders and escalations", async () => {
    const finding = await issued("general");
    const planner = await loadDeadlinePlanner(test.database.db, testConfig);
    const today = (await clockNow(test.database.db)).today;
    expect(finding.status).toBe("issued");
    expect(finding.deadline?.dueOn).toBe(planner.deadline(today, 20).dueOn);
    const kinds = (await ledgerOf(finding.id)).map((row) => row.kind);
    expect(kinds).toEqual(["remind-5", "remind-1", "remind-due", "L1", "L2", "L3"]);
  });

  it("shows the department its own issued finding but not a recorded one", async () => {
    const recorded = await recordFinding(test.database.db, supervisor, inspectionIds[1] ?? "", {
      itemCode: "ITEM-1",
      description: "草稿问题",
      severity: "general",
      evidence: [],
    });
    const issuedOne = await issued("general", 1);
    const [row] = await test.database.db.select({ departmentId: findings.departmentId }).from(findings).where(eq(findings.id, recorded.id));
    const dep = await department(row?.departmentId ?? "");
    const visible = await listFindings(test.database.db, dep, { limit: 100, offset: 0 });
    expect(visible.items.map((f) => f.id)).toContain(issuedOne.id);
    expect(visible.items.map((f) => f.id)).not.toContain(recorded.id);
    await expect(getFinding(test.database.db, dep, recorded.id)).rejects.toThrow(/no finding/);
  });
});

describe("the deadline sweep", () => {
  it("sends only the highest escalation level when several fell due together (no burst)", async () => {
    const finding = await issued("urgent");
    await fallDue(finding.id, ["L1", "L2", "L3"]);
    await sweepDueLedger(test.database.db, policy);
    const ledger = await ledgerOf(finding.id);
    expect(ledger.find((r) => r.kind === "L3")?.status).toBe("sent");
    expect(ledger.filter((r) => r.kind === "L1" || r.kind === "L2").map((r) => r.status)).toEqual(["skipped", "skipped"]);
    const deliveries = await deliveriesOf(finding.id);
    expect(deliveries.length).toBeGreaterThan(0);
    expect(new Set(deliveries.map((d) => d.kind))).toEqual(new Set(["finding.escalation.L3"]));
    expect(deliveries.every((d) => d.recipient.kind === "discipline")).toBe(true);
  });

  it("sends nothing for a deadline that an extension replaced", async () => {
    const finding = await issued("serious");
    const oldRows = await ledgerOf(finding.id);
    await extendDeadline(
      test.database.db,
      supervisor,
      finding.id,
      { workingDays: 30, reason: "涉及机构改革，需延期" },
      await loadDeadlinePlanner(test.database.db, testConfig),
    );
    // the old version's rows fall due: nothing may go out for them
    await test.database.db
      .update(reminderLedger)
      .set({ dueAt: sql`ssj_now() - interval '1 minute'` })
      .where(
        inArray(
          reminderLedger.id,
          oldRows.map((r) => r.id),
        ),
      );
    await sweepDueLedger(test.database.db, policy);
    const after = await test.database.db
      .select()
      .from(reminderLedger)
      .where(
        inArray(
          reminderLedger.id,
          oldRows.map((r) => r.id),
        ),
      );
    expect(after.every((r) => r.status === "cancelled")).toBe(true);
    expect(await deliveriesOf(finding.id)).toEqual([]);
    const view = await getFinding(test.database.db, supervisor, finding.id);
    expect(view.deadline?.version).toBe(2);
  });

  it("cancels a stale row of an old deadline version it finds still scheduled", async () => {
    const finding = await issued("serious");
    await extendDeadline(
      test.database.db,
      supervisor,
      finding.id,
      { workingDays: 15, reason: "延期" },
      await loadDeadlinePlanner(test.database.db, testConfig),
    );
    // a row of version 1 that escaped cancellation (as a job queued before the extension would be)
    await test.database.db
      .insert(reminderLedger)
      .values({ findingId: finding.id, kind: "remind-due", deadlineVersion: 1, dueAt: new Date(testNow().getTime() - 60_000) })
      .onConflictDoUpdate({
        target: [reminderLedger.findingId, reminderLedger.kind, reminderLedger.deadlineVersion],
        set: { status: "scheduled", dueAt: new Date(testNow().getTime() - 60_000) },
      });
    await sweepDueLedger(test.database.db, policy);
    const [row] = await test.database.db
      .select()
      .from(reminderLedger)
      .where(and(eq(reminderLedger.findingId, finding.id), eq(reminderLedger.kind, "remind-due"), eq(reminderLedger.deadlineVersion, 1)));
    expect(row?.status).toBe("cancelled");
    expect(await deliveriesOf(finding.id)).toEqual([]);
  });

  it("sends no L1 for a finding accepted a minute before it", async () => {
    const finding = await issued("urgent");
    const [row] = await test.database.db.select({ departmentId: findings.departmentId }).from(findings).where(eq(findings.id, finding.id));
    await submitReport(test.database.db, await department(row?.departmentId ?? ""), finding.id, { content: "已完成整改", attachments: [] });
    await reviewReport(test.database.db, supervisor, finding.id, { decision: "accept" });
    await fallDue(finding.id, ["L1"]);
    await sweepDueLedger(test.database.db, policy);
    expect((await ledgerOf(finding.id)).find((r) => r.kind === "L1")?.status).toBe("cancelled");
    expect(await deliveriesOf(finding.id)).toEqual([]);
  });

  it("reminds the reviewer instead of escalating a department whose report awaits review", async () => {
    const finding = await issued("urgent");
    const [row] = await test.database.db.select({ departmentId: findings.departmentId }).from(findings).where(eq(findings.id, finding.id));
    await submitReport(test.database.db, await department(row?.departmentId ?? ""), finding.id, { content: "整改报告", attachments: [] });
    await fallDue(finding.id, ["L1"]);
    await sweepDueLedger(test.database.db, policy);
    const l1 = (await ledgerOf(finding.id)).find((r) => r.kind === "L1");
    expect(l1?.status).toBe("skipped");
    expect(l1?.outcome).toMatch(/awaits review/);
    const deliveries = await deliveriesOf(finding.id);
    expect(deliveries.map((d) => d.kind)).toEqual(["finding.review-reminder"]);
    const supervisors = await test.database.db.select({ name: users.name }).from(users).where(eq(users.role, "supervisor"));
    expect(deliveries.map((d) => d.recipient.code)).toEqual(supervisors.map((s) => s.name));
  });

  it("delivers each due reminder once when two sweeps run at the same time", async () => {
    const finding = await issued("general");
    await fallDue(finding.id, ["remind-due"]);
    await Promise.all([sweepDueLedger(test.database.db, policy), sweepDueLedger(test.database.db, policy)]);
    const deliveries = await deliveriesOf(finding.id);
    expect(deliveries.map((d) => d.recipient.kind).sort()).toEqual(["department-contact", "team-leader"]);
    expect((await ledgerOf(finding.id)).find((r) => r.kind === "remind-due")?.status).toBe("sent");
  });

  it("handles a burst where everything falls due in the same minute", async () => {
    const burst = [];
    for (let i = 0; i < 40; i++) burst.push(await issued("general", i % inspectionIds.length));
    const ids = burst.map((f) => f.id);
    await test.database.db
      .update(reminderLedger)
      .set({ dueAt: sql`date_trunc('minute', ssj_now()) - interval '1 minute'` })
      .where(inArray(reminderLedger.findingId, ids));
    await sweepDueLedger(test.database.db, policy, 50);
    const rows = await test.database.db.select().from(reminderLedger).where(inArray(reminderLedger.findingId, ids));
    expect(rows.filter((r) => r.status === "scheduled")).toEqual([]);
    // per finding: the latest reminder and the highest level are sent, the rest skipped
    const sent = rows.filter((r) => r.status === "sent").map((r) => r.kind);
    expect(sent.filter((k) => k === "remind-due")).toHaveLength(40);
    expect(sent.filter((k) => k === "L3")).toHaveLength(40);
    expect(sent).toHaveLength(80);
    const outbox = await test.database.db
      .select({ key: notificationOutbox.key })
      .from(notificationOutbox)
      .where(sql`${notificationOutbox.payload}->>'findingId' in ${ids}`);
    expect(new Set(outbox.map((o) => o.key)).size).toBe(outbox.length);
  });
});
