/**
 * How the pricing service reaches the PriceBook Durable Objects (one per pricing context). The
 * interface lives here; shared/platform implements it over the PRICE_BOOK binding.
 */
import type { ChannelCurrencies, PriceLine, PriceResolution, PricingContext, SnapshotScope, VisibleTier } from "./types";

export interface PriceBookRequest {
  /** pricingContextKey(context): names the Durable Object */
  key: string;
  scope: Omit<SnapshotScope, "variantIds">;
  channel: ChannelCurrencies;
  context: PricingContext;
  strategyCode: string | null;
  nowMs: number;
}

export interface PriceBookResolveResult {
  resolutions: PriceResolution[];
  /** requested variants the buyer may not see: never priced, callers treat them as not found */
  hidden: string[];
  /** SQL statements this call needed (0 when every variant was already cached) */
  sqlStatements: number;
}

export interface PriceBookClient {
  resolve(req: PriceBookRequest & { lines: PriceLine[] }): Promise<PriceBookResolveResult>;
  tiers(req: PriceBookRequest & { variantIds: string[] }): Promise<{ tiers: Record<string, VisibleTier[]>; hidden: string[] }>;
  invalidate(key: string, variantIds: string[] | null): Promise<void>;
}
