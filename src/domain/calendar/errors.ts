// Typed failures of the working-day calendar.
import { formatYearRanges } from "./year-ranges";

/**
 * A date the calendar cannot judge: it lies in a year whose 放假调休 arrangement is not
 * loaded (DESIGN.md, Deadlines: the calculator refuses rather than guess).
 */
export class UncoveredYearError extends Error {
  constructor(
    /** The uncovered year. */
    readonly year: number,
    /** The first date met in that year: DATE itself, or the day the count walked into. */
    readonly date: string,
    /** The years the calendar does cover. */
    readonly covered: readonly number[],
    /** Set when the date was reached by a count rather than given. */
    readonly walk?: { from: string; n: number; direction: "after" | "before" },
  ) {
    const where = walk
      ? `counting ${walk.n} working day${walk.n === 1 ? "" : "s"} ${walk.direction} ${walk.from} reaches ${date}, which lies in ${year}`
      : `${date} lies in ${year}`;
    super(`${where}, a year with no loaded 放假调休 arrangement (covered: ${formatYearRanges(covered)})`);
    this.name = "UncoveredYearError";
  }
}
