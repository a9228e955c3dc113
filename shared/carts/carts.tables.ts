import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * A mirror of every cart's summary, written after each change (one statement), so that admins
 * can find carts (abandoned ones: idle for N hours with lines in them) without asking every
 * Durable Object. The Durable Object stays the source of truth for the lines themselves.
 * No foreign keys: a guest owner is not a row anywhere, and a mirror must never block a change.
 */
export const carts = pgTable(
  "carts",
  {
    /** the cart's id inside its Durable Object */
    id: text("id").primaryKey(),
    channelId: uuid("channel_id").notNull(),
    /** location | customer | guest */
    ownerKind: text("owner_kind").notNull(),
    ownerId: text("owner_id").notNull(),
    accountId: uuid("account_id"),
    locationId: uuid("location_id"),
    customerId: uuid("customer_id"),
    name: text("name").notNull(),
    isActive: boolean("is_active").notNull(),
    version: integer("version").notNull(),
    lineCount: integer("line_count").notNull(),
    /** minor units of `currency`, before discounts */
    subtotal: bigint("subtotal", { mode: "number" }).notNull(),
    currency: text("currency"),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("carts_idle_idx").on(t.updatedAt).where(sql`line_count > 0`), index("carts_owner_idx").on(t.channelId, t.ownerKind, t.ownerId)],
);

