// [2004, 2005, …, 2026, 2028] → "2004–2026, 2028"; nothing → "none".
export function formatYearRanges(years: readonly number[]): string {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  if (sorted.length === 0) return "none";
  const parts: string[] = [];
  let start = sorted[0] as number;
  let end = start;
  for (const year of sorted.slice(1)) {
    if (year === end + 1) {
      end = year;
      continue;
    }
    parts.push(start === end ? `${start}` : `${start}–${end}`);
    start = end = year;
  }
  parts.push(start === end ? `${start}` : `${start}–${end}`);
  return parts.join(", ");
}
