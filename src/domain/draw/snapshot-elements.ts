// Hand validators of snapshot elements (docs/draw-algorithm.md §3). They run on millions of
// rows, so they are plain checks rather than a schema library, and they say which row.
import { isCode } from "./codes";
import { isIsoDate } from "./dates";
import type { HistoryEntry } from "./types";

/** Why `value` is not a department, or null when it is one (tags may still need sorting). */
export function departmentProblem(value: unknown): string | null {
  if (!isPlainObject(value, ["active", "id", "lastInspectedOn", "tags"])) return "must be {id, tags, active, lastInspectedOn}";
  if (!isCode(value.id)) return "id must be a code of 1–64 characters from A–Z a–z 0–9 . _ -";
  if (typeof value.active !== "boolean") return "active must be true or false";
  if (value.lastInspectedOn !== null && !isDate(value.lastInspectedOn)) return "lastInspectedOn must be null or YYYY-MM-DD";
  return codeListProblem("tags", value.tags);
}

export function inspectorProblem(value: unknown): string | null {
  if (!isPlainObject(value, ["conflicts", "homeDepartmentId", "id", "status", "tags"])) {
    return "must be {id, homeDepartmentId, tags, conflicts, status}";
  }
  if (!isCode(value.id)) return "id must be a code of 1–64 characters from A–Z a–z 0–9 . _ -";
  if (value.homeDepartmentId !== null && !isCode(value.homeDepartmentId)) return "homeDepartmentId must be null or a code";
  if (!isCode(value.status)) return "status must be a code";
  return codeListProblem("tags", value.tags) ?? codeListProblem("conflicts", value.conflicts);
}

export function historyProblem(value: unknown): string | null {
  if (!isPlainObject(value, ["departmentId", "inspectedOn", "inspectorId"])) return "must be {inspectorId, departmentId, inspectedOn}";
  if (!isCode(value.inspectorId)) return "inspectorId must be a code";
  if (!isCode(value.departmentId)) return "departmentId must be a code";
  if (!isDate(value.inspectedOn)) return "inspectedOn must be YYYY-MM-DD";
  return null;
}

/** Order of history rows: inspectorId, then departmentId, then inspectedOn. */
export function compareHistory(a: HistoryEntry, b: HistoryEntry): number {
  if (a.inspectorId !== b.inspectorId) return a.inspectorId < b.inspectorId ? -1 : 1;
  if (a.departmentId !== b.departmentId) return a.departmentId < b.departmentId ? -1 : 1;
  if (a.inspectedOn !== b.inspectedOn) return a.inspectedOn < b.inspectedOn ? -1 : 1;
  return 0;
}

// Shared by many rows; a handful of distinct dates appear in a snapshot.
const dateValidity = new Map<string, boolean>();
function isDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  let ok = dateValidity.get(value);
  if (ok === undefined) {
    ok = isIsoDate(value);
    if (dateValidity.size < 100_000) dateValidity.set(value, ok);
  }
  return ok;
}

function codeListProblem(name: string, value: unknown): string | null {
  if (!Array.isArray(value)) return `${name} must be an array of codes`;
  for (const item of value) if (!isCode(item)) return `${name} must be an array of codes`;
  return null;
}

function isPlainObject<K extends string>(value: unknown, keys: readonly K[]): value is Record<K, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const own = Object.keys(value);
  if (own.length !== keys.length) return false;
  for (const k of keys) if (!Object.hasOwn(value, k)) return false;
  return true;
}
