// History: the rounds held before the system (docs/history.md), imported so that
// exclusion windows and recusal history reach back over them. A file (CSV or XLSX, read by
// the registry importer's reader) has one row per (round, department); rounds are upserted
// by number — imported=true, status closed, held_on — with an inspection per department
// (starts_on = the date held, no draw) and its team (source "import"). All or nothing: a
// file with a bad row changes nothing and is refused with its bad rows listed.
import { and, eq, inArray, sql } from "drizzle-orm";
import type { Database, Db } from "../../db/client";
import { departments, inspectionMembers, inspections, inspectors, rounds } from "../../db/schema";
import { BadRequestError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import { assertMayImport, BadRowList, readImportRows } from "../imports/import-service";
import type { BadRow, FileSummary, ImportSource } from "../imports/import-types";
import type { Organization } from "../orgs/org-service";
import { actorCode } from "../rounds/actor-code";
import { clockNow } from "../clock";
import { subtreeCondition, type Principal } from "../scope";
import { historyColumns, parseHistoryRow, type HistoryRow } from "./history-columns";

export type { HistoryRow } from "./history-columns";

export interface HistoryCounts {
  /** Distinct round numbers in the input. */
  rounds: number;
  roundsAdded: number;
  inspectionsAdded: number;
  membersAdded: number;
}

export interface HistorySummary extends HistoryCounts, FileSummary {}

/** Serializes history loads of one organization (the upsert reads, then writes): (this key, hashtext(org id)). */
const HISTORY_LOCK_KEY = 73_241_004;

export async function importHistory(
  database: Database,
  principal: Principal,
  org: Organization,
  source: ImportSource,
): Promise<HistorySummary> {
  assertMayImport(principal, org, "history");
  const file = await readImportRows(source, historyColumns, parseHistoryRow, "history");
  return database.db.transaction(async (tx) => {
    const counts = await loadHistory(tx, principal, org, file.parsed, file.bad);
    const summary: HistorySummary = { format: file.format, encoding: file.encoding, rows: file.rows, ...counts, sha256: file.sha256() };
    await appendAudit(tx, {
      actor: principal.actor,
      action: "history.import",
      subject: `org:${org.code}`,
      orgId: org.id,
      payload: { ...summary, filename: source.filename ?? null },
    });
    return summary;
  });
}

/**
 * Checks and upserts history rows inside the caller's transaction (the caller appends its
 * audit event last). Refuses with every bad row — those already in `bad` and those the
 * checks against the file and the database find — before writing anything.
 */
export async function loadHistory(
  tx: Db,
  principal: Principal,
  org: Organization,
  rows: readonly HistoryRow[],
  bad: BadRowList = new BadRowList(),
): Promise<HistoryCounts> {
  await tx.execute(sql`select pg_advisory_xact_lock(${HISTORY_LOCK_KEY}::int, hashtext(${org.id}))`);
  const { today } = await clockNow(tx);
  const problems = await checkRows(tx, org, rows, today);
  const refusal = bad.merge({ badRows: problems.listed, totalBad: problems.total });
  if (refusal.totalBad > 0)
    throw new BadRequestError(`history import refused: ${refusal.totalBad} bad row${refusal.totalBad === 1 ? "" : "s"}`, refusal);

  const departmentIds = await idsByCode(
    tx,
    departments,
    org,
    rows.map((r) => r.departmentCode),
  );
  const inspectorIds = await idsByCode(
    tx,
    inspectors,
    org,
    rows.flatMap((r) => r.memberCodes),
  );
  const byNumber = groupBy(rows, (r) => r.number);
  const counts: HistoryCounts = { rounds: byNumber.size, roundsAdded: 0, inspectionsAdded: 0, membersAdded: 0 };
  for (const [number, roundRows] of byNumber) {
    const first = roundRows[0];
    if (!first) continue;
    const [inserted] = await tx
      .insert(rounds)
      .values({
        orgId: org.id,
        number,
        title: first.title ?? number,
        status: "closed",
        // not drawn here: the ssj-draw/1 params of a past round are unknown
        params: {},
        seedSource: "witness",
        notice: { mode: "at-draw" },
        imported: true,
        heldOn: first.heldOn,
        createdBy: actorCode(principal),
      })
      .onConflictDoNothing()
      .returning({ id: rounds.id });
    if (inserted) counts.roundsAdded++;
    const [round] = inserted ? [inserted] : await tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.number, number));
    if (!round) throw new Error(`round ${number} vanished`);
    const existing = await tx
      .select({ id: inspections.id, departmentId: inspections.departmentId })
      .from(inspections)
      .where(and(eq(inspections.roundId, round.id), eq(inspections.voided, false)));
    let position = existing.length;
    for (const row of roundRows) {
      const departmentId = departmentIds.get(row.departmentCode);
      if (!departmentId) throw new Error(`department ${row.departmentCode} vanished`);
      let inspectionId = existing.find((i) => i.departmentId === departmentId)?.id;
      if (!inspectionId) {
        const [inspection] = await tx
          .insert(inspections)
          .values({ roundId: round.id, drawId: null, orgId: org.id, departmentId, position: position++, startsOn: row.heldOn })
          .returning({ id: inspections.id });
        if (!inspection) throw new Error("inspection was not stored");
        inspectionId = inspection.id;
        counts.inspectionsAdded++;
      }
      const seated = new Set(
        (
          await tx
            .select({ inspectorId: inspectionMembers.inspectorId })
            .from(inspectionMembers)
            .where(eq(inspectionMembers.inspectionId, inspectionId))
        ).map((m) => m.inspectorId),
      );
      const newcomers = row.memberCodes.flatMap((code) => {
        const inspectorId = inspectorIds.get(code);
        if (!inspectorId) throw new Error(`inspector ${code} vanished`);
        return seated.has(inspectorId) ? [] : [{ inspectionId, inspectorId, leader: code === row.leaderCode, source: "import" }];
      });
      if (newcomers.length > 0) {
        await tx.insert(inspectionMembers).values(newcomers);
        counts.membersAdded += newcomers.length;
      }
    }
  }
  return counts;
}

