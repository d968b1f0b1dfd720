import { sql } from "drizzle-orm";
import { boolean, date, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { organizations } from "./organizations";

/** Departments under supervision (被检查单位). The code is the id a draw sees. */
export const departments = pgTable(
  "departments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orgId: uuid("org_id")
      .notNull()
      .references(() => organizations.id),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    contactName: text("contact_name"),
    contactPhone: text("contact_phone"),
    contactEmail: text("contact_email"),
    headName: text("head_name"),
    headPhone: text("head_phone"),
    headEmail: text("head_email"),
    active: boolean("active").notNull().default(true),
    lastInspectedOn: date("last_inspected_on"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [index("departments_org").on(t.orgId)],
);

/** Every name a department has had; a rename keeps the code and adds a row here. */
export const departmentNames = pgTable(
  "department_names",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    departmentId: uuid("department_id")
      .notNull()
      .references(() => departments.id),
    name: text("name").notNull(),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [index("department_names_department").on(t.departmentId)],
);
