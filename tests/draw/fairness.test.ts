// Over a fixed set of 2,000 seeds, each eligible department and inspector must be drawn
// about as often as the rules imply. The seeds are fixed, so the test is deterministic;
// the threshold is the chi-square critical value at significance 0.001 for its degrees
// of freedom (Wilson–Hilferty), so a correct engine would fail it for 1 seed set in 1,000.
import { describe, expect, it } from "vitest";
import { runDraw, type Params } from "../../src/domain/draw";
import { countyDraw, countyParams, countySnapshot, seedNo } from "./fixtures";

const SEEDS = 2000;
const Z_0_001 = 3.0902;

/** Upper 0.001 critical value of chi-square with `df` degrees of freedom. */
function chiSquareCritical(df: number): number {
  const h = 2 / (9 * df);
  return df * (1 - h + Z_0_001 * Math.sqrt(h)) ** 3;
}

/**
 * Pearson's statistic for counts that are each Binomial(trials, p) under sampling without
 * replacement within a trial: each term is scaled by 1/(1-p), the sum fixed, so df = cells - 1.
 */
function chiSquare(counts: readonly number[], trials: number, p: number): number {
  const expected = trials * p;
  return counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / (expected * (1 - p)), 0);
}

describe("fairness over 2,000 seeds", () => {
  it("draws each eligible department of a stratum with probability k/e", () => {
    const counts = new Map<string, number>();
    const records = Array.from({ length: SEEDS }, (_, n) => countyDraw(seedNo(n)));
    for (const record of records) for (const s of record.result.strata) for (const id of s.drawn) counts.set(id, (counts.get(id) ?? 0) + 1);
    for (const stratum of records[0]!.result.strata) {
      const eligible = countySnapshotEligible(stratum.name);
      expect(eligible.length).toBe(stratum.eligible);
      const stat = chiSquare(
        eligible.map((id) => counts.get(id) ?? 0),
        SEEDS,
        stratum.k / stratum.eligible,
      );
      expect(stat, `stratum ${stratum.name}`).toBeLessThan(chiSquareCritical(eligible.length - 1));
    }
  });

  it("seats each eligible inspector of a role as often as any other, and fills the rest evenly", () => {
    // One department, one team: the legal seat is uniform over the eligible legal inspectors,
    // the second seat uniform over everyone eligible not already seated.
    const params: Params = { ...countyParams(), strata: [{ name: "one", allOf: ["target"], count: 1 }] };
    const county = countySnapshot();
    const snapshot = {
      ...county,
      departments: county.departments.map((d) => (d.id === "town-15" ? { ...d, tags: [...d.tags, "target"] } : d)),
    };
    const legalSeat = new Map<string, number>();
    const fillSeats = new Map<string, number>();
    let departmentId = "";
    for (let n = 0; n < SEEDS; n++) {
      const record = runDraw({
        params,
        snapshot,
        seedSource: "witness",
        seedInput: seedNo(n),
        drawnAt: "2026-06-15T00:00:00Z",
        drawnBy: "t",
      });
      const team = record.result.teams[0]!;
      expect(team.departmentId).toBe("town-15");
      departmentId = team.departmentId;
      const id = team.members[0]!.inspectorId;
      legalSeat.set(id, (legalSeat.get(id) ?? 0) + 1);
      for (const m of team.members.slice(1)) fillSeats.set(m.inspectorId, (fillSeats.get(m.inspectorId) ?? 0) + 1);
    }
    const recused = new Set(
      snapshot.history.filter((h) => h.departmentId === departmentId && h.inspectedOn > "2025-06-15").map((h) => h.inspectorId),
    );
    const eligibleLegal = snapshot.inspectors.filter(
      (i) =>
        i.tags.includes("legal") &&
        i.status === "active" &&
        i.homeDepartmentId !== departmentId &&
        !i.conflicts.includes(departmentId) &&
        !recused.has(i.id),
    );
    expect([...legalSeat.keys()].every((id) => eligibleLegal.some((i) => i.id === id))).toBe(true);
    const stat = chiSquare(
      eligibleLegal.map((i) => legalSeat.get(i.id) ?? 0),
      SEEDS,
      1 / eligibleLegal.length,
    );
    expect(stat).toBeLessThan(chiSquareCritical(eligibleLegal.length - 1));

    // Every eligible inspector without the role competes only for the 2 fill seats, among
    // the eligible minus the one seated: p = 2 / (eligible - 1) each. Their counts do not
    // sum to a constant (legal inspectors take fill seats too), so df = cells.
    const eligibleOthers = snapshot.inspectors.filter(
      (i) =>
        !i.tags.includes("legal") &&
        i.status === "active" &&
        i.homeDepartmentId !== departmentId &&
        !i.conflicts.includes(departmentId) &&
        !recused.has(i.id),
    );
    const p = 2 / (eligibleLegal.length + eligibleOthers.length - 1);
    const fillStat = chiSquare(
      eligibleOthers.map((i) => fillSeats.get(i.id) ?? 0),
      SEEDS,
      p,
    );
    expect(fillStat).toBeLessThan(chiSquareCritical(eligibleOthers.length));
  });
});

function countySnapshotEligible(stratum: string): string[] {
  return countySnapshot()
    .departments.filter((d) => d.active && (d.lastInspectedOn === null || d.lastInspectedOn < "2026-01-01"))
    .filter((d) => (stratum === "high-risk" ? d.tags.includes("risk-high") : !d.tags.includes("risk-high")))
    .map((d) => d.id);
}
