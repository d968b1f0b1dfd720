import { sql } from "drizzle-orm";
import { boolean, integer, jsonb, pgTable, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";
import { rounds } from "./rounds";

/** A standing plan for scheduled rounds, e.g. lock at 09:00 on 6 May and 6 November. */
export const roundPlans = pgTable("round_plans", {
  id: uuid("id").primaryKey().defaultRandom(),
  orgId: uuid("org_id")
    .notNull()
    .references(() => organizations.id),
  name: text("name").notNull(),
  /** Cron of the lock, read in Asia/Shanghai. */
  lockCron: text("lock_cron").notNull(),
  /**
   * "first-working-day-on-or-after": a firing that falls on a non-working day locks on the first
   * working day on or after it instead (docs/scheduled-rounds.md); null: on the day itself.
   */
  lockOn: text("lock_on", { enum: ["first-working-day-on-or-after"] }),
  /** Minutes between the lock and the draw. */
  drawAfterMinutes: integer("draw_after_minutes").notNull(),
  /** The round file every firing creates ({title, numberPattern, params, notice, …}). */
  template: jsonb("template").notNull(),
  active: boolean("active").notNull().default(true),
  createdBy: text("created_by").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
});

/** One row per firing of a plan: the guard that makes a firing happen once. */
export const planRuns = pgTable(
  "plan_runs",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    planId: uuid("plan_id")
      .notNull()
      .references(() => roundPlans.id),
    /** The scheduled lock time the firing stands for (ISO, minute precision). */
    fireKey: text("fire_key").notNull(),
    roundId: uuid("round_id").references(() => rounds.id),
    drawDueAt: timestamp("draw_due_at", { withTimezone: true }).notNull(),
    drawRequestedAt: timestamp("draw_requested_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [unique("plan_runs_plan_fire").on(t.planId, t.fireKey)],
);
