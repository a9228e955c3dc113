import { describe, expect, it } from "vitest";
import { appliedIds, cart, ctx, evaluate, explanation, line, promo } from "./helpers";

const X = ctx({ couponCodes: ["C1", "C2"] });
const C = cart([line("A", 1_000, 10), line("B", 2_000, 5)]); // subtotal 20 000
const pct = (id: string, percent: number, extra: Record<string, unknown> = {}) =>
  promo(id, [], [{ type: "percent_off", config: { percent } }], extra);
const coupon = (id: string, code: string, percent: number, extra: Record<string, unknown> = {}) =>
  pct(id, percent, { type: "coupon", coupon_codes: [code], ...extra });

describe("stacking policies", () => {
  it("stackable rules all apply, each on what the previous left", () => {
    const r = evaluate([pct("a", 10), pct("b", 10)], C, X);
    expect(appliedIds(r)).toEqual(["a", "b"]);
    expect(r.totalDiscount).toBe(2_000 + 1_800);
  });

  it("exclusive applies alone when it saves more than any combination", () => {
    const r = evaluate([pct("a", 10), pct("b", 10), pct("e", 25, { stacking_policy: "exclusive" })], C, X);
    expect(appliedIds(r)).toEqual(["e"]);
    expect(r.totalDiscount).toBe(5_000);
    expect(explanation(r, "a")).toMatchObject({ reason: "excluded_by_exclusive", detail: { by: "e" } });
  });

  it("exclusive loses to a better combination and says so", () => {
    const r = evaluate([pct("a", 10), pct("b", 10), pct("e", 15, { stacking_policy: "exclusive" })], C, X);
    expect(appliedIds(r)).toEqual(["a", "b"]);
    expect(r.totalDiscount).toBe(3_800);
    expect(explanation(r, "e")).toMatchObject({ reason: "not_in_best_combination" });
  });

  it("coupon_only stacks with coupons only", () => {
    const rules = [pct("co", 10, { stacking_policy: "coupon_only" }), coupon("c1", "C1", 5), pct("auto", 8)];
    const r = evaluate(rules, C, X);
    // {co, c1} = 2000 + 900 = 2900 beats {auto, c1} = 1600 + 920 = 2520
    expect(appliedIds(r)).toEqual(["c1", "co"]); // applied in rule order: priority, then id
    expect(r.totalDiscount).toBe(2_900);
    expect(explanation(r, "auto")).toMatchObject({ reason: "excluded_by_coupon_only", detail: { by: "co" } });
    const r2 = evaluate([...rules, pct("auto2", 5)], C, X);
    // {auto, auto2, c1}: 1600 + 920 + 874 = 3394 now beats 2900
    expect(appliedIds(r2)).toEqual(["auto", "auto2", "c1"]);
    expect(explanation(r2, "co")).toMatchObject({ reason: "excluded_by_coupon_only" });
  });

  it("two coupon_only automatic rules never apply together, a coupon_only coupon stacks with another coupon", () => {
    const r = evaluate([pct("co1", 10, { stacking_policy: "coupon_only" }), pct("co2", 12, { stacking_policy: "coupon_only" })], C, X);
    expect(appliedIds(r)).toEqual(["co2"]);
    const r2 = evaluate([coupon("c1", "C1", 10, { stacking_policy: "coupon_only" }), coupon("c2", "C2", 10)], C, X);
    expect(appliedIds(r2)).toEqual(["c1", "c2"]);
  });
});

