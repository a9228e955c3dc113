import { sql } from "drizzle-orm";
import { boolean, check, index, integer, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { variants } from "../catalog/catalog.tables";

export const warehouses = pgTable("warehouses", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  active: boolean("active").notNull().default(true),
  /** allocation order: lower first, then code */
  priority: integer("priority").notNull().default(100),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One row per variant per warehouse. `reserved` counts units held by open reservations, so
 * available = on_hand - reserved; it only changes with the row locked (see inventory.repository).
 */
export const stockLevels = pgTable(
  "stock_levels",
  {
    variantId: uuid("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "cascade" }),
    warehouseId: uuid("warehouse_id")
      .notNull()
      .references(() => warehouses.id, { onDelete: "cascade" }),
    onHand: integer("on_hand").notNull().default(0),
    reserved: integer("reserved").notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.variantId, t.warehouseId] }),
    check("stock_levels_on_hand_nonneg", sql`${t.onHand} >= 0`),
    check("stock_levels_reserved_nonneg", sql`${t.reserved} >= 0`),
    // the last line of defence against oversell if a caller bypasses reserve()
    check("stock_levels_reserved_le_on_hand", sql`${t.reserved} <= ${t.onHand}`),
  ],
);

/** Per-variant inventory policy; a variant without a row does not allow backorders. */
export const variantInventory = pgTable("variant_inventory", {
  variantId: uuid("variant_id")
    .primaryKey()
    .references(() => variants.id, { onDelete: "cascade" }),
  backorderAllowed: boolean("backorder_allowed").notNull().default(false),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const stockReservations = pgTable(
  "stock_reservations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** order | cart */
    refType: text("ref_type").notNull(),
    refId: text("ref_id").notNull(),
    variantId: uuid("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "restrict" }),
    /** null for a backordered quantity: it holds no warehouse stock yet */
    warehouseId: uuid("warehouse_id").references(() => warehouses.id, { onDelete: "restrict" }),
    quantity: integer("quantity").notNull(),
    backordered: boolean("backordered").notNull().default(false),
    /** reserved | released | consumed */
    status: text("status").notNull().default("reserved"),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("stock_reservations_ref_idx").on(t.refType, t.refId),
    index("stock_reservations_open_expiry_idx").on(t.expiresAt).where(sql`${t.status} = 'reserved'`),
    check("stock_reservations_quantity_pos", sql`${t.quantity} > 0`),
    check("stock_reservations_status", sql`${t.status} in ('reserved', 'released', 'consumed')`),
    check("stock_reservations_ref_type", sql`${t.refType} in ('order', 'cart')`),
  ],
);

export type StockReservationRow = typeof stockReservations.$inferSelect;
