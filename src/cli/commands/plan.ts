// ssj plan add | list | deactivate: plans of scheduled rounds (docs/scheduled-rounds.md).
import type { Command } from "commander";
import { resolveOrg } from "../../services/orgs/org-service";
import { createPlan, deactivatePlan, listPlans } from "../../services/plans/plan-service";
import { planInputSchema } from "../../services/plans/plan-types";
import { withDatabase } from "../context";
import { parseInput, readJsonFile } from "../parse";

export function register(program: Command): void {
  const plan = program
    .command("plan")
    .description("scheduled rounds: a plan locks a round by cron (Asia/Shanghai) and draws it with a server seed N minutes later");
  plan
    .command("add")
    .description("add a plan from a JSON file; prints the id alone on the last line (a running worker registers its scheduler within 15 s)")
    .requiredOption("--file <file>", "the plan file (see tests/fixtures/plans/county-twice-a-year.json)")
    .option("--org <code>", "organization (default: the only one, or the file's orgCode)")
    .action((options: { file: string; org?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const input = parseInput(planInputSchema, await readJsonFile(options.file));
        const org = await resolveOrg(database.db, operator, options.org ?? input.orgCode ?? undefined);
        const created = await createPlan(database.db, operator, org, input);
        process.stdout.write(
          `added plan ${created.name} (${org.code}): lock at "${created.lockCron}" Asia/Shanghai, draw ${created.drawAfterMinutes} min later\n${created.id}\n`,
        );
      }),
    );
  plan
    .command("list")
    .description("plans, their next lock, and the rounds they made")
    .action(() =>
      withDatabase(async ({ database, operator }) => {
        for (const p of await listPlans(database.db, operator)) {
          process.stdout.write(
            `${p.id}\t${p.orgCode}\t${p.active ? "active" : "inactive"}\t${p.lockCron}\t+${p.drawAfterMinutes}min\tnext ${p.nextLockAt ?? "—"}\t${p.name}\n`,
          );
          for (const run of p.runs)
            process.stdout.write(
              `  ${run.fireKey}\t${run.roundNumber ?? "—"}\t${run.roundStatus ?? "—"}\tdraw ${run.drawRequestedAt ? "requested" : `due ${run.drawDueAt.toISOString()}`}\n`,
            );
        }
      }),
    );
  plan
    .command("deactivate <id>")
    .description("stop a plan; the rounds it made stay")
    .action((id: string) =>
      withDatabase(async ({ database, operator }) => {
        const row = await deactivatePlan(database.db, operator, id);
        process.stdout.write(`plan ${row.name} is inactive\n`);
      }),
    );
}
