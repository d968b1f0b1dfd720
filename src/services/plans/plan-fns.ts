// Pure rules of scheduled rounds: the lock cron (read in Asia/Shanghai), the key a firing
// stands for, the firing a reconcile sweep may catch up, and the number and title a firing's
// round gets. Time is always a parameter (STYLE.md); no I/O.
import { CronExpressionParser } from "cron-parser";
import { shanghaiDateOf } from "../../domain/calendar/dates";

export const PLAN_TIME_ZONE = "Asia/Shanghai";
/** Two firings of one plan must lie at least this far apart (one round a day at most). */
export const MIN_FIRING_GAP_MS = 24 * 3600 * 1000;
/** How far back a sweep catches up a firing an emptied Redis missed (docs/scheduled-rounds.md). */
export const MISSED_FIRING_WINDOW_MS = 24 * 3600 * 1000;

export type CronCheck = { ok: true } | { ok: false; message: string };

/**
 * A lock cron: five fields (minute precision: a firing's key is its minute), parsed the way
 * BullMQ's scheduler parses it (cron-parser, tz Asia/Shanghai), firing at all, and at most once a day.
 */
export function checkLockCron(cron: string, now: Date): CronCheck {
  const fields = cron.trim().split(/\s+/u);
  if (fields.length !== 5)
    return { ok: false, message: `lockCron must have 5 fields (minute hour day-of-month month day-of-week), not ${fields.length}` };
  let times: number[];
  try {
    const expression = CronExpressionParser.parse(cron, { tz: PLAN_TIME_ZONE, currentDate: now });
    times = [];
    for (let i = 0; i < 12 && expression.hasNext(); i++) times.push(expression.next().getTime());
  } catch (error) {
    return { ok: false, message: `lockCron is not a valid cron expression: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (times.length === 0) return { ok: false, message: "lockCron never fires" };
  for (let i = 1; i < times.length; i++) {
    const [a, b] = [times[i - 1], times[i]];
    if (a !== undefined && b !== undefined && b - a < MIN_FIRING_GAP_MS)
      return { ok: false, message: "lockCron fires more than once a day; a plan makes at most one round a day" };
  }
  return { ok: true };
}

/**
 * The cron a plan's job scheduler runs. A plan that locks on "the first working day on or after"
 * its firing is woken every day at the lock's time, and each wake-up acts only on the day
 * `isLockDay` names; otherwise the scheduler runs the lock cron itself.
 */
export function schedulerCron(plan: { lockCron: string; lockOn?: string | null }): string {
  if (!plan.lockOn) return plan.lockCron;
  const [minute, hour] = plan.lockCron.trim().split(/\s+/u);
  return `${minute} ${hour} * * *`;
}

/** With `lockOn`, the lock cron's minute and hour must each be one number (the daily wake-up's time). */
export function checkLockOn(cron: string): CronCheck {
  const [minute = "", hour = ""] = cron.trim().split(/\s+/u);
  if (!/^\d{1,2}$/u.test(minute) || !/^\d{1,2}$/u.test(hour))
    return { ok: false, message: 'with lockOn, lockCron\'s minute and hour must each be a single number (e.g. "0 9 6 5,11 *")' };
  return { ok: true };
}

/**
 * Whether the daily wake-up at `at` is a lock of a "first working day on or after" plan: the
 * latest firing of the lock cron at or before `at` (its time of day is the same) moves to the
 * first working day on or after its date, and that day is `at`'s (Asia/Shanghai). A firing on a
 * working day locks that day; one on a holiday locks when the holiday is over; two firings that
 * move to the same day make one lock (one round a day).
 */
export function isLockDay(lockCron: string, at: Date, firstWorkingDayOnOrAfter: (isoDate: string) => string): boolean {
  const nominal = latestFiring(lockCron, new Date(at.getTime() + 59_999));
  if (!nominal) return false;
  return firstWorkingDayOnOrAfter(shanghaiDate(nominal).iso) === shanghaiDate(at).iso;
}

/** The key of the firing scheduled at `scheduledAt`: its UTC minute, e.g. `2026-05-06T01:00Z`. */
export function fireKeyOf(scheduledAt: Date | number): string {
  const at = new Date(scheduledAt);
  if (Number.isNaN(at.getTime())) throw new Error("a firing needs a valid scheduled time");
  return `${at.toISOString().slice(0, 16)}Z`;
}

/** The scheduled instant a fire key stands for. */
export function fireTimeOf(fireKey: string): Date {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})Z$/.exec(fireKey);
  const at = match ? new Date(`${match[1]}:00.000Z`) : new Date(Number.NaN);
  if (Number.isNaN(at.getTime())) throw new Error(`not a fire key: ${fireKey}`);
  return at;
}

/** The most recent firing at or before `now`, or null if the cron never fired before. */
export function latestFiring(cron: string, now: Date): Date | null {
  // cron-parser's prev() is strictly before currentDate; a firing exactly at `now` counts.
  const expression = CronExpressionParser.parse(cron, { tz: PLAN_TIME_ZONE, currentDate: new Date(now.getTime() + 1) });
  try {
    return new Date(expression.prev().getTime());
  } catch {
    return null;
  }
}

/** The first firing after `now`, or null if the cron never fires again. */
export function nextFiring(cron: string, now: Date): Date | null {
  const expression = CronExpressionParser.parse(cron, { tz: PLAN_TIME_ZONE, currentDate: now });
  try {
    return new Date(expression.next().getTime());
  } catch {
    return null;
  }
}

/**
 * The firing a sweep should catch up for a plan, if any: only the most recent one, only
 * within MISSED_FIRING_WINDOW_MS, and never one scheduled before the plan existed. Older
 * missed firings are left alone: a round locked days late would surprise more than it helps.
 */
export function missedFiring(cron: string, planCreatedAt: Date, now: Date): Date | null {
  const latest = latestFiring(cron, now);
  if (!latest) return null;
  if (latest.getTime() < planCreatedAt.getTime()) return null;
  if (now.getTime() - latest.getTime() > MISSED_FIRING_WINDOW_MS) return null;
  return latest;
}

/** The calendar parts of an instant in Asia/Shanghai (UTC+8, no daylight saving). */
export function shanghaiDate(at: Date): { year: string; month: string; day: string; iso: string } {
  const iso = shanghaiDateOf(at);
  return { year: iso.slice(0, 4), month: iso.slice(5, 7), day: iso.slice(8, 10), iso };
}

export const patternPlaceholders = ["{year}", "{month}", "{day}", "{seq}"] as const;

/** Fills `{year}`, `{month}`, `{day}` (of the firing, in Shanghai) and `{seq}` into a number or title pattern. */
export function fillPattern(pattern: string, firing: Date, seq: number): string {
  const { year, month, day } = shanghaiDate(firing);
  return pattern
    .replaceAll("{year}", year)
    .replaceAll("{month}", String(Number(month)))
    .replaceAll("{day}", String(Number(day)))
    .replaceAll("{seq}", String(seq));
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(isoDate: string, days: number): string {
  const day = new Date(`${isoDate}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}
