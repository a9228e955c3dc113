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
export { type ImportRateCsvOptions } from "./rate-csv";

// Persistence, services and API (the pure engine above has no I/O)
import type { TaxAdminService } from "./tax-admin.service";
import type { TaxService } from "./tax.service";
export { taxJurisdictions, taxRates, taxStateSettings, taxCategories, type TaxJurisdictionRow, type TaxRateRow, type TaxCategoryRow } from "./tax.tables";
export { PgRateSource, PgJurisdictionLookup } from "./db-tax-sources";
export { toTaxRate, toRateRow, type StoredJurisdiction } from "./tax.repository";
export { AccountExemptionSource, NO_EXEMPTIONS, certificateFromColumns, type ExemptionSource } from "./exemption-source";
export { TaxStrategyRegistry, defaultTaxStrategies, tableStrategyFactory, DEFAULT_TAX_STRATEGY, type TaxStrategyDeps, type TaxStrategyFactory } from "./tax-strategy-registry";
export { TaxService, type TaxServiceDeps, type CalculateTaxInput } from "./tax.service";
export { TaxAdminService } from "./tax-admin.service";
export { estimateInputSchema, type EstimateInput } from "./tax-estimate";
export { loadVariantTaxFacts, type VariantTaxFacts } from "./variant-tax-facts.repository";
export { TaxResultType, TaxAddressInput, TaxJurisdictionType, TaxRateType } from "./tax.graphql";

declare module "../kernel/graphql/context" {
  interface Services {
    tax: TaxService;
    taxAdmin: TaxAdminService;
  }
}
