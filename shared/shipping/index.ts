/**
 * Shipping domain (issue 8): box templates, the packing engine, providers and methods with rate
 * strategies, zones per channel, split shipments, shop quotes (lines or cart) and the admin API.
 */
import type { ShippingAdminService } from "./shipping-admin.service";
import type { ShippingQuoteService } from "./shipping-quote.service";
import "./shipping.graphql";
import "./shipping-admin.graphql";

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
export { ShippingQuoteService, type ShippingQuoteDeps, type ShippingQuoteResult, type QuoteCaller } from "./shipping-quote.service";
export { ShippingAdminService, type ShippingAdminDeps } from "./shipping-admin.service";
export { loadQuoteData, type QuoteData } from "./quote-data.repository";

declare module "../kernel/graphql/context" {
  interface Services {
    shippingQuotes: ShippingQuoteService;
    shippingAdmin: ShippingAdminService;
  }
}
