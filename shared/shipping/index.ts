/**
 * Shipping domain (issue 8). Done so far: the packing engine, tables, rate strategies, zone
 * matching and the pure quote (split shipments, pack per method, rate). The repository, service,
 * GraphQL (shop shippingQuote, admin CRUD) and seed are not written yet.
 */
export * from "./packing";
export * from "./shipping.tables";
export {
  defaultRateStrategies, RateStrategyRegistry, flatPerBox, tableRate, freeOver, billedWeight,
  type RateStrategy, type RatePackage, type RateContext,
} from "./rates/rate-strategy";
export { methodsForAddress, regionContains, type ShipToAddress, type ZoneRegion } from "./zones";
export {
  quoteShipments, splitShipments,
  type QuoteItem, type QuoteBox, type QuoteMethod, type QuoteInput, type ShipmentQuote, type MethodOption, type QuotedPackage,
} from "./quote";
