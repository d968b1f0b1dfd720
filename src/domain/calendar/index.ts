// The working-day calendar: pure rules, no I/O (DESIGN.md, Shape). Loading the layers is
// src/services/calendar's job.
export {
  ArrangementFormatError,
  parseYearArrangement,
  yearArrangementSchema,
  type ArrangementDay,
  type YearArrangement,
} from "./arrangement";
export { arrangementFromChineseDays, type ChineseDaysYear } from "./chinese-days-adapter";
export { addDays, fromDayNumber, isIsoDate, shanghaiDateOf, toDayNumber, weekdayOf, yearOf, type IsoDate } from "./dates";
export { UncoveredYearError } from "./errors";
export { formatYearRanges } from "./year-ranges";
export {
  WorkingCalendar,
  type ArrangementLayer,
  type ArrangementOrigin,
  type DayKind,
  type DayVerdict,
  type ProvisionalDate,
  type YearCoverage,
} from "./working-calendar";
