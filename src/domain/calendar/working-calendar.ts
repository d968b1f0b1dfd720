// The working-day calendar (DESIGN.md, Deadlines and escalation): Monday to Friday work,
// Saturday and Sunday rest, except as the State Council's yearly 放假调休 arrangement says
// (holidays off, 调休 weekend days on). It knows which years it covers and refuses to
// count through any other year; `addWorkingDaysProvisional` is the one place that guesses
// (weekends only) and says so.
import type { ArrangementDay, YearArrangement } from "./arrangement";
import { fromDayNumber, isWeekendDayNumber, toDayNumber, WEEKDAY_NAMES, weekdayOfDayNumber, type IsoDate } from "./dates";
import { UncoveredYearError } from "./errors";

/** Where a layer comes from, in the order layers are applied. */
export type ArrangementOrigin = "package" | "database" | "config";

export interface ArrangementLayer {
  origin: ArrangementOrigin;
  arrangement: YearArrangement;
}

export type DayKind = "holiday" | "adjusted-workday" | "weekday" | "weekend";

export interface DayVerdict {
  date: IsoDate;
  working: boolean;
  kind: DayKind;
  /** 周一 … 周日 */
  weekday: string;
  /** The festival or local reason of a holiday or an adjusted workday. */
  name?: string;
  /** The layer that made the day special (holiday or adjusted workday). */
  origin?: ArrangementOrigin;
  /** One line for people: "周六，调休上班（春节）", "周一，放假（春节）", "周三，weekday", "周六，weekend". */
  reason: string;
  /** True when the year is not covered and the verdict counts weekends only. */
  provisional: boolean;
}

export interface YearCoverage {
  year: number;
  /** True when a complete arrangement of the year is loaded. */
  covered: boolean;
  /** The complete arrangement the year rests on (absent when not covered). */
  basis?: { origin: ArrangementOrigin; source: string };
  /** Partial layers applied on top, in order. */
  adjustments: { origin: ArrangementOrigin; source: string }[];
}

export interface ProvisionalDate {
  date: IsoDate;
  /** True when DATE or a day the count walked through lies in an uncovered year. */
  provisional: boolean;
  /** Those uncovered years, ascending: recompute when one of them is loaded. */
  uncoveredYears: number[];
}

interface SpecialDay {
  kind: "holiday" | "workday";
  name: string;
  origin: ArrangementOrigin;
}

interface YearState {
  covered: boolean;
  basis?: { origin: ArrangementOrigin; source: string };
  adjustments: { origin: ArrangementOrigin; source: string }[];
  days: Map<number, SpecialDay>;
}

export class WorkingCalendar {
  readonly #years: ReadonlyMap<number, YearState>;
  readonly #covered: readonly number[];

  private constructor(years: Map<number, YearState>) {
    this.#years = years;
    this.#covered = [...years]
      .filter(([, state]) => state.covered)
      .map(([year]) => year)
      .sort((a, b) => a - b);
  }

  /**
   * Builds the calendar from layers applied in the order given (package, then database,
   * then config overrides). A complete layer replaces everything before it for its year;
   * a partial one sets its days on top.
   */
  static fromLayers(layers: readonly ArrangementLayer[]): WorkingCalendar {
    const years = new Map<number, YearState>();
    for (const { origin, arrangement } of layers) {
      const tag = { origin, source: arrangement.source };
      let state = years.get(arrangement.year);
      if (arrangement.complete || !state) {
        const replaced: YearState = { covered: arrangement.complete, adjustments: [], days: new Map() };
        if (arrangement.complete) replaced.basis = tag;
        else replaced.adjustments.push(tag);
        state = replaced;
        years.set(arrangement.year, state);
      } else {
        state.adjustments.push(tag);
      }
      setDays(state.days, arrangement.holidays, "holiday", origin);
      setDays(state.days, arrangement.workdays, "workday", origin);
    }
    return new WorkingCalendar(years);
  }

  /** Years with a complete arrangement, ascending. */
  coveredYears(): readonly number[] {
    return this.#covered;
  }

  covers(year: number): boolean {
    return this.#years.get(year)?.covered === true;
  }

