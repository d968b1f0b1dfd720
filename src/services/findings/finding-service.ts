// The finding lifecycle (DESIGN.md, Deadlines and escalation):
// recorded → issued → submitted → accepted; submitted → issued on rejection; withdrawn.
// Every change is one transaction with its audit event; a new deadline version comes with
// its ledger rows, and rows of the old version are cancelled. The classification denormalized
// on the finding (due_at, extended, rectification) is refreshed in the same transaction.
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import {
  departments,
  findingDeadlines,
  findings,
  inspectionItems,
  inspectionMembers,
  inspections,
  notificationOutbox,
  rectificationReports,
  reminderLedger,
  rounds,
  type FindingStatus,
} from "../../db/schema";
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { alertAdminsOfUncoveredYear } from "../calendar/calendar-service";
import { visibleInspections } from "../inspections/inspection-access";
import { actorCode } from "../rounds/actor-code";
import { clockNow } from "../clock";
import { inScope, type Principal } from "../scope";
import { refreshFindingClassification } from "./classification";
import type { DeadlinePlanner } from "./deadline-planner";
import type { FindingInput } from "./finding-types";

export type Finding = typeof findings.$inferSelect;

const staffRoles = new Set(["admin", "supervisor", "operator"]);

/** A team member records a finding on their inspection. */
export async function recordFinding(db: Db, principal: Principal, inspectionId: string, input: FindingInput): Promise<Finding> {
  return db.transaction(async (tx) => {
    const inspection = await visibleInspection(tx, principal, inspectionId);
    if (!staffRoles.has(principal.role) && !(await isMember(tx, principal, inspection.id)))
      throw new ForbiddenError("only the inspection's team or a supervisor records findings");
    await expectNoticed(tx, inspection.id);
    const [round] = await tx.select().from(rounds).where(eq(rounds.id, inspection.roundId));
    const itemCodes = ((round?.params as { items?: string[] } | undefined)?.items ?? []) as string[];
    if (!itemCodes.includes(input.itemCode))
      throw new BadRequestError(`item ${input.itemCode} is not one of the round's items (${itemCodes.join(", ")})`);
    const [item] = await tx
      .select()
      .from(inspectionItems)
      .where(and(eq(inspectionItems.orgId, inspection.orgId), eq(inspectionItems.code, input.itemCode)));
    if (!item) throw new BadRequestError(`unknown inspection item ${input.itemCode}`);
    const [finding] = await tx
      .insert(findings)
      .values({
        orgId: inspection.orgId,
        roundId: inspection.roundId,
        inspectionId: inspection.id,
        departmentId: inspection.departmentId,
        itemId: item.id,
        description: input.description,
        severity: input.severity,
        evidence: input.evidence,
        rectifyDays: input.rectifyDays ?? null,
        recordedBy: actorCode(principal),
      })
      .returning();
    if (!finding) throw new Error("finding was not stored");
    await appendAudit(tx, {
      actor: principal.actor,
      action: "finding.record",
      subject: `finding:${finding.id}`,
      orgId: finding.orgId,
      payload: { inspectionId, itemCode: input.itemCode, severity: input.severity },
    });
    return finding;
  });
}

/** The team leader or a supervisor issues a finding (整改通知书); the deadline starts. */
export async function issueFinding(db: Db, principal: Principal, findingId: string, planner: DeadlinePlanner): Promise<FindingView> {
  await db.transaction(async (tx) => {
    const finding = await lockFinding(tx, principal, findingId);
    expectStatus(finding, ["recorded"]);
    if (!staffRoles.has(principal.role) && !(await isLeader(tx, principal, finding.inspectionId)))
      throw new ForbiddenError("only the team leader or a supervisor issues a finding");
    await expectNoticed(tx, finding.inspectionId);
    const now = await clockNow(tx);
    const workingDays = finding.rectifyDays ?? planner.defaultWorkingDays(finding.severity);
    await tx
      .update(findings)
      .set({ status: "issued", issuedBy: actorCode(principal), issuedAt: sql`ssj_now()`, updatedAt: sql`ssj_now()` })
      .where(eq(findings.id, finding.id));
    const deadline = await setDeadline(tx, principal, finding, planner, {
      countedFrom: now.today,
      now: now.at,
      workingDays,
      reason: "issue",
      note: null,
    });
    await notifyDepartment(tx, finding, "finding.issued", { deadline: deadline.dueOn, provisional: deadline.provisional });
    await appendAudit(tx, {
      actor: principal.actor,
      action: "finding.issue",
      subject: `finding:${finding.id}`,
      orgId: finding.orgId,
      payload: { deadlineVersion: deadline.version, dueOn: deadline.dueOn, workingDays, provisional: deadline.provisional },
    });
  });
  return getFinding(db, principal, findingId);
}

