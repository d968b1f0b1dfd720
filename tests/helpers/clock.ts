// The business clock of a test run (docs/architecture.md, "The clock"). tests/global-setup.ts
// picks the day — SSJ_TEST_TODAY, or today in Asia/Shanghai — and shifts the clock so the run
// starts at 10:00 Shanghai time that day; tests/setup-clock.ts hands the shift to every test
// process as SSJ_TEST_CLOCK_OFFSET_MS, which the database connections (ssj_now()) and every
// child process (`ssj …`) it starts inherit. A test that needs "now" or "today" asks here,
// never `new Date()`, so it agrees with the service on any date.
import { addDays, shanghaiDateOf } from "../../src/domain/calendar/dates";

/** The shift of this run's business clock, in milliseconds. */
export function testClockOffsetMs(): number {
  const value = Number(process.env.SSJ_TEST_CLOCK_OFFSET_MS ?? "0");
  if (!Number.isInteger(value)) throw new Error(`SSJ_TEST_CLOCK_OFFSET_MS is not an integer: ${process.env.SSJ_TEST_CLOCK_OFFSET_MS}`);
  return value;
}

/** The business time now, as the service sees it. */
export function testNow(): Date {
  return new Date(Date.now() + testClockOffsetMs());
}

/** Today in Asia/Shanghai, as the service sees it. */
export function testToday(): string {
  return shanghaiDateOf(testNow());
}

/** `days` after (or, negative, before) the run's today. */
export function daysFromToday(days: number): string {
  return addDays(testToday(), days);
}

/**
 * The clock shift that makes now `day` at 10:00 Asia/Shanghai: a ticking clock that starts
 * there, so a suite of a quarter of an hour never crosses midnight.
 */
export function clockOffsetFor(day: string, realNow: number): number {
  return Date.parse(`${day}T10:00:00.000+08:00`) - realNow;
}
