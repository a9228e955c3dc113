import { describe, expect, it } from "vitest";
import {
  buildCartIndex, compileRules, evaluatePromotions, evaluatePromotionsPlain, PromotionRuleIndex,
} from "../../../shared/promotions";
import { makeCart, makeContext, makeRules, makeUsage, mulberry32, type CatalogShape } from "../../bench/promotions-fixtures";
import { sameOutcome } from "../../bench/promotions.bench";
import { promo } from "./helpers";

// a small catalogue so that many rules hit each cart and interact
const SMALL: CatalogShape = { skus: 400, categories: 60, collections: 20, brands: 15, groups: 6, coupons: 12 };
const NOW = Date.UTC(2026, 5, 15, 14, 0);

describe("indexed evaluation", () => {
  it("gives exactly the plain loop's result on random rule sets and carts", () => {
    const rng = mulberry32(42);
    let applied = 0;
    let skipped = 0;
    for (let round = 0; round < 6; round++) {
      const json = makeRules(300, SMALL, rng, NOW);
      const rules = compileRules(json);
      const index = new PromotionRuleIndex(rules);
      for (let k = 0; k < 5; k++) {
        const x = makeContext(rng, NOW);
        x.customerGroupIds = [`g${Math.floor(rng() * 6)}`];
        x.couponCodes = [`code-${Math.floor(rng() * 12)}`, `CODE-${Math.floor(rng() * 12)}`];
        x.usage = makeUsage(json, rng);
        const c = makeCart(10 + Math.floor(rng() * 40), SMALL, rng);
        const plain = evaluatePromotionsPlain(rules, c, x);
        const indexed = evaluatePromotions(index, c, x);
        expect(evaluatePromotions(index, c, x, { explainAll: true })).toEqual(plain);
        expect(sameOutcome(indexed, plain)).toBe(true);
        expect(indexed.searchExhaustive).toBe(true);
        applied += plain.applied.length;
        skipped += plain.explanations.length - indexed.explanations.length;
      }
    }
    expect(applied).toBeGreaterThan(60); // the comparison is not vacuous
    expect(skipped).toBeGreaterThan(1_000); // and the index really skips rules
  });

  it("only visits rules whose required key the cart holds", () => {
    const rules = compileRules([
      promo("sku", [{ type: "sku_match", config: { skus: ["A"] } }]),
      promo("cat", [{ type: "channel", config: { channel_codes: ["b2b"] } }, { type: "product_in_category", config: { category_ids: [5] } }]),
      promo("any", [{ type: "any", conditions: [
        { type: "customer_in_group", config: { group_ids: [1] } },
        { type: "account", config: { account_ids: ["acc"] } },
      ] }]),
      promo("not", [{ type: "not", condition: { type: "sku_match", config: { skus: ["A"] } } }]),
      { ...promo("coupon", []), type: "coupon", coupon_codes: ["Z9"] },
      promo("always", [{ type: "cart_subtotal_min", config: { amount: 1 } }]),
    ]);
    const index = new PromotionRuleIndex(rules);
    const ids = (lines: Array<{ sku: string; categoryIds?: string[] }>, extra: Record<string, unknown> = {}) =>
      index
        .candidates(buildCartIndex(
          { currency: "USD", lines: lines.map((l) => ({ variantId: l.sku, productId: l.sku, quantity: 1, unitPrice: 100, ...l })) },
          { channelCode: "b2b", now: NOW, ...extra },
        ))
        .map((o) => index.rules[o]!.id)
        .sort();
    expect(ids([{ sku: "B" }])).toEqual(["always", "not"]);
    expect(ids([{ sku: "A", categoryIds: ["5"] }])).toEqual(["always", "cat", "not", "sku"]);
    expect(ids([{ sku: "B" }], { accountId: "acc", couponCodes: ["z9"] })).toEqual(["always", "any", "coupon", "not"]);
  });
});
