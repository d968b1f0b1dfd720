CREATE TABLE "draws" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"lock_id" uuid NOT NULL,
	"kind" text DEFAULT 'draw' NOT NULL,
	"parent_draw_id" uuid,
	"supplement_department_id" uuid,
	"supplement_n" integer,
	"status" text DEFAULT 'pending' NOT NULL,
	"seed_source" text NOT NULL,
	"seed_input" text NOT NULL,
	"requested_by" text NOT NULL,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"record" jsonb,
	"result_hash" text,
	"record_hash" text,
	"drawn_at" timestamp with time zone,
	"error" jsonb,
	"voided_at" timestamp with time zone,
	"voided_by" text,
	"void_reason" text
);
--> statement-breakpoint
CREATE TABLE "evaluations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"result" text NOT NULL,
	"notes" text,
	"updated_by" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "evaluations_inspection_item" UNIQUE("inspection_id","item_id")
);
--> statement-breakpoint
CREATE TABLE "inspection_members" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspection_id" uuid NOT NULL,
	"inspector_id" uuid NOT NULL,
	"leader" boolean DEFAULT false NOT NULL,
	"roles" text[] DEFAULT '{}'::text[] NOT NULL,
	"source" text NOT NULL,
	"seated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"declined_at" timestamp with time zone,
	"decline_reason" text,
	"decline_record" jsonb
);
--> statement-breakpoint
CREATE TABLE "inspections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"draw_id" uuid,
	"org_id" uuid NOT NULL,
	"department_id" uuid NOT NULL,
	"stratum" text,
	"position" integer NOT NULL,
	"starts_on" date,
	"ends_on" date,
	"notice_at" timestamp with time zone,
	"alternates" text[] DEFAULT '{}'::text[] NOT NULL,
	"voided" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "round_locks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"round_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"locked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"locked_by" text NOT NULL,
	"params" jsonb NOT NULL,
	"departments_hash" text NOT NULL,
	"inspectors_hash" text NOT NULL,
	"history_hash" text NOT NULL,
	"department_count" integer NOT NULL,
	"inspector_count" integer NOT NULL,
	"history_count" integer NOT NULL,
	"seed_commitment" text,
	"beacon_round" text,
	"server_seed" text,
	"manifest_hash" text NOT NULL,
	"superseded_at" timestamp with time zone,
	CONSTRAINT "round_locks_round_seq" UNIQUE("round_id","seq")
);
--> statement-breakpoint
CREATE TABLE "rounds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"number" text NOT NULL,
	"title" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"params" jsonb NOT NULL,
	"seed_source" text NOT NULL,
	"beacon_round" text,
	"notice" jsonb NOT NULL,
	"window_start" date,
	"window_end" date,
	"imported" boolean DEFAULT false NOT NULL,
	"held_on" date,
	"plan_id" uuid,
	"published_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "rounds_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "snapshot_blobs" (
	"hash" text PRIMARY KEY NOT NULL,
	"bytes" bigint NOT NULL,
	"lines" integer NOT NULL,
	"chunks" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "snapshot_chunks" (
	"hash" text NOT NULL,
	"seq" integer NOT NULL,
	"data" "bytea" NOT NULL,
	CONSTRAINT "snapshot_chunks_hash_seq_pk" PRIMARY KEY("hash","seq")
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"key" text NOT NULL,
	"org_id" uuid,
	"kind" text NOT NULL,
	"channel" text DEFAULT 'log' NOT NULL,
	"recipient" jsonb NOT NULL,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"due_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"sent_at" timestamp with time zone,
	"claimed_until" timestamp with time zone,
	"uncertain_sends" integer DEFAULT 0 NOT NULL,
	"dead_count" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "notification_outbox_key_unique" UNIQUE("key")
);
--> statement-breakpoint
CREATE TABLE "plan_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"fire_key" text NOT NULL,
	"round_id" uuid,
	"draw_due_at" timestamp with time zone NOT NULL,
	"draw_requested_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "plan_runs_plan_fire" UNIQUE("plan_id","fire_key")
);
--> statement-breakpoint
CREATE TABLE "round_plans" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"lock_cron" text NOT NULL,
	"lock_on" text,
	"draw_after_minutes" integer NOT NULL,
	"template" jsonb NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "finding_deadlines" (
	"finding_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"counted_from" date NOT NULL,
	"working_days" integer NOT NULL,
	"due_on" date NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"provisional" boolean DEFAULT false NOT NULL,
	"reason" text NOT NULL,
	"note" text,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "finding_deadlines_finding_id_version_pk" PRIMARY KEY("finding_id","version")
);
--> statement-breakpoint
CREATE TABLE "findings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"round_id" uuid NOT NULL,
	"inspection_id" uuid,
	"department_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"description" text NOT NULL,
	"severity" text NOT NULL,
	"evidence" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"status" text DEFAULT 'recorded' NOT NULL,
	"rectify_days" integer,
	"deadline_version" integer DEFAULT 0 NOT NULL,
	"recorded_by" text NOT NULL,
	"issued_by" text,
	"issued_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdraw_reason" text,
	"due_at" timestamp with time zone,
	"extended" boolean DEFAULT false NOT NULL,
	"rectification" text,
	"imported" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rectification_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"deadline_version" integer NOT NULL,
	"content" text NOT NULL,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"submitted_by" text NOT NULL,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL,
	"review" text,
	"review_reason" text,
	"reviewed_by" text,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "reminder_ledger" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"finding_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"deadline_version" integer NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'scheduled' NOT NULL,
	"outcome" text,
	"processed_at" timestamp with time zone,
	CONSTRAINT "reminder_ledger_once" UNIQUE("finding_id","kind","deadline_version")
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"arrangement" jsonb NOT NULL,
	"loaded_by" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "draws" ADD CONSTRAINT "draws_lock_id_round_locks_id_fk" FOREIGN KEY ("lock_id") REFERENCES "public"."round_locks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_item_id_inspection_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inspection_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "evaluations" ADD CONSTRAINT "evaluations_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_members" ADD CONSTRAINT "inspection_members_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspection_members" ADD CONSTRAINT "inspection_members_inspector_id_inspectors_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspectors"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_draw_id_draws_id_fk" FOREIGN KEY ("draw_id") REFERENCES "public"."draws"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspections" ADD CONSTRAINT "inspections_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_locks" ADD CONSTRAINT "round_locks_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rounds" ADD CONSTRAINT "rounds_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_runs" ADD CONSTRAINT "plan_runs_plan_id_round_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."round_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "plan_runs" ADD CONSTRAINT "plan_runs_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "round_plans" ADD CONSTRAINT "round_plans_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "finding_deadlines" ADD CONSTRAINT "finding_deadlines_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_round_id_rounds_id_fk" FOREIGN KEY ("round_id") REFERENCES "public"."rounds"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_inspection_id_inspections_id_fk" FOREIGN KEY ("inspection_id") REFERENCES "public"."inspections"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_department_id_departments_id_fk" FOREIGN KEY ("department_id") REFERENCES "public"."departments"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "findings" ADD CONSTRAINT "findings_item_id_inspection_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."inspection_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "rectification_reports" ADD CONSTRAINT "rectification_reports_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reminder_ledger" ADD CONSTRAINT "reminder_ledger_finding_id_findings_id_fk" FOREIGN KEY ("finding_id") REFERENCES "public"."findings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "draws_one_live_per_round" ON "draws" USING btree ("round_id") WHERE kind = 'draw' and status in ('pending', 'done');--> statement-breakpoint
