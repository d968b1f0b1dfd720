// ssj import departments|inspectors FILE: bulk upsert of a registry from CSV or XLSX (docs/imports.md).
import type { Command } from "commander";
import { importRegistry } from "../../services/imports/import-service";
import { importKinds, type ImportKind, type ImportPhase, type ImportSummary } from "../../services/imports/import-types";
import { runFileImport } from "../file-import";
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

export function describeSummary(summary: ImportSummary, orgCode: string): string {
  const retired = summary.kind === "departments" ? "deactivated" : "retired";
  const source = summary.format === "xlsx" ? "XLSX" : `CSV, ${summary.encoding ?? "?"}`;
  return `imported ${summary.rows} ${summary.kind} into ${orgCode} (${source}): ${summary.inserted} added, ${summary.updated} updated, ${summary.unchanged} unchanged, ${summary.deactivated} ${retired}`;
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
