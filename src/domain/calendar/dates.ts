// Calendar dates as `YYYY-MM-DD` strings. A date here is a day of the Asia/Shanghai
// calendar (DESIGN.md, rule 3); the arithmetic works on the date parts alone, through a
// UTC day number, so no time zone (the machine's or Shanghai's) can shift a day.

/** A calendar date, `YYYY-MM-DD`. */
export type IsoDate = string;

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Years a date may lie in; the walk stops at the edges instead of producing a 5-digit year. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 9999;

/** 周日 … 周六, indexed by `weekdayOf` (0 = Sunday). */
export const WEEKDAY_NAMES = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"] as const;

/** True for a well-formed, real calendar date (2026-02-30 is not) within MIN_YEAR..MAX_YEAR. */
export function isIsoDate(value: string): boolean {
  return dayNumberOrUndefined(value) !== undefined;
}

/** Days since 1970-01-01 of a date; throws RangeError on anything but a real `YYYY-MM-DD`. */
export function toDayNumber(date: IsoDate): number {
  const day = dayNumberOrUndefined(date);
  if (day === undefined) throw new RangeError(`${JSON.stringify(date)} is not a calendar date (YYYY-MM-DD)`);
  return day;
}

/** The date of a day number. */
export function fromDayNumber(day: number): IsoDate {
  const d = new Date(day * MS_PER_DAY);
  const year = d.getUTCFullYear();
  if (year < MIN_YEAR || year > MAX_YEAR) throw new RangeError(`day ${day} lies outside the years ${MIN_YEAR}–${MAX_YEAR}`);
  return `${String(year).padStart(4, "0")}-${String(d.getUTCMonth() + 1).padStart(2, "0")}-${String(d.getUTCDate()).padStart(2, "0")}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function weekdayOf(date: IsoDate): number {
  return weekdayOfDayNumber(toDayNumber(date));
}

export function weekdayOfDayNumber(day: number): number {
  // 1970-01-01 was a Thursday (4).
  return (((day + 4) % 7) + 7) % 7;
}

export function isWeekendDayNumber(day: number): boolean {
  const weekday = weekdayOfDayNumber(day);
  return weekday === 0 || weekday === 6;
}

/** The year a date lies in. */
export function yearOf(date: IsoDate): number {
  toDayNumber(date);
  return Number(date.slice(0, 4));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

function dayNumberOrUndefined(value: string): number | undefined {
  const match = ISO_DATE.exec(value);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < MIN_YEAR || year > MAX_YEAR || month < 1 || month > 12 || day < 1) return undefined;
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return ms / MS_PER_DAY;
}

/** Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;

/**
 * The Asia/Shanghai calendar date of an instant: the one place a business date is derived
 * from a business time (src/services/clock.ts reads the time; DESIGN.md, rule 3).
 */
export function shanghaiDateOf(instant: string | number | Date): IsoDate {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === "number" ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`${JSON.stringify(instant)} is not an instant`);
  return fromDayNumber(Math.floor((ms + SHANGHAI_OFFSET_MS) / MS_PER_DAY));
}
