// A snapshot made ready for the engine: canonical lists, their fingerprints and the
// department table. Departments are validated, serialized, hashed and classified in one
// pass — the pass a province draw cannot avoid — and only sorted (copied) when that pass
// finds them out of canonical order.
import { createHash } from "node:crypto";
import { CODE_PATTERN, isSortedUnique } from "./codes";
import { isIsoDate } from "./dates";
import { DepartmentTableBuilder, type DepartmentTable } from "./department-table";
import { fingerprintHistory, fingerprintInspectors } from "./fingerprint";
import { normalizeSnapshot } from "./normalize-snapshot";
import type { Department, Fingerprints, HistoryEntry, Inspector, Params, Snapshot } from "./types";

export interface PreparedSnapshot {
  readonly fingerprints: Fingerprints;
  readonly departments: DepartmentTable;
  readonly inspectors: readonly Inspector[];
  readonly history: readonly HistoryEntry[];
}

/** Prepares any snapshot; `canonical` is the snapshot the fingerprints describe. */
export function prepareSnapshot(params: Params, snapshot: Snapshot): { prepared: PreparedSnapshot; canonical: Snapshot } {
  // Inspectors and history are small next to departments: always go the careful way.
  const people = normalizeSnapshot({ departments: [], inspectors: snapshot.inspectors, history: snapshot.history });
  let departments = snapshot.departments;
  let pass = canonicalDepartmentPass(params, departments);
  if (pass === null) {
    departments = normalizeSnapshot({ departments, inspectors: [], history: [] }).departments;
    pass = canonicalDepartmentPass(params, departments);
    if (pass === null) throw new Error("normalized departments failed the canonical pass");
  }
  return {
    prepared: {
      fingerprints: {
        departmentsHash: pass.hash,
        inspectorsHash: fingerprintInspectors(people.inspectors),
        historyHash: fingerprintHistory(people.history),
      },
      departments: pass.table,
      inspectors: people.inspectors,
      history: people.history,
    },
    canonical: { departments, inspectors: people.inspectors, history: people.history },
  };
}

const CHUNK = 1 << 16;

/**
 * Only the four fields of a row are read: extra properties of an in-memory object are
 * ignored here (an inline record's rows are checked key by key by normalizeSnapshot).
 *
 * Hashes and classifies departments that are already canonical, or returns null at the
 * first row that is not (invalid, out of order, tags unsorted). Rows are written as in
 * departmentLine (canonical-json.ts): ids and dates are checked codes, so they need no
 * escaping — tests/draw/prepared-snapshot.test.ts holds the two byte-identical.
 */
function canonicalDepartmentPass(params: Params, rows: readonly Department[]): { hash: string; table: DepartmentTable } | null {
  const hash = createHash("sha256");
  const table = new DepartmentTableBuilder(params, rows.length);
  const datesOk = new Map<string, boolean>();
  // Lines are hashed in small pieces (64 KiB): a piece still young when hashed is cheap
  // garbage, while long strings of many lines outlive the young generation.
  let buffer = "";
  let previousId = "";
  let lastTags: readonly string[] | null = null;
  let lastTagsJson = "[]";
  let lastStratum = -1;
  for (let n = 0; n < rows.length; n++) {
    const d = rows[n];
    if (typeof d !== "object" || d === null) return null;
    const { id, tags, active, lastInspectedOn } = d;
    if (typeof id !== "string" || !(previousId < id) || !CODE_PATTERN.test(id)) return null;
    previousId = id;
    if (typeof active !== "boolean") return null;
    if (lastInspectedOn !== null) {
      if (typeof lastInspectedOn !== "string") return null;
      let ok = datesOk.get(lastInspectedOn);
      if (ok === undefined) {
        ok = isIsoDate(lastInspectedOn);
        datesOk.set(lastInspectedOn, ok);
      }
      if (!ok) return null;
    }
    if (tags !== lastTags) {
      if (!Array.isArray(tags) || !tags.every((t) => typeof t === "string" && CODE_PATTERN.test(t)) || !isSortedUnique(tags)) return null;
      lastTags = tags;
      lastTagsJson = JSON.stringify(tags);
      lastStratum = table.stratumOfTags(lastTagsJson);
    }
    const line =
      (active ? '{"active":true,"id":"' : '{"active":false,"id":"') +
      id +
      (lastInspectedOn === null ? '","lastInspectedOn":null,"tags":' : '","lastInspectedOn":"' + lastInspectedOn + '","tags":') +
      lastTagsJson +
      "}";
    buffer += n === 0 ? line : "\n" + line;
    if (buffer.length > CHUNK) {
      hash.update(buffer, "latin1");
      buffer = "";
    }
    table.addToStratum(lastStratum, active, lastInspectedOn);
  }
  hash.update(buffer, "latin1");
  return { hash: hash.digest("hex"), table: table.finish((row) => (rows[row] as Department).id) };
}
