import { index, integer, jsonb, numeric, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { channels } from "../channels";
import type { PriceTier } from "./types";

/** Default price lists (level 5): per currency, optional channel and schedule, highest priority wins. */
export const priceLists = pgTable(
  "price_lists",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    priority: integer("priority").notNull().default(0),
    validFrom: timestamp("valid_from", { withTimezone: true }),
    validTo: timestamp("valid_to", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("price_lists_channel_idx").on(t.channelId)],
);

/** One entry per (list, variant); its volume tiers travel together as JSON (read whole, never queried by tier). */
export const priceListEntries = pgTable(
  "price_list_entries",
  {
    priceListId: uuid("price_list_id")
      .notNull()
      .references(() => priceLists.id, { onDelete: "cascade" }),
    variantId: uuid("variant_id").notNull(),
    tiers: jsonb("tiers").$type<PriceTier[]>().notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.priceListId, t.variantId] }), index("price_list_entries_variant_idx").on(t.variantId)],
);

/**
 * Levels 1–4: managed (no scope), location, account and customer-group prices for one variant.
 * scope_id is the location, account or group id; level names which.
 */
export const priceOverrides = pgTable(
  "price_overrides",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    level: text("level").notNull(),
    scopeId: uuid("scope_id"),
    variantId: uuid("variant_id").notNull(),
    channelId: uuid("channel_id").references(() => channels.id, { onDelete: "cascade" }),
    currency: text("currency").notNull(),
    tiers: jsonb("tiers").$type<PriceTier[]>().notNull(),
    validFrom: timestamp("valid_from", { withTimezone: true }),
    validTo: timestamp("valid_to", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("price_overrides_variant_idx").on(t.variantId, t.level), index("price_overrides_scope_idx").on(t.level, t.scopeId)],
);

/** 1 unit of from_currency = rate units of to_currency; numeric keeps the admin's decimal exact. */
export const exchangeRates = pgTable(
  "exchange_rates",
  {
    fromCurrency: text("from_currency").notNull(),
    toCurrency: text("to_currency").notNull(),
    rate: numeric("rate", { precision: 30, scale: 18 }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.fromCurrency, t.toCurrency] })],
);

/**
 * Every PriceBook Durable Object that holds a cached snapshot registers its scope here, so a price
 * change can invalidate exactly the books it affects (fan-out from the pricing.changed event).
 */
export const priceBooks = pgTable(
  "price_books",
  {
    key: text("key").primaryKey(),
    channelId: uuid("channel_id").notNull(),
    locationId: uuid("location_id"),
    accountId: uuid("account_id"),
    groupIds: uuid("group_ids").array().notNull(),
    lastLoadedAt: timestamp("last_loaded_at", { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex("price_books_key_idx").on(t.key)],
);
