// SHA-256 as the spec uses it: lowercase hex of the UTF-8 bytes (docs/draw-algorithm.md §4).
import { createHash, hash, type Hash } from "node:crypto";

// crypto.hash (one shot, no Hash object to collect) matters at one hash per team.
export function sha256hex(text: string): string {
  return hash("sha256", text, "hex");
}

export const EMPTY_SHA256 = sha256hex("");

/**
 * Hashes JSON Lines as they are produced, without ever holding the whole list as one
 * string: lines are joined by "\n" with no trailing newline, hashed in 64 KiB pieces
 * (small enough to die young in the garbage collector).
 */
export class JsonLinesHasher {
  private readonly hash: Hash = createHash("sha256");
  private buffer = "";
  private lines = 0;

  add(line: string): void {
    this.buffer += this.lines === 0 ? line : "\n" + line;
    this.lines++;
    if (this.buffer.length > 1 << 16) {
      this.hash.update(this.buffer, "utf8");
      this.buffer = "";
    }
  }

  get count(): number {
    return this.lines;
  }

  digest(): string {
    this.hash.update(this.buffer, "utf8");
    this.buffer = "";
    return this.hash.digest("hex");
  }
}
