import { describe, expect, it } from "vitest";
import { DomainError } from "../../../shared/kernel/errors";
import { convertMinor } from "../../../shared/kernel/money";
import { indexSnapshot, resolvePrice, selectCurrency, type PriceResolution, type PricingContext, type ResolvedPrice } from "../../../shared/pricing";
import { makeConverter } from "../../../shared/pricing/price-index";
import { CH, T0, entry, flat, list, override, prng, rate, snapshot, tiers } from "./fixtures";

const ctx = (currency: string, extra: Partial<PricingContext> = {}): PricingContext => ({ channelId: CH, currency, accountId: "acct-1", groupIds: [], ...extra });
function ok(r: PriceResolution): ResolvedPrice {
  if (!r.ok) throw new Error(`expected a price, got ${r.reason}`);
  return r;
}
const RATES = [rate("USD", "MXN", "17.2345"), rate("USD", "JPY", "151.37"), rate("USD", "KWD", "0.3071")];

describe("direct vs converted", () => {
  it("a direct target-currency list wins over a higher-priority base list", () => {
    const s = snapshot({
      priceLists: [list("pl-usd", "USD", 10), list("pl-mxn", "MXN", 0)],
      priceListEntries: [entry("pl-usd", "V", flat(1000)), entry("pl-mxn", "V", flat(15000))],
      exchangeRates: RATES,
    });
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx("MXN"), s, T0))).toMatchObject({
      unitPrice: 15000,
      currency: "MXN",
      source: { method: "direct", priceListId: "pl-mxn", rate: null, sourceCurrency: "MXN" },
    });
  });

  it("converts the base price with the stored rate when no direct entry exists, tier chosen on base tiers", () => {
    const updatedAt = new Date("2025-05-30T00:00:00Z");
    const s = snapshot({
      priceLists: [list("pl-usd", "USD"), list("pl-eur", "EUR", 50)],
      priceListEntries: [entry("pl-usd", "V", tiers([1, 1000], [10, 900])), entry("pl-eur", "V", flat(1))],
      exchangeRates: [rate("USD", "MXN", "17.2345", updatedAt), rate("EUR", "MXN", "20")],
      supported: ["USD", "MXN", "EUR"],
    });
    // $10.00 × 17.2345 = 172.345 MXN → 17234.5 centavos → half up 17235; EUR list is ignored (not base)
    expect(ok(resolvePrice({ variantId: "V", quantity: 3 }, ctx("MXN"), s, T0))).toMatchObject({
      unitPrice: 17235,
      lineTotal: 51705,
      source: { method: "converted", rate: "17.2345", rateUpdatedAt: updatedAt, sourceCurrency: "USD", sourceUnitPrice: 1000, tierMinQty: 1, priceListId: "pl-usd" },
    });
    // $9.00 × 17.2345 = 155.1105 MXN → 15511
    expect(ok(resolvePrice({ variantId: "V", quantity: 10 }, ctx("MXN"), s, T0)).unitPrice).toBe(15511);
  });

  it("decides direct-vs-converted within each level: a converted account price beats a direct list price", () => {
    const s = snapshot({
      overrides: [override("a-usd", "account", "acct-1", "V", flat(800))],
      priceLists: [list("pl-mxn", "MXN")],
      priceListEntries: [entry("pl-mxn", "V", flat(100))],
      exchangeRates: RATES,
    });
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx("MXN"), s, T0)).source).toMatchObject({ level: "account", method: "converted" });
    const withDirect = snapshot({ ...s, overrides: [...s.overrides, override("a-mxn", "account", "acct-1", "V", flat(99999), { currency: "MXN" })] });
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx("MXN"), withDirect, T0))).toMatchObject({ unitPrice: 99999, source: { overrideId: "a-mxn", method: "direct" } });
  });

  it("groups: each group is priced on its own, then the lowest wins; an equal converted price loses to a direct one", () => {
    const s = snapshot({
      overrides: [override("ga", "group", "g-a", "V", flat(1000)), override("gz", "group", "g-z", "V", flat(17235), { currency: "MXN" })],
      exchangeRates: RATES,
    });
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx("MXN", { groupIds: ["g-a", "g-z"] }), s, T0)).source).toMatchObject({ scopeId: "g-z", method: "direct" });
    const cheaperConverted = snapshot({ ...s, overrides: [override("ga", "group", "g-a", "V", flat(999)), s.overrides[1]!] });
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx("MXN", { groupIds: ["g-a", "g-z"] }), cheaperConverted, T0))).toMatchObject({ unitPrice: 17217, source: { scopeId: "g-a" } });
  });

  it("does not fall through to a lower level when the matching level lacks an exchange rate", () => {
    const s = snapshot({
      overrides: [override("a", "account", "acct-1", "V", flat(800))],
      priceLists: [list("pl-jpy", "JPY")],
      priceListEntries: [entry("pl-jpy", "V", flat(1500))],
      exchangeRates: [rate("USD", "MXN", "17")],
    });
    expect(resolvePrice({ variantId: "V", quantity: 1 }, ctx("JPY"), s, T0)).toEqual({ ok: false, variantId: "V", quantity: 1, currency: "JPY", reason: "NO_EXCHANGE_RATE", level: "account" });
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx("JPY", { accountId: "other" }), s, T0)).unitPrice).toBe(1500);
  });

  it("rejects a target currency the channel does not support", () => {
    const s = snapshot({ supported: ["USD", "MXN"] });
    expect(() => resolvePrice({ variantId: "V", quantity: 1 }, ctx("JPY"), s, T0)).toThrow(DomainError);
  });

  it("uses the most recently updated rate when a pair has several rows", () => {
    const s = snapshot({
      priceLists: [list("pl", "USD")],
      priceListEntries: [entry("pl", "V", flat(1000))],
      exchangeRates: [rate("USD", "MXN", "18", new Date("2025-05-01")), rate("USD", "MXN", "17", new Date("2025-05-20")), rate("USD", "MXN", "16", new Date("2025-05-10"))],
    });
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx("MXN"), s, T0)).unitPrice).toBe(17000);
  });
});

