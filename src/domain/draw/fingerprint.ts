// DESIGN.md: "Fingerprint of a list" — SHA-256 of the list's JSON Lines (JCS of each
// element, joined by "\n", no trailing newline). Inputs must be canonical (normalizeSnapshot).
import { departmentLine, historyLine, inspectorLine } from "./canonical-json";
import { JsonLinesHasher } from "./sha256";
import type { Department, Fingerprints, HistoryEntry, Inspector, Snapshot } from "./types";

export function fingerprintSnapshot(snapshot: Snapshot): Fingerprints {
  return {
    departmentsHash: fingerprintDepartments(snapshot.departments),
    inspectorsHash: fingerprintInspectors(snapshot.inspectors),
    historyHash: fingerprintHistory(snapshot.history),
  };
}

export function fingerprintDepartments(departments: readonly Department[]): string {
  const hasher = new JsonLinesHasher();
  forEachDepartmentLine(departments, (line) => hasher.add(line));
  return hasher.digest();
}

export function fingerprintInspectors(inspectors: readonly Inspector[]): string {
  const hasher = new JsonLinesHasher();
  for (const i of inspectors) hasher.add(inspectorLine(i));
  return hasher.digest();
}

export function fingerprintHistory(history: readonly HistoryEntry[]): string {
  const hasher = new JsonLinesHasher();
  for (const h of history) hasher.add(historyLine(h));
  return hasher.digest();
}

/** Calls `visit` with each department's canonical line and its tags' JSON, reusing the
 *  JSON of a tags array shared with the previous row. */
export function forEachDepartmentLine(
  departments: readonly Department[],
  visit: (line: string, tagsJson: string, d: Department) => void,
): void {
  let lastTags: readonly string[] | null = null;
  let lastTagsJson = "[]";
  for (let n = 0; n < departments.length; n++) {
    const d = departments[n] as Department;
    if (d.tags !== lastTags) {
      lastTags = d.tags;
      lastTagsJson = JSON.stringify(d.tags);
    }
    visit(departmentLine(d, lastTagsJson), lastTagsJson, d);
  }
}
