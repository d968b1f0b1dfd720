// Millions of ASCII ids kept as bytes in one growing buffer rather than as millions of
// strings: a province verify holds 5,000,000 department ids, and as strings they would
// make every garbage collection walk them.

export class AsciiIdStore {
  private bytes = new Uint8Array(1 << 20);
  private ends = new Uint32Array(1 << 16);
  private used = 0;
  private count = 0;

  /** `id` must be ASCII (a checked code). */
  push(id: string): void {
    if (this.used + id.length > this.bytes.length) this.bytes = grown(this.bytes, this.used + id.length);
    if (this.count === this.ends.length) this.ends = grown(this.ends, this.count + 1);
    for (let k = 0; k < id.length; k++) this.bytes[this.used++] = id.charCodeAt(k);
    this.ends[this.count++] = this.used;
  }

  get size(): number {
    return this.count;
  }

  idOf(row: number): string {
    if (row < 0 || row >= this.count) throw new RangeError(`no id at row ${row}`);
    const start = row === 0 ? 0 : (this.ends[row - 1] as number);
    return String.fromCharCode(...this.bytes.subarray(start, this.ends[row] as number));
  }
}

function grown<T extends Uint8Array | Uint32Array>(array: T, atLeast: number): T {
  let size = array.length * 2;
  while (size < atLeast) size *= 2;
  const next = new (array.constructor as new (n: number) => T)(size);
  next.set(array);
  return next;
}
