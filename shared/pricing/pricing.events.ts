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

/**
 * PriceBooks also hold the catalog's visibility of each variant for their buyer, so catalog changes
 * (publication, status, group restrictions) drop every book's cached rules: they are rare, and a
 * stale "visible" must never outlive the change by more than the queue's delivery time.
 */
for (const eventType of ["product.created", "product.updated", "product.archived", "product.deleted", "variant.updated"]) {
  registerEventHandler({
    name: `pricing.invalidate-price-books-on-${eventType}`,
    eventType,
    async handle(tx, _event, clients) {
      const keys = await affectedBookKeys(tx, { level: "list", scopeId: null, channelId: null });
      await Promise.all(keys.map((k) => clients.priceBooks.invalidate(k, null)));
    },
  });
}
