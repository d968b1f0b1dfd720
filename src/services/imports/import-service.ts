// Bulk import of the registries from CSV or XLSX (docs/imports.md): upsert by code, all or
// nothing. The file streams through row validation into a staging table inside one
// transaction; whole-file checks and the upsert run set-based in SQL; one summarizing audit
// event is appended last (DESIGN.md, rule 6).
import { inBulkTransaction } from "../../db/bulk-insert";
import type { Database, Db } from "../../db/client";
import { BadRequestError, ForbiddenError } from "../../errors";
import { appendAudit } from "../audit/audit-service";
import type { Organization } from "../orgs/org-service";
import type { Principal } from "../scope";
import { applyDepartments, applyInspectors, checkDepartments, checkInspectors, type CheckResult } from "./import-apply";
import {
  departmentColumns,
  inspectorColumns,
  mapHeaders,
  parseDepartmentRow,
  parseInspectorRow,
  type ColumnSpec,
  type RowResult,
} from "./import-columns";
import { openImportFile, type FileRecord } from "./import-reader";
import {
  createStagingTable,
  indexStagingTable,
  STAGING_TABLE,
  stagingBulkColumns,
  stagingColumns,
  stagingRows,
  type StagedRow,
  type StagingColumn,
} from "./import-staging";
import {
  MAX_LISTED_BAD_ROWS,
  type BadRow,
  type FileFormat,
  type ImportKind,
  type ImportOptions,
  type ImportRefusal,
  type ImportSource,
  type ImportSummary,
} from "./import-types";

export type { ImportKind, ImportOptions, ImportSource, ImportSummary, BadRow, ImportRefusal } from "./import-types";

/** Staged rows per batch (a piece of COPY, or one INSERT). */
const BATCH_ROWS = 2_000;
/** At most this often, a progress callback. */
const PROGRESS_INTERVAL_MS = 250;

export async function importRegistry(
  database: Database,
  principal: Principal,
  org: Organization,
  kind: ImportKind,
  source: ImportSource,
  options: ImportOptions,
): Promise<ImportSummary> {
  assertMayImport(principal, org);
  const file = await openImportFile(source);
  const records = file.records[Symbol.asyncIterator]();
  const plan = importPlan(kind);
  const header = await nextNonBlank(records);
  if (!header) throw new BadRequestError(`${kind} import refused: the file is empty (the first row must name the columns)`);
  const mapping = mapHeaders(plan.columns, header.cells);
  if (!mapping.ok) throw new BadRequestError(`${kind} import refused: ${mapping.message}`);
  const positions: ReadonlyMap<string, number> = mapping.positions;
  const present = new Set<string>(positions.keys());

  const progress = throttledProgress(options.onProgress);
  const bad = new BadRowList();
  let rows = 0;

  async function* stagedBatches(): AsyncGenerator<StagedRow<never>[]> {
    let batch: StagedRow<never>[] = [];
    for (;;) {
      const next = await records.next();
      if (next.done) break;
      const record = next.value;
      if (isBlank(record.cells)) continue;
      rows++;
      const result = plan.parseRow(positions, record.cells);
      if (result.ok) {
        batch.push({ row: record.row, code: (result.value as { code: string }).code, value: result.value as never });
      } else {
        bad.add({ row: record.row, ...(result.code === undefined ? {} : { code: result.code }), message: result.messages.join("; ") });
        if (result.code !== undefined) batch.push({ row: record.row, code: result.code, value: null });
      }
      if (batch.length >= BATCH_ROWS) {
        yield batch;
        batch = [];
      }
      progress(rows, "reading");
    }
    if (batch.length > 0) yield batch;
  }

  return inBulkTransaction(database, async (tx, insert) => {
    await createStagingTable(tx, kind);
    await insert(STAGING_TABLE, stagingBulkColumns(plan.staging), stagingRows(plan.staging, stagedBatches()));
    progress(rows, "checking", true);
    if (rows === 0 && options.deactivateMissing) {
      throw new BadRequestError(
        `${kind} import refused: the file has no data rows, and --deactivate-missing would retire every one of the organization's ${kind}`,
      );
    }
    await indexStagingTable(tx);
    const checked = await plan.check(tx, org);
    const refusal = bad.merge(checked);
    if (refusal.totalBad > 0) {
      throw new BadRequestError(`${kind} import refused: ${refusal.totalBad} bad row${refusal.totalBad === 1 ? "" : "s"}`, refusal);
    }
    progress(rows, "writing", true);
    const applied = await plan.apply(tx, org, present, options.deactivateMissing);
    const summary: ImportSummary = {
      kind,
      format: file.format,
      encoding: file.encoding,
      rows,
      inserted: applied.inserted,
      updated: applied.updated,
      unchanged: rows - applied.inserted - applied.updated,
      deactivated: applied.deactivated,
      sha256: file.sha256(),
    };
    await appendAudit(tx, {
      actor: principal.actor,
      action: kind === "departments" ? "department.import" : "inspector.import",
      subject: `org:${org.code}`,
      orgId: org.id,
      payload: { ...summary, filename: source.filename ?? null, deactivateMissing: options.deactivateMissing },
    });
    return summary;
  });
}

