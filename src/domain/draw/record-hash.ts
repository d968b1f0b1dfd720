// docs/draw-algorithm.md §4: recordHash covers every other field, with the snapshot taken
// as its fingerprints, so a record hashes the same whether its snapshot is inline or beside it.
import { jcs } from "./canonical-json";
import { sha256hex } from "./sha256";
import type { AnyDrawRecord, Fingerprints } from "./types";

/**
 * `resultJcs`, when the caller already has JCS(result), saves canonicalizing a province
 * result twice: a JCS object is its members in sorted key order, each `key:JCS(value)`,
 * which is how the library writes it too (tests/draw/record-hash.test.ts).
 */
export function recordHashOf(
  record: Omit<AnyDrawRecord, "recordHash"> | AnyDrawRecord,
  fingerprints: Fingerprints,
  resultJcs?: string,
): string {
  const { recordHash: _ignored, ...rest } = record as AnyDrawRecord;
  void _ignored;
  const hashed: Record<string, unknown> = { ...rest, snapshot: fingerprints };
  if (resultJcs === undefined) return sha256hex(jcs(hashed));
  const members = Object.keys(hashed)
    .sort()
    .map((key) => JSON.stringify(key) + ":" + (key === "result" ? resultJcs : jcs(hashed[key])));
  return sha256hex("{" + members.join(",") + "}");
}
