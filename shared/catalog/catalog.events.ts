import { registerEventHandler } from "../events";
import { clearCatalogPageCaches } from "./catalog-page-cache";

/**
 * The isolate that consumes a catalog event drops its cached shop pages (catalog-page-cache.ts);
 * isolates that never see the event fall back on the cache's 5 s TTL. Clearing is idempotent and
 * always safe, so a redelivered or rolled-back event does no harm.
 */
export const PAGE_CACHE_EVENT_TYPES = [
  "product.created",
  "product.updated",
  "product.archived",
  "product.deleted",
  "variant.updated",
  "variant.deleted",
  "category.created",
  "category.updated",
  "category.deleted",
] as const;

for (const eventType of PAGE_CACHE_EVENT_TYPES) {
  registerEventHandler({
    name: `catalog.clear-page-cache-on-${eventType}`,
    eventType,
    async handle() {
      clearCatalogPageCaches();
    },
  });
}
