import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DepartmentTableBuilder } from "../../src/domain/draw/department-table";
import { countyParams } from "./fixtures";

describe("the department table", () => {
  it("finds position p of a stratum's pool as the p-th of its rows in id order", () => {
    const params = { ...countyParams(), strata: [0, 1, 2].map((n) => ({ name: `s${n}`, allOf: [`t${n}`], count: 1 })) };
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1, max: 2 }), { maxLength: 3000 }), (strata) => {
        const builder = new DepartmentTableBuilder(params, 16);
        for (const [n, s] of strata.entries()) builder.add(s < 0 ? "[]" : `["t${s}"]`, n % 7 !== 0, null);
        const table = builder.finish((row) => `D${row}`);
        for (let s = 0; s < 3; s++) {
          const pool = strata.flatMap((t, row) => (t === s ? [row] : []));
          expect(table.poolSizes[s]).toBe(pool.length);
          for (const [position, row] of pool.entries()) expect(table.rowAt(s, position)).toBe(row);
          expect(table.eligible[s]).toBe(pool.filter((row) => row % 7 !== 0).length);
        }
      }),
      { numRuns: 60 },
    );
  });
});
