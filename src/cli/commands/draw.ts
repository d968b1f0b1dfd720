// `ssj draw …`: the verifiable draw, offline — no database, no Redis (docs/draw-algorithm.md).
// The group is shared: other modules add subcommands to drawCommand(program).
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { userInfo } from "node:os";
import { type Command, Option } from "commander";
import { DrawConstraintError, DrawInputError, normalizeSnapshot, runDraw, type SeedSource } from "../../domain/draw";
import { CliExit } from "../../errors";
import { offlineNow } from "../../services/clock";
import { configuration } from "../composition";
import { verifyRecordPath, writeRecordFolder } from "./draw/record-files";
import { readSnapshotInput } from "./draw/snapshot-input";

export function register(program: Command): void {
  const draw = drawCommand(program);
  draw
    .command("run")
    .description("run ssj-draw/1 on a params file and a snapshot; prints the record, or writes it with --out")
    .requiredOption("--params <file>", "params JSON")
    .requiredOption("--snapshot <path>", "snapshot JSON file, or a folder of sorted departments/inspectors/history .jsonl")
    .addOption(
      new Option("--seed-source <source>", "where the seed comes from").choices(["witness", "beacon", "server"]).makeOptionMandatory(),
    )
    .option("--seed <value>", "the witness digits or the beacon value (a server seed is made here)")
    .option("--drawn-by <code>", "operator user code (default: the OS user)")
    .option("--out <dir>", "write DIR/record.json and the snapshot's JSON Lines files named by their hashes")
    .action(runCommand);
  draw
    .command("verify")
    .description("recompute a record offline; exit 0 verified, 1 a check fails, 2 not a readable record")
    .argument("<path>", "a record file, or a folder holding record.json and its snapshot files")
    .action(verifyCommand);
}

/** The `draw` command group, created on first use, for every module that adds to it. */
export function drawCommand(program: Command): Command {
  return program.commands.find((c) => c.name() === "draw") ?? program.command("draw").description("the verifiable draw ssj-draw/1");
}

interface RunOptions {
  params: string;
  snapshot: string;
  seedSource: SeedSource;
  seed?: string;
  drawnBy?: string;
  out?: string;
}

async function runCommand(options: RunOptions): Promise<void> {
  const params = await readJson(options.params, "params");
  const seedInput = seedFor(options.seedSource, options.seed);
  const snapshot = await readSnapshotInput(options.snapshot);
  try {
    const canonical = normalizeSnapshot(snapshot);
    const record = runDraw({
      params,
      snapshot: canonical,
      seedSource: options.seedSource,
      seedInput,
      drawnAt: offlineNow(configuration().env.SSJ_TEST_CLOCK_OFFSET_MS).at,
      drawnBy: options.drawnBy ?? userInfo().username,
      inlineSnapshot: options.out === undefined,
    });
    if (options.out === undefined) {
      process.stdout.write(JSON.stringify(record, null, 2) + "\n");
      return;
    }
    const path = await writeRecordFolder(options.out, record, canonical);
    process.stdout.write(`drew ${record.resultHash} -> ${path}\n`);
  } catch (error) {
    if (error instanceof DrawConstraintError) throw new CliExit(1, `draw failed (${error.rule}): ${error.message}`);
    if (error instanceof DrawInputError)
      throw new CliExit(
        2,
        error.message,
        error.issues.slice(1).map((i) => `  ${i}`),
      );
    throw error;
  }
}

async function verifyCommand(path: string): Promise<void> {
  const outcome = await verifyRecordPath(path);
  if (outcome.ok) {
    process.stdout.write(`verified ${outcome.resultHash}\n`);
    return;
  }
  throw new CliExit(outcome.malformed ? 2 : 1, `verify failed at ${outcome.check}: ${outcome.message}`);
}

// DESIGN.md: "Seed" — a server seed is 32 hex from a CSPRNG, made here and revealed in the record.
function seedFor(source: SeedSource, given: string | undefined): string {
  if (source === "server") {
    if (given !== undefined) throw new CliExit(2, "--seed is not taken with --seed-source server: the server makes the seed");
    return randomBytes(16).toString("hex");
  }
  if (given === undefined) throw new CliExit(2, `--seed is required with --seed-source ${source}`);
  return given;
}

async function readJson(path: string, what: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new CliExit(2, `${what} ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
