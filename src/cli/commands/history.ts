// ssj import history FILE: past rounds from CSV or XLSX (docs/history.md).
import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { BadRequestError, CliExit } from "../../errors";
import { importHistory, type HistorySummary } from "../../services/history/history-service";
import { resolveOrg } from "../../services/orgs/org-service";
import { withDatabase } from "../context";
import { isRefusal, refusalLines } from "./import";

/** Adds `history <file>` to the `ssj import` group. */
export function registerHistoryImport(importCommand: Command): void {
  importCommand
    .command("history <file>")
    .description("past rounds held before the system, one row per (round, department): 文号, 日期, 单位编码, 检查组成员, 组长 (optional), 标题 (optional); upsert by 文号")
    .option("--org <code>", "the organization the rounds belong to (default: the only one)")
    .action((file: string, options: { org?: string }) => runHistoryImport(file, options));
}

async function runHistoryImport(file: string, options: { org?: string }): Promise<void> {
  if (file !== "-") {
    try {
      fs.accessSync(file, fs.constants.R_OK);
    } catch {
      throw new CliExit(2, `cannot read ${file}`);
    }
  }
  const stream = file === "-" ? process.stdin : fs.createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    await withDatabase(async ({ database, operator }) => {
      const org = await resolveOrg(database.db, operator, options.org);
      const summary = await importHistory(database, operator, org, { stream, filename: file === "-" ? undefined : path.basename(file) });
      process.stdout.write(`${describeHistory(summary, org.code)}\n`);
    });
  } catch (error) {
    if (error instanceof BadRequestError && isRefusal(error.details)) throw new CliExit(1, error.message, refusalLines(error.details));
    throw error;
  } finally {
    if (stream !== process.stdin) stream.destroy();
  }
}

export function describeHistory(summary: HistorySummary, orgCode: string): string {
  const source = summary.format === "xlsx" ? "XLSX" : `CSV, ${summary.encoding ?? "?"}`;
  return `imported history into ${orgCode} (${source}): ${summary.rows} rows, ${summary.rounds} rounds (${summary.roundsAdded} added), ${summary.inspectionsAdded} inspections and ${summary.membersAdded} team members added`;
}
