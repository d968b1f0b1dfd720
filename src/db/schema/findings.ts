import { sql } from "drizzle-orm";
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import type { LedgerKind } from "../../domain/deadlines/plan";
import { severities } from "../../domain/severities";
import { departments } from "./departments";
import { inspectionItems } from "./inspection-items";
import { inspections, rounds } from "./rounds";
import { organizations } from "./organizations";

export const findingStatuses = ["recorded", "issued", "submitted", "accepted", "withdrawn"] as const;
export type FindingStatus = (typeof findingStatuses)[number];
/** How an accepted finding was rectified against its deadline (docs/reports.md, 整改时效). */
export const rectificationOutcomes = ["on_time", "on_time_extended", "late"] as const;
export type RectificationOutcome = (typeof rectificationOutcomes)[number];

/** A problem found in an inspection (问题), rectified by a deadline (限期整改). */
export const findings = pgTable(
  "findings",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    roundId: uuid("round_id")
      .notNull()
      .references(() => rounds.id),
    inspectionId: uuid("inspection_id").references(() => inspections.id),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    itemId: uuid("item_id")
      .notNull()
      .references(() => inspectionItems.id),
    description: text("description").notNull(),
    severity: text("severity", { enum: severities }).notNull(),
    evidence: jsonb("evidence").notNull().default(sql`'[]'::jsonb`),
    status: text("status", { enum: findingStatuses }).notNull().default("recorded"),
    /** Working days to rectify; null: the severity's default from config/. */
    rectifyDays: integer("rectify_days"),
    /** The deadline version in force (0 before issue). */
    deadlineVersion: integer("deadline_version").notNull().default(0),
    recordedBy: text("recorded_by").notNull(),
    issuedBy: text("issued_by"),
    issuedAt: timestamp("issued_at", { withTimezone: true }),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }),
    withdrawnAt: timestamp("withdrawn_at", { withTimezone: true }),
    withdrawReason: text("withdraw_reason"),
    // Denormalized from finding_deadlines and rectification_reports, so that the reports count
    // a province's findings from this table alone; every write path keeps them right in its
    // own transaction (refreshFindingClassification, src/services/findings/classification.ts).
    /** due_at of the deadline version in force (null before issue). */
    dueAt: timestamp("due_at", { withTimezone: true }),
    /** A deadline version of reason 'extension' exists (延期). */
    extended: boolean("extended").notNull().default(false),
    /** Set at acceptance (classifiedFindings' rule); null while recorded, open or withdrawn. */
    rectification: text("rectification", { enum: rectificationOutcomes }),
    /** Imported from the years before the system (history only, no reminders). */
    imported: boolean("imported").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [
    index("findings_org_status").on(t.orgId, t.status),
    index("findings_department").on(t.departmentId),
    // A round's findings; also every column the period summary counts (reports/summary.ts), so
    // that it reads a period's findings by index only, not the table's wide rows.
    index("findings_round").on(t.roundId, t.departmentId, t.itemId, t.severity, t.status, t.rectification, t.extended, t.dueAt, t.id),
    // The open findings by deadline: the overdue worklist's count (index only) and its keyset order (due_at, id).
    index("findings_overdue").on(t.dueAt, t.id, t.orgId).where(sql`status in ('issued', 'submitted') and due_at is not null`),
  ],
);

/** Every deadline a finding has had; an extension or a recomputation adds a version. */
export const findingDeadlines = pgTable(
  "finding_deadlines",
  {
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id),
    version: integer("version").notNull(),
    /** The day counting starts after (the issue day in Asia/Shanghai). */
    countedFrom: date("counted_from").notNull(),
    workingDays: integer("working_days").notNull(),
    dueOn: date("due_on").notNull(),
    /** 23:59:59 Asia/Shanghai of dueOn. */
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    /** Counted through a year with no loaded 放假调休 arrangement (weekends only). */
    provisional: boolean("provisional").notNull().default(false),
    reason: text("reason", { enum: ["issue", "extension", "recompute"] }).notNull(),
    note: text("note"),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [
    primaryKey({ columns: [t.findingId, t.version] }),
    index("finding_deadlines_provisional").on(t.provisional).where(sql`provisional`),
    // Which findings were extended (reports: 延期), without reading every deadline.
    index("finding_deadlines_extension").on(t.findingId, t.version).where(sql`reason = 'extension'`),
  ],
);

/** A department's rectification report (整改报告) and its review (销号 or rejection). */
export const rectificationReports = pgTable(
  "rectification_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id),
    deadlineVersion: integer("deadline_version").notNull(),
    content: text("content").notNull(),
    attachments: jsonb("attachments").notNull().default(sql`'[]'::jsonb`),
    submittedBy: text("submitted_by").notNull(),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
    review: text("review", { enum: ["accepted", "rejected"] }),
    reviewReason: text("review_reason"),
    reviewedBy: text("reviewed_by"),
    reviewedAt: timestamp("reviewed_at", { withTimezone: true }),
  },
  (t) => [
    index("rectification_reports_finding").on(t.findingId),
    // Each finding's latest accepted report, in finding order (reports: DISTINCT ON, index only).
    index("rectification_reports_accepted")
      .on(t.findingId, t.submittedAt.desc(), t.id.desc(), t.deadlineVersion)
      .where(sql`review = 'accepted'`),
  ],
);

/**
 * The reminder and escalation ledger (DESIGN.md, Deadlines and escalation): one row per
 * (finding, kind, deadline version), made when the deadline is set; the sweep processes the
 * rows that fall due. A row for an old deadline version or a closed finding does nothing.
 */
export const reminderLedger = pgTable(
  "reminder_ledger",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    findingId: uuid("finding_id")
      .notNull()
      .references(() => findings.id),
    kind: text("kind").$type<LedgerKind>().notNull(),
    deadlineVersion: integer("deadline_version").notNull(),
    dueAt: timestamp("due_at", { withTimezone: true }).notNull(),
    status: text("status", { enum: ["scheduled", "sent", "skipped", "cancelled"] })
      .notNull()
      .default("scheduled"),
    /** Why a row was skipped or cancelled (a later level was due, the finding was accepted…). */
    outcome: text("outcome"),
    processedAt: timestamp("processed_at", { withTimezone: true }),
  },
  (t) => [
    unique("reminder_ledger_once").on(t.findingId, t.kind, t.deadlineVersion),
    index("reminder_ledger_due").on(t.dueAt).where(sql`status = 'scheduled'`),
    // Escalations sent, per finding (reports: 督办, 移送纪检监察), index only.
    index("reminder_ledger_escalations").on(t.findingId, t.kind).where(sql`status = 'sent' and kind in ('L1', 'L2', 'L3')`),
  ],
);
