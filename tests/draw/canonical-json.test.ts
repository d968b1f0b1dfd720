import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DepartmentLinesReader,
  HistoryLinesReader,
  InspectorLinesReader,
  SnapshotLineError,
  departmentLine,
  fingerprintDepartments,
  historyLine,
  prepareSnapshot,
  sha256hex,
  inspectorLine,
  type Department,
} from "../../src/domain/draw";
import { countyParams } from "./fixtures";

const code = fc.stringMatching(/^[A-Za-z0-9._-]{1,64}$/);
const codes = fc.uniqueArray(code, { maxLength: 5 }).map((a) => [...a].sort());
const date = fc
  .date({ min: new Date("1990-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const anyString = fc.string({ unit: "grapheme", maxLength: 20 });

const department = fc.record({ id: code, tags: codes, active: fc.boolean(), lastInspectedOn: fc.option(date, { nil: null }) });
const inspector = fc.record({ id: code, homeDepartmentId: fc.option(code, { nil: null }), tags: codes, conflicts: codes, status: code });
const history = fc.record({ inspectorId: code, departmentId: code, inspectedOn: date });

describe("hand serializers of snapshot elements", () => {
  it("write a department byte-identical to the RFC 8785 library", () => {
    fc.assert(
      fc.property(department, (d) => departmentLine(d) === canonicalize(d)),
      { numRuns: 2000 },
    );
  });
  it("write an inspector byte-identical to the RFC 8785 library", () => {
    fc.assert(
      fc.property(inspector, (i) => inspectorLine(i) === canonicalize(i)),
      { numRuns: 2000 },
    );
  });
  it("write a history row byte-identical to the RFC 8785 library", () => {
    fc.assert(
      fc.property(history, (h) => historyLine(h) === canonicalize(h)),
      { numRuns: 2000 },
    );
  });
  it("stay byte-identical for any strings, escapes and non-ASCII included", () => {
    const loose = fc.record({
      id: anyString,
      tags: fc.array(anyString),
      active: fc.boolean(),
      lastInspectedOn: fc.option(anyString, { nil: null }),
    });
    fc.assert(
      fc.property(loose, (d) => departmentLine(d) === canonicalize(d)),
      { numRuns: 2000 },
    );
  });
});

describe("the one-pass fingerprint of departments", () => {
  it("equals the fingerprint of the hand-serialized lines, for any canonical list", () => {
    fc.assert(
      fc.property(fc.uniqueArray(department, { selector: (d) => d.id, maxLength: 40 }), (rows) => {
        const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
        const { prepared } = prepareSnapshot(countyParams(), { departments: sorted, inspectors: [], history: [] });
        expect(prepared.fingerprints.departmentsHash).toBe(fingerprintDepartments(sorted));
        expect(prepared.fingerprints.departmentsHash).toBe(sha256hex(sorted.map((d) => canonicalize(d)).join("\n")));
      }),
      { numRuns: 300 },
    );
  });
});

describe("the JSON Lines reader of a record's snapshot", () => {
  const feed = (reader: { push(c: Uint8Array): void; end(): { hash: string; count: number } }, text: string, pieces = 3) => {
    const bytes = Buffer.from(text, "utf8");
    const step = Math.max(1, Math.ceil(bytes.length / pieces));
    for (let at = 0; at < bytes.length; at += step) reader.push(bytes.subarray(at, at + step));
    return reader.end();
  };

  it("accepts every canonical department line, whatever the chunking", () => {
    fc.assert(
      fc.property(fc.uniqueArray(department, { selector: (d) => d.id, maxLength: 30 }), fc.integer({ min: 1, max: 9 }), (rows, pieces) => {
        const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : 1));
        const reader = new DepartmentLinesReader(countyParams());
        const { count } = feed(reader, sorted.map((d: Department) => departmentLine(d)).join("\n"), pieces);
        expect(count).toBe(sorted.length);
        const table = reader.finishTable();
        expect(Array.from({ length: table.count }, (_, row) => table.idOf(row))).toEqual(sorted.map((d) => d.id));
      }),
    );
  });

  it.each([
    ['{"id":"a","active":true,"lastInspectedOn":null,"tags":[]}', "keys out of order"],
    ['{"active":true, "id":"a","lastInspectedOn":null,"tags":[]}', "whitespace"],
    ['{"active":true,"id":"a","lastInspectedOn":null,"tags":["b","a"]}', "unsorted tags"],
    ['{"active":true,"id":"a","lastInspectedOn":"2026-02-30","tags":[]}', "impossible date"],
    [
      '{"active":true,"id":"b","lastInspectedOn":null,"tags":[]}\n{"active":true,"id":"a","lastInspectedOn":null,"tags":[]}',
      "ids out of order",
    ],
    ['{"active":true,"id":"a","lastInspectedOn":null,"tags":[]}\n', "a trailing newline"],
  ])("refuses a department file with %s (%s)", (text) => {
    expect(() => feed(new DepartmentLinesReader(countyParams()), text)).toThrow(SnapshotLineError);
  });

  it("refuses non-canonical inspector and history lines", () => {
    expect(() => feed(new InspectorLinesReader(), '{"id":"a","conflicts":[],"homeDepartmentId":null,"status":"active","tags":[]}')).toThrow(
      SnapshotLineError,
    );
    expect(() => feed(new HistoryLinesReader(), '{"departmentId":"d","inspectedOn":"2026-01-01","inspectorId":"i"} ')).toThrow(
      SnapshotLineError,
    );
  });

  it("hashes an empty file as the empty list", () => {
    expect(new HistoryLinesReader().end()).toEqual({ hash: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", count: 0 });
  });
});
