// The part of a record's snapshot that declines and supplements read: its inspectors and
// history, checked against the record's fingerprints so a changed pool is refused.
import { DrawInputError } from "./errors";
import { fingerprintHistory, fingerprintInspectors } from "./fingerprint";
import { normalizeSnapshot } from "./normalize-snapshot";
import type { HistoryEntry, Inspector, RecordSnapshot } from "./types";
import { isInlineSnapshot } from "./types";

export interface PoolSnapshot {
  inspectors: readonly Inspector[];
  history: readonly HistoryEntry[];
}

export function checkedPoolSnapshot(recordSnapshot: RecordSnapshot, given: PoolSnapshot | undefined): PoolSnapshot {
  const source = given ?? (isInlineSnapshot(recordSnapshot) ? recordSnapshot : undefined);
  if (source === undefined) throw new DrawInputError("the record's snapshot is in files: pass its inspectors and history");
  const { inspectors, history } = normalizeSnapshot({ departments: [], inspectors: source.inspectors, history: source.history });
  const expected = isInlineSnapshot(recordSnapshot)
    ? { inspectorsHash: fingerprintInspectors(recordSnapshot.inspectors), historyHash: fingerprintHistory(recordSnapshot.history) }
    : recordSnapshot;
  if (fingerprintInspectors(inspectors) !== expected.inspectorsHash || fingerprintHistory(history) !== expected.historyHash) {
    throw new DrawInputError("the inspectors or history given are not the record's snapshot");
  }
  return { inspectors, history };
}
