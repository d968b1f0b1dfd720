import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { declineSeat, roundSeating, supplementaryDraw, verifyRecord, type Inspector, type RoundEvent } from "../../src/domain/draw";
import { countyDraw, countyParams, countySnapshot, seedNo } from "./fixtures";

const byId = new Map<string, Inspector>(countySnapshot().inspectors.map((i) => [i.id, i]));
const decidedAt = "2026-06-16T02:00:00.000Z";

describe("declineSeat", () => {
  it("gives the seat to the first published alternate still eligible", () => {
    const record = countyDraw();
    const team = record.result.teams.find((t) => t.members.some((m) => m.seatedBy === null))!;
    const member = team.members.find((m) => m.seatedBy === null)!;
    const decline = declineSeat({
      record,
      departmentId: team.departmentId,
      inspectorId: member.inspectorId,
      reason: "出差",
      decidedAt,
      decidedBy: "clerk-li",
    });
    expect(decline.neededRoles).toEqual([]);
    expect(decline.replacement).toBe(team.alternates[0]);
  });

  it("passes over an alternate marked unavailable, saying why", () => {
    const record = countyDraw();
    const team = record.result.teams[0]!;
    const member = team.members.find((m) => m.seatedBy === null)!;
    const decline = declineSeat({
      record,
      departmentId: team.departmentId,
      inspectorId: member.inspectorId,
      reason: "出差",
      unavailable: [team.alternates[0]!],
      decidedAt,
      decidedBy: "clerk-li",
    });
    expect(decline.passedOver[0]).toEqual({ inspectorId: team.alternates[0], reason: "unavailable" });
    expect(decline.replacement).toBe(team.alternates[1]);
  });

  it("never breaks a role minimum: the replacement holds every role the team would lack, or nobody is seated", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.nat(7), fc.nat(2), (n, t, m) => {
        const record = countyDraw(seedNo(n));
        const team = record.result.teams[t % record.result.teams.length]!;
        const member = team.members[m % team.members.length]!;
        const decline = declineSeat({
          record,
          departmentId: team.departmentId,
          inspectorId: member.inspectorId,
          reason: "回避",
          decidedAt,
          decidedBy: "clerk-li",
        });
        const seated = roundSeating(record.result, [decline]).teams.get(team.departmentId)!.members;
        if (decline.replacement === null) {
          expect(decline.neededRoles.length + team.alternates.length).toBeGreaterThan(0);
          return;
        }
        for (const role of countyParams().team.roles) {
          expect(seated.filter((id) => byId.get(id)?.tags.includes(role.tag)).length).toBeGreaterThanOrEqual(role.min);
        }
        expect(new Set(seated).size).toBe(seated.length);
      }),
      { numRuns: 80 },
    );
  });

  it("says none qualifies when no alternate holds the needed role; a supplementary draw then fills the seat", () => {
    for (let n = 0; n < 200; n++) {
      const record = countyDraw(seedNo(n));
      for (const team of record.result.teams) {
        const legal = team.members.filter((m) => m.roles.includes("legal"));
        if (legal.length !== 1 || team.alternates.some((a) => byId.get(a)?.tags.includes("legal"))) continue;
        const decline = declineSeat({
          record,
          departmentId: team.departmentId,
          inspectorId: legal[0]!.inspectorId,
          reason: "回避",
          decidedAt,
          decidedBy: "clerk-li",
        });
        expect(decline.replacement).toBeNull();
        expect(decline.neededRoles).toEqual(["legal"]);
        const events: RoundEvent[] = [decline];
        const supplement = supplementaryDraw({
          original: record,
          priorEvents: events,
          departmentId: team.departmentId,
          seedInput: seedNo(n + 1),
          drawnAt: decidedAt,
          drawnBy: "clerk-li",
        });
        expect(supplement.result.seat.roles).toContain("legal");
        expect(supplement.result.seat.inspectorId).not.toBe(legal[0]!.inspectorId);
        expect(verifyRecord(JSON.parse(JSON.stringify(supplement))).ok).toBe(true);
        return;
      }
    }
    expect.unreachable("no draw among 200 seeds had a team whose alternates lack the legal role");
  });

  it("refuses a decline by someone who holds no seat on that team", () => {
    const record = countyDraw();
    const team = record.result.teams[0]!;
    expect(() =>
      declineSeat({ record, departmentId: team.departmentId, inspectorId: "I999", reason: "x", decidedAt, decidedBy: "clerk-li" }),
    ).toThrow(/holds no seat/);
  });
});
