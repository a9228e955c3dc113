import { describe, expect, it } from "vitest";
import { compileRule } from "../../../shared/promotions";
import { appliedIds, cart, ctx, evaluate, explanation, line } from "./helpers";

// The rule exactly as the product brief writes it (snake_case, numeric ids).
const BRIEF_RULE = {
  name: "Wholesale volume tiers — Vape category",
  type: "automatic",
  stacking_policy: "coupon_only",
  priority: 100,
  conditions: [
    { type: "channel", config: { channel_codes: ["b2b"] } },
    { type: "product_in_category", config: { category_ids: [42] } },
    { type: "customer_in_group", config: { group_ids: [7, 8] } },
  ],
  actions: [
    {
      type: "volume_tiered_percentage",
      config: { tiers: [{ min_qty: 12, percent: 5 }, { min_qty: 48, percent: 10 }, { min_qty: 144, percent: 15 }] },
    },
  ],
};

const b2b = ctx({ channelCode: "b2b", customerGroupIds: ["8"] });
const vape = (qty: number, price = 1_999) => line("VAPE-1", price, qty, { categoryIds: ["42"] });

describe("brief JSON example", () => {
  it("is accepted as written and normalizes numeric ids to strings", () => {
    const rule = compileRule(BRIEF_RULE);
    expect(rule.stacking).toBe("coupon_only");
    expect(rule.priority).toBe(100);
    expect(rule.requirement?.keys).toEqual([{ kind: "category", value: "42" }]);
  });

  it.each([
    [11, 0],
    [12, 5],
    [47, 5],
    [48, 10],
    [143, 10],
    [144, 15],
    [500, 15],
  ])("qty %i on b2b gets %i %%", (qty, percent) => {
    const r = evaluate([BRIEF_RULE], cart([vape(qty), line("OTHER", 1_000, 200, { categoryIds: ["43"] })]), b2b);
    const expected = Math.floor((qty * 1_999 * percent) / 100 + 0.5);
    expect(r.lines[0]!.lineDiscount).toBe(expected);
    expect(r.lines[1]!.lineDiscount).toBe(0); // other category untouched
    expect(r.totalDiscount).toBe(expected);
    expect(appliedIds(r)).toEqual(percent > 0 ? [BRIEF_RULE.name] : []);
  });

  it("is absent on b2c and explains the channel condition", () => {
    const r = evaluate([BRIEF_RULE], cart([vape(144)]), { ...b2b, channelCode: "b2c" });
    expect(r.totalDiscount).toBe(0);
    expect(explanation(r, BRIEF_RULE.name)).toMatchObject({ reason: "condition_failed", detail: { condition: "channel", path: "conditions.0" } });
  });

  it("needs one of the groups 7 / 8 (string ids from the database match numeric config ids)", () => {
    expect(evaluate([BRIEF_RULE], cart([vape(48)]), { ...b2b, customerGroupIds: ["7"] }).totalDiscount).toBe(9_595);
    const r = evaluate([BRIEF_RULE], cart([vape(48)]), { ...b2b, customerGroupIds: ["9"] });
    expect(explanation(r, BRIEF_RULE.name)?.detail).toMatchObject({ condition: "customer_in_group" });
  });

  it("counts the whole category toward the tier (basis matching_total)", () => {
    const r = evaluate([BRIEF_RULE], cart([vape(30), line("VAPE-2", 1_000, 20, { categoryIds: ["42"] })]), b2b);
    expect(r.lines[0]!.lineDiscount).toBe(5_997); // 10 % of 59 970
    expect(r.lines[1]!.lineDiscount).toBe(2_000);
  });

  it("coupon_only: stacks with a coupon, not with an automatic stackable promotion", () => {
    const coupon = { id: "c1", name: "5 off", type: "coupon", coupon_codes: ["TAKE5"], actions: [{ type: "fixed_amount_off", config: { amount: 500, target: "order" } }] };
    const auto = { id: "a1", name: "1 % off", actions: [{ type: "percent_off", config: { percent: 1 } }] };
    const r = evaluate([BRIEF_RULE, coupon, auto], cart([vape(48)]), { ...b2b, couponCodes: ["take5"] });
    expect(appliedIds(r).sort()).toEqual([BRIEF_RULE.name, "c1"].sort());
    expect(explanation(r, "a1")).toMatchObject({ reason: "excluded_by_coupon_only", detail: { by: BRIEF_RULE.name } });
    expect(r.totalDiscount).toBe(9_595 + 500);
  });
});
