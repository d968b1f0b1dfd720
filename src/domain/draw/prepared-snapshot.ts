// A canonical snapshot made ready for the engine: fingerprints plus the department table,
// computed in one pass over the departments (the pass a province draw cannot avoid).
import { DepartmentTableBuilder, type DepartmentTable } from "./department-table";
import { fingerprintHistory, fingerprintInspectors, forEachDepartmentLine } from "./fingerprint";
import { JsonLinesHasher } from "./sha256";
import type { Fingerprints, HistoryEntry, Inspector, Params, Snapshot } from "./types";

export interface PreparedSnapshot {
  readonly fingerprints: Fingerprints;
  readonly departments: DepartmentTable;
  readonly inspectors: readonly Inspector[];
  readonly history: readonly HistoryEntry[];
}

/** `snapshot` must be canonical (normalizeSnapshot). */
export function prepareSnapshot(params: Params, snapshot: Snapshot): PreparedSnapshot {
  const hasher = new JsonLinesHasher();
  const table = new DepartmentTableBuilder(params, snapshot.departments.length);
  forEachDepartmentLine(snapshot.departments, (line, tagsJson, d) => {
    hasher.add(line);
    table.add(d.id, tagsJson, d.active, d.lastInspectedOn);
  });
  return {
    fingerprints: {
      departmentsHash: hasher.digest(),
      inspectorsHash: fingerprintInspectors(snapshot.inspectors),
      historyHash: fingerprintHistory(snapshot.history),
    },
    departments: table.finish(),
    inspectors: snapshot.inspectors,
    history: snapshot.history,
  };
}
