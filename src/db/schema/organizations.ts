import { sql } from "drizzle-orm";
import { index, pgTable, text, timestamp, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * Supervisory offices as a tree (province → city → county). `path` is the chain of codes
 * from the root joined by "/", so a subtree is `path = P OR path LIKE P || '/%'`.
 */
export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    parentId: uuid("parent_id").references((): AnyPgColumn => organizations.id),
    path: text("path").notNull().unique(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`ssj_now()`),
  },
  (t) => [index("organizations_path_pattern").on(sql`${t.path} text_pattern_ops`)],
);
