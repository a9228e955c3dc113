import { sql } from "drizzle-orm";
import { check, index, pgTable, text, type AnyPgColumn } from "drizzle-orm/pg-core";

/**
 * ISO 3166 as data, seeded from the `iso-3166` registry package (scripts/seed/geo.seed.ts), never
 * typed by hand. Addresses and tax jurisdictions reference these codes as foreign keys.
 */
export const countries = pgTable(
  "countries",
  {
    /** ISO 3166-1 alpha-2, "US" */
    code: text("code").primaryKey(),
    alpha3: text("alpha3").notNull().unique(),
    /** ISO 3166-1 numeric, zero-padded text ("020") */
    numeric: text("numeric").notNull(),
    name: text("name").notNull(),
  },
  (t) => [check("countries_code_format", sql`${t.code} ~ '^[A-Z]{2}$'`)],
);

export const subdivisions = pgTable(
  "subdivisions",
  {
    /** ISO 3166-2, "US-CA" */
    code: text("code").primaryKey(),
    countryCode: text("country_code")
      .notNull()
      .references(() => countries.code, { onDelete: "restrict" }),
    /** the enclosing subdivision for second-level codes (e.g. a province inside a region) */
    parentCode: text("parent_code").references((): AnyPgColumn => subdivisions.code, { onDelete: "restrict" }),
    name: text("name").notNull(),
  },
  (t) => [
    check("subdivisions_code_format", sql`${t.code} ~ '^[A-Z]{2}-[A-Z0-9]{1,3}$'`),
    index("subdivisions_country_idx").on(t.countryCode, t.code),
  ],
);

export type CountryRow = typeof countries.$inferSelect;
export type SubdivisionRow = typeof subdivisions.$inferSelect;
