// ssj report summary|overdue|referrals|department|inspectors: the reports of docs/reports.md
// as JSON, CSV (UTF-8 with BOM) or XLSX, to stdout or --out FILE; plus `ssj round publish ID`
// and `ssj import findings FILE`, added to those groups.
import { createWriteStream } from "node:fs";
import { PassThrough, type Writable } from "node:stream";
import { finished } from "node:stream/promises";
import type { Command } from "commander";
import { BadRequestError, CliExit } from "../../errors";
import { importPastFindings, type PastFindingSummary } from "../../services/history/past-findings-service";
import { departmentDossier } from "../../services/reports/dossier";
import { checkExport, renderReport } from "../../services/reports/export/render";
import { exportFormats, isoDate, pageQuerySchema, type ExportFormat, type Report } from "../../services/reports/report-types";
import { summaryReport } from "../../services/reports/summary";
import { workloadReport } from "../../services/reports/workload";
import { overdueReport, referralsReport } from "../../services/reports/worklists";
import { publishRound } from "../../services/rounds/publication";
import { withDatabase, type CliContext } from "../context";
import { parseInput } from "../parse";
import { runFileImport } from "../file-import";
import { configuration } from "../composition";

interface OutputOptions {
  format?: string;
  table?: string;
  out?: string;
}

interface PeriodOptions extends OutputOptions {
  from?: string;
  to?: string;
  org?: string;
}

interface PageOptions {
  limit?: string;
  offset?: string;
}

export function register(program: Command): void {
  const report = program
    .command("report")
    .description("reports for the discipline office (docs/reports.md): JSON, CSV (UTF-8 with BOM) or XLSX");
  const withOutput = (command: Command) =>
    command
      .option("--format <format>", "json | csv | xlsx", "json")
      .option("--table <name>", "CSV: which table (default: the report's first); XLSX: only this sheet")
      .option("--out <file>", "write to this file (XLSX needs it unless stdout is redirected)");
  const withPeriod = (command: Command) =>
    command
      .option("--from <date>", "first day, YYYY-MM-DD (default: 1 January of --to's year)")
      .option("--to <date>", "last day, YYYY-MM-DD (default: today)")
      .option("--org <code>", "an organization's subtree (default: all)");
  const withPage = (command: Command) =>
    command.option("--limit <n>", "JSON: rows per page (1–1000)", "100").option("--offset <n>", "JSON: rows to skip", "0");

  withOutput(
    withPeriod(
      report
        .command("summary")
        .description(
          "period summary: rounds, draws, departments, findings, rectification, escalations; per department and inspector; the summary sentence",
        ),
    ),
  ).action((options: PeriodOptions) =>
    runReport(options, (context) => summaryReport(context.database.db, context.operator, period(options))),
  );
  withOutput(
    withPage(
      report
        .command("overdue")
        .description("findings overdue now (JSON: a page and the total; CSV/XLSX: every row)")
        .option("--org <code>", "an organization's subtree (default: all)"),
    ),
  ).action((options: PeriodOptions & PageOptions) =>
    runReport(options, (context) => overdueReport(context.database.db, context.operator, { org: options.org, page: pageOf(options) })),
  );
  withOutput(
    withPage(withPeriod(report.command("referrals").description("level-3 escalations sent (移送纪检监察); --from/--to: the day sent"))),
  ).action((options: PeriodOptions & PageOptions) =>
    runReport(options, (context) => referralsReport(context.database.db, context.operator, { ...period(options), page: pageOf(options) })),
  );
  withOutput(
    report.command("department <code>").description("a department's dossier: inspections, findings, deadlines, rectification reports"),
  ).action((code: string, options: OutputOptions) =>
    runReport(options, (context) => departmentDossier(context.database.db, context.operator, code)),
  );
  withOutput(
    withPeriod(report.command("inspectors").description("inspector workload: assignments, as leader, declines, alternates, supplements")),
  ).action((options: PeriodOptions) =>
    runReport(options, (context) => workloadReport(context.database.db, context.operator, period(options))),
  );

  const round = program.commands.find((command) => command.name() === "round");
  round
    ?.command("publish <id>")
    .description("publish the round's results (一公开): /public/rounds/<id> then shows them")
    .action((id: string) =>
      withDatabase(async ({ database, operator }) => {
        const publication = await publishRound(database.db, operator, id);
        process.stdout.write(
          `${publication.alreadyPublished ? "already published" : "published"} ${publication.number} at ${publication.publishedAt}\n${publication.publicPath}\n`,
        );
      }),
    );

  const imports = program.commands.find((command) => command.name() === "import");
  imports
    ?.command("findings <file>")
    .description(
      "past findings of imported rounds: 文号, 单位编码, 事项编码, 问题描述, 严重程度, 下发日期, 整改期限, 销号日期 (optional); all or nothing, re-import safe",
    )
    .option("--org <code>", "the organization the rounds belong to (default: the only one)")
    .action((file: string, options: { org?: string }) => runFindingsImport(file, options));
}

function period(options: PeriodOptions): { from?: string; to?: string; org?: string } {
  for (const [name, value] of [
    ["--from", options.from],
    ["--to", options.to],
  ] as const) {
    if (value !== undefined && !isoDate.safeParse(value).success)
      throw new BadRequestError(`${name} takes a date YYYY-MM-DD, not '${value}'`);
  }
  return {
    ...(options.from ? { from: options.from } : {}),
    ...(options.to ? { to: options.to } : {}),
    ...(options.org ? { org: options.org } : {}),
  };
}

function formatOf(options: OutputOptions): ExportFormat {
  const format = options.format ?? "json";
  if (!(exportFormats as readonly string[]).includes(format))
    throw new BadRequestError(`--format takes json, csv or xlsx, not '${format}'`);
  return format as ExportFormat;
}

/** JSON: the page asked for; CSV and XLSX: every row. */
function pageOf(options: OutputOptions & PageOptions): { limit: number; offset: number } | null {
  if (formatOf(options) !== "json") return null;
  return parseInput(pageQuerySchema, { limit: options.limit, offset: options.offset });
}

async function runReport(options: OutputOptions, build: (context: CliContext) => Promise<Report>): Promise<void> {
  const format = formatOf(options);
  if (format === "xlsx" && !options.out && process.stdout.isTTY)
    throw new CliExit(2, "an XLSX file is binary: give --out FILE (or redirect stdout)");
  await withDatabase(async (context) => {
    const report = await build(context);
    checkExport(report, format, options.table);
    const out: Writable = options.out ? createWriteStream(options.out) : new PassThrough();
    if (!options.out) (out as PassThrough).pipe(process.stdout, { end: false });
    const done = finished(out);
    await renderReport(report, format, out, options.table);
    await done;
    if (options.out) process.stderr.write(`wrote ${options.out}\n`);
  });
}

function runFindingsImport(file: string, options: { org?: string }): Promise<void> {
  return runFileImport(file, options.org, async (database, operator, org, source) =>
    describeFindingsImport(await importPastFindings(database, operator, org, source, configuration()), org.code),
  );
}

export function describeFindingsImport(summary: PastFindingSummary, orgCode: string): string {
  const source = summary.format === "xlsx" ? "XLSX" : `CSV, ${summary.encoding ?? "?"}`;
  return `imported past findings into ${orgCode} (${source}): ${summary.rows} rows, ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged (${summary.accepted} accepted, ${summary.open} open)`;
}