describe("rounding per currency exponent", () => {
  const s = (base: string, r: ReturnType<typeof rate>[], price: number) =>
    snapshot({ base, supported: ["USD", "JPY", "KWD"], priceLists: [list("pl", base)], priceListEntries: [entry("pl", "V", flat(price))], exchangeRates: r });
  const price = (snap: ReturnType<typeof s>, cur: string) => ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx(cur), snap, T0)).unitPrice;

  it.each([
    // [base, price in base minor units, target, rate, expected target minor units]  hand-computed
    ["USD", 999, "JPY", "151.37", 1512], // 9.99 × 151.37 = 1512.1863 → ¥1512 (exponent 0)
    ["USD", 1000, "JPY", "151.37", 1514], // 1513.7 → ¥1514
    ["USD", 999, "KWD", "0.3071", 3068], // 3.067929 KWD → 3.068 (exponent 3)
    ["USD", 1, "KWD", "0.3071", 3], // 0.003071 → 0.003
    ["JPY", 1500, "USD", "0.0066", 990], // ¥1500 → $9.90
    ["JPY", 1, "USD", "0.0066", 1], // $0.0066 → $0.01
    ["KWD", 3068, "USD", "3.2563", 999], // 3.068 KWD × 3.2563 = 9.9903 → $9.99
    ["KWD", 1, "JPY", "493.1", 0], // 0.001 KWD = ¥0.4931 → ¥0
    ["KWD", 1, "JPY", "500", 1], // exactly ¥0.5 → half up → ¥1
  ] as const)("%s %i → %s at %s = %i", (base, amount, target, r, expected) => {
    expect(price(s(base, [rate(base, target, r)], amount), target)).toBe(expected);
  });

  it("honours the conversion rounding option of the index (half-even keeps the even centavo)", () => {
    const snap = snapshot({ priceLists: [list("pl", "USD")], priceListEntries: [entry("pl", "V", flat(1000))], exchangeRates: RATES });
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx("MXN"), indexSnapshot(snap), T0)).unitPrice).toBe(17235);
    expect(ok(resolvePrice({ variantId: "V", quantity: 1 }, ctx("MXN"), indexSnapshot(snap, { conversionRounding: "half_even" }), T0)).unitPrice).toBe(17234);
  });

  it("the prepared converter equals kernel convertMinor for random amounts, rates and modes", () => {
    const rnd = prng(42);
    const cur = ["USD", "JPY", "KWD", "MXN"];
    const modes = ["half_up", "half_even", "up", "down", "floor", "ceil"] as const;
    for (let i = 0; i < 3000; i++) {
      const from = cur[Math.floor(rnd() * 4)]!;
      const to = cur[Math.floor(rnd() * 4)]!;
      const r = `${Math.floor(rnd() * 2000)}.${String(Math.floor(rnd() * 1e6)).padStart(6, "0")}`;
      if (/^0\.0+$/.test(r)) continue;
      const mode = modes[i % modes.length]!;
      const amount = i % 50 === 0 ? Math.floor(rnd() * Number.MAX_SAFE_INTEGER) : Math.floor(rnd() * 10 ** (1 + Math.floor(rnd() * 9)));
      expect(makeConverter(from, to, r, null, mode).convert(amount), `${amount} ${from}->${to} @${r} ${mode}`).toBe(convertMinor(amount, from, to, r, mode));
    }
  });
});

describe("selectCurrency", () => {
  const channel = { channelId: CH, baseCurrency: "USD", supportedCurrencies: ["USD", "MXN", "CAD"] };
  const countries = { MX: "MXN", CA: "CAD", JP: "JPY" };
  it.each([
    [{ anonymous: false, locationPreferred: "MXN", accountPreferred: "CAD", customerPreferred: "USD" }, "MXN", "location"],
    [{ anonymous: false, accountPreferred: "CAD", customerPreferred: "MXN" }, "CAD", "account"],
    [{ anonymous: false, customerPreferred: "MXN" }, "MXN", "customer"],
    // preference not supported → base, even though a less specific supported one exists
    [{ anonymous: false, locationPreferred: "JPY", accountPreferred: "MXN" }, "USD", "base"],
    [{ anonymous: false, customerPreferred: "EUR" }, "USD", "base"],
    [{ anonymous: false, requested: "CAD", customerPreferred: "MXN" }, "CAD", "requested"],
    [{ anonymous: false, requested: "JPY", customerPreferred: "MXN" }, "MXN", "customer"],
    [{ anonymous: true, country: "mx" }, "MXN", "country"],
    [{ anonymous: true, country: "JP" }, "USD", "base"], // JPY not supported
    [{ anonymous: true, country: "FR" }, "USD", "base"], // not in map
    [{ anonymous: false, country: "MX" }, "USD", "base"], // signed-in buyers are not priced by country
  ] as const)("%j → %s (%s)", (input, currency, source) => {
    expect(selectCurrency({ channel, countryCurrencies: countries, ...input })).toEqual({ currency, source });
  });
  it("accepts a Map of country currencies", () => {
    expect(selectCurrency({ channel, anonymous: true, country: "CA", countryCurrencies: new Map([["CA", "CAD"]]) }).currency).toBe("CAD");
  });
});
