import { readdirSync } from "node:fs";
import { resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { verifyRecordPath } from "../../src/cli/commands/draw/record-files";
import { readRecord, supplementaryDraw, verifyRecord, type DrawRecord, type VerifyOutcome } from "../../src/domain/draw";
import { countyDraw, fixturesDir, readJson, seedNo } from "./fixtures";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every way of changing one field: each leaf altered, each array shortened and lengthened. */
function* tamperings(value: Json, path: (string | number)[] = []): Generator<{ path: string; apply: (root: Json) => void }> {
  const at = (root: Json, p: (string | number)[]): Json => p.reduce<Json>((node, key) => (node as Record<string, Json>)[key] as Json, root);
  const set = (root: Json, p: (string | number)[], v: Json): void => {
    (at(root, p.slice(0, -1)) as Record<string, Json>)[p[p.length - 1] as string] = v;
  };
  if (Array.isArray(value)) {
    yield { path: path.join(".") + "+", apply: (root) => (at(root, path) as Json[]).push(value[0] ?? "extra") };
    if (value.length > 0) yield { path: path.join(".") + "-", apply: (root) => void (at(root, path) as Json[]).pop() };
    for (let n = 0; n < value.length; n++) yield* tamperings(value[n] as Json, [...path, n]);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) yield* tamperings(child, [...path, key]);
  } else {
    const changed: Json =
      typeof value === "string"
        ? value.length > 0
          ? value.slice(0, -1) + (value.endsWith("1") ? "2" : "1")
          : "x"
        : typeof value === "number"
          ? value + 1
          : typeof value === "boolean"
            ? !value
            : "x";
    yield { path: path.join("."), apply: (root) => set(root, path, changed) };
  }
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function failedCheck(outcome: VerifyOutcome): string {
  return outcome.ok ? "verified" : outcome.check;
}

describe("verifyRecord", () => {
  it("accepts every record runDraw makes", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (n) => {
        const record = countyDraw(seedNo(n));
        expect(verifyRecord(copy(record))).toEqual({ ok: true, resultHash: record.resultHash, recordHash: record.recordHash });
      }),
      { numRuns: 40 },
    );
  });

  it("rejects a record with any one field changed", () => {
    const record = copy(countyDraw()) as unknown as Json;
    let tried = 0;
    for (const tampering of tamperings(record)) {
      const tampered = copy(record);
      tampering.apply(tampered);
      const outcome = verifyRecord(tampered);
      expect(outcome.ok, `changing ${tampering.path} went unnoticed`).toBe(false);
      tried++;
    }
    expect(tried).toBeGreaterThan(1000);
  });

  it("names the first failing check in the spec's order", () => {
    const record = countyDraw();
    const cases: [string, (r: DrawRecord & Record<string, unknown>) => void][] = [
      ["algorithm", (r) => void (r.algorithm = "ssj-draw/9" as DrawRecord["algorithm"])],
      ["format", (r) => void (r.drawnAt = "yesterday")],
      ["params", (r) => void (r.params.team.size = 0)],
      ["snapshot.departments", (r) => void ("departments" in r.snapshot && (r.snapshot.departments as unknown[]).reverse())],
      ["snapshot.history", (r) => void ("history" in r.snapshot && (r.snapshot.history as unknown[]).reverse())],
      ["seedSource", (r) => void (r.seedSource = "beacon")],
      ["seedInput", (r) => void (r.seedInput = "12")],
      ["manifestHash", (r) => void (r.params.items = ["另一项"])],
      ["masterSeed", (r) => void (r.seedInput = r.seedInput + "9")],
      ["result", (r) => void (r.result.teams[0]!.leaderId = "I999")],
      ["resultHash", (r) => void (r.resultHash = "0".repeat(64))],
      ["recordHash", (r) => void (r.drawnBy = "somebody-else")],
    ];
    for (const [check, change] of cases) {
      const tampered = copy(record) as DrawRecord & Record<string, unknown>;
      change(tampered);
      expect(failedCheck(verifyRecord(tampered)), check).toBe(check);
    }
  });

  it("verifies a supplementary draw on its own, and refuses its seed reused", () => {
    const original = countyDraw();
    const team = original.result.teams[0]!;
    const member = team.members[2]!;
    const decline = {
      kind: "decline",
      drawResultHash: original.resultHash,
      departmentId: team.departmentId,
      inspectorId: member.inspectorId,
      reason: "病假",
      neededRoles: [],
      unavailable: [],
      passedOver: [],
      replacement: null,
      decidedAt: "2026-06-16T00:00:00Z",
      decidedBy: "clerk-li",
      declineHash: "0".repeat(64),
    } as const;
    const supplement = supplementaryDraw({
      original,
      priorEvents: [{ ...decline, neededRoles: [], passedOver: [], unavailable: [] }],
      departmentId: team.departmentId,
      seedInput: seedNo(5),
      drawnAt: "2026-06-16T01:00:00Z",
      drawnBy: "clerk-li",
    });
    expect(readRecord(copy(supplement)).ok).toBe(true);
    expect(verifyRecord(copy(supplement)).ok).toBe(true);
    expect(supplement.supplement.originalResultHash).toBe(original.resultHash);
    const tampered = copy(supplement);
    tampered.supplement.declined = [];
    expect(verifyRecord(tampered).ok).toBe(false);
    expect(() =>
      supplementaryDraw({
        original,
        priorEvents: [],
        departmentId: team.departmentId,
        seedInput: original.seedInput,
        drawnAt: "2026-06-16T01:00:00Z",
        drawnBy: "x",
      }),
    ).toThrow(/new seed/);
  });
});

describe("golden records", () => {
  const golden = resolve(fixturesDir, "golden");
  const records = readdirSync(golden).filter((name) => name.endsWith(".record.json") || !name.includes("."));

  it.each(records)("%s keeps verifying", async (name) => {
    const outcome = await verifyRecordPath(resolve(golden, name));
    expect(outcome.ok).toBe(true);
    const record = readJson<{ resultHash: string }>(name.endsWith(".json") ? resolve(golden, name) : resolve(golden, name, "record.json"));
    expect(outcome.ok && outcome.resultHash).toBe(record.resultHash);
  });

  it("the witness golden record is what this engine draws today", () => {
    const record = readJson<DrawRecord>(resolve(golden, "county-witness.record.json"));
    expect(countyDraw().resultHash).toBe(record.resultHash);
  });
});
