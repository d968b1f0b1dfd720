// The draw benchmark's two sizes (DESIGN.md: "Scale"), built in memory from a fixed
// pseudo-random sequence so every run measures the same snapshot.
import type { Department, HistoryEntry, Inspector, Params, Snapshot } from "../src/domain/draw";

export type DrawBenchSize = "county" | "province";

export interface DrawBenchInput {
  params: Params;
  snapshot: Snapshot;
}

export function buildDrawBench(size: DrawBenchSize): DrawBenchInput {
  return size === "county" ? county() : province();
}

/** The params alone, without building the snapshot (millions of objects at province size). */
export function drawBenchParams(size: DrawBenchSize): Params {
  return size === "county" ? countyParams() : provinceParams();
}

// County: 45 departments, 120 inspectors, 8 drawn, teams of 3 with a legal member.
function county(): DrawBenchInput {
  const random = sequence(45);
  const departments: Department[] = range(45).map((n) => ({
    id: `D${pad(n, 2)}`,
    tags: n < 10 ? ["risk-high"] : ["risk-normal"],
    active: n !== 44,
    lastInspectedOn: n % 9 === 0 ? "2026-01-10" : null,
  }));
  const inspectors = range(120).map((n) => inspector(n, random, departments, n % 4 === 0));
  return { params: countyParams(), snapshot: { departments, inspectors, history: history(inspectors, departments, random, 60) } };
}

function countyParams(): Params {
  return params(
    "2026-06-15",
    [
      { name: "high-risk", allOf: ["risk-high"], count: 3 },
      { name: "general", allOf: [], count: 5 },
    ],
    { size: 3, roles: [{ tag: "legal", min: 1 }], capPerInspector: 1, recusalDays: 365, alternates: 2 },
  );
}

// Province: 5,000,000 entities in risk strata A 60% / B 25% / C 10% / D 5%, drawn at
// 0.5% / 1% / 2% / 5% (about 50,000); 100,000 inspectors, 20% legal, homes among the
// entities; teams of 2 with one legal; cap 3; 2 alternates.
function province(): DrawBenchInput {
  const random = sequence(5_000_000);
  // One tags array per stratum, shared as a registry read would intern them.
  const tags = [["risk-A"], ["risk-B"], ["risk-C"], ["risk-D"]] as const;
  const departments: Department[] = new Array<Department>(5_000_000);
  for (let n = 0; n < 5_000_000; n++) {
    const slot = n % 20; // 12 : 5 : 2 : 1 of 20
    const r = random();
    departments[n] = {
      id: `E${pad(n, 7)}`,
      tags: tags[slot < 12 ? 0 : slot < 17 ? 1 : slot < 19 ? 2 : 3],
      active: r >= 0.01,
      lastInspectedOn: r < 0.03 ? "2026-03-01" : r < 0.2 ? "2024-11-20" : null,
    };
  }
  const inspectors = range(100_000).map((n) => inspector(n, random, departments, n % 5 === 0));
  return { params: provinceParams(), snapshot: { departments, inspectors, history: history(inspectors, departments, random, 100_000) } };
}

function provinceParams(): Params {
  return params(
    "2026-06-15",
    [
      { name: "A", allOf: ["risk-A"], ratio: "0.005" },
      { name: "B", allOf: ["risk-B"], ratio: "0.01" },
      { name: "C", allOf: ["risk-C"], ratio: "0.02" },
      { name: "D", allOf: ["risk-D"], ratio: "0.05" },
    ],
    { size: 2, roles: [{ tag: "legal", min: 1 }], capPerInspector: 3, recusalDays: 730, alternates: 2 },
  );
}

function params(asOf: string, strata: Params["strata"], team: Params["team"]): Params {
  return {
    asOf,
    seed: { source: "witness" },
    strata,
    exclusions: { inspectedWithinDays: 365, inspectedThisYear: true },
    team,
    items: ["B-01", "B-02"],
  };
}

function inspector(n: number, random: () => number, departments: readonly Department[], legal: boolean): Inspector {
  const home = departments[Math.floor(random() * departments.length)]?.id ?? null;
  const conflicted = random() < 0.05 ? [departments[Math.floor(random() * departments.length)]?.id ?? "none"] : [];
  return {
    id: `P${pad(n, 6)}`,
    homeDepartmentId: home,
    tags: legal ? (n % 40 === 0 ? ["leader", "legal"] : ["legal"]) : n % 8 === 1 ? ["leader"] : [],
    conflicts: conflicted,
    status: random() < 0.03 ? "suspended" : "active",
  };
}

function history(inspectors: readonly Inspector[], departments: readonly Department[], random: () => number, rows: number): HistoryEntry[] {
  const seen = new Set<string>();
  const out: HistoryEntry[] = [];
  for (let n = 0; n < rows; n++) {
    const inspectorId = inspectors[Math.floor(random() * inspectors.length)]?.id ?? "none";
    const departmentId = departments[Math.floor(random() * departments.length)]?.id ?? "none";
    const inspectedOn = random() < 0.5 ? "2025-09-01" : "2024-12-01";
    const key = `${inspectorId} ${departmentId} ${inspectedOn}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ inspectorId, departmentId, inspectedOn });
  }
  return out.sort((a, b) =>
    a.inspectorId !== b.inspectorId
      ? a.inspectorId < b.inspectorId
        ? -1
        : 1
      : a.departmentId !== b.departmentId
        ? a.departmentId < b.departmentId
          ? -1
          : 1
        : a.inspectedOn < b.inspectedOn
          ? -1
          : a.inspectedOn > b.inspectedOn
            ? 1
            : 0,
  );
}

/** mulberry32: a fixed sequence for building data, not for drawing. */
function sequence(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, "0");
}