/** The department reports its rectification. */
export async function submitReport(
  db: Db,
  principal: Principal,
  findingId: string,
  input: { content: string; attachments: string[] },
): Promise<FindingView> {
  await db.transaction(async (tx) => {
    const finding = await lockFinding(tx, principal, findingId);
    if (principal.role !== "department" && !staffRoles.has(principal.role))
      throw new ForbiddenError("only the department submits its rectification report");
    expectStatus(finding, ["issued"]);
    await tx.insert(rectificationReports).values({
      findingId: finding.id,
      deadlineVersion: finding.deadlineVersion,
      content: input.content,
      attachments: input.attachments,
      submittedBy: actorCode(principal),
    });
    await tx.update(findings).set({ status: "submitted", updatedAt: sql`ssj_now()` }).where(eq(findings.id, finding.id));
    await refreshFindingClassification(tx, [finding.id]);
    await appendAudit(tx, {
      actor: principal.actor,
      action: "finding.submit",
      subject: `finding:${finding.id}`,
      orgId: finding.orgId,
      payload: { deadlineVersion: finding.deadlineVersion },
    });
  });
  return getFinding(db, principal, findingId);
}

/** The supervisor accepts (销号) or rejects the report under review. */
export async function reviewReport(
  db: Db,
  principal: Principal,
  findingId: string,
  input: { decision: "accept" | "reject"; reason?: string | null },
): Promise<FindingView> {
  if (!staffRoles.has(principal.role)) throw new ForbiddenError("only a supervisor reviews rectification reports");
  await db.transaction(async (tx) => {
    const finding = await lockFinding(tx, principal, findingId);
    expectStatus(finding, ["submitted"]);
    const [report] = await tx
      .select()
      .from(rectificationReports)
      .where(and(eq(rectificationReports.findingId, finding.id), sql`${rectificationReports.review} is null`))
      .orderBy(desc(rectificationReports.submittedAt))
      .limit(1);
    if (!report) throw new ConflictError("no report is waiting for review");
    await tx
      .update(rectificationReports)
      .set({
        review: input.decision === "accept" ? "accepted" : "rejected",
        reviewReason: input.reason ?? null,
        reviewedBy: actorCode(principal),
        reviewedAt: sql`ssj_now()`,
      })
      .where(eq(rectificationReports.id, report.id));
    if (input.decision === "accept") {
      await tx
        .update(findings)
        .set({ status: "accepted", acceptedAt: sql`ssj_now()`, updatedAt: sql`ssj_now()` })
        .where(eq(findings.id, finding.id));
      await cancelLedger(tx, finding.id, "the finding was accepted");
    } else {
      await tx.update(findings).set({ status: "issued", updatedAt: sql`ssj_now()` }).where(eq(findings.id, finding.id));
      await notifyDepartment(tx, finding, "finding.rejected", { reason: input.reason });
    }
    await refreshFindingClassification(tx, [finding.id]);
    await appendAudit(tx, {
      actor: principal.actor,
      action: input.decision === "accept" ? "finding.accept" : "finding.reject",
      subject: `finding:${finding.id}`,
      orgId: finding.orgId,
      payload: { reportId: report.id, reason: input.reason ?? null },
    });
  });
  return getFinding(db, principal, findingId);
}

