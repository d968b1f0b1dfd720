// ssj audit verify | head
import type { Command } from "commander";
import { CliExit } from "../../errors";
import { auditHead, verifyAuditChain } from "../../services/audit/audit-service";
import { withDatabase } from "../context";

export function register(program: Command): void {
  const audit = program.command("audit").description("the hash-chained audit log");
  audit
    .command("verify")
    .description("recompute the chain; exit 0 printing the head, or 1 naming the first broken row")
    .action(() =>
      withDatabase(async ({ database }) => {
        const check = await verifyAuditChain(database.db);
        if (!check.ok) throw new CliExit(1, `audit chain broken at event ${check.seq}: ${check.reason}`);
        process.stdout.write(`verified ${check.events} events; head ${check.head.seq} ${check.head.hash}\n`);
      }),
    );
  audit
    .command("head")
    .description("print the head (seq and hash) for publishing outside the database")
    .action(() =>
      withDatabase(async ({ database }) => {
        const head = await auditHead(database.db);
        process.stdout.write(`${head.seq} ${head.hash}\n`);
      }),
    );
}
