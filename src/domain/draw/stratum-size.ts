// DESIGN.md: ssj-draw/1 step 1 — k from a count, or ceil(e × ratio) in exact integers.
import type { StratumSpec } from "./types";

/** k for a stratum with e eligible departments (a count may exceed e: the caller fails). */
export function stratumSize(spec: StratumSpec, eligible: number): number {
  if ("count" in spec) return spec.count;
  if (eligible === 0) return 0;
  const tenThousandths = ratioInTenThousandths(spec.ratio);
  // e ≤ 2^31 and the ratio ≤ 10^4, so the product stays an exact double.
  return Math.max(1, ceilDiv(eligible * tenThousandths, 10_000));
}

/** "0.05" → 500: the ratio as an integer count of ten-thousandths. */
export function ratioInTenThousandths(ratio: string): number {
  const [whole = "0", fraction = ""] = ratio.split(".");
  return Number(whole) * 10_000 + Number(fraction.padEnd(4, "0"));
}

function ceilDiv(a: number, b: number): number {
  return Math.floor((a + b - 1) / b);
}
