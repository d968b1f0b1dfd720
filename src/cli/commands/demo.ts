// ssj demo seed: the demo county and one user per role, with their tokens.
import type { Command } from "commander";
import { seedDemo, type DemoToken } from "../../services/demo/demo-seed";
import { withDatabase } from "../context";

export function register(program: Command): void {
  const demo = program.command("demo").description("demo data");
  demo
    .command("seed")
    .description("load the demo county (东阿县) and print one token per demo user: ROLE NAME TOKEN")
    .action(() =>
      withDatabase(async ({ database, operator, env, config }) => {
        const result = await seedDemo(database.db, operator, env.TOKEN_TTL_DAYS, config);
        if (result.loaded) {
          printDemoTokens(result.tokens);
        } else {
          process.stdout.write(
            `the demo county is loaded already; its users exist (${result.existingUsers.join(", ")}): \`ssj user token NAME\` gives a new token\n`,
          );
        }
      }),
    );
}

export function printDemoTokens(tokens: DemoToken[]): void {
  for (const { role, name, token } of tokens) process.stdout.write(`${role} ${name} ${token}\n`);
}
