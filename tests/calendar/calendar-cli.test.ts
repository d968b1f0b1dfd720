// `ssj calendar` as a user runs it, without a database: package data and config/ only.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { firstLine, runCli } from "../helpers/cli";

// No DATABASE_URL; DATA_DIR points at a directory that must stay absent (the embedded PGlite is not opened).
const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ssj-cal-cli-")), "var");
const noDatabase = { DATABASE_URL: undefined, DATA_DIR: dataDir };

// Each case starts `ssj` processes (tsx compiles on start): slow on a busy machine.
describe("ssj calendar without a database", { timeout: 240_000 }, () => {
  it("prints the 3rd working day after 2026-02-13: 2026-02-25", async () => {
    const result = await runCli(["calendar", "add-working-days", "2026-02-13", "3"], noDatabase);
    expect(result.stderr).toBe("");
    expect(result.stdout).toBe("2026-02-25\n");
    expect(result.code).toBe(0);
    expect(fs.existsSync(dataDir)).toBe(false);
  });

  it("refuses a date in a year with no loaded arrangement, saying why in the first line", async () => {
    const result = await runCli(["calendar", "add-working-days", "2031-01-05", "3"], noDatabase);
    expect(result.code).not.toBe(0);
    expect(result.stdout).toBe("");
    expect(firstLine(result.stderr)).toBe(
      "ssj: 2031-01-05 lies in 2031, a year with no loaded 放假调休 arrangement (covered: 2004–2026); load it with ssj calendar load FILE",
    );
  });

  it("refuses a count that walks into an uncovered year, naming the day it reached", async () => {
    const result = await runCli(["calendar", "add-working-days", "2026-12-28", "10"], noDatabase);
    expect(result.code).not.toBe(0);
    expect(firstLine(result.stderr)).toMatch(
      /^ssj: counting 10 working days after 2026-12-28 reaches 2027-01-01, which lies in 2027, a year with no loaded 放假调休 arrangement/,
    );
  });

  it("refuses a bad date or a bad N with a clear first line", async () => {
    const [badDate, badN, zero] = await Promise.all([
      runCli(["calendar", "add-working-days", "2026-02-30", "3"], noDatabase),
      runCli(["calendar", "add-working-days", "2026-02-13", "-1"], noDatabase),
      runCli(["calendar", "add-working-days", "2026-02-13", "zero"], noDatabase),
    ]);
    expect(badDate.code).toBe(2);
    expect(firstLine(badDate.stderr)).toBe('ssj: "2026-02-30" is not a calendar date; write it as YYYY-MM-DD, e.g. 2026-02-13');
    expect(badN.code).not.toBe(0);
    expect(zero.code).toBe(2);
    expect(firstLine(zero.stderr)).toBe('ssj: N must be a whole number of working days from 1 to 10000 (got "zero")');
  });

  it("shows why a day is or is not a working day: 调休, holiday, weekend, weekday", async () => {
    const dates = ["2026-02-14", "2026-02-16", "2026-03-07", "2026-03-09", "2027-03-09"];
    const [adjusted, holiday, weekend, weekday, uncovered] = await Promise.all(
      dates.map((date) => runCli(["calendar", "show", date], noDatabase)),
    );
    expect(firstLine(adjusted?.stdout ?? "")).toBe("2026-02-14 is a working day: 周六，调休上班（春节）");
    expect(firstLine(holiday?.stdout ?? "")).toBe("2026-02-16 is not a working day: 周一，放假（春节）");
    expect(firstLine(weekend?.stdout ?? "")).toBe("2026-03-07 is not a working day: 周六，weekend");
    expect(firstLine(weekday?.stdout ?? "")).toBe("2026-03-09 is a working day: 周一，weekday");
    expect(uncovered?.code).not.toBe(0);
    expect(firstLine(uncovered?.stderr ?? "")).toMatch(/^ssj: 2027-03-09 lies in 2027, a year with no loaded 放假调休 arrangement/);
  });

  it("lists the covered years and their source", async () => {
    const result = await runCli(["calendar", "years"], noDatabase);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("2026  package: chinese-days 1.5.7 (dist/years/2026.json)");
    expect(result.stdout.trimEnd().split("\n").at(-1)).toBe("covered: 2004–2026");
  });

  it("gives a provisional date on request, and says it is provisional", async () => {
    const result = await runCli(["calendar", "add-working-days", "2026-12-30", "3", "--provisional"], noDatabase);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe("2027-01-04\n");
    expect(firstLine(result.stderr)).toMatch(/^provisional: counted weekends only in 2027/);
  });
});
