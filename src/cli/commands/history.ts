// ssj import history FILE: past rounds from CSV or XLSX (docs/history.md).
import type { Command } from "commander";
import { importHistory, type HistorySummary } from "../../services/history/history-service";
import { runFileImport } from "../file-import";

/** Adds `history <file>` to the `ssj import` group. */
export function registerHistoryImport(importCommand: Command): void {
  importCommand
    .command("history <file>")
    .description(
      "past rounds held before the system, one row per (round, department): 文号, 日期, 单位编码, 检查组成员, 组长 (optional), 标题 (optional); upsert by 文号",
    )
    .option("--org <code>", "the organization the rounds belong to (default: the only one)")
    .action((file: string, options: { org?: string }) => runHistoryImport(file, options));
}

function runHistoryImport(file: string, options: { org?: string }): Promise<void> {
  return runFileImport(file, options.org, async (database, operator, org, source) =>
    describeHistory(await importHistory(database, operator, org, source), org.code),
  );
}

export function describeHistory(summary: HistorySummary, orgCode: string): string {
  const source = summary.format === "xlsx" ? "XLSX" : `CSV, ${summary.encoding ?? "?"}`;
  return `imported history into ${orgCode} (${source}): ${summary.rows} rows, ${summary.rounds} rounds (${summary.roundsAdded} added), ${summary.inspectionsAdded} inspections and ${summary.membersAdded} team members added`;
}
