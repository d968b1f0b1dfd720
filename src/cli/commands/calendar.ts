// ssj calendar add-working-days DATE N | show DATE | years | load FILE
// The first three need no database: without DATABASE_URL they read the chinese-days package
// and config/calendar-overrides.json only (the embedded PGlite stays closed); with it they
// also see the years loaded into PostgreSQL. `load` writes, so it needs a database.
import fs from "node:fs";
import type { Command } from "commander";
import {
  ArrangementFormatError,
  formatYearRanges,
  isIsoDate,
  parseYearArrangement,
  UncoveredYearError,
  type WorkingCalendar,
  type YearArrangement,
} from "../../domain/calendar";
import { CliExit } from "../../errors";
import { loadCalendar, storeYear } from "../../services/calendar/calendar-service";
import { configuration } from "../composition";
import { withDatabase } from "../context";

const LOAD_HINT = "load it with ssj calendar load FILE";

export function register(program: Command): void {
  const calendar = program.command("calendar").description("the working-day calendar (放假调休): count, explain, list and load years");

  calendar
    .command("add-working-days")
    .argument("<date>", "YYYY-MM-DD, a date in Asia/Shanghai")
    .argument("<n>", "how many working days, counted from the next calendar day")
    .description("print the N-th working day after DATE; refuses when the count touches a year with no loaded arrangement")
    .option("--provisional", "count uncovered years by weekends only instead of refusing, and say so on stderr")
    .action(async (dateArg: string, nArg: string, options: { provisional?: boolean }) => {
      const date = dateArgument(dateArg);
      const n = countArgument(nArg);
      await withCalendar((cal) => {
        if (options.provisional) {
          const result = cal.addWorkingDaysProvisional(date, n);
          process.stdout.write(`${result.date}\n`);
          if (result.provisional)
            process.stderr.write(
              `provisional: counted weekends only in ${formatYearRanges(result.uncoveredYears)} (no loaded 放假调休 arrangement); ${LOAD_HINT}\n`,
            );
          return;
        }
        process.stdout.write(`${refusingUncovered(() => cal.addWorkingDays(date, n))}\n`);
      });
    });

  calendar
    .command("show")
    .argument("<date>", "YYYY-MM-DD")
    .description("say whether DATE is a working day, and why")
    .action(async (dateArg: string) => {
      const date = dateArgument(dateArg);
      await withCalendar((cal) => {
        const verdict = refusingUncovered(
          () => cal.isWorkingDay(date),
          () => {
            const guess = cal.describeDay(date);
            return [`  by weekends only it would ${guess.working ? "be" : "not be"} a working day (${guess.reason})`];
          },
        );
        const year = cal.coverage().find((entry) => entry.year === Number(date.slice(0, 4)));
        const lines = [`${date} is ${verdict.working ? "a working day" : "not a working day"}: ${verdict.reason}`];
        if (verdict.origin && verdict.origin !== year?.basis?.origin) lines.push(`  set by the ${originLabel(verdict.origin)}`);
        if (year?.basis) lines.push(`  ${year.year} arrangement: ${year.basis.source} [${originLabel(year.basis.origin)}]`);
        for (const adjustment of year?.adjustments ?? [])
          lines.push(`  adjusted by: ${adjustment.source} [${originLabel(adjustment.origin)}]`);
        process.stdout.write(`${lines.join("\n")}\n`);
      });
    });

  calendar
    .command("years")
    .description("list the years the calendar covers and where each arrangement comes from")
    .action(async () => {
      await withCalendar((cal) => {
        for (const entry of cal.coverage()) {
          const basis = entry.basis
            ? `${originLabel(entry.basis.origin)}: ${entry.basis.source}`
            : "NOT COVERED (partial days only, applied once the year is loaded)";
          const adjustments = entry.adjustments.map((a) => `; + ${originLabel(a.origin)}: ${a.source}`).join("");
          process.stdout.write(`${entry.year}  ${basis}${adjustments}\n`);
        }
        process.stdout.write(`covered: ${formatYearRanges(cal.coveredYears())}\n`);
      });
    });

  calendar
    .command("load")
    .argument("<file>", "a year arrangement as JSON (docs/calendar.md)")
    .description("store a year's 放假调休 arrangement in PostgreSQL for every process (replaces that year from the package)")
    .action(async (file: string) => {
      const arrangement = readArrangementFile(file);
      await withDatabase(async ({ database, operator }) => {
        const result = await storeYear(database.db, operator, arrangement);
        if (!result.changed) {
          process.stdout.write(`${result.year} already holds this arrangement (${arrangement.source}); nothing changed\n`);
          return;
        }
        const replaced = result.replaced ? `; replaces ${result.replaced}` : "";
        process.stdout.write(
          `loaded ${result.year} (${arrangement.source}${arrangement.complete ? "" : ", partial"}): ${arrangement.holidays.length} holidays, ${arrangement.workdays.length} 调休 workdays${replaced}\n`,
        );
      });
    });
}

/** Runs `work` on the calendar this process sees: with PostgreSQL years only when DATABASE_URL is set. */
async function withCalendar(work: (calendar: WorkingCalendar) => void): Promise<void> {
  const config = configuration();
  if (!config.env.DATABASE_URL) {
    work(await loadCalendar(undefined, config));
    return;
  }
  await withDatabase(async ({ database }) => work(await loadCalendar(database.db, config)));
}

function refusingUncovered<T>(compute: () => T, details: () => string[] = () => []): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof UncoveredYearError) throw new CliExit(1, `${error.message}; ${LOAD_HINT}`, details());
    throw error;
  }
}

function dateArgument(value: string): string {
  if (!isIsoDate(value)) throw new CliExit(2, `${JSON.stringify(value)} is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-02-13`);
  return value;
}

function countArgument(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < 1 || n > 10_000)
    throw new CliExit(2, `N must be a whole number of working days from 1 to 10000 (got ${JSON.stringify(value)})`);
  return n;
}

function readArrangementFile(file: string): YearArrangement {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new CliExit(2, `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new CliExit(2, `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseYearArrangement(json, file);
  } catch (error) {
    if (error instanceof ArrangementFormatError)
      throw new CliExit(
        2,
        error.message,
        error.issues.slice(1).map((issue) => `  ${issue}`),
      );
    throw error;
  }
}

function originLabel(origin: string): string {
  return origin === "package" ? "package" : origin === "database" ? "loaded into PostgreSQL" : "config override";
}
