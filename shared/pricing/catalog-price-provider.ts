import type { VariantPrice, VariantPriceProvider } from "../catalog";
import type { PricingService } from "./pricing.service";

/**
 * Plugs the pricing engine into catalog listings: every price on a page comes from ONE PriceBook
 * call at quantity 1 in the viewer's own context (tiers are a separate field).
 */
export function catalogPriceProvider(pricing: PricingService, country: () => string | null = () => null): VariantPriceProvider {
  return {
    async pricesFor({ channel, principal, variantIds }) {
      const out = new Map<string, VariantPrice>();
      if (variantIds.length === 0) return out;
      const quote = await pricing.quote(channel, principal, variantIds.map((variantId) => ({ variantId, quantity: 1 })), { country: country() });
      for (const r of quote.lines) {
        if (r.ok) out.set(r.variantId, { amount: r.unitPrice, currency: r.currency, includesTax: channel.pricesIncludeTax });
      }
      return out;
    },
  };
}
