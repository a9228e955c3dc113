import { jsonb, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** Installation-level facts (e.g. that the demo data was seeded once), owned by no domain. */
export const appMeta = pgTable("app_meta", {
  key: text("key").primaryKey(),
  value: jsonb("value").notNull(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});
