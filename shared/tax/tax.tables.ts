import { sql } from "drizzle-orm";
import { boolean, check, index, numeric, pgTable, text, timestamp, unique, type AnyPgColumn } from "drizzle-orm/pg-core";
import { countries, subdivisions } from "../geo/geo.tables";

/**
 * Tax data. Jurisdictions form a tree below the ISO geography (country → state → county → city,
 * special districts anywhere below the country); rates hang off a jurisdiction for one sales
 * category or excise product class and a half-open validity period [valid_from, valid_to).
 * Rates are exact decimals (unconstrained numeric keeps the scale entered: "0.0725").
 * Whether shipping is taxed is a property of the jurisdiction (the engine reads it per level).
 */
export const taxJurisdictions = pgTable(
  "tax_jurisdictions",
  {
    /** "US", "US-CA", "US-CA-LOS_ANGELES", "US-CA-LOS_ANGELES-LOS_ANGELES" */
    key: text("key").primaryKey(),
    /** country | state | county | city | district */
    level: text("level").notNull(),
    /** country: alpha-2; state: ISO 3166-2; below: the name/code addresses use */
    code: text("code").notNull(),
    name: text("name").notNull(),
    parentKey: text("parent_key").references((): AnyPgColumn => taxJurisdictions.key, { onDelete: "restrict" }),
    countryCode: text("country_code")
      .notNull()
      .references(() => countries.code, { onDelete: "restrict" }),
    /** the ISO 3166-2 subdivision a state (and everything below it) lies in */
    subdivisionCode: text("subdivision_code").references(() => subdivisions.code, { onDelete: "restrict" }),
    /** exact "90210", prefix "902*", range "90001..90099" */
    postalPatterns: text("postal_patterns").array().notNull().default([]),
    shippingTaxable: boolean("shipping_taxable").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("tax_jurisdictions_level_check", sql`${t.level} in ('country', 'state', 'county', 'city', 'district')`),
    check("tax_jurisdictions_country_shape", sql`${t.level} <> 'country' or (${t.parentKey} is null and ${t.key} = ${t.code} and ${t.code} = ${t.countryCode})`),
    check("tax_jurisdictions_state_shape", sql`${t.level} <> 'state' or ${t.subdivisionCode} = ${t.code}`),
    unique("tax_jurisdictions_parent_level_code_uq").on(t.parentKey, t.level, t.code),
    index("tax_jurisdictions_country_idx").on(t.countryCode),
    index("tax_jurisdictions_parent_idx").on(t.parentKey),
  ],
);

export const taxRates = pgTable(
  "tax_rates",
  {
    id: text("id").primaryKey(),
    jurisdictionKey: text("jurisdiction_key")
      .notNull()
      .references(() => taxJurisdictions.key, { onDelete: "restrict" }),
    /** sales | excise */
    kind: text("kind").notNull(),
    /** sales: tax category ("standard", "reduced"); excise: product class ("tobacco", "vapor") */
    category: text("category").notNull(),
    /** sales and percent excise: decimal fraction; per_unit / per_ml: minor units of `currency` */
    rate: numeric("rate").notNull(),
    /** excise only: per_unit | per_ml | percent_wholesale | percent_retail */
    exciseBasis: text("excise_basis"),
    /** ISO 4217 of a per_unit / per_ml amount */
    currency: text("currency"),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull(),
    validTo: timestamp("valid_to", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("tax_rates_kind_check", sql`${t.kind} in ('sales', 'excise')`),
    check("tax_rates_rate_nonnegative", sql`${t.rate} >= 0`),
    check("tax_rates_period_check", sql`${t.validTo} is null or ${t.validTo} > ${t.validFrom}`),
    check(
      "tax_rates_basis_check",
      sql`(${t.kind} = 'sales' and ${t.exciseBasis} is null) or (${t.kind} = 'excise' and ${t.exciseBasis} in ('per_unit', 'per_ml', 'percent_wholesale', 'percent_retail'))`,
    ),
    index("tax_rates_slot_idx").on(t.jurisdictionKey, t.kind, t.category, t.validFrom),
  ],
);

/** Per-state sourcing basis and nexus: without nexus the seller collects nothing in that state. */
export const taxStateSettings = pgTable(
  "tax_state_settings",
  {
    subdivisionCode: text("subdivision_code")
      .primaryKey()
      .references(() => subdivisions.code, { onDelete: "restrict" }),
    /** origin | destination: how intrastate sales are sourced */
    sourcing: text("sourcing").notNull().default("destination"),
    hasNexus: boolean("has_nexus").notNull().default(true),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check("tax_state_settings_sourcing_check", sql`${t.sourcing} in ('origin', 'destination')`)],
);

/**
 * Product tax categories: the code a product carries in catalog `products.tax_category`, mapped
 * to the sales category its rates are keyed by and, for excise goods, the excise product class.
 */
export const taxCategories = pgTable("tax_categories", {
  code: text("code").primaryKey(),
  name: text("name").notNull(),
  salesCategory: text("sales_category").notNull(),
  exciseClass: text("excise_class"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export type TaxJurisdictionRow = typeof taxJurisdictions.$inferSelect;
export type TaxRateRow = typeof taxRates.$inferSelect;
export type TaxCategoryRow = typeof taxCategories.$inferSelect;
