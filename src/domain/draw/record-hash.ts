// docs/draw-algorithm.md §8: recordHash covers every other field, with the snapshot taken
// as its fingerprints, so a record hashes the same whether its snapshot is inline or beside it.
import { jcs } from "./canonical-json";
import { sha256hex } from "./sha256";
import type { AnyDrawRecord, Fingerprints } from "./types";

export function recordHashOf(record: Omit<AnyDrawRecord, "recordHash"> | AnyDrawRecord, fingerprints: Fingerprints): string {
  const { recordHash: _ignored, ...rest } = record as AnyDrawRecord;
  void _ignored;
  return sha256hex(jcs({ ...rest, snapshot: fingerprints }));
}
