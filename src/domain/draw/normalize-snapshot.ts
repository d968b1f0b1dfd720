// An inline snapshot may arrive in any order (DESIGN.md: "The engine sorts an inline
// snapshot itself"): this validates every element and returns the canonical snapshot —
// lists sorted by id, tags and conflicts sorted and de-duplicated. Lists that are already
// canonical are returned as they are, so a province snapshot is not copied.
import { compareCodeUnits, isSortedUnique, sortedUnique } from "./codes";
import { DrawInputError } from "./errors";
import { compareHistory, departmentProblem, historyProblem, inspectorProblem } from "./snapshot-elements";
import type { Department, HistoryEntry, Inspector, Snapshot } from "./types";

export function normalizeSnapshot(snapshot: Snapshot): Snapshot {
  if (typeof snapshot !== "object" || snapshot === null) throw new DrawInputError("snapshot must be {departments, inspectors, history}");
  for (const list of ["departments", "inspectors", "history"] as const) {
    if (!Array.isArray(snapshot[list])) throw new DrawInputError(`snapshot.${list} must be an array`);
  }
  return {
    departments: normalizeById(
      "departments",
      snapshot.departments,
      departmentProblem,
      (d) => ({ ...d, tags: sortedUnique(d.tags) }),
      tagsSortedOnce(),
    ),
    inspectors: normalizeById(
      "inspectors",
      snapshot.inspectors,
      inspectorProblem,
      (i) => ({ ...i, tags: sortedUnique(i.tags), conflicts: sortedUnique(i.conflicts) }),
      (i) => isSortedUnique(i.tags) && isSortedUnique(i.conflicts),
    ),
    history: normalizeHistory(snapshot.history),
  };
}

function normalizeById<T extends Department | Inspector>(
  list: string,
  rows: readonly T[],
  problemOf: (value: unknown) => string | null,
  canonicalRow: (row: T) => T,
  isCanonicalRow: (row: T) => boolean,
): readonly T[] {
  let canonical = true;
  for (let n = 0; n < rows.length; n++) {
    const row = rows[n] as T;
    const problem = problemOf(row);
    if (problem !== null) throw new DrawInputError(`snapshot.${list}[${n}]: ${problem}`);
    if (canonical && !isCanonicalRow(row)) canonical = false;
    if (canonical && n > 0 && !((rows[n - 1] as T).id < row.id)) canonical = false;
  }
  if (canonical) return rows;
  const sorted = rows.map(canonicalRow).sort((a, b) => compareCodeUnits(a.id, b.id));
  for (let n = 1; n < sorted.length; n++) {
    const id = (sorted[n] as T).id;
    if (id === (sorted[n - 1] as T).id) throw new DrawInputError(`snapshot.${list}: duplicate id ${id}`);
  }
  return sorted;
}

// Rows of one stratum often share one tags array: check it once.
function tagsSortedOnce(): (d: Department) => boolean {
  let lastGood: readonly string[] | null = null;
  return (d) => {
    if (d.tags === lastGood) return true;
    if (!isSortedUnique(d.tags)) return false;
    lastGood = d.tags;
    return true;
  };
}

function normalizeHistory(rows: readonly HistoryEntry[]): readonly HistoryEntry[] {
  let canonical = true;
  rows.forEach((row, n) => {
    const problem = historyProblem(row);
    if (problem !== null) throw new DrawInputError(`snapshot.history[${n}]: ${problem}`);
    if (canonical && n > 0 && compareHistory(rows[n - 1] as HistoryEntry, row) >= 0) canonical = false;
  });
  if (canonical) return rows;
  const sorted = [...rows].sort(compareHistory);
  for (let n = 1; n < sorted.length; n++) {
    if (compareHistory(sorted[n - 1] as HistoryEntry, sorted[n] as HistoryEntry) === 0) {
      const h = sorted[n] as HistoryEntry;
      throw new DrawInputError(`snapshot.history: duplicate row ${h.inspectorId} ${h.departmentId} ${h.inspectedOn}`);
    }
  }
  return sorted;
}