  /** Every year any layer speaks of, ascending, with where its arrangement comes from. */
  coverage(): YearCoverage[] {
    return [...this.#years]
      .sort(([a], [b]) => a - b)
      .map(([year, state]) => ({
        year,
        covered: state.covered,
        ...(state.basis ? { basis: state.basis } : {}),
        adjustments: [...state.adjustments],
      }));
  }

  /** Whether DATE is a working day and why; throws UncoveredYearError outside the covered years. */
  isWorkingDay(date: IsoDate): DayVerdict {
    const day = toDayNumber(date);
    this.#requireCovered(day, date);
    return this.#verdict(day, false);
  }

  /** Like isWorkingDay, but an uncovered year gets a provisional verdict (weekends only). */
  describeDay(date: IsoDate): DayVerdict {
    const day = toDayNumber(date);
    return this.#verdict(day, !this.covers(yearOfDayNumber(day)));
  }

  /**
   * The N-th working day after DATE, counted from the next calendar day (DESIGN.md: a
   * deadline of N working days). N = 0 gives DATE. Throws UncoveredYearError when DATE or
   * any day the count walks through lies in an uncovered year.
   */
  addWorkingDays(date: IsoDate, n: number): IsoDate {
    const start = toDayNumber(date);
    requireCount(n, 0);
    this.#requireCovered(start, date);
    return fromDayNumber(this.#walk(start + 1, 1, n, { from: date, n, direction: "after" }).day);
  }

  /** The N-th working day before DATE, counted from the previous calendar day (reminders "5 working days before"). */
  subtractWorkingDays(date: IsoDate, n: number): IsoDate {
    const start = toDayNumber(date);
    requireCount(n, 0);
    this.#requireCovered(start, date);
    return fromDayNumber(this.#walk(start - 1, -1, n, { from: date, n, direction: "before" }).day);
  }

  /**
   * The N-th working day counted from DATE itself (N = 1: the first working day on or
   * after DATE — a scheduled round that falls on a holiday moves to it).
   */
  nthWorkingDayOnOrAfter(date: IsoDate, n = 1): IsoDate {
    const start = toDayNumber(date);
    requireCount(n, 1);
    return fromDayNumber(this.#walk(start, 1, n, undefined).day);
  }

  /**
   * addWorkingDays that does not refuse: inside uncovered years it counts weekends only,
   * and says which years it guessed in, so the deadline can be marked provisional and
   * recomputed when such a year is loaded (DESIGN.md, Deadlines).
   */
  addWorkingDaysProvisional(date: IsoDate, n: number): ProvisionalDate {
    const start = toDayNumber(date);
    requireCount(n, 0);
    const uncovered = new Set<number>();
    const startYear = yearOfDayNumber(start);
    if (!this.covers(startYear)) uncovered.add(startYear);
    const { day } = this.#walk(start + 1, 1, n, undefined, uncovered);
    const uncoveredYears = [...uncovered].sort((a, b) => a - b);
    return { date: fromDayNumber(day), provisional: uncoveredYears.length > 0, uncoveredYears };
  }

  /**
   * Steps from `first` (inclusive) in `step` direction until `n` working days are counted.
   * Strict when `uncovered` is absent (an uncovered day throws); otherwise uncovered days
   * count by weekends only and their years are collected.
   */
  #walk(first: number, step: 1 | -1, n: number, walk: UncoveredYearError["walk"], uncovered?: Set<number>): { day: number } {
    let day = first - step;
    let counted = 0;
    let year = Number.NaN;
    let covered = false;
    while (counted < n) {
      day += step;
      const dayYear = yearOfDayNumber(day);
      if (dayYear !== year) {
        year = dayYear;
        covered = this.covers(year);
        if (!covered) {
          if (!uncovered) throw new UncoveredYearError(year, fromDayNumber(day), this.#covered, walk);
          uncovered.add(year);
        }
      }
      if (covered ? this.#isWorking(day, year) : !isWeekendDayNumber(day)) counted++;
    }
    return { day };
  }

  #isWorking(day: number, year: number): boolean {
    const special = this.#years.get(year)?.days.get(day);
    if (special) return special.kind === "workday";
    return !isWeekendDayNumber(day);
  }

  #requireCovered(day: number, date: IsoDate): void {
    const year = yearOfDayNumber(day);
    if (!this.covers(year)) throw new UncoveredYearError(year, date, this.#covered);
  }

  #verdict(day: number, provisional: boolean): DayVerdict {
    const date = fromDayNumber(day);
    const weekday = WEEKDAY_NAMES[weekdayOfDayNumber(day)] ?? "";
    const special = provisional ? undefined : this.#years.get(yearOfDayNumber(day))?.days.get(day);
    if (special?.kind === "workday") {
      const reason = isWeekendDayNumber(day) ? `${weekday}，调休上班（${special.name}）` : `${weekday}，上班（${special.name}）`;
      return { date, working: true, kind: "adjusted-workday", weekday, name: special.name, origin: special.origin, reason, provisional };
    }
    if (special?.kind === "holiday") {
      return {
        date,
        working: false,
        kind: "holiday",
        weekday,
        name: special.name,
        origin: special.origin,
        reason: `${weekday}，放假（${special.name}）`,
        provisional,
      };
    }
    if (isWeekendDayNumber(day)) return { date, working: false, kind: "weekend", weekday, reason: `${weekday}，weekend`, provisional };
    return { date, working: true, kind: "weekday", weekday, reason: `${weekday}，weekday`, provisional };
  }
}

function setDays(
  days: Map<number, SpecialDay>,
  list: readonly ArrangementDay[],
  kind: SpecialDay["kind"],
  origin: ArrangementOrigin,
): void {
  for (const { date, name } of list) days.set(toDayNumber(date), { kind, name, origin });
}

function requireCount(n: number, min: number): void {
  if (!Number.isSafeInteger(n) || n < min) throw new RangeError(`the number of working days must be an integer ≥ ${min} (got ${n})`);
}

function yearOfDayNumber(day: number): number {
  return new Date(day * 86_400_000).getUTCFullYear();
}
