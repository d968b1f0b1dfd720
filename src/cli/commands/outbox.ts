// ssj outbox dead | retry ID: the notifications that failed every attempt (docs/notifications.md).
import type { Command } from "commander";
import { BadRequestError } from "../../errors";
import { listDeadLetters, retryDeadLetter } from "../../services/notifications/dead-letters";
import { withDatabase } from "../context";

export function register(program: Command): void {
  const outbox = program.command("outbox").description("notifications to the outside: the dead-letter list");
  outbox
    .command("dead")
    .description("list the dead notifications, newest first: ID KEY CHANNEL ATTEMPTS CREATED LAST_ERROR (tab-separated)")
    .option("--limit <n>", "at most this many", "100")
    .option("--offset <n>", "skip this many", "0")
    .action((options: { limit: string; offset: string }) =>
      withDatabase(async ({ database, operator }) => {
        const limit = Number(options.limit);
        const offset = Number(options.offset);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
          throw new BadRequestError("--limit takes a whole number from 1 to 10000");
        if (!Number.isInteger(offset) || offset < 0) throw new BadRequestError("--offset takes a whole number from 0");
        const { total, items } = await listDeadLetters(database.db, operator, { limit, offset });
        for (const row of items) {
          process.stdout.write(
            `${row.id}\t${row.key}\t${row.channel}\t${row.attempts}\t${row.createdAt.toISOString()}\t${(row.lastError ?? "").replace(/\s+/g, " ")}\n`,
          );
        }
        process.stderr.write(
          `${total} dead notification${total === 1 ? "" : "s"}${total > offset + items.length ? ` (showing ${offset + 1}–${offset + items.length})` : ""}\n`,
        );
      }),
    );
  outbox
    .command("retry <id>")
    .description(
      "send a dead notification back to pending with its attempts reset; a running worker's reconcile sweep delivers it within a minute",
    )
    .action((id: string) =>
      withDatabase(async ({ database, operator }) => {
        const row = await retryDeadLetter(database.db, operator, id);
        process.stdout.write(`notification ${row.id} (${row.key}) is pending again; a worker delivers it at its next reconcile sweep\n`);
      }),
    );
}
