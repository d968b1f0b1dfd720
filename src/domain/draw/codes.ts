// The code alphabets of ssj-draw/1 (docs/draw-algorithm.md §3): ids, tags, conflicts and
// statuses are ASCII codes, so code-unit order is byte order and no JSON escape occurs.

export const CODE_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;
export const HEX64 = /^[0-9a-f]{64}$/;

export function isCode(value: unknown): value is string {
  return typeof value === "string" && CODE_PATTERN.test(value);
}

/** Strictly increasing in code-unit order: sorted and without duplicates. */
export function isSortedUnique(values: readonly string[]): boolean {
  for (let i = 1; i < values.length; i++) {
    if (!((values[i - 1] as string) < (values[i] as string))) return false;
  }
  return true;
}

export function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compareCodeUnits);
}

export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
