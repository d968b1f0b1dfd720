// RFC 8785 (JCS) canonical JSON. Params, results and records go through the maintained
// library; the fixed-shape snapshot elements have hand serializers below because a
// province snapshot has millions of them (tests/draw/canonical-json.test.ts proves them
// byte-identical to the library).
import canonicalize from "canonicalize";
import type { Department, HistoryEntry, Inspector } from "./types";

export function jcs(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError("value has no JSON form");
  return text;
}

// JSON.stringify of a string is JCS-conformant (same escapes, UTF-16 preserved), and of
// an array of strings too; keys below are written in code-unit order.
/** `tagsJson` lets a caller reuse the serialization of a tag array shared by many rows. */
export function departmentLine(d: Department, tagsJson: string = JSON.stringify(d.tags)): string {
  return (
    (d.active ? '{"active":true,"id":' : '{"active":false,"id":') +
    JSON.stringify(d.id) +
    ',"lastInspectedOn":' +
    (d.lastInspectedOn === null ? "null" : JSON.stringify(d.lastInspectedOn)) +
    ',"tags":' +
    tagsJson +
    "}"
  );
}

export function inspectorLine(i: Inspector): string {
  return (
    '{"conflicts":' +
    JSON.stringify(i.conflicts) +
    ',"homeDepartmentId":' +
    (i.homeDepartmentId === null ? "null" : JSON.stringify(i.homeDepartmentId)) +
    ',"id":' +
    JSON.stringify(i.id) +
    ',"status":' +
    JSON.stringify(i.status) +
    ',"tags":' +
    JSON.stringify(i.tags) +
    "}"
  );
}

export function historyLine(h: HistoryEntry): string {
  return (
    '{"departmentId":' +
    JSON.stringify(h.departmentId) +
    ',"inspectedOn":' +
    JSON.stringify(h.inspectedOn) +
    ',"inspectorId":' +
    JSON.stringify(h.inspectorId) +
    "}"
  );
}
