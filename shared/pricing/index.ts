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
