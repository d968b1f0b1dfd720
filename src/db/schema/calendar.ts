import { sql } from "drizzle-orm";
import { integer, jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/**
 * Years of the 放假调休 arrangement an admin loaded (`ssj calendar load`), so every process
 * sees a new year without a release. A row replaces the package's year; config overrides
 * still apply on top (docs/calendar.md).
 */
export const calendarYears = pgTable("calendar_years", {
  year: integer("year").primaryKey(),
  /** The year arrangement as loaded: {year, source, complete, holidays, workdays, note?}. */
  arrangement: jsonb("arrangement").notNull(),
  /** Who loaded it: a user name or `cli:<os user>`. */
  loadedBy: text("loaded_by").notNull(),
  loadedAt: timestamp("loaded_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
});
