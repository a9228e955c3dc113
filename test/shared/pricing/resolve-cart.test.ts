import { describe, expect, it } from "vitest";
import { DomainError } from "../../../shared/kernel/errors";
import {
  createLevelStrategy,
  explainPrice,
  formatTierLabel,
  indexSnapshot,
  listPriceStrategies,
  priceStrategyFor,
  pricingContextKey,
  resolveCart,
  tiersFor,
  type PricingContext,
} from "../../../shared/pricing";
import { BRIEF_TIERS, CH, T0, entry, flat, list, override, rate, snapshot, tiers } from "./fixtures";

const ctx = (extra: Partial<PricingContext> = {}): PricingContext => ({ channelId: CH, currency: "USD", locationId: "loc-a", accountId: "acct-1", groupIds: ["g1"], ...extra });

const snap = snapshot({
  overrides: [
    override("acct-20", "account", "acct-1", "V", tiers([20, 800], [200, 500])),
    override("grp", "group", "g1", "V", tiers([1, 950], [10, 880])),
    override("loc-b", "location", "loc-b", "V", flat(111)),
  ],
  priceLists: [list("pl-usd", "USD")],
  priceListEntries: [entry("pl-usd", "V", BRIEF_TIERS), entry("pl-usd", "W", BRIEF_TIERS)],
  exchangeRates: [rate("USD", "MXN", "17.2345")],
});

describe("tiersFor: the ladder a buyer sees in its own context", () => {
  it("shows the brief's table to a retail buyer", () => {
    const ladder = tiersFor("W", ctx({ locationId: null, accountId: null, groupIds: [] }), snap, T0);
    expect(ladder.map(formatTierLabel)).toEqual(["1+ at 10.00 USD", "10+ at 9.00 USD", "50+ at 7.50 USD", "100+ at 6.00 USD"]);
  });

  it("merges levels: group price below 20, account price from 20, in the buyer's context", () => {
    const ladder = tiersFor("V", ctx(), snap, T0);
    expect(ladder.map((t) => [t.minQty, t.unitPrice, t.source?.level])).toEqual([
      [1, 950, "group"],
      [10, 880, "group"],
      [20, 800, "account"],
      [200, 500, "account"],
    ]);
    // another location of the same account sees its own location price only
    expect(tiersFor("V", ctx({ locationId: "loc-b" }), snap, T0).map((t) => [t.minQty, t.unitPrice])).toEqual([[1, 111]]);
  });

  it("every rung equals what the cart would charge at that quantity, and between rungs nothing changes", () => {
    const c = ctx({ currency: "MXN" });
    const ladder = tiersFor("V", c, snap, T0);
    const qs = Array.from({ length: 250 }, (_, i) => i + 1);
    const resolved = resolveCart(qs.map((quantity) => ({ variantId: "V", quantity })), c, snap, T0);
    for (const q of qs) {
      const rung = [...ladder].reverse().find((t) => t.minQty <= q)!;
      const r = resolved[q - 1]!;
      expect(r.ok && r.unitPrice, `q=${q}`).toBe(rung.unitPrice);
    }
    expect(ladder[0]!.source).toMatchObject({ method: "converted", rate: "17.2345" });
  });

  it("is empty for an unknown variant", () => {
    expect(tiersFor("nope", ctx(), snap, T0)).toEqual([]);
  });
});

describe("explainPrice: what would this buyer pay, and why", () => {
  it("lists every level's own answer next to the winner", () => {
    const e = explainPrice({ variantId: "V", quantity: 25 }, ctx(), snap, T0);
    expect(e.resolution).toMatchObject({ ok: true, unitPrice: 800, source: { level: "account", overrideId: "acct-20" } });
    expect(e.levels.map((l) => [l.level, l.outcome, l.unitPrice, l.ruleId, l.tierMinQty])).toEqual([
      ["managed", "none", null, null, null],
      ["location", "none", null, null, null],
      ["account", "price", 800, "acct-20", 20],
      ["group", "price", 880, "grp", 10],
      ["default", "price", 900, "pl-usd", 10],
    ]);
  });
});

describe("strategies and batch resolution", () => {
  it("a channel can swap the strategy (e.g. retail: managed, group, list only)", () => {
    const retail = createLevelStrategy("retail", "no B2B levels", ["managed", "group", "default"]);
    const lines = [{ variantId: "V", quantity: 25 }];
    expect(resolveCart(lines, ctx(), snap, T0)[0]).toMatchObject({ source: { level: "account" } });
    expect(resolveCart(lines, ctx(), snap, T0, retail)[0]).toMatchObject({ unitPrice: 880, source: { level: "group" } });
    expect(() => createLevelStrategy("bad", "", ["managed", "managed"])).toThrow();
  });

  it("the default strategy is registered and unknown codes are bad input", () => {
    expect(priceStrategyFor(null).code).toBe("five-level");
    expect(listPriceStrategies().map((s) => s.code)).toContain("five-level");
    expect(() => priceStrategyFor("nope")).toThrow(DomainError);
  });

  it("keeps line order and duplicate variants, and one index serves many calls and times", () => {
    const index = indexSnapshot(snap);
    const lines = [{ variantId: "W", quantity: 100 }, { variantId: "V", quantity: 1 }, { variantId: "W", quantity: 1 }, { variantId: "X", quantity: 3 }];
    const got = resolveCart(lines, ctx(), index, T0);
    expect(got.map((r) => (r.ok ? r.unitPrice : r.reason))).toEqual([600, 950, 1000, "NO_PRICE"]);
    expect(got.map((r) => r.variantId)).toEqual(["W", "V", "W", "X"]);
    const snapWithDeal = snapshot({ ...snap, overrides: [...snap.overrides, override("m", "managed", null, "W", flat(1), { validFrom: new Date("2025-07-01T00:00:00Z") })] });
    const idx2 = indexSnapshot(snapWithDeal);
    expect(resolveCart([{ variantId: "W", quantity: 1 }], ctx(), idx2, T0)[0]).toMatchObject({ unitPrice: 1000 });
    expect(resolveCart([{ variantId: "W", quantity: 1 }], ctx(), idx2, new Date("2025-07-01T00:00:00Z"))[0]).toMatchObject({ unitPrice: 1 });
  });

  it("rejects a line total beyond safe integers", () => {
    const s = snapshot({ priceLists: [list("pl", "USD")], priceListEntries: [entry("pl", "V", flat(2 ** 40))] });
    expect(() => resolveCart([{ variantId: "V", quantity: 2 ** 20 }], ctx(), s, T0)).toThrow(DomainError);
  });
});

describe("pricingContextKey", () => {
  it("ignores group order and duplicates but separates every price-relevant field", () => {
    const k = pricingContextKey(ctx({ groupIds: ["g2", "g1", "g2"] }));
    expect(pricingContextKey(ctx({ groupIds: ["g1", "g2"] }))).toBe(k);
    const variants = [ctx({ groupIds: ["g1"] }), ctx({ currency: "MXN", groupIds: ["g1", "g2"] }), ctx({ locationId: null, groupIds: ["g1", "g2"] }), ctx({ accountId: "x", groupIds: ["g1", "g2"] }), ctx({ channelId: "c2", groupIds: ["g1", "g2"] })];
    for (const c of variants) expect(pricingContextKey(c)).not.toBe(k);
    // ids containing separators cannot collide
    expect(pricingContextKey(ctx({ locationId: "a|b", accountId: "c" }))).not.toBe(pricingContextKey(ctx({ locationId: "a", accountId: "b|c" })));
  });
});
