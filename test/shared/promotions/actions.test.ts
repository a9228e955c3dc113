import { describe, expect, it } from "vitest";
import { defaultRegistries } from "../../../shared/promotions";
import { appliedIds, cart, ctx, evaluate, explanation, line, promo } from "./helpers";

const X = ctx();
const cat = (id: string) => ({ type: "product_in_category", config: { category_ids: [id] } });
const sku = (...skus: string[]) => ({ type: "sku_match", config: { skus } });

describe("actions", () => {
  it("there are the 8 built-in actions", () => {
    expect(defaultRegistries.actions.codes()).toEqual([
      "bundle_discount", "buy_x_get_y", "fixed_amount_off", "fixed_price_per_line",
      "free_gift", "free_shipping", "percent_off", "volume_tiered_percentage",
    ]);
  });

  describe("percent_off", () => {
    const c = cart([line("A", 999, 3, { categoryIds: ["1"] }), line("B", 500, 1)]);
    it("on matching lines rounds each line half-up", () => {
      const r = evaluate([promo("p", [cat("1")], [{ type: "percent_off", config: { percent: 12.5 } }])], c, X);
      expect(r.lines.map((l) => l.lineDiscount)).toEqual([375, 0]); // 2997 × 12.5 % = 374.625
    });
    it("on the order applies after line discounts and is shared over lines", () => {
      const r = evaluate([
        promo("line", [cat("1")], [{ type: "percent_off", config: { percent: 10 } }]),
        promo("order", [], [{ type: "percent_off", config: { percent: 10, target: "order" } }]),
      ], c, X);
      expect(r.lines[0]!.lineDiscount).toBe(300);
      expect(r.orderDiscounts).toEqual([{ ruleId: "order", amount: 320 }]); // 10 % of (3497 − 300)
      expect(r.lines.map((l) => l.orderDiscountShare)).toEqual([270, 50]);
      expect(r.lines.map((l) => l.net)).toEqual([2_427, 450]);
      expect(r.totalDiscount).toBe(620);
    });
  });

  describe("fixed_amount_off", () => {
    const c = cart([line("A", 1_000, 2), line("B", 500, 1)]);
    it("off the order never goes below zero", () => {
      const r = evaluate([promo("f", [], [{ type: "fixed_amount_off", config: { amount: 10_000, target: "order" } }])], c, X);
      expect(r.orderDiscounts).toEqual([{ ruleId: "f", amount: 2_500 }]);
      expect(r.lines.every((l) => l.net === 0)).toBe(true);
    });
    it("spread over matching lines in proportion", () => {
      const r = evaluate([promo("f", [], [{ type: "fixed_amount_off", config: { amount: 301 } }])], c, X);
      expect(r.lines.map((l) => l.lineDiscount)).toEqual([241, 60]); // 2000 : 500
    });
    it("per unit of each matching line, capped at the line", () => {
      const r = evaluate([promo("f", [], [{ type: "fixed_amount_off", config: { amount: 600, per_unit: true } }])], c, X);
      expect(r.lines.map((l) => l.lineDiscount)).toEqual([1_200, 500]);
    });
  });

  it("fixed_price_per_line sets the unit price of matching lines, leaving cheaper lines alone", () => {
    const c = cart([line("A", 1_000, 2), line("B", 500, 1), line("C", 300, 4)]);
    const r = evaluate([promo("f", [sku("A", "C")], [{ type: "fixed_price_per_line", config: { unit_price: 700 } }])], c, X);
    expect(r.lines.map((l) => l.lineDiscount)).toEqual([600, 0, 0]);
  });

  describe("volume_tiered_percentage", () => {
    const tiers = [{ min_qty: 10, percent: 5 }, { min_qty: 20, percent: 10 }];
    const c = cart([line("A", 100, 15, { categoryIds: ["1"] }), line("B", 100, 8, { categoryIds: ["1"] })]);
    it("basis line: each line's own quantity", () => {
      const r = evaluate([promo("t", [cat("1")], [{ type: "volume_tiered_percentage", config: { tiers, basis: "line" } }])], c, X);
      expect(r.lines.map((l) => l.lineDiscount)).toEqual([75, 0]);
    });
    it("basis matching_total: the matching lines together", () => {
      const r = evaluate([promo("t", [cat("1")], [{ type: "volume_tiered_percentage", config: { tiers } }])], c, X);
      expect(r.lines.map((l) => l.lineDiscount)).toEqual([150, 80]);
    });
  });

  describe("buy_x_get_y", () => {
    const bogo = (config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      promo("b", [sku("T", "U")], [{ type: "buy_x_get_y", config: { buy_qty: 2, get_qty: 1, ...config } }], extra);
    it.each([[2, 0], [3, 1], [4, 1], [5, 1], [6, 2], [9, 3]])("buy 2 get 1: %i units → %i free", (qty, free) => {
      const r = evaluate([bogo({})], cart([line("T", 700, qty)]), X);
      expect(r.totalDiscount).toBe(free * 700);
    });
    it("max_applications caps the repeats", () => {
      expect(evaluate([bogo({ max_applications: 2 })], cart([line("T", 700, 12)]), X).totalDiscount).toBe(1_400);
    });
    it("once_per_order applies it once", () => {
      expect(evaluate([bogo({}, { once_per_order: true })], cart([line("T", 700, 12)]), X).totalDiscount).toBe(700);
    });
    it("discounts the cheapest units first, or the most expensive", () => {
      const c = cart([line("T", 1_000, 3), line("U", 400, 3)]);
      const cheap = evaluate([bogo({})], c, X);
      expect(cheap.lines.map((l) => l.lineDiscount)).toEqual([0, 800]);
      const dear = evaluate([bogo({ discount_order: "most_expensive_first" })], c, X);
      expect(dear.lines.map((l) => l.lineDiscount)).toEqual([2_000, 0]);
      const half = evaluate([bogo({ percent: 50 })], c, X);
      expect(half.lines.map((l) => l.lineDiscount)).toEqual([0, 400]);
    });
    it("spills over to the next cheapest line", () => {
      const c = cart([line("T", 1_000, 5), line("U", 400, 1)]); // 6 units → 2 free: U then one T
      expect(evaluate([bogo({})], c, X).lines.map((l) => l.lineDiscount)).toEqual([1_000, 400]);
    });
  });

  describe("bundle_discount", () => {
    const items = [{ sku: "A", quantity: 1 }, { sku: "B", quantity: 2 }];
    const c = cart([line("A", 1_000, 3), line("B", 500, 5), line("C", 100, 1)]);
    it("bundle_price per complete bundle, allocated over the components", () => {
      const r = evaluate([promo("k", [], [{ type: "bundle_discount", config: { items, bundle_price: 1_500 } }])], c, X);
      // 2 bundles (B limits): value 2 × 2000 = 4000 → pay 3000
      expect(r.totalDiscount).toBe(1_000);
      expect(r.lines.map((l) => l.lineDiscount)).toEqual([500, 500, 0]);
    });
    it("percent off and max_applications", () => {
      const r = evaluate([promo("k", [], [{ type: "bundle_discount", config: { items, percent: 10, max_applications: 1 } }])], c, X);
      expect(r.totalDiscount).toBe(200);
    });
    it("incomplete bundle gives nothing (explained)", () => {
      const r = evaluate([promo("k", [], [{ type: "bundle_discount", config: { items, percent: 10 } }])], cart([line("A", 1_000, 3), line("B", 500, 1)]), X);
      expect(r.totalDiscount).toBe(0);
      expect(explanation(r, "k")?.reason).toBe("no_discount");
    });
  });

  it("free_gift adds a fully discounted gift line and counts its value as saving", () => {
    const r = evaluate([promo("g", [sku("A")], [{ type: "free_gift", config: { variant_id: 77, sku: "GIFT", quantity: 2, unit_price: 450 } }])], cart([line("A", 1_000, 1)]), X);
    expect(r.gifts).toEqual([{ ruleId: "g", variantId: "77", sku: "GIFT", quantity: 2, unitPrice: 450, discount: 900 }]);
    expect(r.applied).toEqual([{ ruleId: "g", name: "Promo g", saving: 900 }]);
    expect(r.lines[0]!.net).toBe(1_000);
  });

  it("free_shipping discounts what is left of shipping, up to max_amount", () => {
    const c = cart([line("A", 1_000, 1)], 900);
    expect(evaluate([promo("s", [], [{ type: "free_shipping", config: {} }])], c, X).shippingDiscount).toBe(900);
    expect(evaluate([promo("s", [], [{ type: "free_shipping", config: { max_amount: 500 } }])], c, X).shippingDiscount).toBe(500);
    const both = evaluate([
      promo("s1", [], [{ type: "free_shipping", config: { max_amount: 500 } }]),
      promo("s2", [], [{ type: "free_shipping", config: {} }]),
    ], c, X);
    expect(both.shippingDiscount).toBe(900);
    expect(both.shippingDiscounts.reduce((a, d) => a + d.amount, 0)).toBe(900);
  });

  it("a rule with several actions runs them phase by phase; max_discount_amount caps the rule", () => {
    const rule = promo("multi", [], [
      { type: "free_shipping", config: {} },
      { type: "percent_off", config: { percent: 10, target: "order" } },
      { type: "percent_off", config: { percent: 20 } },
    ]);
    const c = cart([line("A", 1_000, 5)], 800);
    const r = evaluate([rule], c, X);
    expect(r.lines[0]!.lineDiscount).toBe(1_000);
    expect(r.orderDiscounts[0]!.amount).toBe(400);
    expect(r.shippingDiscount).toBe(800);
    const capped = evaluate([{ ...rule, max_discount_amount: 1_200 }], c, X);
    expect(capped.totalDiscount).toBe(1_200);
    expect(capped.lines[0]!.lineDiscount).toBe(1_000);
    expect(capped.orderDiscounts[0]!.amount).toBe(200);
    expect(capped.shippingDiscount).toBe(0);
    expect(appliedIds(capped)).toEqual(["multi"]);
  });

  it("all amounts stay integers and never negative under heavy stacking", () => {
    const rules = [
      promo("a", [], [{ type: "percent_off", config: { percent: 33.3333 } }]),
      promo("b", [], [{ type: "fixed_amount_off", config: { amount: 777 } }]),
      promo("c", [], [{ type: "fixed_price_per_line", config: { unit_price: 1 } }]),
      promo("d", [], [{ type: "fixed_amount_off", config: { amount: 99_999, target: "order" } }]),
    ];
    const r = evaluate(rules, cart([line("A", 333, 7), line("B", 1, 1), line("C", 12_345, 2)], 50), X);
    for (const l of r.lines) {
      expect(Number.isInteger(l.net) && l.net >= 0).toBe(true);
      expect(l.lineDiscount + l.orderDiscountShare + l.net).toBe(l.lineTotal);
    }
    expect(r.totalDiscount).toBe(r.subtotal);
  });
});
