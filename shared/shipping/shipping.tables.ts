import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { channels } from "../channels/channels.tables";

/**
 * Boxing-first shipping. A box template is defined once and assigned to providers (every method
 * of the provider uses it) or to single methods (a method with its own boxes uses only those).
 * Lengths are integer millimetres, weights integer grams, money integer minor units.
 */
export const boxTemplates = pgTable(
  "box_templates",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    innerLengthMm: integer("inner_length_mm").notNull(),
    innerWidthMm: integer("inner_width_mm").notNull(),
    innerHeightMm: integer("inner_height_mm").notNull(),
    outerLengthMm: integer("outer_length_mm").notNull(),
    outerWidthMm: integer("outer_width_mm").notNull(),
    outerHeightMm: integer("outer_height_mm").notNull(),
    tareG: integer("tare_g").notNull().default(0),
    /** most item weight the box carries; null = no limit */
    maxLoadG: integer("max_load_g"),
    materialCostMinor: integer("material_cost_minor").notNull().default(0),
    padded: boolean("padded").notNull().default(false),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check(
      "box_templates_dims_check",
      sql`${t.innerLengthMm} > 0 and ${t.innerWidthMm} > 0 and ${t.innerHeightMm} > 0 and ${t.outerLengthMm} >= ${t.innerLengthMm} and ${t.outerWidthMm} >= ${t.innerWidthMm} and ${t.outerHeightMm} >= ${t.innerHeightMm} and ${t.tareG} >= 0 and coalesce(${t.maxLoadG}, 1) > 0 and ${t.materialCostMinor} >= 0`,
    ),
  ],
);

/** Carriers (UPS, FedEx, USPS…) as records; a carrier API plugs in through a rate strategy. */
export const shippingProviders = pgTable("shipping_providers", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  active: boolean("active").notNull().default(true),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const shippingMethods = pgTable(
  "shipping_methods",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    providerId: uuid("provider_id")
      .notNull()
      .references(() => shippingProviders.id, { onDelete: "restrict" }),
    code: text("code").notNull().unique(),
    name: text("name").notNull(),
    /** a registered rate strategy code (flat_per_box, table_rate, free_over…) */
    rateStrategy: text("rate_strategy").notNull(),
    /** the strategy's config, validated by its zod schema on write */
    rateConfig: jsonb("rate_config").$type<Record<string, unknown>>().notNull().default({}),
    currency: text("currency").notNull(),
    /** box: each packed box is a rated package; order: the shipment is rated once */
    shipMode: text("ship_mode").notNull().default("box"),
    /** restricted classes (hazmat, ground_only…) this method may carry */
    allowedClasses: text("allowed_classes").array().notNull().default([]),
    active: boolean("active").notNull().default(true),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("shipping_methods_ship_mode_check", sql`${t.shipMode} in ('box', 'order')`), index("shipping_methods_provider_idx").on(t.providerId)],
);

/** A box assigned to exactly one of: a provider (all its methods) or a method. */
export const boxAssignments = pgTable(
  "box_assignments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    boxId: uuid("box_id")
      .notNull()
      .references(() => boxTemplates.id, { onDelete: "cascade" }),
    providerId: uuid("provider_id").references(() => shippingProviders.id, { onDelete: "cascade" }),
    methodId: uuid("method_id").references(() => shippingMethods.id, { onDelete: "cascade" }),
  },
  (t) => [
    check("box_assignments_target_check", sql`(${t.providerId} is null) <> (${t.methodId} is null)`),
    unique("box_assignments_provider_unique").on(t.boxId, t.providerId),
    unique("box_assignments_method_unique").on(t.boxId, t.methodId),
  ],
);

/** Zones filter which methods show for an address, per channel. */
export const shippingZones = pgTable(
  "shipping_zones",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    name: text("name").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("shipping_zones_channel_code_unique").on(t.channelId, t.code)],
);

/** One area of a zone: a country, optionally narrowed to a subdivision and/or postal patterns. */
export const shippingZoneRegions = pgTable(
  "shipping_zone_regions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    zoneId: uuid("zone_id")
      .notNull()
      .references(() => shippingZones.id, { onDelete: "cascade" }),
    countryCode: text("country_code").notNull(),
    /** ISO 3166-2, e.g. "US-CA"; null = the whole country */
    subdivisionCode: text("subdivision_code"),
    /** exact "90210", prefix "902*", range "90001..90099"; empty = any */
    postalPatterns: text("postal_patterns").array().notNull().default([]),
  },
  (t) => [index("shipping_zone_regions_zone_idx").on(t.zoneId)],
);

export const shippingZoneMethods = pgTable(
  "shipping_zone_methods",
  {
    zoneId: uuid("zone_id")
      .notNull()
      .references(() => shippingZones.id, { onDelete: "cascade" }),
    methodId: uuid("method_id")
      .notNull()
      .references(() => shippingMethods.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.zoneId, t.methodId] })],
);

export type BoxTemplateRow = typeof boxTemplates.$inferSelect;
export type ShippingProviderRow = typeof shippingProviders.$inferSelect;
export type ShippingMethodRow = typeof shippingMethods.$inferSelect;
export type ShippingZoneRow = typeof shippingZones.$inferSelect;
export type ShippingZoneRegionRow = typeof shippingZoneRegions.$inferSelect;
