/** Public surface of the pricing domain (pure engine, schemas, snapshot contract). */
export * from "./types";
export { selectTier, isActiveAt } from "./tiers";
export { indexSnapshot, overridesFor, rateKey, type PriceIndex, type IndexOptions, type Converter, type VariantOverrides } from "./price-index";
export { currencyPlan, assertQuantity, type CurrencyPlan } from "./resolve-price";
export {
  createLevelStrategy,
  fiveLevelPriceStrategy,
  registerPriceStrategy,
  priceStrategyFor,
  listPriceStrategies,
  DEFAULT_PRICE_STRATEGY_CODE,
  type PriceStrategy,
} from "./price-strategy";
export {
  resolveCart,
  resolvePrice,
  explainPrice,
  tiersFor,
  formatTierLabel,
  asIndex,
  type SnapshotOrIndex,
  type PriceExplanation,
  type LevelExplanation,
} from "./resolve-cart";
export { selectCurrency, type CurrencySelection, type CurrencySelectionInput, type CurrencySource } from "./currency-selection";
export {
  runConversionWizard,
  convertForWizard,
  WIZARD_ROUNDINGS,
  type WizardRounding,
  type ConversionWizardInput,
  type ConvertedEntry,
  type ConvertedTier,
  type WizardSourceEntry,
} from "./conversion-wizard";
export * from "./pricing.schemas";
export { pricingContextKey } from "./context-key";
export { PriceBookCache, PRICE_BOOK_MAX_AGE_MS } from "./price-book-cache";
export type { PriceBookClient, PriceBookRequest, PriceBookResolveResult } from "./price-book-client";
export { encodeLines, decodeLines, encodeResolutions, decodeResolutions, type WireLines, type WireResolutions } from "./price-book-wire";
export { loadSnapshot, affectedBookKeys, trimDecimal } from "./pricing.repository";
export { priceLists, priceListEntries, priceOverrides, exchangeRates, priceBooks } from "./pricing.tables";
export { PricingService, channelCurrencies, type PricingDeps, type PricingChange, type BuyerPreferences, type QuoteOptions, type PriceQuote } from "./pricing.service";
export { loadBuyerPreferences } from "./buyer-preferences.repository";
export { catalogPriceProvider } from "./catalog-price-provider";
import "./pricing.events";
import "./pricing.graphql";
import type { PricingService as PricingServiceType } from "./pricing.service";

declare module "../kernel/graphql/context" {
  interface Services {
    pricing: PricingServiceType;
  }
}
