// Turns the data of the `chinese-days` package into year arrangements. The package keeps
// one file per year it has the State Council's notice for (dist/years/YYYY.json); each
// holds `holidays` and `workdays` as {"2026-02-14": "Spring Festival,春节,4"} (English
// name, Chinese name, days off in the block). Its `inLieuDays` (weekdays the holiday block
// swallowed) are already holidays, so they are not read.
import { parseYearArrangement, type ArrangementDay, type YearArrangement } from "./arrangement";

export interface ChineseDaysYear {
  holidays?: Record<string, string>;
  workdays?: Record<string, string>;
}

/** One complete arrangement for a year file of the package; `label` names the file for messages. */
export function arrangementFromChineseDays(year: number, data: ChineseDaysYear, label: string): YearArrangement {
  return parseYearArrangement(
    {
      year,
      source: label,
      complete: true,
      holidays: days(data.holidays),
      workdays: days(data.workdays),
    },
    label,
  );
}

function days(entries: Record<string, string> | undefined): ArrangementDay[] {
  return Object.entries(entries ?? {})
    .map(([date, value]) => ({ date, name: chineseName(value) }))
    .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** "Spring Festival,春节,4" → "春节"; a value without a Chinese field keeps what it has. */
function chineseName(value: string): string {
  const fields = value.split(",").map((field) => field.trim());
  return fields[1] || fields[0] || "假日";
}
