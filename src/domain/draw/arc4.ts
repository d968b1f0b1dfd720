// seedrandom 3.0.5's default generator (ARC4, RC4-drop[256]) for a string seed of at most
// 256 characters, written out over a plain array. The library stays the reference
// (tests/draw/arc4.test.ts holds the two identical); this copy only drops the library's
// per-stream side work (its global entropy pool, state strings), which a province draw
// — one stream per team, ~50,000 teams — pays for in whole seconds of a 15-second budget.

const WIDTH = 256;
const MASK = 255;
const IDENTITY: readonly number[] = Array.from({ length: WIDTH }, (_, n) => n);

export class Arc4 {
  // A plain array of small integers: a typed array's separate backing store costs more to
  // allocate and collect than the 256 bytes are worth, at one stream per team.
  private readonly s: number[] = IDENTITY.slice();
  private i = 0;
  private j = 0;

  constructor(seed: string) {
    if (seed.length === 0 || seed.length > WIDTH) throw new RangeError("an ARC4 seed here is 1–256 characters");
    // seedrandom's mixkey: with no earlier key bytes every smear term is 0, so for a seed
    // of ≤ 256 characters the key is its char codes, each masked to a byte.
    const s = this.s;
    const keylen = seed.length;
    let j = 0;
    for (let n = 0; n < WIDTH; n++) {
      const t = s[n] as number;
      j = MASK & (j + (seed.charCodeAt(n % keylen) & MASK) + t);
      s[n] = s[j] as number;
      s[j] = t;
    }
    // seedrandom keeps its state's j at 0 after the key schedule, then drops 256 bytes.
    this.j = 0;
    for (let n = 0; n < WIDTH; n++) this.byte();
  }

  /** seedrandom's `int32() >>> 0`: the next 4 bytes, big-endian, as an unsigned integer. */
  uint32(): number {
    return ((this.byte() << 24) | (this.byte() << 16) | (this.byte() << 8) | this.byte()) >>> 0;
  }

  private byte(): number {
    const s = this.s;
    const i = (this.i = MASK & (this.i + 1));
    const t = s[i] as number;
    const j = (this.j = MASK & (this.j + t));
    s[i] = s[j] as number;
    s[j] = t;
    return s[MASK & ((s[i] as number) + t)] as number;
  }
}
