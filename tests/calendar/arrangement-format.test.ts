// The year-arrangement file format, the package adapter's coverage, and config/ overrides.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CalendarOverridesError, defaultCalendarOverridesFile, loadCalendarOverrides } from "../../config/calendar-overrides";
import { ArrangementFormatError, parseYearArrangement, weekdayOf } from "../../src/domain/calendar";
import { loadCalendar } from "../../src/services/calendar/calendar-service";
import { packageYears } from "../../src/services/calendar/package-years";

const example = JSON.parse(fs.readFileSync(path.resolve(import.meta.dirname, "../fixtures/calendar/2027.json"), "utf8")) as unknown;

function tempFile(content: unknown): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ssj-cal-"));
  const file = path.join(dir, "overrides.json");
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

describe("year arrangement format", () => {
  it("accepts the example 2027 file, whose 调休 workdays all fall on weekends", () => {
    const arrangement = parseYearArrangement(example);
    expect(arrangement).toMatchObject({ year: 2027, complete: true });
    expect(arrangement.source).toMatch(/EXAMPLE/);
    for (const day of arrangement.workdays) expect([0, 6]).toContain(weekdayOf(day.date));
  });

  it.each([
    [{ holidays: [{ date: "2028-01-01", name: "元旦" }] }, /2028-01-01 lies outside 2027/],
    [{ workdays: [{ date: "2027-01-01", name: "元旦" }] }, /2027-01-01 is both a holiday and a workday/],
    [{ holidays: [{ date: "2027-02-30", name: "春节" }] }, /holidays\.0\.date: expected a calendar date/],
    [{ complete: undefined }, /complete/],
    [{ holiday: [] }, /holiday/],
  ])("refuses a broken file %#", (change, message) => {
    const broken = { ...(example as object), ...change };
    expect(() => parseYearArrangement(broken, "2027.json")).toThrow(ArrangementFormatError);
    expect(() => parseYearArrangement(broken, "2027.json")).toThrow(message);
  });
});

describe("chinese-days package adapter", () => {
  it("takes its coverage from the per-year files: 2004–2026 in chinese-days 1.5.7", () => {
    const years = packageYears();
    expect(years.version).toBe("1.5.7");
    expect(years.arrangements.map((a) => a.year)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(years.arrangements.every((a) => a.complete && a.holidays.length > 0)).toBe(true);
    const y2026 = years.arrangements.find((a) => a.year === 2026);
    expect(y2026?.workdays).toEqual([
      { date: "2026-01-04", name: "元旦" },
      { date: "2026-02-14", name: "春节" },
      { date: "2026-02-28", name: "春节" },
      { date: "2026-05-09", name: "劳动节" },
      { date: "2026-09-20", name: "国庆节" },
      { date: "2026-10-10", name: "国庆节" },
    ]);
  });
});

describe("config/calendar-overrides.json", () => {
  it("is empty by default", () => {
    expect(loadCalendarOverrides(defaultCalendarOverridesFile)).toEqual([]);
  });

  it("applies a local extra day off and a worked holiday on top of the package", async () => {
    const file = tempFile({
      years: [
        {
          year: 2026,
          source: "县政府通知（防汛）",
          complete: false,
          holidays: [{ date: "2026-02-24", name: "本县防汛放假" }],
          workdays: [{ date: "2026-02-23", name: "本县照常上班" }],
        },
      ],
    });
    const calendar = await loadCalendar(undefined, { calendarOverrides: loadCalendarOverrides(file) });
    expect(calendar.isWorkingDay("2026-02-24")).toMatchObject({ working: false, origin: "config", reason: "周二，放假（本县防汛放假）" });
    expect(calendar.isWorkingDay("2026-02-23")).toMatchObject({ working: true, origin: "config" });
    // 2026-02-13 Fri: 14 Feb (1, 调休), 23 Feb (2, worked locally), 24 Feb off, 25 Feb (3)
    expect(calendar.addWorkingDays("2026-02-13", 3)).toBe("2026-02-25");
    expect(calendar.addWorkingDays("2026-02-13", 4)).toBe("2026-02-26");
    expect(calendar.coverage().find((c) => c.year === 2026)?.adjustments).toEqual([{ origin: "config", source: "县政府通知（防汛）" }]);
  });

  it("can cover a year with a complete override", async () => {
    const file = tempFile({ years: [example] });
    const calendar = await loadCalendar(undefined, { calendarOverrides: loadCalendarOverrides(file) });
    expect(calendar.covers(2027)).toBe(true);
    expect(calendar.addWorkingDays("2026-12-30", 5)).toBe("2027-01-07");
  });

  it("names the file and the problem when it is broken", () => {
    expect(() => loadCalendarOverrides(tempFile("{"))).toThrow(CalendarOverridesError);
    expect(() => loadCalendarOverrides(tempFile({ years: [{ ...(example as object), year: 2028 }] }))).toThrow(
      /overrides\.json: years\.0\.holidays\.0\.date: 2027-01-01 lies outside 2028/,
    );
    expect(loadCalendarOverrides(path.join(os.tmpdir(), "no-such-ssj-overrides.json"))).toEqual([]);
  });
});
