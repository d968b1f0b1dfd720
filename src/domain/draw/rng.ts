// Randomness of ssj-draw/1 (DESIGN.md: "Randomness"): one ARC4 stream per purpose —
// seedrandom 3.0.5's default, seeded only with a 64-hex digest — and unbiased integers
// by rejection.
import { Arc4 } from "./arc4";
import { sha256hex } from "./sha256";

export interface DrawRng {
  /** A uniform integer in [0, n), n ≥ 1. */
  uniform(n: number): number;
}

const TWO_32 = 4294967296;

export function drawRng(masterSeed: string, purpose: string): DrawRng {
  const stream = new Arc4(sha256hex(masterSeed + ":" + purpose));
  return {
    uniform(n: number): number {
      const lim = TWO_32 - (TWO_32 % n);
      for (;;) {
        const x = stream.uint32();
        if (x < lim) return x % n;
      }
    },
  };
}
