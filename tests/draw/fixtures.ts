// The worked example of docs/draw-algorithm.md, shared by the draw tests.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runDraw, type DrawRecord, type Params, type Snapshot } from "../../src/domain/draw";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const fixturesDir = resolve(repoRoot, "tests/fixtures/draw");

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export const countyParams = (): Params => readJson<Params>(resolve(fixturesDir, "county.params.json"));
export const countySnapshot = (): Snapshot => readJson<Snapshot>(resolve(fixturesDir, "county.snapshot.json"));

export const WITNESS_SEED = "3141 5926 5358 9793 2384 6264";

export function countyDraw(seedInput = WITNESS_SEED, overrides: Partial<Params> = {}, snapshot: Snapshot = countySnapshot()): DrawRecord {
  return runDraw({
    params: { ...countyParams(), ...overrides },
    snapshot,
    seedSource: "witness",
    seedInput,
    drawnAt: "2026-06-15T01:30:00.000Z",
    drawnBy: "clerk-li",
  });
}

/** A witness seed per index: 24 digits. */
export function seedNo(n: number): string {
  return String(n).padStart(24, "7");
}
