// The declines and supplements of a draw, in the order they happened: what the engine
// replays over the original result to know who sits where (ssj-draw/1 "Declines and
// supplements"; src/domain/draw/round-seating.ts).
import { and, eq, isNotNull, sql } from "drizzle-orm";
import { queryRows, type Db } from "../../db/client";
import { draws, inspectionMembers, inspections } from "../../db/schema";
import type { DeclineRecord, RoundEvent, SupplementRecord } from "../../domain/draw";

/** A decline happened at decidedAt, a supplement at drawnAt. */
export function eventInstant(event: RoundEvent): string {
  return "kind" in event ? event.decidedAt : event.drawnAt;
}

/** Every decline and (done) supplement of a draw, oldest first. */
export async function seatEvents(db: Db, drawId: string): Promise<RoundEvent[]> {
  const declines = await db
    .select({ record: inspectionMembers.declineRecord })
    .from(inspectionMembers)
    .innerJoin(inspections, eq(inspections.id, inspectionMembers.inspectionId))
    .where(and(eq(inspections.drawId, drawId), isNotNull(inspectionMembers.declineRecord)));
  const supplements = await db
    .select({ record: draws.record })
    .from(draws)
    .where(and(eq(draws.parentDrawId, drawId), eq(draws.kind, "supplement"), eq(draws.status, "done")));
  const events: RoundEvent[] = [
    ...declines.map((row) => row.record as DeclineRecord),
    ...supplements.map((row) => row.record as SupplementRecord),
  ];
  return events.sort((a, b) => (eventInstant(a) < eventInstant(b) ? -1 : eventInstant(a) > eventInstant(b) ? 1 : 0));
}

/**
 * The instant of the next event: the database clock, but strictly after the draw's last
 * event, so replaying events by instant gives the order they were committed in. Callers
 * hold the draw row's lock, which serializes a draw's events.
 */
export async function nextEventInstant(db: Db, events: readonly RoundEvent[]): Promise<string> {
  const [row] = await queryRows<{ now: string }>(
    db,
    sql`select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now`,
  );
  if (!row) throw new Error("the database gave no time");
  const last = events.at(-1);
  if (last === undefined || row.now > eventInstant(last)) return row.now;
  return new Date(Date.parse(eventInstant(last)) + 1).toISOString();
}