describe("mutually exclusive lists and max per cart", () => {
  it("a list applies at most its best member", () => {
    const r = evaluate([
      pct("l5", 5, { exclusive_lists: ["L"] }), pct("l12", 12, { exclusive_lists: ["L"] }), pct("l8", 8, { exclusive_lists: ["L", "M"] }),
      pct("m3", 3, { exclusive_lists: ["M"] }), pct("free", 1),
    ], C, X);
    expect(appliedIds(r)).toEqual(["free", "l12", "m3"]);
    expect(explanation(r, "l5")).toMatchObject({ reason: "excluded_by_list", detail: { list: "L", by: "l12" } });
    expect(explanation(r, "l8")).toMatchObject({ reason: "excluded_by_list" });
  });

  it("picks the best combination, not the greedy one", () => {
    // x alone 30 %; y and z each 20 % but together 36 %; x conflicts with both through lists
    const r = evaluate([
      pct("x", 30, { exclusive_lists: ["L1", "L2"] }), pct("y", 20, { exclusive_lists: ["L1"] }), pct("z", 20, { exclusive_lists: ["L2"] }),
    ], C, X);
    expect(appliedIds(r)).toEqual(["y", "z"]);
    expect(r.totalDiscount).toBe(7_200);
    expect(r.searchExhaustive).toBe(true);
  });

  it("max_per_cart limits how many promotions apply with it", () => {
    const rules = [pct("big", 15, { max_per_cart: 1 }), pct("a", 10), pct("b", 6)];
    const r = evaluate(rules, C, X);
    expect(appliedIds(r)).toEqual(["a", "b"]); // 2000 + 1080 = 3080 > 3000
    expect(explanation(r, "big")).toMatchObject({ reason: "excluded_by_max_per_cart" });
    const r2 = evaluate([pct("big", 17, { max_per_cart: 2 }), pct("a", 10), pct("b", 6)], C, X);
    expect(appliedIds(r2)).toEqual(["a", "big"]); // 3400 + 1660 = 5060 beats all-but-big 3080
    expect(explanation(r2, "b")).toMatchObject({ reason: "excluded_by_max_per_cart", detail: { by: "big" } });
  });

  it("the engine-wide maxPromotionsPerCart keeps the best subset", () => {
    const r = evaluate([pct("a", 10), pct("b", 6), pct("c", 12)], C, X, { maxPromotionsPerCart: 2 });
    expect(appliedIds(r)).toEqual(["a", "c"]);
    expect(explanation(r, "b")).toMatchObject({ reason: "excluded_by_max_per_cart", detail: { by: "engine" } });
  });
});

describe("ordering and determinism", () => {
  it("applies rules by priority then id, which changes who gets what", () => {
    const fixed = promo("fixed", [], [{ type: "fixed_amount_off", config: { amount: 1_000, target: "order" } }], { priority: 5 });
    const pctOrder = promo("pct", [], [{ type: "percent_off", config: { percent: 50, target: "order" } }], { priority: 1 });
    const r = evaluate([pctOrder, fixed], C, X);
    expect(r.orderDiscounts).toEqual([{ ruleId: "fixed", amount: 1_000 }, { ruleId: "pct", amount: 9_500 }]);
    const swapped = evaluate([{ ...pctOrder, priority: 9 }, fixed], C, X);
    expect(swapped.orderDiscounts).toEqual([{ ruleId: "pct", amount: 10_000 }, { ruleId: "fixed", amount: 1_000 }]);
  });

  it("gives the same result whatever order the rules arrive in", () => {
    const rules = [
      pct("a", 10, { exclusive_lists: ["L"] }), pct("b", 10, { exclusive_lists: ["L"] }), pct("c", 7), pct("d", 7, { stacking_policy: "exclusive" }),
      coupon("k", "C1", 3), pct("e", 15, { stacking_policy: "exclusive" }),
    ];
    const base = evaluate(rules, C, X);
    for (let s = 1; s < 6; s++) {
      const shuffled = rules.map((r, i) => [r, (i * 7 + s * 3) % rules.length] as const).sort((p, q) => p[1] - q[1]).map((p) => p[0]);
      expect(evaluate(shuffled, C, X)).toEqual(base);
    }
    expect(appliedIds(base)).toEqual(["a", "c", "k"]); // 3762 > e's 3000; tie a/b: a first by id
    expect(base.totalDiscount).toBe(3_762);
  });

  it("the search budget returns the best set found and says it was not exhaustive", () => {
    const rules = Array.from({ length: 12 }, (_, i) => pct(`r${i}`, 3 + i, { exclusive_lists: [`L${i % 4}`, `M${i % 3}`] }));
    const full = evaluate(rules, C, X);
    const cut = evaluate(rules, C, X, { maxEvaluations: 2 });
    expect(full.searchExhaustive).toBe(true);
    expect(cut.searchExhaustive).toBe(false);
    expect(cut.totalDiscount).toBeLessThanOrEqual(full.totalDiscount);
    expect(cut.totalDiscount).toBeGreaterThan(0);
  });
});
