// DESIGN.md: ssj-draw/1 "walk" — a sparse Fisher–Yates over positions 0..n-1 of a sorted
// pool; only swapped positions are stored, so a step costs O(1) however large the pool.
import type { DrawRng } from "./rng";

export class Walk {
  private step = 0;
  private readonly swapped = new Map<number, number>();

  constructor(
    private readonly size: number,
    private readonly rng: DrawRng,
  ) {}

  /** The next pool position, or -1 once every position has been yielded. */
  next(): number {
    const j = this.step;
    if (j >= this.size) return -1;
    const r = j + this.rng.uniform(this.size - j);
    const atJ = this.swapped.get(j) ?? j;
    const atR = this.swapped.get(r) ?? r;
    // Position j is never read again, so only r keeps the displaced value.
    if (r !== j) this.swapped.set(r, atJ);
    this.swapped.delete(j);
    this.step = j + 1;
    return atR;
  }
}
