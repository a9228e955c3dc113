import type { ChannelContext } from "../kernel/channel-context";
import type { Principal } from "../kernel/principal";

/**
 * The catalog shows prices but does not compute them: the pricing domain plugs a provider in
 * (workers/services.ts). The GraphQL layer calls it ONCE per response with every variant id on
 * the page. A variant missing from the returned map is shown with `price: null` and reason
 * NOT_PRICED.
 */
export interface VariantPrice {
  /** integer minor units of `currency` */
  amount: number;
  currency: string;
  includesTax: boolean;
  /** the undiscounted list price when `amount` is lower (strike-through), else null */
  listAmount?: number | null;
}

export interface PriceRequest {
  channel: ChannelContext;
  principal: Principal;
  variantIds: string[];
  now: Date;
}

export interface VariantPriceProvider {
  pricesFor(request: PriceRequest): Promise<Map<string, VariantPrice>>;
}

/** Until the pricing engine is plugged in nothing is priced (no I/O, no query). */
export const unpricedProvider: VariantPriceProvider = {
  pricesFor: async () => new Map(),
};
