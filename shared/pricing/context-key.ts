/**
 * A stable identity for a pricing context, for caches such as the PriceBook Durable Object: two
 * buyers with the same key are guaranteed the same prices for the same snapshot and time. Group
 * order and duplicates do not matter; a location implies its account but both are kept, because an
 * account-level buyer (no location) and a location buyer may differ.
 */
import type { PricingContext } from "./types";

export function pricingContextKey(context: PricingContext): string {
  const groups = [...new Set(context.groupIds ?? [])].sort();
  return JSON.stringify([context.channelId, context.currency, context.locationId ?? null, context.accountId ?? null, groups]);
}