CREATE UNIQUE INDEX "draws_seed_once_per_lock" ON "draws" USING btree ("lock_id","seed_input");--> statement-breakpoint
CREATE INDEX "draws_round" ON "draws" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "inspection_members_inspection" ON "inspection_members" USING btree ("inspection_id");--> statement-breakpoint
CREATE INDEX "inspection_members_inspector" ON "inspection_members" USING btree ("inspector_id");--> statement-breakpoint
CREATE INDEX "inspections_round" ON "inspections" USING btree ("round_id");--> statement-breakpoint
CREATE INDEX "inspections_department" ON "inspections" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "rounds_org" ON "rounds" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "notification_outbox_pending" ON "notification_outbox" USING btree ("due_at") WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX "notification_outbox_dead" ON "notification_outbox" USING btree ("created_at") WHERE status = 'dead';--> statement-breakpoint
CREATE INDEX "finding_deadlines_provisional" ON "finding_deadlines" USING btree ("provisional") WHERE provisional;--> statement-breakpoint
CREATE INDEX "finding_deadlines_extension" ON "finding_deadlines" USING btree ("finding_id","version") WHERE reason = 'extension';--> statement-breakpoint
CREATE INDEX "findings_org_status" ON "findings" USING btree ("org_id","status");--> statement-breakpoint
CREATE INDEX "findings_department" ON "findings" USING btree ("department_id");--> statement-breakpoint
CREATE INDEX "findings_round" ON "findings" USING btree ("round_id","department_id","item_id","severity","status","rectification","extended","due_at","id");--> statement-breakpoint
CREATE INDEX "findings_overdue" ON "findings" USING btree ("due_at","id","org_id") WHERE status in ('issued', 'submitted') and due_at is not null;--> statement-breakpoint
CREATE INDEX "rectification_reports_finding" ON "rectification_reports" USING btree ("finding_id");--> statement-breakpoint
CREATE INDEX "rectification_reports_accepted" ON "rectification_reports" USING btree ("finding_id","submitted_at" DESC NULLS LAST,"id" DESC NULLS LAST,"deadline_version") WHERE review = 'accepted';--> statement-breakpoint
CREATE INDEX "reminder_ledger_due" ON "reminder_ledger" USING btree ("due_at") WHERE status = 'scheduled';--> statement-breakpoint
CREATE INDEX "reminder_ledger_escalations" ON "reminder_ledger" USING btree ("finding_id","kind") WHERE status = 'sent' and kind in ('L1', 'L2', 'L3');