/** Who may import: the registry keepers, into an organization of their subtree. */
export function assertMayImport(principal: Principal, org: Organization, what = "the registries"): void {
  if (!["operator", "admin", "supervisor"].includes(principal.role))
    throw new ForbiddenError(`only an admin or a supervisor may import ${what}`);
  const scope = principal.orgPath;
  if (scope !== null && org.path !== scope && !org.path.startsWith(`${scope}/`))
    throw new ForbiddenError(`organization ${org.code} is outside your organization`);
}

interface ImportPlan {
  columns: readonly ColumnSpec<string>[];
  parseRow(positions: ReadonlyMap<string, number>, cells: readonly string[]): RowResult<unknown>;
  staging: readonly StagingColumn<never>[];
  check(tx: Db, org: Organization): Promise<CheckResult>;
  apply: typeof applyDepartments;
}

function importPlan(kind: ImportKind): ImportPlan {
  if (kind === "departments") {
    return {
      columns: departmentColumns,
      parseRow: (positions, cells) => parseDepartmentRow(positions as ReadonlyMap<never, number>, cells),
      staging: stagingColumns(kind),
      check: checkDepartments,
      apply: applyDepartments,
    };
  }
  return {
    columns: inspectorColumns,
    parseRow: (positions, cells) => parseInspectorRow(positions as ReadonlyMap<never, number>, cells),
    staging: stagingColumns(kind),
    check: checkInspectors,
    apply: applyInspectors,
  };
}

export async function nextNonBlank(records: AsyncIterator<FileRecord>): Promise<FileRecord | undefined> {
  for (;;) {
    const next = await records.next();
    if (next.done) return undefined;
    if (!isBlank(next.value.cells)) return next.value;
  }
}

export function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === "");
}

/** The first 100 bad rows met while reading, and how many there were. */
export class BadRowList {
  private readonly listed: BadRow[] = [];
  private total = 0;

  add(row: BadRow): void {
    this.total++;
    if (this.listed.length < MAX_LISTED_BAD_ROWS) this.listed.push(row);
  }

  /** Adds the set-based findings; a row refused while reading never reached them, so the counts add up. */
  merge(checked: CheckResult): ImportRefusal {
    const badRows = [...this.listed, ...checked.badRows].sort((a, b) => a.row - b.row).slice(0, MAX_LISTED_BAD_ROWS);
    return { badRows, totalBad: this.total + checked.totalBad };
  }
}

function throttledProgress(
  onProgress: ImportOptions["onProgress"],
): (rows: number, phase: Parameters<NonNullable<ImportOptions["onProgress"]>>[1], force?: boolean) => void {
  if (!onProgress) return () => {};
  let last = 0;
  return (rows, phase, force = false) => {
    // Date.now() is cheap, but not free a million times over
    if (!force && rows % 1000 !== 0) return;
    const now = Date.now();
    if (!force && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    onProgress(rows, phase);
  };
}

export interface ReadRows<T> extends FileFormat {
  /** Data rows read (blank rows not counted). */
  rows: number;
  parsed: T[];
  bad: BadRowList;
  sha256(): string;
}

/**
 * Reads a whole file of `what` (history, past findings) into parsed rows, collecting the bad
 * ones; refuses an empty file or one without the required columns. For files whose rows are
 * checked against each other before anything is written.
 */
export async function readImportRows<F extends string, T>(
  source: ImportSource,
  columns: readonly ColumnSpec<F>[],
  parseRow: (positions: ReadonlyMap<F, number>, row: number, cells: readonly string[]) => RowResult<T>,
  what: string,
): Promise<ReadRows<T>> {
  const file = await openImportFile(source);
  const records = file.records[Symbol.asyncIterator]();
  const header = await nextNonBlank(records);
  if (!header) throw new BadRequestError(`${what} import refused: the file is empty (the first row must name the columns)`);
  const mapping = mapHeaders(columns, header.cells);
  if (!mapping.ok) throw new BadRequestError(`${what} import refused: ${mapping.message}`);
  const bad = new BadRowList();
  const parsed: T[] = [];
  let rows = 0;
  for (;;) {
    const next = await records.next();
    if (next.done) break;
    if (isBlank(next.value.cells)) continue;
    rows++;
    const result = parseRow(mapping.positions, next.value.row, next.value.cells);
    if (result.ok) parsed.push(result.value);
    else bad.add({ row: next.value.row, ...(result.code === undefined ? {} : { code: result.code }), message: result.messages.join("; ") });
  }
  if (rows === 0) throw new BadRequestError(`${what} import refused: the file has no data rows`);
  return { format: file.format, encoding: file.encoding, rows, parsed, bad, sha256: file.sha256 };
}
