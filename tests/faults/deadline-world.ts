// The world of the deadline fault tests: a drawn county round, findings issued through the
// services, ledger rows moved into the past as if time had passed, a policy file routing
// reminders and escalations to the webhook, and what PostgreSQL says was delivered.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { defaultPolicyFile } from "../../config/policy";
import { queryRows } from "../../src/db/client";
import { findings, inspections, reminderLedger } from "../../src/db/schema";
import type { LedgerKind } from "../../src/domain/deadlines/plan";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { issueFinding, recordFinding } from "../../src/services/findings/finding-service";
import { loadDeadlinePlanner } from "../../src/services/findings/planner-factory";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import type { Principal } from "../../src/services/scope";
import { authenticate } from "../../src/services/users/user-service";
import type { TestDatabase } from "../helpers/db";
import { operator, pendingDraw } from "../helpers/rounds";
import { testConfig } from "../helpers/config";

export const webhookSecret = "deadline-faults-secret";

/**
 * A policy file: reminders and escalations through the webhook, the given delivery settings.
 * Hand it to the job runtime (withPolicy(loadPolicy(file))) or to `ssj worker` (SSJ_POLICY_FILE).
 */
export function writeTestPolicy(change: (policy: Record<string, unknown>) => void = () => {}): { file: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), "ssj-deadline-policy-"));
  const policy = JSON.parse(readFileSync(defaultPolicyFile, "utf8")) as Record<string, unknown>;
  policy.channels = { reminder: ["webhook"], escalation: ["webhook"], notice: ["log"] };
  policy.delivery = { attempts: 5, backoffMs: 100, timeoutMs: 2_000 };
  change(policy);
  const file = path.join(dir, "policy.json");
  writeFileSync(file, JSON.stringify(policy));
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface DeadlineWorld {
  supervisor: Principal;
  department(departmentId: string): Promise<Principal>;
  /** A general finding recorded and issued on the n-th team of the drawn round. */
  issued(inspection?: number): Promise<{ id: string; departmentId: string }>;
  inspectionIds: string[];
}

export async function deadlineWorld(test: TestDatabase, roundNumber: string): Promise<DeadlineWorld> {
  const seeded = await seedDemo(test.database.db, operator, 90, testConfig);
  if (!seeded.loaded) throw new Error("demo not loaded");
  const tokenOf = (name: string) => seeded.tokens.find((t) => t.name === name)?.token ?? "";
  const supervisor = await authenticate(test.database.db, tokenOf("zhang.supervisor"));
  if (!supervisor) throw new Error("no supervisor");
  const { roundId, drawId } = await pendingDraw(test.database, roundNumber);
  await executeDraw(test.database, drawId);
  // The inspections have begun: the departments were told (findings come after the notice time).
  await test.database.db.update(inspections).set({ noticeAt: sql`ssj_now() - interval '1 day'` }).where(eq(inspections.roundId, roundId));
  const inspectionIds = (
    await test.database.db.select({ id: inspections.id }).from(inspections).where(eq(inspections.roundId, roundId))
  ).map((r) => r.id);
  return {
    supervisor,
    inspectionIds,
    async department(departmentId) {
      const user = await authenticate(test.database.db, tokenOf("wang.department"));
      if (!user) throw new Error("no department user");
      return { ...user, departmentId };
    },
    async issued(inspection = 0) {
      const finding = await recordFinding(test.database.db, supervisor, inspectionIds[inspection % inspectionIds.length] ?? "", {
        itemCode: "ITEM-2",
        description: "职责履行不到位",
        severity: "general",
        evidence: [],
      });
      await issueFinding(test.database.db, supervisor, finding.id, await loadDeadlinePlanner(test.database.db, testConfig));
      const [row] = await test.database.db
        .select({ departmentId: findings.departmentId })
        .from(findings)
        .where(eq(findings.id, finding.id));
      return { id: finding.id, departmentId: row?.departmentId ?? "" };
    },
  };
}

/** Moves the given ledger rows of findings into the past, as if time had passed (same minute for all). */
export async function fallDue(test: TestDatabase, findingIds: string[], kinds: LedgerKind[], version?: number): Promise<void> {
  await test.database.db
    .update(reminderLedger)
    .set({ dueAt: sql`date_trunc('minute', ssj_now()) - interval '1 minute'` })
    .where(
      and(
        inArray(reminderLedger.findingId, findingIds),
        inArray(reminderLedger.kind, kinds),
        version === undefined ? undefined : eq(reminderLedger.deadlineVersion, version),
      ),
    );
}

export interface Delivery {
  id: string;
  key: string;
  kind: string;
  status: string;
  attempts: number;
  uncertainSends: number;
  ledgerId: string;
}

/** The outbox rows the sweep wrote for these findings' ledger rows. */
export async function deliveriesOf(test: TestDatabase, findingIds: string[]): Promise<Delivery[]> {
  if (findingIds.length === 0) return [];
  return queryRows<Delivery>(
    test.database.db,
    sql`select id, key, kind, status, attempts, uncertain_sends as "uncertainSends", payload->>'ledgerId' as "ledgerId"
        from notification_outbox where key like 'ledger:%' and payload->>'findingId' in ${findingIds} order by key`,
  );
}

/** Ledger rows of these findings still waiting for the sweep. */
export async function scheduledRows(test: TestDatabase, findingIds: string[], dueOnly = true): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    test.database.db,
    sql`select count(*)::int as n from reminder_ledger where status = 'scheduled' and finding_id in ${findingIds} ${dueOnly ? sql`and due_at <= ssj_now()` : sql``}`,
  );
  return row?.n ?? 0;
}
