/** Small builders for pricing snapshots used across the pricing tests. */
import type { ExchangeRate, PriceList, PriceListEntry, PriceOverride, PriceSnapshot, PriceTier } from "../../../shared/pricing";
import { mulberry32 as prng } from "../../helpers/prng";
export { mulberry32 as prng } from "../../helpers/prng";

export const CH = "ch-main";
export const T0 = new Date("2025-06-01T12:00:00Z");

/** The brief's tier table, in cents. */
export const BRIEF_TIERS: PriceTier[] = [
  { minQty: 1, unitPrice: 1000 },
  { minQty: 10, unitPrice: 900 },
  { minQty: 50, unitPrice: 750 },
  { minQty: 100, unitPrice: 600 },
];

export const tiers = (...pairs: [number, number][]): PriceTier[] => pairs.map(([minQty, unitPrice]) => ({ minQty, unitPrice }));
export const flat = (unitPrice: number): PriceTier[] => [{ minQty: 1, unitPrice }];

export function snapshot(parts: Partial<Omit<PriceSnapshot, "channel">> & { base?: string; supported?: string[] } = {}): PriceSnapshot {
  return {
    channel: { channelId: CH, baseCurrency: parts.base ?? "USD", supportedCurrencies: parts.supported ?? ["USD", "MXN", "JPY", "KWD"] },
    overrides: parts.overrides ?? [],
    priceLists: parts.priceLists ?? [],
    priceListEntries: parts.priceListEntries ?? [],
    exchangeRates: parts.exchangeRates ?? [],
  };
}

export function list(id: string, currency: string, priority = 0, extra: Partial<PriceList> = {}): PriceList {
  return { id, channelId: CH, currency, priority, ...extra };
}

export function entry(priceListId: string, variantId: string, t: PriceTier[]): PriceListEntry {
  return { priceListId, variantId, tiers: t };
}

export function override(
  id: string,
  level: PriceOverride["level"],
  scopeId: string | null,
  variantId: string,
  t: PriceTier[],
  extra: Partial<PriceOverride> = {},
): PriceOverride {
  return { id, level, scopeId, variantId, channelId: CH, currency: "USD", tiers: t, ...extra };
}

export const rate = (from: string, to: string, r: string, updatedAt: Date | null = null): ExchangeRate => ({ from, to, rate: r, updatedAt });

