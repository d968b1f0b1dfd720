// Loads config/calendar-overrides.json: a deployment's changes to the working-day calendar
// (DESIGN.md: calendar overrides live in config/). The format is docs/calendar.md's year
// arrangement, in a list; a missing file means no overrides.
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { yearArrangementSchema, type YearArrangement } from "../src/domain/calendar/arrangement";

/** The file a deployment edits. */
export const defaultCalendarOverridesFile = path.join(import.meta.dirname, "calendar-overrides.json");

const overridesSchema = z.strictObject({
  $comment: z.string().optional(),
  years: z.array(yearArrangementSchema),
});

export function loadCalendarOverrides(file: string = defaultCalendarOverridesFile): YearArrangement[] {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw new CalendarOverridesError(`cannot read the calendar overrides file ${file}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    throw new CalendarOverridesError(
      `invalid calendar overrides file ${file}: not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = overridesSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CalendarOverridesError(
      `invalid calendar overrides file ${file}: ${issue ? `${issue.path.join(".") || "(top level)"}: ${issue.message}` : "invalid"}`,
    );
  }
  return result.data.years;
}

export class CalendarOverridesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CalendarOverridesError";
  }
}