/** A finding issued in error is withdrawn with a reason; nothing more is sent for it. */
export async function withdrawFinding(db: Db, principal: Principal, findingId: string, reason: string): Promise<FindingView> {
  if (!staffRoles.has(principal.role)) throw new ForbiddenError("only a supervisor withdraws a finding");
  await db.transaction(async (tx) => {
    const finding = await lockFinding(tx, principal, findingId);
    expectStatus(finding, ["recorded", "issued", "submitted"]);
    await tx
      .update(findings)
      .set({ status: "withdrawn", withdrawnAt: sql`ssj_now()`, withdrawReason: reason, updatedAt: sql`ssj_now()` })
      .where(eq(findings.id, finding.id));
    await refreshFindingClassification(tx, [finding.id]);
    await cancelLedger(tx, finding.id, "the finding was withdrawn");
    await appendAudit(tx, {
      actor: principal.actor,
      action: "finding.withdraw",
      subject: `finding:${finding.id}`,
      orgId: finding.orgId,
      payload: { reason, previousStatus: finding.status },
    });
  });
  return getFinding(db, principal, findingId);
}

/** An extension approved by the supervisor: a new deadline version; the old one's jobs do nothing. */
export async function extendDeadline(
  db: Db,
  principal: Principal,
  findingId: string,
  input: { workingDays: number; reason: string },
  planner: DeadlinePlanner,
): Promise<FindingView> {
  if (!staffRoles.has(principal.role)) throw new ForbiddenError("only a supervisor grants an extension");
  await db.transaction(async (tx) => {
    const finding = await lockFinding(tx, principal, findingId);
    expectStatus(finding, ["issued", "submitted"]);
    const now = await clockNow(tx);
    const deadline = await setDeadline(tx, principal, finding, planner, {
      countedFrom: now.today,
      now: now.at,
      workingDays: input.workingDays,
      reason: "extension",
      note: input.reason,
    });
    await notifyDepartment(tx, finding, "finding.extended", { deadline: deadline.dueOn, reason: input.reason });
    await appendAudit(tx, {
      actor: principal.actor,
      action: "finding.extend",
      subject: `finding:${finding.id}`,
      orgId: finding.orgId,
      payload: { deadlineVersion: deadline.version, dueOn: deadline.dueOn, workingDays: input.workingDays, reason: input.reason },
    });
  });
  return getFinding(db, principal, findingId);
}

export interface DeadlineRow {
  version: number;
  dueOn: string;
  provisional: boolean;
}

/**
 * Writes deadline version N+1 and its ledger rows; cancels the rows of earlier versions;
 * refreshes the finding's due_at and extended (issue, extension, recompute).
 * Also used to recompute provisional deadlines when a year's arrangement is loaded.
 */
export async function setDeadline(
  tx: Db,
  principal: Principal,
  finding: Finding,
  planner: DeadlinePlanner,
  input: {
    countedFrom: string;
    /** The command's business time (src/services/clock.ts): reminders due before it are dropped. */
    now: string;
    workingDays: number;
    reason: "issue" | "extension" | "recompute";
    note: string | null;
  },
): Promise<DeadlineRow> {
  const due = planner.deadline(input.countedFrom, input.workingDays);
  const version = finding.deadlineVersion + 1;
  await tx.insert(findingDeadlines).values({
    findingId: finding.id,
    version,
    countedFrom: input.countedFrom,
    workingDays: input.workingDays,
    dueOn: due.dueOn,
    dueAt: new Date(due.dueAt),
    provisional: due.provisional,
    reason: input.reason,
    note: input.note,
    createdBy: actorCode(principal),
  });
  await tx.update(findings).set({ deadlineVersion: version, updatedAt: sql`ssj_now()` }).where(eq(findings.id, finding.id));
  await refreshFindingClassification(tx, [finding.id]);
  for (const year of due.uncoveredYears)
    await alertAdminsOfUncoveredYear(tx, year, { subject: `finding:${finding.id}`, provisionalDate: due.dueOn });
  await cancelLedger(tx, finding.id, `deadline version ${version} replaced it`);
  // A reminder whose time has passed when the deadline is set (a short deadline) is noise: dropped.
  const rows = planner
    .ledger(due.dueOn)
    .filter((entry) => entry.dueAt > input.now)
    .map((entry) => ({ findingId: finding.id, kind: entry.kind, deadlineVersion: version, dueAt: new Date(entry.dueAt) }));
  if (rows.length > 0) await tx.insert(reminderLedger).values(rows).onConflictDoNothing();
  return { version, dueOn: due.dueOn, provisional: due.provisional };
}

