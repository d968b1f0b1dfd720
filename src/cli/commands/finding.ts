// ssj finding record | issue | report | accept | reject | extend | withdraw | list | show
import type { Command } from "commander";
import { severities } from "../../domain/severities";
import { BadRequestError } from "../../errors";
import {
  extendDeadline,
  getFinding,
  issueFinding,
  listFindings,
  recordFinding,
  reviewReport,
  submitReport,
  withdrawFinding,
} from "../../services/findings/finding-service";
import { findingInputSchema } from "../../services/findings/finding-types";
import { loadDeadlinePlanner } from "../../services/findings/planner-factory";
import { withDatabase } from "../context";
import { listOption, parseInput } from "../parse";

export function register(program: Command): void {
  const finding = program.command("finding").description("findings (问题) and their rectification (整改)");
  finding
    .command("record <inspectionId>")
    .description("record a finding on an inspection; prints its id alone on the last line")
    .requiredOption("--item <code>", "inspection item code, e.g. ITEM-3")
    .requiredOption("--severity <severity>", severities.join(" | "))
    .requiredOption("--description <text>")
    .option("--evidence <refs>", "evidence references, comma separated")
    .option("--days <n>", "working days to rectify (default by severity, config/policy.json)")
    .action((inspectionId: string, options: { item: string; severity: string; description: string; evidence?: string; days?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const input = parseInput(findingInputSchema, {
          itemCode: options.item,
          severity: options.severity,
          description: options.description,
          evidence: listOption(options.evidence),
          rectifyDays: options.days ? Number(options.days) : undefined,
        });
        const row = await recordFinding(database.db, operator, inspectionId, input);
        process.stdout.write(`recorded (${row.severity})\n${row.id}\n`);
      }),
    );
  finding
    .command("issue <id>")
    .description("issue the finding (整改通知书); prints the deadline")
    .action((id: string) =>
      withDatabase(async ({ database, operator, config }) => {
        const view = await issueFinding(database.db, operator, id, await loadDeadlinePlanner(database.db, config));
        process.stdout.write(
          `issued; rectify by ${view.deadline?.dueOn}${view.deadline?.provisional ? " (provisional: a year's 放假调休 arrangement is not loaded)" : ""}\n`,
        );
      }),
    );
  finding
    .command("report <id>")
    .description("record the department's rectification report")
    .requiredOption("--content <text>")
    .action((id: string, options: { content: string }) =>
      withDatabase(async ({ database, operator }) => {
        await submitReport(database.db, operator, id, { content: options.content, attachments: [] });
        process.stdout.write("report submitted; waiting for review\n");
      }),
    );
  finding
    .command("accept <id>")
    .description("accept the rectification (销号)")
    .option("--reason <text>")
    .action((id: string, options: { reason?: string }) =>
      withDatabase(async ({ database, operator }) => {
        await reviewReport(database.db, operator, id, { decision: "accept", reason: options.reason ?? null });
        process.stdout.write("accepted (销号)\n");
      }),
    );
  finding
    .command("reject <id>")
    .description("reject the report; the finding is open again")
    .requiredOption("--reason <text>")
    .action((id: string, options: { reason: string }) =>
      withDatabase(async ({ database, operator }) => {
        await reviewReport(database.db, operator, id, { decision: "reject", reason: options.reason });
        process.stdout.write("rejected; the finding is issued again\n");
      }),
    );
  finding
    .command("extend <id>")
    .description("grant an extension: a new deadline version, counted from today")
    .requiredOption("--days <n>", "working days")
    .requiredOption("--reason <text>")
    .action((id: string, options: { days: string; reason: string }) =>
      withDatabase(async ({ database, operator, config }) => {
        const days = Number(options.days);
        if (!Number.isInteger(days) || days < 1) throw new BadRequestError("--days takes a positive whole number of working days");
        const view = await extendDeadline(
          database.db,
          operator,
          id,
          { workingDays: days, reason: options.reason },
          await loadDeadlinePlanner(database.db, config),
        );
        process.stdout.write(`extended: deadline version ${view.deadline?.version}, rectify by ${view.deadline?.dueOn}\n`);
      }),
    );
  finding
    .command("withdraw <id>")
    .description("withdraw a finding issued in error")
    .requiredOption("--reason <text>")
    .action((id: string, options: { reason: string }) =>
      withDatabase(async ({ database, operator }) => {
        await withdrawFinding(database.db, operator, id, options.reason);
        process.stdout.write("withdrawn\n");
      }),
    );
  finding
    .command("show <id>")
    .action((id: string) =>
      withDatabase(
        async ({ database, operator }) =>
          void process.stdout.write(JSON.stringify(await getFinding(database.db, operator, id), null, 2) + "\n"),
      ),
    );
  finding
    .command("list")
    .option("--status <status>")
    .action((options: { status?: "recorded" | "issued" | "submitted" | "accepted" | "withdrawn" }) =>
      withDatabase(async ({ database, operator }) => {
        const { items, total } = await listFindings(database.db, operator, { status: options.status, limit: 1000, offset: 0 });
        for (const f of items)
          process.stdout.write(
            `${f.id}\t${f.status}\t${f.severity}\t${f.departmentCode}\t${f.itemCode}\t${f.dueOn ?? "-"}${f.provisional ? "*" : ""}\t${f.description}\n`,
          );
        process.stderr.write(`${total} finding(s)\n`);
      }),
    );
}
