import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { roles } from "../../domain/roles";
import { departments } from "./departments";
import { inspectors } from "./inspectors";
import { organizations } from "./organizations";

export const users = pgTable("users", {
  id: uuid("id").primaryKey().defaultRandom(),
  name: text("name").notNull().unique(),
  displayName: text("display_name"),
  role: text("role", { enum: roles }).notNull(),
  orgId: uuid("org_id")
    .notNull()
    .references(() => organizations.id),
  /** Set for role `department`. */
  departmentId: uuid("department_id").references(() => departments.id),
  /** Set for role `inspector`. */
  inspectorId: uuid("inspector_id").references(() => inspectors.id),
  email: text("email"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
});

/** Bearer tokens, stored as the SHA-256 of the token; the token itself is shown once. */
export const apiTokens = pgTable(
  "api_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: uuid("user_id")
      .notNull()
      .references(() => users.id),
    tokenHash: text("token_hash").notNull().unique(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [index("api_tokens_user").on(t.userId)],
);
