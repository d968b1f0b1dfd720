// The working-day calendar's rules, on the real package data (2004–2026) and on small
// hand-made layers; property tests for the counting (STYLE.md).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  fromDayNumber,
  toDayNumber,
  UncoveredYearError,
  WorkingCalendar,
  type ArrangementLayer,
  type YearArrangement,
} from "../../src/domain/calendar";
import { packageYears } from "../../src/services/calendar/package-years";

const packageLayers: ArrangementLayer[] = packageYears().arrangements.map((arrangement) => ({ origin: "package", arrangement }));
const calendar = WorkingCalendar.fromLayers(packageLayers);

function year(y: number, days: Partial<Pick<YearArrangement, "holidays" | "workdays" | "complete" | "source">> = {}): YearArrangement {
  return {
    year: y,
    source: days.source ?? `test ${y}`,
    complete: days.complete ?? true,
    holidays: days.holidays ?? [],
    workdays: days.workdays ?? [],
  };
}

describe("WorkingCalendar on the chinese-days package", () => {
  it("covers 2004–2026 and nothing else", () => {
    expect(calendar.coveredYears()).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(calendar.covers(2027)).toBe(false);
    expect(calendar.covers(2003)).toBe(false);
    expect(calendar.coverage().every((entry) => entry.basis?.origin === "package")).toBe(true);
  });

  it("counts 3 working days after 2026-02-13 to 2026-02-25 (春节 2026: 14 Feb worked, 15–23 off)", () => {
    expect(calendar.addWorkingDays("2026-02-13", 3)).toBe("2026-02-25");
  });

  it("explains an adjusted working Saturday, a holiday, a weekend and a weekday", () => {
    expect(calendar.isWorkingDay("2026-02-14")).toMatchObject({
      working: true,
      kind: "adjusted-workday",
      name: "春节",
      reason: "周六，调休上班（春节）",
      origin: "package",
    });
    expect(calendar.isWorkingDay("2026-02-16")).toMatchObject({
      working: false,
      kind: "holiday",
      name: "春节",
      reason: "周一，放假（春节）",
    });
    expect(calendar.isWorkingDay("2026-03-07")).toMatchObject({ working: false, kind: "weekend", reason: "周六，weekend" });
    expect(calendar.isWorkingDay("2026-03-09")).toMatchObject({
      working: true,
      kind: "weekday",
      reason: "周一，weekday",
      provisional: false,
    });
    expect(calendar.isWorkingDay("2025-10-11")).toMatchObject({
      working: true,
      kind: "adjusted-workday",
      reason: "周六，调休上班（国庆节）",
    });
  });

  it("refuses a date in an uncovered year, naming the year and the covered range", () => {
    const error = catchError(() => calendar.addWorkingDays("2031-01-05", 1));
    expect(error).toBeInstanceOf(UncoveredYearError);
    expect(error).toMatchObject({ year: 2031, date: "2031-01-05" });
    expect((error as Error).message).toBe("2031-01-05 lies in 2031, a year with no loaded 放假调休 arrangement (covered: 2004–2026)");
    expect(() => calendar.isWorkingDay("2027-06-01")).toThrow(UncoveredYearError);
  });

  it("refuses a count that walks out of the covered years, naming the first uncovered day", () => {
    expect(calendar.addWorkingDays("2026-12-30", 1)).toBe("2026-12-31"); // the count stays in 2026
    const error = catchError(() => calendar.addWorkingDays("2026-12-30", 2));
    expect(error).toMatchObject({ year: 2027, date: "2027-01-01", walk: { from: "2026-12-30", n: 2, direction: "after" } });
    expect((error as Error).message).toMatch(/^counting 2 working days after 2026-12-30 reaches 2027-01-01, which lies in 2027/);
    expect(() => calendar.subtractWorkingDays("2004-01-05", 3)).toThrow(/reaches 2003-12-31, which lies in 2003/);
  });

  it("counts weekends only in uncovered years when asked for a provisional date, and says which years", () => {
    expect(calendar.addWorkingDaysProvisional("2026-02-13", 3)).toEqual({ date: "2026-02-25", provisional: false, uncoveredYears: [] });
    // 2026-12-30 Wed: 12-31 (1), then 2027 by weekends only: Fri 1 Jan (2), Mon 4 Jan (3)
    expect(calendar.addWorkingDaysProvisional("2026-12-30", 3)).toEqual({ date: "2027-01-04", provisional: true, uncoveredYears: [2027] });
    expect(calendar.addWorkingDaysProvisional("2030-12-31", 1)).toEqual({
      date: "2031-01-01",
      provisional: true,
      uncoveredYears: [2030, 2031],
    });
  });

  it("finds the first working day on or after a date (a scheduled round on a holiday moves to it)", () => {
    expect(calendar.nthWorkingDayOnOrAfter("2026-10-01")).toBe("2026-10-08");
    expect(calendar.nthWorkingDayOnOrAfter("2026-10-08")).toBe("2026-10-08");
    expect(calendar.nthWorkingDayOnOrAfter("2026-09-20")).toBe("2026-09-20"); // Sunday, 调休上班
    expect(calendar.nthWorkingDayOnOrAfter("2026-10-01", 2)).toBe("2026-10-09");
  });

  it("counts back for reminders (the N-th working day before)", () => {
    expect(calendar.subtractWorkingDays("2026-02-25", 3)).toBe("2026-02-13");
    expect(calendar.subtractWorkingDays("2026-10-08", 1)).toBe("2026-09-30");
  });

  it("rejects a non-date and a negative or fractional count", () => {
    expect(() => calendar.addWorkingDays("2026-02-30", 1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays("2026-2-3", 1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays("2026-02-13", -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays("2026-02-13", 1.5)).toThrow(RangeError);
    expect(calendar.addWorkingDays("2026-02-13", 0)).toBe("2026-02-13");
  });
});

describe("WorkingCalendar layers", () => {
  it("lets a complete layer replace the year and a partial layer change single days", () => {
    const cal = WorkingCalendar.fromLayers([
      { origin: "package", arrangement: year(2030, { holidays: [{ date: "2030-01-01", name: "元旦" }] }) },
      { origin: "database", arrangement: year(2030, { source: "loaded", holidays: [{ date: "2030-01-02", name: "元旦" }] }) },
      {
        origin: "config",
        arrangement: year(2030, {
          source: "local",
          complete: false,
          holidays: [{ date: "2030-03-01", name: "本县防汛放假" }],
          workdays: [{ date: "2030-01-02", name: "本县照常上班" }],
        }),
      },
    ]);
    expect(cal.isWorkingDay("2030-01-01")).toMatchObject({ working: true, kind: "weekday" }); // replaced by the database year
    expect(cal.isWorkingDay("2030-01-02")).toMatchObject({
      working: true,
      kind: "adjusted-workday",
      origin: "config",
      reason: "周三，上班（本县照常上班）",
    });
    expect(cal.isWorkingDay("2030-03-01")).toMatchObject({ working: false, kind: "holiday", origin: "config", name: "本县防汛放假" });
    expect(cal.coverage()).toEqual([
      { year: 2030, covered: true, basis: { origin: "database", source: "loaded" }, adjustments: [{ origin: "config", source: "local" }] },
    ]);
  });

  it("keeps a year known only from partial layers uncovered", () => {
    const cal = WorkingCalendar.fromLayers([
      { origin: "config", arrangement: year(2031, { complete: false, holidays: [{ date: "2031-03-03", name: "本地" }] }) },
    ]);
    expect(cal.covers(2031)).toBe(false);
    expect(() => cal.isWorkingDay("2031-03-03")).toThrow(UncoveredYearError);
    expect(cal.coverage()).toEqual([{ year: 2031, covered: false, adjustments: [{ origin: "config", source: "test 2031" }] }]);
  });
});

// Dates whose counts of up to 60 working days stay inside the package's years.
const coveredDate = fc.integer({ min: toDayNumber("2004-01-01"), max: toDayNumber("2026-06-30") }).map(fromDayNumber);
const count = fc.integer({ min: 1, max: 60 });

/** Working days in (from, to], counted one by one with isWorkingDay: the brute-force oracle. */
function workingDaysBetween(cal: WorkingCalendar, from: string, to: string): number {
  let n = 0;
  for (let day = toDayNumber(from) + 1; day <= toDayNumber(to); day++) if (cal.isWorkingDay(fromDayNumber(day)).working) n++;
  return n;
}

describe("addWorkingDays (properties)", () => {
  it("lands on a working day strictly after DATE with exactly N working days in (DATE, result]", () => {
    fc.assert(
      fc.property(coveredDate, count, (date, n) => {
        const result = calendar.addWorkingDays(date, n);
        expect(result > date).toBe(true);
        expect(calendar.isWorkingDay(result).working).toBe(true);
        expect(workingDaysBetween(calendar, date, result)).toBe(n);
      }),
    );
  });

  it("adding a then b equals adding a + b", () => {
    fc.assert(
      fc.property(coveredDate, count, count, (date, a, b) => {
        expect(calendar.addWorkingDays(calendar.addWorkingDays(date, a), b)).toBe(calendar.addWorkingDays(date, a + b));
      }),
    );
  });

  it("is strictly increasing in N", () => {
    fc.assert(
      fc.property(coveredDate, count, count, (date, a, b) => {
        fc.pre(a !== b);
        const [low, high] = a < b ? [a, b] : [b, a];
        expect(calendar.addWorkingDays(date, low) < calendar.addWorkingDays(date, high)).toBe(true);
      }),
    );
  });

  it("is undone by subtractWorkingDays from a working day", () => {
    fc.assert(
      fc.property(coveredDate, count, (date, n) => {
        const start = calendar.nthWorkingDayOnOrAfter(date);
        expect(calendar.subtractWorkingDays(calendar.addWorkingDays(start, n), n)).toBe(start);
      }),
    );
  });

  it("nthWorkingDayOnOrAfter finds the first working day on or after DATE", () => {
    fc.assert(
      fc.property(coveredDate, (date) => {
        const result = calendar.nthWorkingDayOnOrAfter(date);
        expect(result >= date).toBe(true);
        expect(calendar.isWorkingDay(result).working).toBe(true);
        for (let day = toDayNumber(date); day < toDayNumber(result); day++)
          expect(calendar.isWorkingDay(fromDayNumber(day)).working).toBe(false);
      }),
    );
  });

  it("agrees with the provisional count inside covered years, and counts weekends only outside them", () => {
    const empty = WorkingCalendar.fromLayers([]);
    fc.assert(
      fc.property(coveredDate, count, (date, n) => {
        expect(calendar.addWorkingDaysProvisional(date, n)).toEqual({
          date: calendar.addWorkingDays(date, n),
          provisional: false,
          uncoveredYears: [],
        });
        const guess = empty.addWorkingDaysProvisional(date, n);
        expect(guess.provisional).toBe(true);
        let weekdays = 0;
        for (let day = toDayNumber(date) + 1; day <= toDayNumber(guess.date); day++)
          if (![0, 6].includes(new Date(day * 86_400_000).getUTCDay())) weekdays++;
        expect(weekdays).toBe(n);
      }),
    );
  });

  it("refuses whenever the count touches an uncovered year, and only then", () => {
    const withGap = WorkingCalendar.fromLayers(packageLayers.filter((layer) => layer.arrangement.year !== 2015));
    fc.assert(
      fc.property(fc.integer({ min: toDayNumber("2014-10-01"), max: toDayNumber("2015-12-31") }).map(fromDayNumber), count, (date, n) => {
        const guess = withGap.addWorkingDaysProvisional(date, n);
        if (guess.provisional) expect(() => withGap.addWorkingDays(date, n)).toThrow(UncoveredYearError);
        else expect(withGap.addWorkingDays(date, n)).toBe(guess.date);
      }),
    );
  });
});

function catchError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}
