import { registerEventHandler } from "../events";
import type { PriceBookClient } from "./price-book-client";
import { affectedBookKeys } from "./pricing.repository";
import type { PricingChange } from "./pricing.service";

declare module "../events/event-handlers" {
  interface EventClients {
    priceBooks: PriceBookClient;
  }
}

/**
 * A price change reaches buyers by invalidating exactly the PriceBooks it can affect (registered in
 * price_books when they loaded): one query for the keys, then one RPC per affected book.
 */
registerEventHandler<PricingChange>({
  name: "pricing.invalidate-price-books",
  eventType: "pricing.changed",
  async handle(tx, event, clients) {
    const keys = await affectedBookKeys(tx, event.payload);
    await Promise.all(keys.map((k) => clients.priceBooks.invalidate(k, event.payload.variantIds)));
  },
});
