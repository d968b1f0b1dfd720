// Entry point of the `ssj` command: builds the commander program from the command
// modules and turns every failure into one first line on stderr and a non-zero exit.
import { Command, CommanderError } from "commander";
import { AppError, CliExit } from "../errors";
import { onYearLoaded } from "../services/calendar/calendar-service";
import { recomputeProvisionalDeadlines } from "../services/findings/recompute";
import { registerCommands } from "./commands";
import { configuration } from "./composition";

// `ssj … | head` closes the pipe early; that is not a failure.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

const program = new Command("ssj")
  .description("双随机 supervision: verifiable draws, inspection rounds, rectification deadlines")
  .showHelpAfterError()
  .exitOverride();

registerCommands(program);
// A year's 放假调休 arrangement loaded in this process recomputes provisional deadlines in the same transaction.
onYearLoaded(async (tx, event) => void (await recomputeProvisionalDeadlines(tx, event.principal, configuration())));

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportFailure(error);
}

function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander already printed its message (help, version, unknown option…)
    return error.exitCode;
  }
  if (error instanceof CliExit) {
    process.stderr.write(`ssj: ${error.message}\n`);
    for (const line of error.detailLines) process.stderr.write(`${line}\n`);
    return error.exitCode;
  }
  if (error instanceof AppError) {
    process.stderr.write(`ssj: ${error.message}\n`);
    for (const line of detailLines(error.details)) process.stderr.write(`${line}\n`);
    return error.status === 404 ? 3 : 1;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`ssj: ${message}\n`);
  if (process.env.SSJ_DEBUG && error instanceof Error && error.stack) {
    process.stderr.write(`${error.stack}\n`);
  }
  return 1;
}

function detailLines(details: unknown): string[] {
  if (details === undefined) return [];
  if (Array.isArray(details)) return details.map((d) => `  ${typeof d === "string" ? d : JSON.stringify(d)}`);
  return [`  ${JSON.stringify(details)}`];
}
