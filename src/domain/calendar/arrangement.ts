// One year's 放假调休 arrangement, the unit the calendar is built from: the State Council's
// notice for that year (from the data package or loaded by an admin) or a deployment's
// override. The format is documented in docs/calendar.md; this schema is its definition.
import { z } from "zod";
import { isIsoDate, MAX_YEAR, MIN_YEAR, type IsoDate } from "./dates";

export interface ArrangementDay {
  date: IsoDate;
  /** The festival the day belongs to, e.g. 春节, or a local reason (本县防汛放假). */
  name: string;
}

export interface YearArrangement {
  year: number;
  /** Where it comes from: the notice's number (国办发明电〔2025〕7号), a package, a local decision. */
  source: string;
  /**
   * True: the whole arrangement of the year, so the year counts as covered and the layer
   * replaces any earlier one for that year. False: some days only, applied on top of the
   * year's other layers; a year known only from partial layers stays uncovered.
   */
  complete: boolean;
  /** Days off (休), weekend days inside a holiday block included. */
  holidays: ArrangementDay[];
  /** Weekend days that are working days (调休上班). */
  workdays: ArrangementDay[];
  /** Free text, e.g. "EXAMPLE, not the real notice". */
  note?: string | undefined;
}

const daySchema = z.strictObject({
  date: z.string().refine(isIsoDate, { message: "expected a calendar date YYYY-MM-DD" }),
  name: z.string().trim().min(1).max(100),
});

/** The JSON format of a year arrangement, with every cross-field rule. */
export const yearArrangementSchema = z
  .strictObject({
    year: z.number().int().min(MIN_YEAR).max(MAX_YEAR),
    source: z.string().trim().min(1).max(200),
    complete: z.boolean({ error: "complete: say true (the whole notice of the year) or false (some days only)" }),
    holidays: z.array(daySchema).max(366),
    workdays: z.array(daySchema).max(366),
    note: z.string().max(2000).optional(),
  })
  .superRefine((arrangement, ctx) => {
    const seen = new Map<string, string>();
    for (const list of ["holidays", "workdays"] as const) {
      arrangement[list].forEach((day, index) => {
        if (!day.date.startsWith(`${arrangement.year}-`)) {
          ctx.addIssue({ code: "custom", path: [list, index, "date"], message: `${day.date} lies outside ${arrangement.year}` });
        }
        const earlier = seen.get(day.date);
        if (earlier !== undefined) {
          const message = earlier === list ? `${day.date} is listed twice in ${list}` : `${day.date} is both a holiday and a workday`;
          ctx.addIssue({ code: "custom", path: [list, index, "date"], message });
        }
        seen.set(day.date, list);
      });
    }
    if (arrangement.complete && arrangement.holidays.length === 0) {
      ctx.addIssue({ code: "custom", path: ["holidays"], message: "a complete arrangement lists its holidays" });
    }
  });

/** Parses and checks an arrangement; throws the first problem as an ArrangementFormatError. */
export function parseYearArrangement(input: unknown, origin = "arrangement"): YearArrangement {
  const result = yearArrangementSchema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join(".") || "input"}: ${issue.message}`);
  throw new ArrangementFormatError(`${origin}: ${issues[0] ?? "invalid"}`, issues);
}

export class ArrangementFormatError extends Error {
  constructor(
    message: string,
    readonly issues: string[],
  ) {
    super(message);
    this.name = "ArrangementFormatError";
  }
}
