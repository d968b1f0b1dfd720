// ssj round create | lock | draw | show | list | draws | record | status, and ssj draw void.
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { Readable } from "node:stream";
import type { Command } from "commander";
import { createProducer } from "../../../jobs/producer";
import { redisConnection } from "../../../jobs/redis";
import { logger } from "../../logger";
import { BadRequestError, CliExit } from "../../errors";
import { resolveOrg } from "../../services/orgs/org-service";
import { drawProgress, drawRecord, inlineRecord, teamsOf, validDrawId, voidDraw } from "../../services/rounds/draw-service";
import { createRound, listDraws, lockRound, requestDraw, setRoundStatus } from "../../services/rounds/round-service";
import { roundInputSchema } from "../../services/rounds/round-types";
import { listRounds, roundView } from "../../services/rounds/round-view";
import { readSnapshotList } from "../../services/rounds/snapshot-store";
import { checkRedis } from "../connectivity";
import { withDatabase, type CliContext } from "../context";
import { parseInput, readJsonFile } from "../parse";
import { drawCommand } from "./draw";

export function register(program: Command): void {
  const round = program.command("round").description("inspection rounds: plan, lock, draw, record");
  round
    .command("create")
    .description("plan a round from a JSON file; prints eligible counts per stratum and the id alone on the last line")
    .requiredOption("--file <file>", "the round file (see tests/fixtures/rounds/county.json)")
    .option("--org <code>", "organization (default: the only one, or the file's orgCode)")
    .action((options: { file: string; org?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const input = parseInput(roundInputSchema, await readJsonFile(options.file));
        const org = await resolveOrg(database.db, operator, options.org ?? input.orgCode ?? undefined);
        const created = await createRound(database, operator, org, input);
        for (const s of created.eligible)
          process.stdout.write(`stratum ${s.name}: ${s.eligible} eligible of ${s.departments}, draws ${s.k}\n`);
        process.stdout.write(`created ${created.number} (${created.status})\n${created.id}\n`);
      }),
    );
  round
    .command("lock <id>")
    .description("freeze the snapshot and publish the manifest hash")
    .option("--beacon-round <round>", "for a beacon round locked again: the later beacon round to use")
    .action((id: string, options: { beaconRound?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const lock = await lockRound(database, operator, id, { beaconRound: options.beaconRound ?? null });
        process.stdout.write(
          `locked (lock ${lock.seq}, asOf ${(lock.params as { asOf: string }).asOf}): ${lock.departmentCount} departments, ${lock.inspectorCount} inspectors, ${lock.historyCount} history rows\nmanifestHash ${lock.manifestHash}\n${lock.seedCommitment ? `seedCommitment ${lock.seedCommitment}\n` : ""}`,
        );
      }),
    );
  round
    .command("draw <id>")
    .description("draw the round (runs as a job: a worker must be running); prints the teams and the draw id alone on the last line")
    .option("--seed-source <source>", "must be the round's seed source")
    .option("--seed <value>", "the witness digits read out in the room, or the beacon value")
    .option("--wait <seconds>", "how long to wait for a worker (default DRAW_WAIT_SECONDS)")
    .action((id: string, options: { seedSource?: string; seed?: string; wait?: string }) =>
      withDatabase(async (context) => {
        // Say so before recording a draw nobody can wake (the reconcile sweep would still find it).
        await checkRedis(context.env);
        const connection = redisConnection(context.env.REDIS_URL, logger(), "redis producer");
        const producer = createProducer(connection, context.env.QUEUE_PREFIX, logger(), context.config.policy.delivery);
        try {
          const draw = await requestDraw(
            context.database.db,
            context.operator,
            id,
            { seedSource: options.seedSource, seed: options.seed },
            { drawRequested: (drawId) => producer.add("draw", { drawId }) },
          );
          const waitSeconds = options.wait ? Number(options.wait) : context.env.DRAW_WAIT_SECONDS;
          if (!Number.isFinite(waitSeconds) || waitSeconds <= 0) throw new BadRequestError("--wait takes a number of seconds");
          // On stdout, so that a failure's first line on stderr is the reason (no worker, a failed draw).
          process.stdout.write(`draw ${draw.id} requested; waiting up to ${waitSeconds}s for a worker to run it…\n`);
          await awaitDraw(context, draw.id, waitSeconds);
          await printTeams(context, id);
          process.stdout.write(`${draw.id}\n`);
        } finally {
          await producer.close();
          await connection.quit().catch(() => {});
        }
      }),
    );
  round
    .command("show <id>")
    .description("the round, its lock, its valid draw and teams (a draft: eligible counts)")
    .action((id: string) =>
      withDatabase(
        async ({ database, operator }) =>
          void process.stdout.write(JSON.stringify(await roundView(database, operator, id), null, 2) + "\n"),
      ),
    );
  round.command("list").action(() =>
    withDatabase(async ({ database, operator }) => {
      for (const r of await listRounds(database.db, operator))
        process.stdout.write(`${r.id}\t${r.number}\t${r.status}\t${r.seedSource}\t${r.title}\n`);
    }),
  );
  round
    .command("draws <id>")
    .description("every lock and draw attempt, voided ones with who, when and why")
    .action((id: string) =>
      withDatabase(
        async ({ database, operator }) =>
          void process.stdout.write(JSON.stringify(await listDraws(database.db, operator, id), null, 2) + "\n"),
      ),
    );
  round
    .command("record <roundId>")
    .description("export a draw record (default: the round's valid draw) for `ssj draw verify`")
    .option("--draw <drawId>", "another draw of the round")
    .option(
      "--out <dir>",
      "write DIR/record.json and the snapshot's JSON Lines files; without it the record with its snapshot inline goes to stdout",
    )
    .action((roundId: string, options: { draw?: string; out?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const drawId = options.draw ?? (await validDrawId(database.db, operator, roundId));
        const exported = await drawRecord(database.db, operator, drawId);
        if (exported.roundId !== roundId) throw new BadRequestError(`draw ${drawId} is not a draw of round ${roundId}`);
        if (!options.out) {
          process.stdout.write(JSON.stringify(await inlineRecord(database.db, exported), null, 2) + "\n");
          return;
        }
        await mkdir(options.out, { recursive: true });
        for (const list of exported.lists) {
          await pipeline(
            Readable.from(readSnapshotList(database.db, list.hash)),
            createWriteStream(join(options.out, `${list.hash}.jsonl`)),
          );
        }
        await writeFile(join(options.out, "record.json"), JSON.stringify(exported.record, null, 2) + "\n");
        process.stdout.write(`wrote ${join(options.out, "record.json")} and ${exported.lists.length} snapshot files\n`);
      }),
    );
  round
    .command("status <id> <to>")
    .description("move a round to in_progress, closed or cancelled")
    .action((id: string, to: string) =>
      withDatabase(async ({ database, operator }) => {
        if (to !== "in_progress" && to !== "closed" && to !== "cancelled")
          throw new BadRequestError("status is one of in_progress, closed, cancelled");
        const row = await setRoundStatus(database.db, operator, id, to);
        process.stdout.write(`${row.number} is ${row.status}\n`);
      }),
    );

  drawCommand(program)
    .command("void <drawId>")
    .description("void a draw with a reason; it stays listed (witness: draw again with a new seed; server/beacon: lock again)")
    .requiredOption("--reason <reason>", "why, for the record")
    .action((drawId: string, options: { reason: string }) =>
      withDatabase(async ({ database, operator }) => {
        if (options.reason.trim().length < 2) throw new BadRequestError("--reason must say why");
        const voided = await voidDraw(database.db, operator, drawId, options.reason.trim());
        process.stdout.write(`voided draw ${voided.id}; the round is ${voided.roundStatus}\n`);
      }),
    );
}

/** Polls the draw row (the truth) until a worker has run it, or gives up. */
async function awaitDraw({ database, operator }: CliContext, drawId: string, waitSeconds: number): Promise<void> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const progress = await drawProgress(database.db, operator, drawId);
    if (progress.status === "done") return;
    if (progress.status === "failed") {
      const error = progress.error as { message?: string } | null;
      throw new CliExit(1, `draw ${drawId} failed: ${error?.message ?? "unknown reason"}`);
    }
    if (Date.now() > deadline) {
      throw new CliExit(
        4,
        `no worker ran draw ${drawId} within ${waitSeconds}s: start one (\`ssj worker\` or \`ssj start\`); the draw stays pending and runs when a worker is up`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function printTeams({ database }: CliContext, roundId: string): Promise<void> {
  for (const team of await teamsOf(database.db, roundId)) {
    const members = team.members.map((m) => `${m.leader ? "组长 " : ""}${m.name}(${m.code})`).join("、");
    process.stdout.write(
      `${team.department.name}(${team.department.code}): ${members}; 候补 alternates: ${team.alternates.join(", ") || "—"}\n`,
    );
  }
}
