// ssj inspection list | show | decline | supplement | evaluate | dates — as the local operator.
import type { Command } from "commander";
import { getInspection, listInspections, setEvaluation, setInspectionDates } from "../../services/inspections/inspection-service";
import {
  declineInputSchema,
  evaluationInputSchema,
  inspectionDatesSchema,
  inspectionListQuerySchema,
  supplementInputSchema,
} from "../../services/inspections/inspection-types";
import { declineInspectionSeat, drawSupplement } from "../../services/inspections/seat-service";
import { withDatabase } from "../context";
import { listOption, parseInput } from "../parse";

export function register(program: Command): void {
  const inspection = program.command("inspection").description("inspections: teams, evaluations, declines (替补) and supplementary draws");
  inspection
    .command("list")
    .description("inspections, one per line: id, round, department, dates, leader, members")
    .option("--round <id>", "only this round's")
    .action((options: { round?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const query = parseInput(inspectionListQuerySchema, { roundId: options.round });
        for (const i of await listInspections(database.db, operator, query)) {
          const dates = `${i.startsOn ?? "—"}..${i.endsOn ?? "—"}`;
          process.stdout.write(
            `${i.id}\t${i.round.number}\t${i.department.code} ${i.department.name}\t${dates}\t组长 ${i.leader ?? "—"}\t${i.members.join(",")}${i.voided ? "\t(voided)" : ""}\n`,
          );
        }
      }),
    );
  inspection
    .command("show <id>")
    .description("one inspection as JSON: team, dates, evaluations, declines, supplements")
    .action((id: string) =>
      withDatabase(
        async ({ database, operator }) =>
          void process.stdout.write(JSON.stringify(await getInspection(database.db, operator, id), null, 2) + "\n"),
      ),
    );
  inspection
    .command("decline <inspectionId>")
    .description(
      "record a member's decline; the first qualifying published alternate takes the seat, or the seat stays open for a supplementary draw",
    )
    .requiredOption("--inspector <code>", "the member who declines")
    .requiredOption("--reason <reason>", "why, for the record")
    .option("--unavailable <codes>", "alternates known to be unavailable since the draw (comma-separated)")
    .action((inspectionId: string, options: { inspector: string; reason: string; unavailable?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const input = parseInput(declineInputSchema, {
          inspectorCode: options.inspector,
          reason: options.reason,
          unavailable: listOption(options.unavailable),
        });
        const outcome = await declineInspectionSeat(database, operator, inspectionId, input);
        for (const passed of outcome.decline.passedOver) process.stdout.write(`passed over ${passed.inspectorId}: ${passed.reason}\n`);
        process.stdout.write(`${options.inspector} declined; ${outcome.message}\n`);
        process.stdout.write(`leader ${outcome.leader ?? "—"}; open seats ${outcome.openSeats}\n`);
      }),
    );
  inspection
    .command("supplement <inspectionId>")
    .description(
      "supplementary draw for an open seat, under a new witness seed read out in the room; prints the seat and the supplement draw id alone on the last line",
    )
    .requiredOption("--seed <digits>", "at least 20 decimal digits (spaces ignored), never used on this round's lock before")
    .action((inspectionId: string, options: { seed: string }) =>
      withDatabase(async ({ database, operator }) => {
        const input = parseInput(supplementInputSchema, { seed: options.seed });
        const outcome = await drawSupplement(database, operator, inspectionId, input);
        process.stdout.write(
          `supplement ${outcome.n}: ${outcome.seat.name ?? ""}(${outcome.seat.code}) takes the seat${outcome.seat.roles.length > 0 ? ` [${outcome.seat.roles.join(", ")}]` : ""}\n`,
        );
        process.stdout.write(`resultHash ${outcome.resultHash}\nrecordHash ${outcome.recordHash}\n${outcome.drawId}\n`);
      }),
    );
  inspection
    .command("evaluate <inspectionId>")
    .description("set an inspection item's evaluation")
    .requiredOption("--item <code>", "an inspection item of the round, e.g. ITEM-1")
    .requiredOption("--result <result>", "合格 | 基本合格 | 不合格")
    .option("--notes <notes>", "what was found")
    .action((inspectionId: string, options: { item: string; result: string; notes?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const input = parseInput(evaluationInputSchema, { result: options.result, notes: options.notes });
        const saved = await setEvaluation(database.db, operator, inspectionId, options.item, input);
        process.stdout.write(`${saved.item.code} ${saved.item.name}: ${saved.result}${saved.notes ? ` (${saved.notes})` : ""}\n`);
      }),
    );
  inspection
    .command("dates <inspectionId>")
    .description("set the inspection's dates (a notice not yet given moves with the first day)")
    .option("--starts <date>", "first day, YYYY-MM-DD")
    .option("--ends <date>", "last day, YYYY-MM-DD")
    .action((inspectionId: string, options: { starts?: string; ends?: string }) =>
      withDatabase(async ({ database, operator }) => {
        const input = parseInput(inspectionDatesSchema, { startsOn: options.starts, endsOn: options.ends });
        const saved = await setInspectionDates(database.db, operator, inspectionId, input);
        process.stdout.write(
          `${saved.startsOn ?? "—"}..${saved.endsOn ?? "—"}; the department is told at ${saved.noticeAt?.toISOString() ?? "— (not set)"}\n`,
        );
      }),
    );
}
