// The one clock (DESIGN.md, rule 3; docs/architecture.md, "The clock"). Business time is the
// database's: ssj_now() (drizzle/0004_business_clock.sql) — now(), shifted by the connection's
// `ssj.clock_offset`, which the composition root sets on every connection it opens from
// SSJ_TEST_CLOCK_OFFSET_MS (tests only; unset in production, no shift). Every business SQL
// statement calls ssj_now(); JavaScript reads the same instant here, once per command, and
// derives the Asia/Shanghai date from it in one pure place (shanghaiDateOf). Inside a
// transaction ssj_now() is the transaction's start, so what a command computes in JavaScript
// and what its SQL compares agree to the microsecond.
//
// Timers, timeouts and measured durations are not business time: they keep Date.now().
import { sql } from "drizzle-orm";
import { queryRows, type Db } from "../db/client";
import { shanghaiDateOf, type IsoDate } from "../domain/calendar/dates";

/** A business instant and its date. */
export interface Moment {
  /** ISO 8601 in UTC with milliseconds, e.g. `2026-12-06T02:00:00.000Z`. */
  at: string;
  /** Its Asia/Shanghai date, `YYYY-MM-DD`. */
  today: IsoDate;
}

/** The moment of an instant (pure). */
export function momentAt(instant: string | number | Date): Moment {
  const at = new Date(instant instanceof Date ? instant.getTime() : instant).toISOString();
  return { at, today: shanghaiDateOf(at) };
}

/**
 * The business time by the database: one round trip. Give it the command's transaction so its
 * JavaScript and its SQL see one instant.
 */
export async function clockNow(db: Db): Promise<Moment> {
  const [row] = await queryRows<{ at: string }>(
    db,
    sql`select to_char(ssj_now() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as at`,
  );
  if (!row) throw new Error("the database gave no time");
  return momentAt(row.at);
}

/**
 * The business time of a command that runs without a database (`ssj draw run`): the system
 * clock with the same configured shift the database connections carry.
 */
export function offlineNow(clockOffsetMs: number | undefined): Moment {
  return momentAt(Date.now() + (clockOffsetMs ?? 0));
}
