/**
 * Demo tax data (rates are illustrative, not legal advice): US states down to city level — CA
 * with Los Angeles county and city, NY with New York City and its transit district, TX
 * origin-sourced with Austin, OR without sales tax, IL with Cook County and Chicago — tobacco and
 * vapor excise (per pack, per ml, % of wholesale, % of retail), and German VAT for tax-inclusive
 * channels. Needs the geo seed first (jurisdictions reference ISO codes).
 */
import { naturalRateId, taxCategories, taxJurisdictions, taxRates, taxStateSettings, toRateRow, type Jurisdiction, type TaxRate } from "../../shared/tax";
import type { Executor } from "../../shared/kernel/db";

const FROM = new Date("2020-01-01T00:00:00Z");

type J = Omit<Jurisdiction, "postalPatterns"> & { postalPatterns?: string[]; country: string; subdivision: string | null };
const j = (key: string, level: J["level"], code: string, name: string, parentKey: string | null, extra: Partial<J> = {}): J => ({
  key, level, code, name, parentKey, country: key.slice(0, 2), subdivision: level === "country" ? null : key.slice(0, 5), ...extra,
});

const JURISDICTIONS: J[] = [
  j("US", "country", "US", "United States", null),
  j("US-CA", "state", "US-CA", "California", "US"),
  j("US-CA-LOS_ANGELES", "county", "LOS ANGELES", "Los Angeles County", "US-CA", { postalPatterns: ["900*", "901*", "902*", "903*", "904*", "905*", "906*", "907*", "908*", "910*", "911*", "912*", "913*", "914*", "915*", "916*", "917*", "918*", "935*"] }),
  j("US-CA-LOS_ANGELES-LOS_ANGELES", "city", "LOS ANGELES", "City of Los Angeles", "US-CA-LOS_ANGELES", { postalPatterns: ["90001..90099", "90291", "91331..91607"] }),
  j("US-NY", "state", "US-NY", "New York", "US", { shippingTaxable: true }),
  j("US-NY-NEW_YORK_CITY", "city", "NEW YORK", "New York City", "US-NY", { postalPatterns: ["100*", "101*", "102*", "103*", "104*", "111*", "112*", "113*", "114*", "116*"], shippingTaxable: true }),
  j("US-NY-MCTD", "district", "MCTD", "Metropolitan Commuter Transportation District", "US-NY", { postalPatterns: ["100*", "101*", "102*", "103*", "104*", "105*", "106*", "107*", "108*", "109*", "110*", "111*", "112*", "113*", "114*", "115*", "116*", "117*", "118*", "119*"], shippingTaxable: true }),
  j("US-TX", "state", "US-TX", "Texas", "US", { shippingTaxable: true }),
  j("US-TX-TRAVIS", "county", "TRAVIS", "Travis County", "US-TX", { postalPatterns: ["787*"], shippingTaxable: true }),
  j("US-TX-TRAVIS-AUSTIN", "city", "AUSTIN", "City of Austin", "US-TX-TRAVIS", { postalPatterns: ["78701..78759"], shippingTaxable: true }),
  j("US-TX-TRAVIS-AUSTIN-CAPMETRO", "district", "CAPMETRO", "Capital Metro Transit Authority", "US-TX-TRAVIS-AUSTIN", { postalPatterns: ["78701..78759"], shippingTaxable: true }),
  j("US-OR", "state", "US-OR", "Oregon", "US"),
  j("US-IL", "state", "US-IL", "Illinois", "US"),
  j("US-IL-COOK", "county", "COOK", "Cook County", "US-IL", { postalPatterns: ["600*", "601*", "602*", "604*", "605*", "606*", "607*", "608*"] }),
  j("US-IL-COOK-CHICAGO", "city", "CHICAGO", "City of Chicago", "US-IL-COOK", { postalPatterns: ["606*", "607*", "608*"] }),
  j("DE", "country", "DE", "Germany", null, { shippingTaxable: true }),
];

