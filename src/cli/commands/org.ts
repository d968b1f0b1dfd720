// ssj org add | list
import type { Command } from "commander";
import { createOrg, listOrgs, newOrgSchema } from "../../services/orgs/org-service";
import { withDatabase } from "../context";
import { parseInput } from "../parse";

export function register(program: Command): void {
  const org = program.command("org").description("the organization tree (province → city → county office)");
  org
    .command("add")
    .description("add an organization; every new one starts with the five inspection items")
    .requiredOption("--code <code>", "short ASCII code, e.g. DEA")
    .requiredOption("--name <name>", "name, e.g. 东阿县委编办")
    .option("--parent <code>", "the parent organization")
    .action((options: { code: string; name: string; parent?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const input = parseInput(newOrgSchema, { code: options.code, name: options.name, parentCode: options.parent });
        const created = await createOrg(database.db, operator, input);
        process.stdout.write(`added ${created.code} ${created.name} (${created.path})\n`);
      }),
    );
  org
    .command("list")
    .description("list organizations with their paths")
    .action(() =>
      withDatabase(async ({ database, operator }) => {
        for (const row of await listOrgs(database.db, operator)) process.stdout.write(`${row.path}\t${row.name}\n`);
      }),
    );
}
