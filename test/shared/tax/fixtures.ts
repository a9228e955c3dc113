/** A small jurisdiction tree and rate table shared by the tax tests (rates are illustrative). */
import type { ExciseRate, Jurisdiction, SalesTaxRate, TaxRate, TaxRequest } from "../../../shared/tax";

export const T0 = new Date("2020-01-01T00:00:00Z");
export const NOW = new Date("2025-06-01T12:00:00Z");

export const JURISDICTIONS: Jurisdiction[] = [
  { key: "US", level: "country", code: "US", name: "United States", parentKey: null },
  { key: "US-CA", level: "state", code: "US-CA", name: "California", parentKey: "US" },
  { key: "US-CA-LA", level: "county", code: "LOS ANGELES", name: "Los Angeles County", parentKey: "US-CA", postalPatterns: ["900*", "901*", "902*", "903*", "904*", "905*"] },
  { key: "US-CA-LA-LAC", level: "city", code: "LOS ANGELES", name: "City of Los Angeles", parentKey: "US-CA-LA", postalPatterns: ["90001..90099"] },
  { key: "US-CA-LA-SM", level: "city", code: "SANTA MONICA", name: "City of Santa Monica", parentKey: "US-CA-LA", postalPatterns: ["90401..90411"] },
  { key: "US-CA-LA-SMD", level: "district", code: "SM TRANSIT", name: "Santa Monica Transit District", parentKey: "US-CA-LA-SM", postalPatterns: ["90401", "90402"] },
  { key: "US-TX", level: "state", code: "US-TX", name: "Texas", parentKey: "US", sourcing: "origin", shippingTaxable: true },
  { key: "US-TX-TRAVIS", level: "county", code: "TRAVIS", name: "Travis County", parentKey: "US-TX", postalPatterns: ["787*"], shippingTaxable: true },
  { key: "US-TX-TRAVIS-AUSTIN", level: "city", code: "AUSTIN", name: "City of Austin", parentKey: "US-TX-TRAVIS", postalPatterns: ["78701..78759"], shippingTaxable: true },
  { key: "US-TX-HARRIS", level: "county", code: "HARRIS", name: "Harris County", parentKey: "US-TX", postalPatterns: ["770*"], shippingTaxable: true },
  { key: "US-NV", level: "state", code: "US-NV", name: "Nevada", parentKey: "US" },
  { key: "US-IL", level: "state", code: "US-IL", name: "Illinois", parentKey: "US" },
  { key: "US-IL-CHICAGO", level: "city", code: "CHICAGO", name: "City of Chicago", parentKey: "US-IL", postalPatterns: ["606*"] },
  { key: "DE", level: "country", code: "DE", name: "Germany", parentKey: null, shippingTaxable: true },
  { key: "JP", level: "country", code: "JP", name: "Japan", parentKey: null },
  { key: "KW", level: "country", code: "KW", name: "Kuwait", parentKey: null },
];

let seq = 0;
export function sales(jurisdictionKey: string, rate: string, category = "standard", validFrom = T0, validTo: Date | null = null): SalesTaxRate {
  return { id: `s${++seq}`, kind: "sales", jurisdictionKey, category, rate, validFrom, validTo };
}
export function excise(jurisdictionKey: string, productClass: string, method: ExciseRate["method"], value: string, currency: string | null = "USD"): ExciseRate {
  return { id: `e${++seq}`, kind: "excise", jurisdictionKey, productClass, method, value, currency, validFrom: T0, validTo: null };
}

export const RATES: TaxRate[] = [
  sales("US-CA", "0.0725"),
  sales("US-CA", "0", "food"),
  sales("US-CA-LA", "0.01"),
  sales("US-CA-LA-LAC", "0.0075"),
  sales("US-CA-LA-SM", "0.015"),
  sales("US-CA-LA-SMD", "0.005"),
  sales("US-TX", "0.0625"),
  sales("US-TX-TRAVIS", "0.005"),
  sales("US-TX-TRAVIS-AUSTIN", "0.01"),
  sales("US-TX-HARRIS", "0.02"),
  sales("US-NV", "0.0685"),
  sales("US-IL", "0.0625"),
  sales("US-IL", "0.01", "reduced"),
  sales("US-IL-CHICAGO", "0.0125"),
  sales("DE", "0.19"),
  sales("DE", "0.07", "reduced"),
  sales("JP", "0.10"),
  sales("KW", "0.05"),
  // an expired and a future IL rate: must never be picked at NOW
  sales("US-IL", "0.05", "standard", new Date("2010-01-01T00:00:00Z"), T0),
  sales("US-IL", "0.09", "standard", new Date("2030-01-01T00:00:00Z")),
  excise("US-IL", "tobacco", "per_unit", "298"),
  excise("US-IL-CHICAGO", "tobacco", "per_unit", "118"),
  excise("US-IL", "vapor", "percent_wholesale", "0.15", null),
  excise("US-IL-CHICAGO", "vapor", "per_volume", "80"),
  excise("US-IL", "cigar", "percent_retail", "0.36", null),
  excise("DE", "tobacco", "per_unit", "100", "EUR"),
];

export const ADDR = {
  laCity: { country: "US", subdivision: "US-CA", county: "Los Angeles", city: "Los Angeles", postalCode: "90012" },
  santaMonicaTransit: { country: "US", subdivision: "US-CA", city: "Santa Monica", postalCode: "90401" },
  caStateOnly: { country: "US", subdivision: "US-CA", city: "Fresno", postalCode: "93650" },
  nv: { country: "US", subdivision: "US-NV", city: "Reno", postalCode: "89501" },
  austin: { country: "US", subdivision: "US-TX", city: "Austin", postalCode: "78701" },
  houston: { country: "US", subdivision: "US-TX", county: "Harris", city: "Houston", postalCode: "77002" },
  chicago: { country: "US", subdivision: "US-IL", city: "Chicago", postalCode: "60601" },
  berlin: { country: "DE", city: "Berlin", postalCode: "10115" },
  tokyo: { country: "JP", city: "Tokyo", postalCode: "100-0001" },
  kuwait: { country: "KW", city: "Kuwait City" },
} as const;

export function request(overrides: Partial<TaxRequest> = {}): TaxRequest {
  return {
    currency: "USD",
    now: NOW,
    channel: { code: "web" },
    shipTo: ADDR.laCity,
    lines: [{ id: "l1", quantity: 1, amount: 10000 }],
    ...overrides,
  };
}
