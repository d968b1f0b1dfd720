import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DrawConstraintError,
  DrawInputError,
  eligibleCounts,
  parseParams,
  ratioInTenThousandths,
  runDraw,
  stratumSize,
  type Department,
  type DrawRecord,
  type Inspector,
  type Params,
  type Snapshot,
} from "../../src/domain/draw";
import { WITNESS_SEED, countyDraw, countyParams, countySnapshot, seedNo } from "./fixtures";

const shuffled = <T>(items: readonly T[], order: readonly number[]): T[] =>
  items
    .map((item, n) => ({ item, key: order[n % order.length] ?? 0, n }))
    .sort((a, b) => a.key - b.key || a.n - b.n)
    .map((x) => x.item);

function inspectorsById(snapshot: Snapshot): Map<string, Inspector> {
  return new Map(snapshot.inspectors.map((i) => [i.id, i]));
}

describe("runDraw on the county example", () => {
  it("gives the same result and resultHash for the same inputs", () => {
    const a = countyDraw();
    const b = countyDraw();
    expect(b.resultHash).toBe(a.resultHash);
    expect(b.recordHash).toBe(a.recordHash);
    expect(a.result.teams).toHaveLength(8);
  });

  it("changes nothing when the inline snapshot's lists and tags are shuffled", () => {
    const reference = countyDraw().resultHash;
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 200 }), (order) => {
        const s = countySnapshot();
        const snapshot: Snapshot = {
          departments: shuffled(s.departments, order).map((d) => ({ ...d, tags: [...d.tags].reverse() })),
          inspectors: shuffled(s.inspectors, [...order].reverse()).map((i) => ({
            ...i,
            tags: shuffled(i.tags, order),
            conflicts: [...i.conflicts].reverse(),
          })),
          history: shuffled(s.history, order),
        };
        return countyDraw(WITNESS_SEED, {}, snapshot).resultHash === reference;
      }),
      { numRuns: 30 },
    );
  });

  it("never seats an inspector on their home department, a declared conflict or a department inside the recusal window", () => {
    const snapshot = countySnapshot();
    const byId = inspectorsById(snapshot);
    const recent = new Set(snapshot.history.filter((h) => h.inspectedOn > "2025-06-15").map((h) => `${h.inspectorId}|${h.departmentId}`));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), (n) => {
        for (const team of countyDraw(seedNo(n)).result.teams) {
          for (const id of [...team.members.map((m) => m.inspectorId), ...team.alternates]) {
            const inspector = byId.get(id);
            expect(inspector?.status).toBe("active");
            expect(inspector?.homeDepartmentId).not.toBe(team.departmentId);
            expect(inspector?.conflicts).not.toContain(team.departmentId);
            expect(recent.has(`${id}|${team.departmentId}`)).toBe(false);
          }
        }
      }),
      { numRuns: 60 },
    );
  });

  it("holds role minimums and caps, and never lists a member as an alternate or an alternate twice", () => {
    const byId = inspectorsById(countySnapshot());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 1, max: 2 }), (n, cap) => {
        const record = countyDraw(seedNo(n), {
          team: {
            ...countyParams().team,
            capPerInspector: cap,
            roles: [
              { tag: "legal", min: 1 },
              { tag: "finance", min: 1 },
            ],
          },
        });
        const seats = new Map<string, number>();
        for (const team of record.result.teams) {
          const members = team.members.map((m) => m.inspectorId);
          expect(members.filter((id) => byId.get(id)?.tags.includes("legal")).length).toBeGreaterThanOrEqual(1);
          expect(members.filter((id) => byId.get(id)?.tags.includes("finance")).length).toBeGreaterThanOrEqual(1);
          expect(new Set([...members, ...team.alternates]).size).toBe(members.length + team.alternates.length);
          for (const id of members) seats.set(id, (seats.get(id) ?? 0) + 1);
        }
        for (const held of seats.values()) expect(held).toBeLessThanOrEqual(cap);
      }),
      { numRuns: 60 },
    );
  });

  it("draws only eligible departments, k per stratum, and records the skips met", () => {
    const record = countyDraw();
    const departments = new Map(countySnapshot().departments.map((d) => [d.id, d]));
    expect(record.result.strata.map((s) => [s.name, s.eligible, s.k])).toEqual([
      ["high-risk", 8, 3],
      ["general", 25, 5], // ceil(25 × 0.18) = ceil(4.5) = 5
    ]);
    for (const stratum of record.result.strata) {
      for (const id of stratum.drawn) {
        const d = departments.get(id) as Department;
        expect(d.active).toBe(true);
        expect(d.lastInspectedOn === null || d.lastInspectedOn < "2026-01-01").toBe(true);
      }
      for (const skip of stratum.skipped) expect(stratum.drawn).not.toContain(skip.departmentId);
    }
  });

  it("names the leader: the first seated member holding the leader tag, else the first seated", () => {
    const byId = inspectorsById(countySnapshot());
    for (let n = 0; n < 40; n++) {
      for (const team of countyDraw(seedNo(n)).result.teams) {
        const leaders = team.members.filter((m) => byId.get(m.inspectorId)?.tags.includes("leader"));
        expect(team.leaderId).toBe((leaders[0] ?? team.members[0])?.inspectorId);
      }
    }
  });
});

