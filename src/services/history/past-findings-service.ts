// Past findings (docs/reports.md, 历史问题导入): the problems the rounds before the system fed
// back, and how their rectification ended, so that a period summary reaching back over those
// years counts them. Each row becomes an imported finding on the imported round with that 文号
// (and on its inspection of the department), with deadline version 1 (reason issue) and, when
// it was accepted (销号), an accepted rectification report dated that day. Imported findings
// never get reminders or escalations. All or nothing; re-importing a file is safe: a finding
// is matched by (文号, 单位编码, 事项编码, 问题描述) and updated only where the file changed it.
import { and, eq, inArray, sql } from "drizzle-orm";
import { queryRows, type Database, type Db } from "../../db/client";
import { departments, findingDeadlines, findings, inspectionItems, inspections, rectificationReports, rounds } from "../../db/schema";
import { addDays, type WorkingCalendar } from "../../domain/calendar";
import { shanghaiInstant } from "../../domain/deadlines/plan";
import { BadRequestError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { loadCalendar } from "../calendar/calendar-service";
import type { DeploymentConfig } from "../deployment";
import { refreshFindingClassification } from "../findings/classification";
import { assertMayImport, BadRowList, readImportRows } from "../imports/import-service";
import type { BadRow, FileSummary, ImportSource } from "../imports/import-types";
import type { Organization } from "../orgs/org-service";
import { actorCode } from "../rounds/actor-code";
import { clockNow } from "../clock";
import { subtreeCondition, subtreeOrgIds, type Principal } from "../scope";
import { parsePastFindingRow, pastFindingColumns, type PastFindingRow } from "./past-findings-columns";

export type { PastFindingRow } from "./past-findings-columns";

export interface PastFindingCounts {
  added: number;
  updated: number;
  unchanged: number;
  /** Rows whose rectification was accepted (销号), and rows still open. */
  accepted: number;
  open: number;
}

export interface PastFindingSummary extends PastFindingCounts, FileSummary {}

/** Serializes past-finding loads of one organization: (this key, hashtext(org id)). */
const PAST_FINDINGS_LOCK_KEY = 73_241_006;
const IMPORTED_REPORT = "(历史导入)整改已完成并销号";

export async function importPastFindings(
  database: Database,
  principal: Principal,
  org: Organization,
  source: ImportSource,
  config: Pick<DeploymentConfig, "calendarOverrides">,
): Promise<PastFindingSummary> {
  assertMayImport(principal, org, "past findings");
  const file = await readImportRows(source, pastFindingColumns, parsePastFindingRow, "past findings");
  return database.db.transaction(async (tx) => {
    const counts = await loadPastFindings(tx, principal, org, file.parsed, config, file.bad);
    const summary: PastFindingSummary = { format: file.format, encoding: file.encoding, rows: file.rows, ...counts, sha256: file.sha256() };
    await appendAudit(tx, {
      actor: principal.actor,
      action: "findings.import",
      subject: `org:${org.code}`,
      orgId: org.id,
      payload: { ...summary, filename: source.filename ?? null },
    });
    return summary;
  });
}

interface Target {
  roundId: string;
  orgId: string;
  inspectionId: string;
  departmentId: string;
  itemId: string;
}

/**
 * Checks and upserts past findings inside the caller's transaction (the caller appends its
 * audit event last). Refuses with every bad row before writing anything.
 */
export async function loadPastFindings(
  tx: Db,
  principal: Principal,
  org: Organization,
  rows: readonly PastFindingRow[],
  config: Pick<DeploymentConfig, "calendarOverrides">,
  bad: BadRowList = new BadRowList(),
): Promise<PastFindingCounts> {
  await tx.execute(sql`select pg_advisory_xact_lock(${PAST_FINDINGS_LOCK_KEY}::int, hashtext(${org.id}))`);
  const { today } = await clockNow(tx);
  const { targets, problems } = await resolveRows(tx, org, rows, today);
  const refusal = bad.merge({ badRows: problems.listed, totalBad: problems.total });
  if (refusal.totalBad > 0)
    throw new BadRequestError(`past findings import refused: ${refusal.totalBad} bad row${refusal.totalBad === 1 ? "" : "s"}`, refusal);

  const calendar = await loadCalendar(tx, config);
  const by = actorCode(principal);
  const counts: PastFindingCounts = { added: 0, updated: 0, unchanged: 0, accepted: 0, open: 0 };
  const existing = await existingFindings(tx, [...new Set([...targets.values()].map((t) => t.roundId))]);
  const written: string[] = [];
  for (const row of rows) {
    const target = targets.get(row.row);
    if (!target) throw new Error(`row ${row.row} lost its target`);
    if (row.acceptedOn) counts.accepted++;
    else counts.open++;
    const deadline = importedDeadline(calendar, row);
    const found = existing.get(findingKey(target.roundId, target.departmentId, target.itemId, row.description));
    if (!found) {
      written.push(await insertFinding(tx, by, target, row, deadline));
      counts.added++;
    } else if (
      found.severity !== row.severity ||
      found.issuedOn !== row.issuedOn ||
      found.dueOn !== row.dueOn ||
      found.acceptedOn !== row.acceptedOn
    ) {
      await updateFinding(tx, by, found.id, row, deadline);
      written.push(found.id);
      counts.updated++;
    } else counts.unchanged++;
  }
  // the classification denormalized on the findings (due_at, extended, rectification), from the rows just written
  for (let at = 0; at < written.length; at += 1000) await refreshFindingClassification(tx, written.slice(at, at + 1000));
  return counts;
}

interface ImportedDeadline {
  workingDays: number;
  provisional: boolean;
}

/** The working days between issue and deadline, by the calendar as loaded (weekends only in a year without a 放假调休 notice). */
function importedDeadline(calendar: WorkingCalendar, row: PastFindingRow): ImportedDeadline {
  let workingDays = 0;
  let provisional = false;
  for (let day = addDays(row.issuedOn, 1); day <= row.dueOn; day = addDays(day, 1)) {
    const verdict = calendar.describeDay(day);
    if (verdict.working) workingDays++;
    if (verdict.provisional) provisional = true;
  }
  return { workingDays, provisional };
}

const dayStart = (date: string): Date => new Date(shanghaiInstant(date, "00:00:00.000"));
const dayEnd = (date: string): Date => new Date(shanghaiInstant(date, "23:59:59.999"));

async function insertFinding(tx: Db, by: string, target: Target, row: PastFindingRow, deadline: ImportedDeadline): Promise<string> {
  const accepted = row.acceptedOn === null ? null : dayStart(row.acceptedOn);
  const [finding] = await tx
    .insert(findings)
    .values({
      orgId: target.orgId,
      roundId: target.roundId,
      inspectionId: target.inspectionId,
      departmentId: target.departmentId,
      itemId: target.itemId,
      description: row.description,
      severity: row.severity,
      status: accepted ? "accepted" : "issued",
      deadlineVersion: 1,
      recordedBy: by,
      issuedBy: by,
      issuedAt: dayStart(row.issuedOn),
      acceptedAt: accepted,
      imported: true,
    })
    .returning({ id: findings.id });
  if (!finding) throw new Error("finding was not stored");
  await tx.insert(findingDeadlines).values({
    findingId: finding.id,
    version: 1,
    countedFrom: row.issuedOn,
    workingDays: deadline.workingDays,
    dueOn: row.dueOn,
    dueAt: dayEnd(row.dueOn),
    provisional: deadline.provisional,
    reason: "issue",
    note: "历史导入 imported",
    createdBy: by,
  });
  if (accepted) await tx.insert(rectificationReports).values(acceptedReport(finding.id, by, accepted));
  return finding.id;
}

async function updateFinding(tx: Db, by: string, findingId: string, row: PastFindingRow, deadline: ImportedDeadline): Promise<void> {
  const accepted = row.acceptedOn === null ? null : dayStart(row.acceptedOn);
  await tx
    .update(findings)
    .set({
      severity: row.severity,
      status: accepted ? "accepted" : "issued",
      issuedAt: dayStart(row.issuedOn),
      acceptedAt: accepted,
      updatedAt: sql`ssj_now()`,
    })
    .where(eq(findings.id, findingId));
  await tx
    .update(findingDeadlines)
    .set({
      countedFrom: row.issuedOn,
      workingDays: deadline.workingDays,
      dueOn: row.dueOn,
      dueAt: dayEnd(row.dueOn),
      provisional: deadline.provisional,
    })
    .where(and(eq(findingDeadlines.findingId, findingId), eq(findingDeadlines.version, 1)));
  // an imported finding's only report is the one an import wrote: replaced by the file's outcome
  await tx.delete(rectificationReports).where(eq(rectificationReports.findingId, findingId));
  if (accepted) await tx.insert(rectificationReports).values(acceptedReport(findingId, by, accepted));
}

function acceptedReport(findingId: string, by: string, at: Date) {
  return {
    findingId,
    deadlineVersion: 1,
    content: IMPORTED_REPORT,
    submittedBy: by,
    submittedAt: at,
    review: "accepted" as const,
    reviewedBy: by,
    reviewedAt: at,
  };
}

function findingKey(roundId: string, departmentId: string, itemId: string, description: string): string {
  return [roundId, departmentId, itemId, description].join("\u0000");
}

interface ExistingFinding {
  id: string;
  severity: string;
  issuedOn: string | null;
  dueOn: string | null;
  acceptedOn: string | null;
}

/** The imported findings of these rounds, by (round, department, item, description). */
async function existingFindings(tx: Db, roundIds: readonly string[]): Promise<Map<string, ExistingFinding>> {
  const found = new Map<string, ExistingFinding>();
  if (roundIds.length === 0) return found;
  const rows = await tx
    .select({
      id: findings.id,
      roundId: findings.roundId,
      departmentId: findings.departmentId,
      itemId: findings.itemId,
      description: findings.description,
      severity: findings.severity,
      issuedOn: sql<string | null>`(${findings.issuedAt} at time zone 'Asia/Shanghai')::date::text`,
      acceptedOn: sql<string | null>`(${findings.acceptedAt} at time zone 'Asia/Shanghai')::date::text`,
      dueOn: sql<string | null>`(select d.due_on::text from finding_deadlines d where d.finding_id = ${findings.id} and d.version = 1)`,
    })
    .from(findings)
    .where(and(inArray(findings.roundId, [...roundIds]), eq(findings.imported, true)));
  for (const row of rows) found.set(findingKey(row.roundId, row.departmentId, row.itemId, row.description), row);
  return found;
}

interface Problems {
  listed: BadRow[];
  total: number;
}

/** Resolves every row to its round, inspection and item, or names what is wrong with it. */
async function resolveRows(
  tx: Db,
  org: Organization,
  rows: readonly PastFindingRow[],
  today: string,
): Promise<{ targets: Map<number, Target>; problems: Problems }> {
  const problems: Problems = { listed: [], total: 0 };
  const flag = (row: PastFindingRow, messages: string[]) => {
    problems.total++;
    if (problems.listed.length < 100) problems.listed.push({ row: row.row, code: row.departmentCode, message: messages.join("; ") });
  };
  const numbers = [...new Set(rows.map((r) => r.number))];
  const roundRows =
    numbers.length === 0
      ? []
      : await tx
          .select({ id: rounds.id, number: rounds.number, orgId: rounds.orgId, imported: rounds.imported, heldOn: rounds.heldOn })
          .from(rounds)
          .where(inArray(rounds.number, numbers));
  const inSubtree = new Set((await queryRows<{ id: string }>(tx, subtreeOrgIds(org.path))).map((o) => o.id));
  const roundByNumber = new Map(roundRows.map((r) => [r.number, r]));
  const codes = [...new Set(rows.map((r) => r.departmentCode))];
  const departmentIds = new Map(
    codes.length === 0
      ? []
      : (
          await tx
            .select({ id: departments.id, code: departments.code })
            .from(departments)
            .where(and(inArray(departments.code, codes), subtreeCondition(org.path, departments.orgId)))
        ).map((d) => [d.code, d.id]),
  );
  const roundIds = roundRows.map((r) => r.id);
  const inspectionRows =
    roundIds.length === 0
      ? []
      : await tx
          .select({ id: inspections.id, roundId: inspections.roundId, departmentId: inspections.departmentId })
          .from(inspections)
          .where(and(inArray(inspections.roundId, roundIds), eq(inspections.voided, false)));
  const inspectionOf = new Map(inspectionRows.map((i) => [`${i.roundId}/${i.departmentId}`, i.id]));
  const orgIds = [...new Set(roundRows.map((r) => r.orgId))];
  const itemRows =
    orgIds.length === 0
      ? []
      : await tx
          .select({ id: inspectionItems.id, orgId: inspectionItems.orgId, code: inspectionItems.code })
          .from(inspectionItems)
          .where(inArray(inspectionItems.orgId, orgIds));
  const itemOf = new Map(itemRows.map((i) => [`${i.orgId}/${i.code}`, i.id]));

  const targets = new Map<number, Target>();
  const seen = new Map<string, number>();
  for (const row of rows) {
    const messages: string[] = [];
    for (const [label, date] of [
      ["下发日期", row.issuedOn],
      ["销号日期", row.acceptedOn],
    ] as const) {
      if (date !== null && date > today) messages.push(`${label} ${date} is in the future: history is what happened before today`);
    }
    const round = roundByNumber.get(row.number);
    const departmentId = departmentIds.get(row.departmentCode);
    if (!round || !inSubtree.has(round.orgId))
      messages.push(`文号: no round ${row.number} in ${org.code} (import the round first: ssj import history)`);
    else if (!round.imported)
      messages.push(`round ${row.number} is a round of this system: its findings are recorded in the system, not imported`);
    else if (round.heldOn && row.issuedOn < round.heldOn)
      messages.push(`下发日期 ${row.issuedOn} is before the round was held (${round.heldOn})`);
    if (!departmentId) messages.push(`单位编码: no department ${row.departmentCode} in ${org.code}`);
    const inspectionId = round && departmentId ? inspectionOf.get(`${round.id}/${departmentId}`) : undefined;
    if (round?.imported && departmentId && !inspectionId)
      messages.push(`round ${row.number} did not inspect ${row.departmentCode} (add it to the round's history first)`);
    const itemId = round ? itemOf.get(`${round.orgId}/${row.itemCode}`) : undefined;
    if (round && !itemId) messages.push(`事项编码: no inspection item ${row.itemCode} in the round's organization`);
    const key = [row.number, row.departmentCode, row.itemCode, row.description].join("\u0000");
    const first = seen.get(key);
    if (first !== undefined) messages.push(`the same problem (文号, 单位编码, 事项编码, 问题描述) is on row ${first} already`);
    else seen.set(key, row.row);
    if (messages.length > 0 || !round || !departmentId || !inspectionId || !itemId) {
      flag(row, messages.length > 0 ? messages : ["cannot be attached to a round"]);
      continue;
    }
    targets.set(row.row, { roundId: round.id, orgId: round.orgId, inspectionId, departmentId, itemId });
  }
  return { targets, problems };
}
