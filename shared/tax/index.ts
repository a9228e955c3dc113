/** Tax domain public surface: the pure engine, its strategy interfaces and admin-input validation. */
export * from "./tax.types";
export { TableTaxStrategy, type TableTaxStrategyOptions } from "./table-tax-strategy";
export { CompositeTaxStrategy } from "./composite-tax-strategy";
export { InMemoryRateSource } from "./in-memory-rate-source";
export { JurisdictionIndex, isWithin } from "./jurisdiction-index";
export { normalizeTaxAddress, normalizePlaceName, taxAddressKey, type GeoRegistry } from "./tax-address";
export { normalizePostalCode, parsePostalPattern, postalMatches, type PostalPattern } from "./postal-pattern";
export { channelExemption, certificateExemption, isCertificateValid } from "./exemptions";
export { planTax, EXEMPT_CATEGORY, STANDARD_CATEGORY, SHIPPING_LINE_ID, type TaxPlan, type PlannedLine } from "./tax-plan";
export { computeTax, type ComputeOptions } from "./compute-tax";
export {
  salesRateInputSchema, exciseRateInputSchema, taxRateInputSchema, jurisdictionInputSchema,
  parseTaxRate, parseJurisdiction, naturalRateId, type TaxRateInput, type JurisdictionInput,
} from "./tax.schemas";
export { findRateOverlaps, assertNoRateOverlaps, rateSlot, type RateOverlap } from "./rate-overlap";
export { importRateCsv, parseCsvRows, type CsvRowError } from "./rate-csv";