describe("runDraw failures", () => {
  it("fails naming the stratum when a count exceeds the eligible departments", () => {
    const params = countyParams();
    const strata = [{ name: "high-risk", allOf: ["risk-high"], count: 9 }, ...params.strata.slice(1)];
    expect(() => countyDraw(WITNESS_SEED, { strata })).toThrow(
      expect.objectContaining({ rule: "stratum-count", subject: { stratum: "high-risk" } }),
    );
  });

  it("fails naming the department and the role when a role pool runs out", () => {
    const params = countyParams();
    try {
      countyDraw(WITNESS_SEED, {
        team: {
          ...params.team,
          roles: [
            { tag: "legal", min: 1 },
            { tag: "auditor", min: 1 },
          ],
        },
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DrawConstraintError);
      const e = error as DrawConstraintError;
      expect(e.rule).toBe("role-min");
      expect(e.subject.role).toBe("auditor");
      expect(e.message).toContain(e.subject.departmentId);
    }
  });

  it("fails when the required roles need more seats than the team has", () => {
    const params = countyParams();
    expect(() =>
      countyDraw(WITNESS_SEED, {
        team: {
          ...params.team,
          roles: [
            { tag: "legal", min: 3 },
            { tag: "finance", min: 1 },
          ],
        },
      }),
    ).toThrow(expect.objectContaining({ rule: "role-seats", subject: expect.objectContaining({ role: "finance" }) }));
  });

  it("fails on a team larger than the pool allows, rather than seating fewer", () => {
    const params = countyParams();
    expect(() => countyDraw(WITNESS_SEED, { team: { ...params.team, size: 20, capPerInspector: 1 } })).toThrow(
      expect.objectContaining({ rule: "team-size" }),
    );
  });

  it("refuses bad params with a message naming the field", () => {
    expect(() => parseParams({ ...countyParams(), strata: [{ name: "x", allOf: [], ratio: "0.00001" }] })).toThrow(/params\.strata\[0\]/);
    expect(() => countyDraw(WITNESS_SEED, { asOf: "2026-02-30" })).toThrow(DrawInputError);
    expect(() => countyDraw("12345")).toThrow(/at least 20 decimal digits/);
  });

  it("refuses a snapshot with a duplicate id", () => {
    const s = countySnapshot();
    const first = s.departments[0] as Department;
    expect(() => countyDraw(WITNESS_SEED, {}, { ...s, departments: [...s.departments, { ...first }] })).toThrow(/duplicate id/);
  });
});

describe("stratum sizes", () => {
  it("reads a ratio as exact ten-thousandths", () => {
    expect(["0.05", "0.5", "0.0001", "1", "1.0000", "0.1234"].map(ratioInTenThousandths)).toEqual([500, 5000, 1, 10000, 10000, 1234]);
  });

  it("is ceil(e × ratio) in exact integers, at least 1 when e > 0, 0 when e = 0", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000_000 }), fc.integer({ min: 1, max: 10_000 }), (e, r) => {
        const ratio = r === 10_000 ? "1" : `0.${String(r).padStart(4, "0")}`;
        const expected =
          e === 0
            ? 0
            : (BigInt(e) * BigInt(r)) % 10_000n === 0n
              ? Number((BigInt(e) * BigInt(r)) / 10_000n)
              : Number((BigInt(e) * BigInt(r)) / 10_000n) + 1;
        expect(stratumSize({ name: "s", allOf: [], ratio }, e)).toBe(Math.max(e === 0 ? 0 : 1, expected));
      }),
    );
  });

  it("eligibleCounts shows e and k per stratum without drawing", () => {
    expect(eligibleCounts(countyParams(), countySnapshot())).toEqual([
      { name: "high-risk", departments: 10, eligible: 8, k: 3, satisfiable: true },
      { name: "general", departments: 35, eligible: 25, k: 5, satisfiable: true },
    ]);
  });
});

describe("seeds", () => {
  it("takes a beacon or server seed when the params name that source", () => {
    const params: Params = { ...countyParams(), seed: { source: "beacon", beaconRound: "drand-quicknet-1234567" } };
    const record: DrawRecord = runDraw({
      params,
      snapshot: countySnapshot(),
      seedSource: "beacon",
      seedInput: "AB".repeat(32),
      drawnAt: "2026-06-15T01:30:00Z",
      drawnBy: "clerk-li",
    });
    expect(record.seedInput).toBe("ab".repeat(32));
    expect(() =>
      runDraw({
        params,
        snapshot: countySnapshot(),
        seedSource: "witness",
        seedInput: WITNESS_SEED,
        drawnAt: "2026-06-15T01:30:00Z",
        drawnBy: "x",
      }),
    ).toThrow(/differs/);
  });
});
