import { describe, expect, it } from "vitest";
import { buildCartIndex, compileRules, type PromotionRule } from "../../../shared/promotions";
import { applyCombination, type Candidate } from "../../../shared/promotions/apply-rules";
import { bestCombination, conflictWith, type ScoredCandidate } from "../../../shared/promotions/best-combination";
import { matchingLines } from "../../../shared/promotions/condition-tree";
import { mulberry32 } from "../../bench/promotions-fixtures";
import { cart, ctx, line } from "./helpers";

/** Brute force over every subset: the best feasible saving. */
function bruteForce(cands: readonly ScoredCandidate[], index: ReturnType<typeof buildCartIndex>, globalMax?: number): number {
  let best = 0;
  for (let mask = 1; mask < 1 << cands.length; mask++) {
    const set: Candidate[] = [];
    let ok = true;
    for (let i = 0; i < cands.length && ok; i++) {
      if (!(mask & (1 << i))) continue;
      ok = conflictWith(set, cands[i]!, globalMax) === null;
      set.push(cands[i]!);
    }
    if (ok) best = Math.max(best, applyCombination([...set].sort((a, b) => a.ordinal - b.ordinal), index).saving);
  }
  return best;
}

describe("best combination search", () => {
  it("finds the brute-force optimum on random rule sets", () => {
    const rng = mulberry32(2026);
    const int = (n: number) => Math.floor(rng() * n);
    const c = cart([
      line("A", 1_000, 6, { categoryIds: ["1"] }), line("B", 2_500, 2, { categoryIds: ["1", "2"] }),
      line("C", 400, 9, { categoryIds: ["2"] }), line("D", 12_000, 1),
    ], 1_500);
    const x = ctx({ couponCodes: ["K0", "K1", "K2"] });
    const index = buildCartIndex(c, x);
    const actions = () => {
      const r = int(8);
      if (r === 0) return { type: "percent_off", config: { percent: 1 + int(40) } };
      if (r === 1) return { type: "percent_off", config: { percent: 1 + int(30), target: "order" } };
      if (r === 2) return { type: "fixed_amount_off", config: { amount: 100 + int(3_000), target: rng() < 0.5 ? "order" : "matching_lines" } };
      if (r === 3) return { type: "fixed_price_per_line", config: { unit_price: 200 + int(2_000) } };
      if (r === 4) return { type: "buy_x_get_y", config: { buy_qty: 1 + int(3), get_qty: 1, discount_order: rng() < 0.5 ? "cheapest_first" : "most_expensive_first" } };
      if (r === 5) return { type: "volume_tiered_percentage", config: { tiers: [{ min_qty: 2, percent: 5 }, { min_qty: 8, percent: 12 }] } };
      if (r === 6) return { type: "free_shipping", config: rng() < 0.5 ? {} : { max_amount: 700 } };
      return { type: "bundle_discount", config: { items: [{ sku: "A", quantity: 2 }, { sku: "C", quantity: 3 }], percent: 5 + int(20) } };
    };
    let nonTrivial = 0;
    for (let round = 0; round < 60; round++) {
      const n = 3 + int(7);
      const json = Array.from({ length: n }, (_, i) => {
        const coupon = rng() < 0.25;
        const s = rng();
        return {
          id: `r${i}`,
          name: `r${i}`,
          priority: int(3),
          ...(coupon ? { type: "coupon", coupon_codes: [`K${int(3)}`] } : {}),
          stacking_policy: s < 0.6 ? "stackable" : s < 0.8 ? "exclusive" : "coupon_only",
          ...(rng() < 0.4 ? { exclusive_lists: [`L${int(3)}`] } : {}),
          ...(rng() < 0.15 ? { max_per_cart: 1 + int(3) } : {}),
          ...(rng() < 0.2 ? { max_discount_amount: 500 + int(4_000) } : {}),
          conditions: rng() < 0.5 ? [{ type: "product_in_category", config: { category_ids: [1 + int(2)] } }] : [],
          actions: [actions(), ...(rng() < 0.3 ? [actions()] : [])],
        };
      });
      const rules: PromotionRule[] = compileRules(json);
      const cands: ScoredCandidate[] = rules.map((rule, ordinal) => {
        const cand = { rule, ordinal, lines: matchingLines(rule.lineFilters, index) };
        return { ...cand, standalone: applyCombination([cand], index).saving };
      }).filter((c) => c.standalone > 0);
      const globalMax = round % 5 === 0 ? 2 : undefined;
      const found = bestCombination(cands, index, globalMax ? { maxPromotionsPerCart: globalMax } : {});
      expect(found.exhaustive).toBe(true);
      expect(applyCombination(found.chosen, index).saving).toBe(found.saving);
      expect(found.saving).toBe(bruteForce(cands, index, globalMax));
      if (found.chosen.length > 1 && found.chosen.length < cands.length) nonTrivial++;
    }
    expect(nonTrivial).toBeGreaterThan(10);
  });
});
