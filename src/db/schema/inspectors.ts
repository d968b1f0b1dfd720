import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { inspectorStatuses } from "../../domain/inspector-statuses";
import { departments } from "./departments";
import { organizations } from "./organizations";

/** Members of the talent pool (监督检查人才库). */
export const inspectors = pgTable(
  "inspectors",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    homeDepartmentId: uuid("home_department_id").references(() => departments.id),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    title: text("title"),
    status: text("status", { enum: inspectorStatuses }).notNull().default("active"),
    /** Department codes the inspector declared a conflict of interest with. */
    conflicts: text("conflicts").array().notNull().default(sql`'{}'::text[]`),
    phone: text("phone"),
    email: text("email"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [index("inspectors_org").on(t.orgId)],
);
