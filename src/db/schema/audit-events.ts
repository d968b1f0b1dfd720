import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * The hash-chained audit log (DESIGN.md, Security). Append-only: a trigger in
 * drizzle/ refuses UPDATE, DELETE and TRUNCATE. hash = sha256(prev_hash ‖ JCS(event)),
 * where event is built from the other columns (src/services/audit/audit-fns.ts).
 */
export const auditEvents = pgTable(
  "audit_events",
  {
    seq: bigint("seq", { mode: "number" }).primaryKey(),
    at: timestamp("at", { withTimezone: true, precision: 3 }).notNull(),
    orgId: uuid("org_id"),
    actor: jsonb("actor").notNull(),
    action: text("action").notNull(),
    subject: text("subject").notNull(),
    payload: jsonb("payload").notNull(),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [index("audit_events_subject").on(t.subject), index("audit_events_org").on(t.orgId)],
);
