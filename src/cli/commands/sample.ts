// `ssj sample --seed S --take K`: Rivest's consistent sampler sha256-ticket/1 over the ids
// read on stdin, one `TICKET ID` line each, smallest ticket first.
import type { Command } from "commander";
import { consistentSample } from "../../domain/sampler";
import { CliExit } from "../../errors";

export function register(program: Command): void {
  program
    .command("sample")
    .description("sha256-ticket/1: sample ids read on stdin (one a line) by ascending ticket")
    .requiredOption("--seed <seed>", "the seed (a number is used as its decimal text)")
    .requiredOption("--take <k>", "how many ids to take")
    .action(async (options: { seed: string; take: string }) => {
      if (!/^\d+$/.test(options.take)) throw new CliExit(2, `--take must be a whole number, not ${options.take}`);
      const ids = parseIds(await readStdin());
      for (const { ticket, id } of consistentSample(options.seed, ids, Number(options.take))) {
        process.stdout.write(`${ticket} ${id}\n`);
      }
    });
}

/** One id a line; blank lines and a trailing \r are ignored; a repeated id is an error. */
export function parseIds(text: string): string[] {
  const seen = new Set<string>();
  const ids: string[] = [];
  text.split("\n").forEach((raw, n) => {
    const id = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (id.trim() === "") return;
    if (seen.has(id)) throw new CliExit(2, `duplicate id ${JSON.stringify(id)} on line ${n + 1}`);
    seen.add(id);
    ids.push(id);
  });
  return ids;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