async function cancelLedger(tx: Db, findingId: string, outcome: string): Promise<void> {
  await tx
    .update(reminderLedger)
    .set({ status: "cancelled", outcome, processedAt: sql`ssj_now()` })
    .where(and(eq(reminderLedger.findingId, findingId), eq(reminderLedger.status, "scheduled")));
}

async function notifyDepartment(tx: Db, finding: Finding, kind: string, extra: Record<string, unknown>): Promise<void> {
  const [department] = await tx.select().from(departments).where(eq(departments.id, finding.departmentId));
  if (!department) return;
  await tx
    .insert(notificationOutbox)
    .values({
      key: `finding:${finding.id}:${kind}:${randomUUID()}`,
      orgId: finding.orgId,
      kind,
      recipient: {
        kind: "department-contact",
        code: department.code,
        name: department.contactName ?? department.name,
        address: department.contactEmail ?? department.contactPhone ?? null,
      },
      payload: {
        findingId: finding.id,
        department: { code: department.code, name: department.name },
        description: finding.description,
        severity: finding.severity,
        ...extra,
      },
    })
    .onConflictDoNothing();
}

/** A finding may not reveal an inspection its department has not been told of (DESIGN.md, Confidentiality). */
async function expectNoticed(tx: Db, inspectionId: string | null): Promise<void> {
  if (!inspectionId) return;
  const [row] = await tx
    .select({ noticed: sql<boolean>`${inspections.noticeAt} is not null and ${inspections.noticeAt} <= ssj_now()` })
    .from(inspections)
    .where(eq(inspections.id, inspectionId));
  if (!row?.noticed)
    throw new ConflictError(
      "the department has not been notified of this inspection yet: findings come after its notice time",
      undefined,
      "not_yet_notified",
    );
}

function expectStatus(finding: Finding, allowed: FindingStatus[]): void {
  if (!allowed.includes(finding.status))
    throw new ConflictError(
      `finding ${finding.id} is ${finding.status}; this needs ${allowed.join(" or ")}`,
      { status: finding.status },
      "wrong_status",
    );
}

async function visibleInspection(db: Db, principal: Principal, inspectionId: string) {
  if (!/^[0-9a-f-]{36}$/i.test(inspectionId)) throw new NotFoundError(`no inspection ${inspectionId}`);
  const [inspection] = await db
    .select()
    .from(inspections)
    .where(and(eq(inspections.id, inspectionId), visibleInspections(principal)));
  if (!inspection || inspection.voided) throw new NotFoundError(`no inspection ${inspectionId}`);
  return inspection;
}

async function isMember(db: Db, principal: Principal, inspectionId: string | null): Promise<boolean> {
  if (!principal.inspectorId || !inspectionId) return false;
  const [seat] = await db
    .select({ id: inspectionMembers.id })
    .from(inspectionMembers)
    .where(
      and(
        eq(inspectionMembers.inspectionId, inspectionId),
        eq(inspectionMembers.inspectorId, principal.inspectorId),
        sql`${inspectionMembers.declinedAt} is null`,
      ),
    );
  return seat !== undefined;
}

async function isLeader(db: Db, principal: Principal, inspectionId: string | null): Promise<boolean> {
  if (!principal.inspectorId || !inspectionId) return false;
  const [seat] = await db
    .select({ id: inspectionMembers.id })
    .from(inspectionMembers)
    .where(
      and(
        eq(inspectionMembers.inspectionId, inspectionId),
        eq(inspectionMembers.inspectorId, principal.inspectorId),
        eq(inspectionMembers.leader, true),
        sql`${inspectionMembers.declinedAt} is null`,
      ),
    );
  return seat !== undefined;
}

/**
 * Findings a principal may see: staff their subtree; an inspector those of inspections they
 * sit on; a department its own, once issued (a recorded finding is the team's draft).
 */
