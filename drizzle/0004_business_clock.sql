-- The business clock (docs/architecture.md, "The clock"): every statement that records or
-- compares a business time (token expiry, outbox due times, plan times, audit times, column
-- defaults) calls ssj_now() instead of now(). It is now() — the transaction's start — shifted
-- by the session setting ssj.clock_offset (an interval, e.g. '864000000 milliseconds'); unset
-- or empty, no shift. Only tests set it (SSJ_TEST_CLOCK_OFFSET_MS, through the connection's
-- start-up parameters), so every process of a test run shares one shifted clock. STABLE, as
-- now() is: within one transaction it returns one instant, and an index can serve
-- `due_at <= ssj_now()`.
CREATE FUNCTION ssj_now() RETURNS timestamptz
  LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT now() + coalesce(nullif(current_setting('ssj.clock_offset', true), '')::interval, interval '0')
$$;--> statement-breakpoint
ALTER TABLE "organizations" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "department_names" ALTER COLUMN "valid_from" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "departments" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "departments" ALTER COLUMN "updated_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "inspectors" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "inspectors" ALTER COLUMN "updated_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "inspection_items" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "api_tokens" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "users" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "draws" ALTER COLUMN "requested_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "evaluations" ALTER COLUMN "updated_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "inspection_members" ALTER COLUMN "seated_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "inspections" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "round_locks" ALTER COLUMN "locked_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "rounds" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "rounds" ALTER COLUMN "updated_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "snapshot_blobs" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "notification_outbox" ALTER COLUMN "due_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "notification_outbox" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "plan_runs" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "round_plans" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "finding_deadlines" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "findings" ALTER COLUMN "created_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "findings" ALTER COLUMN "updated_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "rectification_reports" ALTER COLUMN "submitted_at" SET DEFAULT ssj_now();--> statement-breakpoint
ALTER TABLE "calendar_years" ALTER COLUMN "loaded_at" SET DEFAULT ssj_now();