interface Problems {
  listed: BadRow[];
  total: number;
}

/** The checks that need the whole file or the database. */
async function checkRows(tx: Db, org: Organization, rows: readonly HistoryRow[], today: string): Promise<Problems> {
  const problems: Problems = { listed: [], total: 0 };
  const flag = (row: HistoryRow, message: string) => {
    problems.total++;
    if (problems.listed.length < 100) problems.listed.push({ row: row.row, code: row.departmentCode, message });
  };
  const knownDepartments = await idsByCode(
    tx,
    departments,
    org,
    rows.map((r) => r.departmentCode),
  );
  const knownInspectors = await idsByCode(
    tx,
    inspectors,
    org,
    rows.flatMap((r) => r.memberCodes),
  );
  const numbers = [...new Set(rows.map((r) => r.number))];
  const existingRounds = new Map<string, { orgId: string; imported: boolean; heldOn: string | null }>();
  for (let i = 0; i < numbers.length; i += 1000) {
    const found = await tx
      .select({ number: rounds.number, orgId: rounds.orgId, imported: rounds.imported, heldOn: rounds.heldOn })
      .from(rounds)
      .where(inArray(rounds.number, numbers.slice(i, i + 1000)));
    for (const round of found) existingRounds.set(round.number, round);
  }
  const firstOfRound = new Map<string, HistoryRow>();
  const seen = new Map<string, number>();
  for (const row of rows) {
    const messages: string[] = [];
    if (row.heldOn > today) messages.push(`日期 ${row.heldOn} is in the future: history is what happened before today`);
    const first = firstOfRound.get(row.number);
    if (!first) firstOfRound.set(row.number, row);
    else {
      if (first.heldOn !== row.heldOn)
        messages.push(`round ${row.number} is dated ${first.heldOn} on row ${first.row}, ${row.heldOn} here`);
      if (row.title !== null && first.title !== row.title)
        messages.push(`round ${row.number} is titled '${first.title ?? ""}' on row ${first.row}, '${row.title}' here`);
    }
    const key = `${row.number}\u0000${row.departmentCode}`;
    const firstRow = seen.get(key);
    if (firstRow !== undefined)
      messages.push(`round ${row.number} lists department ${row.departmentCode} twice (first on row ${firstRow})`);
    else seen.set(key, row.row);
    if (!knownDepartments.has(row.departmentCode)) messages.push(`单位编码: no department ${row.departmentCode} in ${org.code}`);
    const unknown = row.memberCodes.filter((code) => !knownInspectors.has(code));
    if (unknown.length > 0) messages.push(`检查组成员: no inspector ${unknown.join(", ")} in ${org.code}`);
    const existing = existingRounds.get(row.number);
    if (existing && !existing.imported) messages.push(`round ${row.number} is a round of this system, not an imported one`);
    else if (existing && existing.orgId !== org.id) messages.push(`round ${row.number} was imported into another organization`);
    else if (existing && existing.heldOn !== row.heldOn)
      messages.push(`round ${row.number} was imported as held on ${existing.heldOn ?? "?"}, not ${row.heldOn}`);
    if (messages.length > 0) flag(row, messages.join("; "));
  }
  return problems;
}

/** Ids by code of the departments or inspectors of the organization's subtree among `codes`. */
async function idsByCode(
  tx: Db,
  table: typeof departments | typeof inspectors,
  org: Organization,
  codes: readonly string[],
): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  const ids = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 1000) {
    const found = await tx
      .select({ id: table.id, code: table.code })
      .from(table)
      .where(and(inArray(table.code, unique.slice(i, i + 1000)), subtreeCondition(org.path, table.orgId)));
    for (const row of found) ids.set(row.code, row.id);
  }
  return ids;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
