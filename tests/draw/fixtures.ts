// The worked example of docs/draw-algorithm.md, shared by the draw tests.
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runDraw, type DrawRecord, type Params, type Snapshot } from "../../src/domain/draw";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const fixturesDir = resolve(repoRoot, "tests/fixtures/draw");

/**
 * The public vectors of Rivest's consistent sampler: ../shared/vectors beside the checkout
 * (as CI has it), else the copy kept in tests/fixtures/draw (a lone clone); the sampler test
 * checks the copy equals the shared file whenever that is there.
 */
export const sharedVectorsPath = resolve(repoRoot, "../shared/vectors/consistent-sampler.json");
export const vectorsCopyPath = resolve(fixturesDir, "consistent-sampler.json");
export const vectorsPath = existsSync(sharedVectorsPath) ? sharedVectorsPath : vectorsCopyPath;

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
