import { describe, expect, it } from "vitest";
import { buildCartIndex, compileRules, evaluatePromotions, evaluatePromotionsPlain, PromotionRuleIndex, type PromotionCart } from "../../../shared/promotions";

const NOW = Date.UTC(2026, 5, 15, 14, 0);
const ctx = { channelCode: "b2b", now: NOW };
const cart: PromotionCart = {
  currency: "USD",
  lines: [
    { variantId: "v1", productId: "p1", sku: "A", categoryIds: ["10", "1"], brandId: "b1", traits: { flavor: "mint" }, quantity: 3, unitPrice: 1_000 },
    { variantId: "v2", productId: "p2", sku: "B", categoryIds: ["11", "1"], brandId: "b2", traits: { flavor: "berry" }, quantity: 2, unitPrice: 500 },
    { variantId: "v3", productId: "p3", sku: "C", categoryIds: ["10"], brandId: "b1", quantity: 5, unitPrice: 200 },
  ],
};

describe("key tables restricted to the rules' universe", () => {
  const rules = compileRules([
    { id: "cat", name: "cat", conditions: [{ type: "product_in_category", config: { category_ids: [10] } }], actions: [{ type: "percent_off", config: { percent: 10 } }] },
    { id: "bundle", name: "bundle", actions: [{ type: "bundle_discount", config: { items: [{ sku: "A", quantity: 1 }, { sku: "B", quantity: 1 }], percent: 20 } }] },
  ]);
  const index = new PromotionRuleIndex(rules);

  it("records only mentioned values, declared action keys included", () => {
    expect([...index.universe.kinds.get("category")!]).toEqual(["10"]);
    expect([...index.universe.kinds.get("sku")!].sort()).toEqual(["A", "B"]);
    const ci = buildCartIndex(cart, ctx, index.universe);
    expect([...ci.tables.category.values()]).toEqual(["10"]);
    expect([...ci.tables.sku.values()].sort()).toEqual(["A", "B"]);
  });

  it("answers about values outside the universe exactly like an unrestricted table", () => {
    const restricted = buildCartIndex(cart, ctx, index.universe);
    const full = buildCartIndex(cart, ctx);
    for (const v of ["1", "10", "11", "99"]) {
      expect(restricted.tables.category.has(v)).toBe(full.tables.category.has(v));
      expect(restricted.tables.category.lines(v)).toEqual(full.tables.category.lines(v));
      expect(restricted.tables.category.qty(v)).toBe(full.tables.category.qty(v));
    }
    expect(restricted.tables.category.qty("1")).toBe(5);
    expect(restricted.tables.sku.lines("C")).toEqual([2]);
    expect(restricted.tables.traitTable("flavor").lines("mint")).toEqual([0]);
    expect(restricted.tables.brand.qty("b1")).toBe(8);
  });

  it("gives the plain loop's result", () => {
    const a = evaluatePromotions(index, cart, ctx, { explainAll: true });
    expect(a).toEqual(evaluatePromotionsPlain(rules, cart, ctx));
    expect(a.applied.map((r) => r.ruleId).sort()).toEqual(["bundle", "cat"]);
  });
});
