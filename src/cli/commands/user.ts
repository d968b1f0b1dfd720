// ssj user add | token | revoke | list
import type { Command } from "commander";
import { addUser, issueToken, listUsers, newUserSchema, revokeTokens } from "../../services/users/user-service";
import { resolveOrg } from "../../services/orgs/org-service";
import { withDatabase } from "../context";
import { parseInput } from "../parse";

export function register(program: Command): void {
  const user = program.command("user").description("users and their bearer tokens");
  user
    .command("add")
    .description("add a user and print a first token, alone on the last line")
    .requiredOption("--name <name>", "login name (ASCII)")
    .requiredOption("--role <role>", "admin | supervisor | inspector | department | discipline | viewer")
    .option("--org <code>", "organization (default: the only one)")
    .option("--department <code>", "the department of a department user")
    .option("--inspector <code>", "the inspector of an inspector user")
    .option("--display-name <name>", "name shown to people")
    .action((options: { name: string; role: string; org?: string; department?: string; inspector?: string; displayName?: string }) =>
      withDatabase(async ({ database, operator, env }) => {
        const org = await resolveOrg(database.db, operator, options.org);
        const input = parseInput(newUserSchema, {
          name: options.name,
          role: options.role,
          orgCode: org.code,
          departmentCode: options.department,
          inspectorCode: options.inspector,
          displayName: options.displayName,
        });
        const created = await addUser(database.db, operator, input);
        const { token, expiresAt } = await issueToken(database.db, operator, created.name, env.TOKEN_TTL_DAYS);
        process.stdout.write(`added ${created.role} ${created.name} in ${org.code}; token expires ${expiresAt.toISOString()}\n${token}\n`);
      }),
    );
  user
    .command("token <name>")
    .description("issue a new token for a user, alone on the last line")
    .action((name: string) =>
      withDatabase(async ({ database, operator, env }) => {
        const { token, expiresAt } = await issueToken(database.db, operator, name, env.TOKEN_TTL_DAYS);
        process.stdout.write(`new token for ${name}, expires ${expiresAt.toISOString()}\n${token}\n`);
      }),
    );
  user
    .command("revoke <name>")
    .description("revoke every token of a user")
    .action((name: string) =>
      withDatabase(async ({ database, operator }) => {
        const revoked = await revokeTokens(database.db, operator, name);
        process.stdout.write(`revoked ${revoked} token(s) of ${name}\n`);
      }),
    );
  user
    .command("list")
    .description("list users")
    .action(() =>
      withDatabase(async ({ database, operator }) => {
        for (const row of await listUsers(database.db, operator)) process.stdout.write(`${row.name}\t${row.role}\t${row.orgCode}\n`);
      }),
    );
}
