import { describe, expect, it } from "vitest";
import { PRICE_BOOK_MAX_AGE_MS, PriceBookCache, resolveCart, type PriceSnapshot } from "../../../shared/pricing";

const channel = { channelId: "ch", baseCurrency: "USD", supportedCurrencies: ["USD", "EUR"] };
const ctx = { channelId: "ch", currency: "USD", accountId: "acc", locationId: "loc", groupIds: [] };

function snap(parts: Partial<PriceSnapshot>): PriceSnapshot {
  return { channel, overrides: [], priceLists: [], priceListEntries: [], exchangeRates: [], ...parts };
}

const list = { id: "L1", channelId: null, currency: "USD", priority: 0 };

describe("PriceBookCache", () => {
  it("names only the variants it has not loaded, and resolves what it absorbed", () => {
    const c = new PriceBookCache(channel);
    expect(c.missing(["a", "b", "a"], 0)).toEqual(["a", "b"]);
    expect(c.needsRates()).toBe(true);
    c.absorb(snap({ priceLists: [list], priceListEntries: [{ priceListId: "L1", variantId: "a", tiers: [{ minQty: 1, unitPrice: 1000 }] }] }), ["a", "b"], 0);
    expect(c.missing(["a", "b", "c"], 1000)).toEqual(["c"]);
    expect(c.needsRates()).toBe(false);
    const [a, b] = resolveCart([{ variantId: "a", quantity: 2 }, { variantId: "b", quantity: 1 }], ctx, c.index(), new Date(1000));
    expect(a).toMatchObject({ ok: true, unitPrice: 1000, lineTotal: 2000 });
    expect(b).toMatchObject({ ok: false, reason: "NO_PRICE" });
  });

  it("replaces a variant's rules when reloaded after an invalidation, leaving other variants cached", () => {
    const c = new PriceBookCache(channel);
    const entries = (price: number, v: string) => ({ priceListId: "L1", variantId: v, tiers: [{ minQty: 1, unitPrice: price }] });
    c.absorb(snap({ priceLists: [list], priceListEntries: [entries(1000, "a"), entries(500, "b")] }), ["a", "b"], 0);
    c.invalidate(["a"]);
    expect(c.missing(["a", "b"], 10)).toEqual(["a"]);
    c.absorb(snap({ priceLists: [list], priceListEntries: [entries(900, "a")] }), ["a"], 10);
    const r = resolveCart([{ variantId: "a", quantity: 1 }, { variantId: "b", quantity: 1 }], ctx, c.index(), new Date(10));
    expect(r.map((x) => (x.ok ? x.unitPrice : null))).toEqual([900, 500]);
    expect(c.stats()).toEqual({ variants: 2, rules: 2 });
  });

  it("drops everything when invalidated whole or when older than the max age", () => {
    const c = new PriceBookCache(channel);
    c.absorb(snap({ exchangeRates: [{ from: "USD", to: "EUR", rate: "0.9" }] }), ["a"], 0);
    c.invalidate(null);
    expect(c.needsRates()).toBe(true);
    expect(c.missing(["a"], 1)).toEqual(["a"]);
    c.absorb(snap({}), ["a"], 100);
    expect(c.missing(["a"], 100 + PRICE_BOOK_MAX_AGE_MS - 1)).toEqual([]);
    expect(c.missing(["a"], 100 + PRICE_BOOK_MAX_AGE_MS + 1)).toEqual(["a"]);
  });
});