const sales = (jurisdictionKey: string, rate: string, category = "standard"): TaxRate => ({
  id: naturalRateId({ kind: "sales", jurisdictionKey, validFrom: FROM }, category), kind: "sales", jurisdictionKey, category, rate, validFrom: FROM, validTo: null,
});
const excise = (jurisdictionKey: string, productClass: string, method: "per_unit" | "per_volume" | "percent_wholesale" | "percent_retail", value: string, currency: string | null = null): TaxRate => ({
  id: naturalRateId({ kind: "excise", jurisdictionKey, validFrom: FROM }, productClass), kind: "excise", jurisdictionKey, productClass, method, value, currency, validFrom: FROM, validTo: null,
});

const RATES: TaxRate[] = [
  sales("US-CA", "0.0725"), sales("US-CA", "0", "food"),
  sales("US-CA-LOS_ANGELES", "0.0175"),
  sales("US-CA-LOS_ANGELES-LOS_ANGELES", "0.005"),
  sales("US-NY", "0.04"), sales("US-NY", "0", "food"),
  sales("US-NY-NEW_YORK_CITY", "0.045"),
  sales("US-NY-MCTD", "0.00375"),
  sales("US-TX", "0.0625"), sales("US-TX", "0", "food"),
  sales("US-TX-TRAVIS-AUSTIN", "0.01"),
  sales("US-TX-TRAVIS-AUSTIN-CAPMETRO", "0.01"),
  sales("US-IL", "0.0625"), sales("US-IL", "0.01", "reduced"), sales("US-IL", "0.01", "food"),
  sales("US-IL-COOK", "0.0175"),
  sales("US-IL-COOK-CHICAGO", "0.0125"),
  sales("DE", "0.19"), sales("DE", "0.07", "reduced"), sales("DE", "0.07", "food"),
  // excise: cents per pack, per ml, or a fraction of the wholesale / retail price
  excise("US-IL", "tobacco", "per_unit", "298", "USD"),
  excise("US-IL-COOK", "tobacco", "per_unit", "300", "USD"),
  excise("US-IL-COOK-CHICAGO", "tobacco", "per_unit", "118", "USD"),
  excise("US-IL", "vapor", "percent_wholesale", "0.15"),
  excise("US-IL-COOK-CHICAGO", "vapor", "per_volume", "80", "USD"),
  excise("US-CA", "vapor", "percent_retail", "0.125"),
  excise("US-NY", "vapor", "percent_retail", "0.20"),
  excise("US-NY", "tobacco", "per_unit", "435", "USD"),
  excise("DE", "tobacco", "per_unit", "100", "EUR"),
];

export async function seedTax(db: Executor): Promise<void> {
  await db
    .insert(taxCategories)
    .values([
      { code: "standard", name: "Standard", salesCategory: "standard", exciseClass: null },
      { code: "reduced", name: "Reduced rate", salesCategory: "reduced", exciseClass: null },
      { code: "food", name: "Food and groceries", salesCategory: "food", exciseClass: null },
      { code: "exempt", name: "Exempt", salesCategory: "exempt", exciseClass: null },
      { code: "tobacco", name: "Cigarettes (per pack)", salesCategory: "standard", exciseClass: "tobacco" },
      { code: "vapor", name: "Vapor products (e-liquid)", salesCategory: "standard", exciseClass: "vapor" },
    ])
    .onConflictDoNothing({ target: taxCategories.code });
  await db
    .insert(taxJurisdictions)
    .values(JURISDICTIONS.map((x) => ({
      key: x.key, level: x.level, code: x.code, name: x.name, parentKey: x.parentKey, countryCode: x.country, subdivisionCode: x.subdivision,
      postalPatterns: x.postalPatterns ?? [], shippingTaxable: x.shippingTaxable ?? false,
    })))
    .onConflictDoNothing({ target: taxJurisdictions.key });
  await db
    .insert(taxStateSettings)
    .values([
      { subdivisionCode: "US-TX", sourcing: "origin", hasNexus: true },
      { subdivisionCode: "US-CA", sourcing: "destination", hasNexus: true },
      { subdivisionCode: "US-IL", sourcing: "destination", hasNexus: true },
    ])
    .onConflictDoNothing({ target: taxStateSettings.subdivisionCode });
  const at = new Date();
  await db.insert(taxRates).values(RATES.map((r) => toRateRow(r, at))).onConflictDoNothing({ target: taxRates.id });
}