export function visibleFindings(principal: Principal) {
  const scope = inScope(principal, findings.orgId);
  switch (principal.role) {
    case "inspector":
      return and(
        scope,
        sql`exists (select 1 from inspection_members m where m.inspection_id = ${findings.inspectionId} and m.inspector_id = ${principal.inspectorId ?? null} and m.declined_at is null)`,
      );
    case "department":
      return and(
        scope,
        eq(findings.departmentId, principal.departmentId ?? "00000000-0000-0000-0000-000000000000"),
        sql`${findings.status} <> 'recorded'`,
      );
    default:
      return scope;
  }
}

async function lockFinding(tx: Db, principal: Principal, findingId: string): Promise<Finding> {
  if (!/^[0-9a-f-]{36}$/i.test(findingId)) throw new NotFoundError(`no finding ${findingId}`);
  const [finding] = await tx
    .select()
    .from(findings)
    .where(and(eq(findings.id, findingId), visibleFindings(principal)))
    .for("update");
  if (!finding) throw new NotFoundError(`no finding ${findingId}`);
  return finding;
}

export type FindingView = Finding & {
  itemCode: string;
  departmentCode: string;
  deadline: { version: number; dueOn: string; dueAt: Date; provisional: boolean } | null;
  deadlines: (typeof findingDeadlines.$inferSelect)[];
  reports: (typeof rectificationReports.$inferSelect)[];
};

export async function getFinding(db: Db, principal: Principal, findingId: string): Promise<FindingView> {
  if (!/^[0-9a-f-]{36}$/i.test(findingId)) throw new NotFoundError(`no finding ${findingId}`);
  const [row] = await db
    .select({ finding: findings, itemCode: inspectionItems.code, departmentCode: departments.code })
    .from(findings)
    .innerJoin(inspectionItems, eq(inspectionItems.id, findings.itemId))
    .innerJoin(departments, eq(departments.id, findings.departmentId))
    .where(and(eq(findings.id, findingId), visibleFindings(principal)));
  if (!row) throw new NotFoundError(`no finding ${findingId}`);
  const deadlines = await db
    .select()
    .from(findingDeadlines)
    .where(eq(findingDeadlines.findingId, findingId))
    .orderBy(findingDeadlines.version);
  const reports = await db
    .select()
    .from(rectificationReports)
    .where(eq(rectificationReports.findingId, findingId))
    .orderBy(rectificationReports.submittedAt);
  const current = deadlines.find((d) => d.version === row.finding.deadlineVersion);
  return {
    ...row.finding,
    itemCode: row.itemCode,
    departmentCode: row.departmentCode,
    deadline: current ? { version: current.version, dueOn: current.dueOn, dueAt: current.dueAt, provisional: current.provisional } : null,
    deadlines,
    reports,
  };
}

export async function listFindings(
  db: Db,
  principal: Principal,
  filter: { status?: FindingStatus; roundId?: string; departmentCode?: string; limit: number; offset: number },
) {
  const where = and(
    visibleFindings(principal),
    filter.status ? eq(findings.status, filter.status) : undefined,
    filter.roundId ? eq(findings.roundId, filter.roundId) : undefined,
    filter.departmentCode
      ? inArray(
          findings.departmentId,
          db.select({ id: departments.id }).from(departments).where(eq(departments.code, filter.departmentCode)),
        )
      : undefined,
  );
  const [count] = await db.select({ total: sql<number>`count(*)::int` }).from(findings).where(where);
  const items = await db
    .select({
      id: findings.id,
      status: findings.status,
      severity: findings.severity,
      description: findings.description,
      departmentCode: departments.code,
      departmentName: departments.name,
      itemCode: inspectionItems.code,
      roundId: findings.roundId,
      deadlineVersion: findings.deadlineVersion,
      dueOn: findingDeadlines.dueOn,
      provisional: findingDeadlines.provisional,
      createdAt: findings.createdAt,
    })
    .from(findings)
    .innerJoin(departments, eq(departments.id, findings.departmentId))
    .innerJoin(inspectionItems, eq(inspectionItems.id, findings.itemId))
    .leftJoin(findingDeadlines, and(eq(findingDeadlines.findingId, findings.id), eq(findingDeadlines.version, findings.deadlineVersion)))
    .where(where)
    .orderBy(desc(findings.createdAt))
    .limit(filter.limit)
    .offset(filter.offset);
  return { total: count?.total ?? 0, items };
}
