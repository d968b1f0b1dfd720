// ssj import departments|inspectors FILE: bulk upsert of a registry from CSV or XLSX (docs/imports.md).
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { BadRequestError, CliExit } from "../../errors";
import { importRegistry } from "../../services/imports/import-service";
import {
  importKinds,
  type ImportKind,
  type ImportPhase,
  type ImportRefusal,
  type ImportSummary,
} from "../../services/imports/import-types";
import { resolveOrg, type Organization } from "../../services/orgs/org-service";
import type { Principal } from "../../services/scope";
import type { Database } from "../../db/client";
import { withDatabase } from "../context";
import { registerHistoryImport } from "./history";

interface ImportCommandOptions {
  org?: string;
  deactivateMissing?: boolean;
}

export function register(program: Command): void {
  const command = program
    .command("import")
    .description("bulk import of the registries from CSV (UTF-8 or GB18030) or XLSX; all or nothing");
  for (const kind of importKinds) {
    command
      .command(`${kind} <file>`)
      .description(
        kind === "departments"
          ? "upsert departments by 单位编码 (columns: 单位编码, 单位名称, 单位类别, 标签, 联系人, …; see docs/imports.md)"
          : "upsert inspectors by 人员编码 (columns: 人员编码, 姓名, 所在单位, 专业领域, 职务, 状态, 回避单位, …; see docs/imports.md)",
      )
      .option("--org <code>", "the organization the rows belong to (default: the only one)")
      .option(
        "--deactivate-missing",
        kind === "departments"
          ? "mark 停用 the organization's departments the file lacks"
          : "mark 退休 the organization's inspectors the file lacks",
      )
      .action((file: string, options: ImportCommandOptions) => runImport(kind, file, options));
  }
  registerHistoryImport(command);
}

function runImport(kind: ImportKind, file: string, options: ImportCommandOptions): Promise<void> {
  const progress = terminalProgress(process.stderr);
  return runFileImport(file, options.org, async (database, operator, org, source) => {
    const summary = await importRegistry(database, operator, org, kind, source, {
      deactivateMissing: options.deactivateMissing === true,
      onProgress: progress.update,
    });
    progress.done();
    return describeSummary(summary, org.code);
  }).finally(progress.done);
}

type FileImport = (
  database: Database,
  operator: Principal,
  org: Organization,
  source: { stream: NodeJS.ReadableStream; filename?: string },
) => Promise<string>;

/**
 * The frame of every `ssj import …`: the file (or - for stdin) as a stream, the organization,
 * the summary line on success, and on refusal exit 1 with the bad rows listed below the reason.
 */
export async function runFileImport(file: string, orgCode: string | undefined, load: FileImport): Promise<void> {
  const stream = file === "-" ? process.stdin : openFile(file);
  try {
    await withDatabase(async ({ database, operator }) => {
      const org = await resolveOrg(database.db, operator, orgCode);
      process.stdout.write(
        `${await load(database, operator, org, { stream, filename: file === "-" ? undefined : path.basename(file) })}\n`,
      );
    });
  } catch (error) {
    if (error instanceof BadRequestError && isRefusal(error.details)) throw new CliExit(1, error.message, refusalLines(error.details));
    throw error;
  } finally {
    if (stream !== process.stdin) stream.destroy();
  }
}

function openFile(file: string): fs.ReadStream {
  try {
    fs.accessSync(file, fs.constants.R_OK);
  } catch {
    throw new CliExit(2, `cannot read ${file}`);
  }
  return fs.createReadStream(file, { highWaterMark: 1 << 20 });
}

export function describeSummary(summary: ImportSummary, orgCode: string): string {
  const retired = summary.kind === "departments" ? "deactivated" : "retired";
  const source = summary.format === "xlsx" ? "XLSX" : `CSV, ${summary.encoding ?? "?"}`;
  return `imported ${summary.rows} ${summary.kind} into ${orgCode} (${source}): ${summary.inserted} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.deactivated} ${retired}`;
}

/** "row 7 (DEA-XYZ): 单位名称 is required" for each listed row, then how many more there are. */
export function refusalLines(refusal: ImportRefusal): string[] {
  const lines = refusal.badRows.map((bad) => `  row ${bad.row}${bad.code ? ` (${bad.code})` : ""}: ${bad.message}`);
  const more = refusal.totalBad - refusal.badRows.length;
  if (more > 0) lines.push(`  … and ${more} more`);
  return lines;
}

export function isRefusal(details: unknown): details is ImportRefusal {
  return (
    typeof details === "object" &&
    details !== null &&
    Array.isArray((details as ImportRefusal).badRows) &&
    typeof (details as ImportRefusal).totalBad === "number"
  );
}

const phaseWords: Record<ImportPhase, string> = { reading: "reading", checking: "checking", writing: "writing" };

/** One self-overwriting line on a terminal, at most four times a second; silent otherwise. */
function terminalProgress(stream: NodeJS.WriteStream): { update: (rows: number, phase: ImportPhase) => void; done: () => void } {
  if (!stream.isTTY) return { update: () => {}, done: () => {} };
  const started = Date.now();
  let last = 0;
  let shown = false;
  return {
    update(rows, phase) {
      const now = Date.now();
      if (phase === "reading" && now - last < 250) return;
      last = now;
      const seconds = (now - started) / 1000;
      const rate = seconds > 0 ? Math.round(rows / seconds) : 0;
      stream.write(
        `\r\x1b[K${phaseWords[phase]}: ${rows.toLocaleString("en-US")} rows, ${rate.toLocaleString("en-US")} rows/s, ${seconds.toFixed(1)} s`,
      );
      shown = true;
    },
    done() {
      if (shown) stream.write("\r\x1b[K");
      shown = false;
    },
  };
}
