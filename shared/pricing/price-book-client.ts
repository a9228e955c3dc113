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
  /** SQL statements this call needed (0 when every variant was already cached) */
  sqlStatements: number;
}

export interface PriceBookClient {
  resolve(req: PriceBookRequest & { lines: PriceLine[] }): Promise<PriceBookResolveResult>;
  tiers(req: PriceBookRequest & { variantIds: string[] }): Promise<Record<string, VisibleTier[]>>;
  invalidate(key: string, variantIds: string[] | null): Promise<void>;
}
