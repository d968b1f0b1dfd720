// The demo county after a few rounds and findings, for the report tests: the 7 past rounds
// and their 18 findings (seedDemo), plus a round drawn in the system — its first draw voided
// and drawn again — with findings in every state the summary tells apart.
import { and, eq, sql } from "drizzle-orm";
import type { Database } from "../../src/db/client";
import { findingDeadlines, findings, inspectionMembers, inspections, inspectors, reminderLedger } from "../../src/db/schema";
import { seedDemo } from "../../src/services/demo/demo-seed";
import { refreshFindingClassification } from "../../src/services/findings/classification";
import {
  extendDeadline,
  issueFinding,
  recordFinding,
  reviewReport,
  submitReport,
  withdrawFinding,
} from "../../src/services/findings/finding-service";
import { loadDeadlinePlanner } from "../../src/services/findings/planner-factory";
import { declineInspectionSeat } from "../../src/services/inspections/seat-service";
import { executeDraw } from "../../src/services/rounds/draw-runner";
import { voidDraw } from "../../src/services/rounds/draw-service";
import { requestDraw } from "../../src/services/rounds/round-service";
import type { Principal } from "../../src/services/scope";
import { authenticate } from "../../src/services/users/user-service";
import { createLockedRound, operator, witnessSeed } from "../helpers/rounds";
import { testConfig } from "../helpers/config";

export interface ReportWorld {
  roundId: string;
  tokens: Record<string, string>;
  supervisor: Principal;
  /** Department code of each finding made, by what happened to it. */
  departmentOf: Record<string, string>;
}

export async function reportWorld(database: Database): Promise<ReportWorld> {
  const { db } = database;
  const seeded = await seedDemo(db, operator, 30, testConfig);
  if (!seeded.loaded) throw new Error("the demo county was there already");
  const tokens = Object.fromEntries(seeded.tokens.map((t) => [t.name, t.token]));
  const supervisor = await authenticate(db, tokens["zhang.supervisor"] ?? "");
  if (!supervisor) throw new Error("no supervisor");

  const { round } = await createLockedRound(database, "报表测试〔2026〕1号");
  const first = await requestDraw(db, operator, round.id, { seed: witnessSeed() });
  await executeDraw(database, first.id);
  await voidDraw(db, operator, first.id, "见证人读数有误，重新抽签");
  const second = await requestDraw(db, operator, round.id, { seed: witnessSeed() });
  const outcome = await executeDraw(database, second.id);
  if (outcome.status !== "done") throw new Error(`redraw failed: ${JSON.stringify(outcome)}`);
  const live = await db
    .select({ id: inspections.id, departmentId: inspections.departmentId })
    .from(inspections)
    .where(and(eq(inspections.roundId, round.id), eq(inspections.voided, false)))
    .orderBy(inspections.position);
  if (live.length < 4) throw new Error("the county round drew fewer than 4 departments");
  // one member declines a seat (inspector workload counts it)
  const [seat] = await db
    .select({ code: inspectors.code })
    .from(inspectionMembers)
    .innerJoin(inspectors, eq(inspectors.id, inspectionMembers.inspectorId))
    .where(and(eq(inspectionMembers.inspectionId, live[0]?.id ?? ""), sql`${inspectionMembers.declinedAt} is null`))
    .orderBy(inspectionMembers.seatedAt)
    .limit(1);
  await declineInspectionSeat(database, operator, live[0]?.id ?? "", { reason: "本人近期借调，回避", inspectorCode: seat?.code ?? null });

  // The inspections have begun: the departments were told (findings come after the notice time).
  await db.update(inspections).set({ noticeAt: sql`ssj_now() - interval '1 day'` }).where(eq(inspections.roundId, round.id));
  const planner = await loadDeadlinePlanner(db, testConfig);
  const departmentOf: Record<string, string> = {};
  const make = async (label: string, at: number, severity: "general" | "serious" | "urgent", issue = true) => {
    const inspection = live[at % live.length];
    const recorded = await recordFinding(db, supervisor, inspection?.id ?? "", {
      itemCode: at % 2 === 0 ? "ITEM-2" : "ITEM-3",
      description: `报表测试问题 ${label}`,
      severity,
      evidence: [],
    });
    departmentOf[label] = recorded.departmentId;
    if (issue) await issueFinding(db, supervisor, recorded.id, planner);
    return recorded.id;
  };
  const asDepartment = async (findingId: string): Promise<Principal> => {
    const [row] = await db.select({ departmentId: findings.departmentId }).from(findings).where(eq(findings.id, findingId));
    return { ...operator, role: "department", departmentId: row?.departmentId ?? null };
  };
  // The deadline passed (the fixture moves it, not the clock): its finding's denormalized due_at follows.
  const pastDue = async (findingId: string) => {
    await db
      .update(findingDeadlines)
      .set({ dueAt: sql`ssj_now() - interval '2 days'`, dueOn: sql`(ssj_now() at time zone 'Asia/Shanghai')::date - 2` })
      .where(eq(findingDeadlines.findingId, findingId));
    await refreshFindingClassification(db, [findingId]);
  };

  // on time: reported and accepted well before the deadline
  const onTime = await make("on-time", 0, "general");
  await submitReport(db, await asDepartment(onTime), onTime, { content: "已整改", attachments: [] });
  await reviewReport(db, supervisor, onTime, { decision: "accept" });
  // late: the deadline passed before the report came
  const late = await make("late", 1, "serious");
  await pastDue(late);
  await submitReport(db, await asDepartment(late), late, { content: "逾期后整改", attachments: [] });
  await reviewReport(db, supervisor, late, { decision: "accept" });
  // on time only thanks to an extension: the first deadline passed, the extension's did not
  const extended = await make("extended", 2, "general");
  await pastDue(extended);
  await extendDeadline(db, supervisor, extended, { workingDays: 10, reason: "涉及机构改革" }, planner);
  await submitReport(db, await asDepartment(extended), extended, { content: "延期内整改", attachments: [] });
  await reviewReport(db, supervisor, extended, { decision: "accept" });
  // overdue now, escalated to L3 (移送纪检监察) and, before that, L1
  const overdue = await make("overdue", 3, "urgent");
  await pastDue(overdue);
  await db
    .update(reminderLedger)
    .set({ status: "sent", processedAt: sql`ssj_now()` })
    .where(and(eq(reminderLedger.findingId, overdue), sql`${reminderLedger.kind} in ('L1', 'L3')`));
  // open, not yet due; a report waiting for review
  const waiting = await make("waiting", 0, "serious");
  await submitReport(db, await asDepartment(waiting), waiting, { content: "整改报告待审", attachments: [] });
  // neither recorded-only nor withdrawn findings are "fed back"
  await make("recorded", 1, "general", false);
  const withdrawn = await make("withdrawn", 2, "general");
  await withdrawFinding(db, supervisor, withdrawn, "误报");
  return { roundId: round.id, tokens, supervisor, departmentOf };
}
