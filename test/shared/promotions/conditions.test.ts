import { describe, expect, it } from "vitest";
import { defaultRegistries, type PromotionContext } from "../../../shared/promotions";
import { appliedIds, cart, ctx, evaluate, explanation, line, promo } from "./helpers";

// A: 2 × 1000, category 42, collection c1, brand b1, flavor mint, 100 g; B: 1 × 500, category 7, 2 kg
const CART = cart([
  line("A", 1_000, 2, { categoryIds: ["42"], collectionIds: ["c1"], brandId: "b1", traits: { flavor: "mint" }, weight: 100 }),
  line("B", 500, 1, { categoryIds: ["7"], weight: 2_000 }),
]);
const BUYER: PromotionContext = ctx({
  channelCode: "b2b",
  customerId: "cust-1",
  customerGroupIds: ["7", "9"],
  accountId: "acc-1",
  locationId: "loc-1",
  role: "purchaser",
  email: "Buyer@Example.com",
  shipToCountry: "US",
  shipToRegion: "US-CA",
  isFirstOrder: true,
  lifetimeValue: 50_000,
  orderCount: 3,
  customerTier: "gold",
  couponCodes: ["Save10"],
});

type Case = { type: string; pass: unknown; fail: unknown; passCtx?: Partial<PromotionContext>; failCtx?: Partial<PromotionContext> };

const CASES: Case[] = [
  { type: "cart_subtotal_min", pass: { amount: 2_500 }, fail: { amount: 2_501 } },
  { type: "cart_subtotal_max", pass: { amount: 2_500 }, fail: { amount: 2_499 } },
  { type: "item_count", pass: { min: 3, max: 3 }, fail: { min: 4 } },
  { type: "total_weight", pass: { min: 2_200 }, fail: { max: 2_199 } },
  { type: "line_count", pass: { min: 2, max: 2 }, fail: { min: 3 } },
  { type: "currency", pass: { currencies: ["USD"] }, fail: { currencies: ["EUR"] } },
  { type: "sku_match", pass: { skus: ["A"], min_qty: 2 }, fail: { skus: ["A"], min_qty: 3 } },
  { type: "product_match", pass: { product_ids: ["p-B"] }, fail: { product_ids: ["p-Z"] } },
  { type: "variant_match", pass: { variant_ids: ["v-A"] }, fail: { variant_ids: ["v-Z"] } },
  { type: "product_in_category", pass: { category_ids: [42] }, fail: { category_ids: [43] } },
  { type: "product_in_collection", pass: { collection_ids: ["c1"] }, fail: { collection_ids: ["c2"] } },
  { type: "product_brand", pass: { brand_ids: ["b1"] }, fail: { brand_ids: ["b2"] } },
  { type: "product_trait", pass: { trait: "flavor", values: ["berry", "mint"] }, fail: { trait: "flavor", values: ["berry"] } },
  { type: "channel", pass: { channel_codes: ["b2b"] }, fail: { channel_codes: ["b2c"] } },
  { type: "customer_in_group", pass: { group_ids: [9] }, fail: { group_ids: [8] } },
  { type: "account", pass: { account_ids: ["acc-1"] }, fail: { account_ids: ["acc-2"] } },
  { type: "location", pass: { location_ids: ["loc-1"] }, fail: { location_ids: ["loc-2"] } },
  { type: "employee_role", pass: { roles: ["purchaser"] }, fail: { roles: ["approver"] } },
  { type: "ship_to_country", pass: { countries: ["us"] }, fail: { countries: ["CA"] } },
  { type: "ship_to_region", pass: { regions: ["us-ca"] }, fail: { regions: ["US-NY"] } },
  { type: "customer_tier", pass: { tiers: ["gold"] }, fail: { tiers: ["silver"] } },
  { type: "coupon_code_present", pass: { codes: ["SAVE10"] }, fail: { codes: ["SAVE20"] } },
  { type: "email_whitelist", pass: { emails: ["buyer@example.COM"] }, fail: { emails: ["other@example.com"] } },
  { type: "email_whitelist", pass: { domains: ["example.com"] }, fail: { domains: ["example.org"] } },
  { type: "first_order", pass: {}, fail: {}, failCtx: { isFirstOrder: false } },
  { type: "first_order", pass: { is_first: false }, passCtx: { isFirstOrder: false }, fail: { is_first: false } },
  { type: "lifetime_value", pass: { min: 50_000 }, fail: { min: 50_001 } },
  { type: "order_count", pass: { max: 3 }, fail: { max: 2 } },
  { type: "customer_authenticated", pass: {}, fail: { authenticated: false } },
  // NOW = Wed 2026-03-11 15:30 UTC = Thu 2026-03-12 00:30 in Tokyo
  { type: "day_of_week", pass: { days: [3] }, fail: { days: ["thu", "fri"] } },
  { type: "day_of_week", pass: { days: ["thursday"], timezone: "Asia/Tokyo" }, fail: { days: [3], timezone: "Asia/Tokyo" } },
  { type: "time_of_day", pass: { from: "15:30", to: "15:31" }, fail: { from: "15:31", to: "23:00" } },
  { type: "time_of_day", pass: { from: "22:00", to: "02:00", timezone: "Asia/Tokyo" }, fail: { from: "22:00", to: "02:00" } },
  { type: "seasonal_window", pass: { from: "03-01", to: "03-11" }, fail: { from: "03-01", to: "03-11", timezone: "Asia/Tokyo" } },
  { type: "seasonal_window", pass: { from: "12-01", to: "03-11" }, fail: { from: "03-12", to: "11-30" } },
  { type: "blackout_dates", pass: { dates: ["2026-03-11"], timezone: "Asia/Tokyo" }, fail: { dates: ["2026-12-25", "2026-03-11"] } },
];

describe("conditions", () => {
  it("every registered condition has a passing and a failing case here, and there are at least 25", () => {
    const codes = defaultRegistries.conditions.codes();
    expect(codes.length).toBeGreaterThanOrEqual(25);
    expect(new Set(CASES.map((c) => c.type))).toEqual(new Set(codes));
  });

  it.each(CASES.map((c, i) => [`${c.type} #${i}`, c] as const))("%s", (_name, c) => {
    const rule = promo("r", [{ type: c.type, config: c.pass }]);
    const ok = evaluate([rule], CART, { ...BUYER, ...(c.passCtx ?? {}) });
    expect(appliedIds(ok)).toEqual(["r"]);
    const failCtx = { ...BUYER, ...(c.failCtx ?? {}) };
    const bad = evaluate([promo("r", [{ type: c.type, config: c.fail }])], CART, failCtx);
    expect(appliedIds(bad)).toEqual([]);
    expect(explanation(bad, "r")).toMatchObject({ reason: "condition_failed", detail: { condition: c.type, path: "conditions.0" } });
  });

  it("line predicates select the lines a matching-lines action discounts", () => {
    const r = evaluate([promo("r", [{ type: "product_in_category", config: { category_ids: ["42"] } }])], CART, BUYER);
    expect(r.lines.map((l) => l.lineDiscount)).toEqual([200, 0]);
    // two predicates intersect: category 42 ∩ brand b9 is empty → condition on brand fails
    const none = evaluate([promo("r", [
      { type: "product_in_category", config: { category_ids: ["42", "7"] } },
      { type: "product_trait", config: { trait: "flavor", values: ["mint"] } },
    ])], CART, BUYER);
    expect(none.lines.map((l) => l.lineDiscount)).toEqual([200, 0]);
  });

  it("combines with all / any / not and names the failing node", () => {
    const anyRule = promo("any", [{ type: "any", conditions: [
      { type: "channel", config: { channel_codes: ["b2c"] } },
      { type: "customer_tier", config: { tiers: ["gold"] } },
    ] }]);
    const notRule = promo("not", [{ type: "not", condition: { type: "first_order", config: {} } }]);
    const nested = promo("nested", [
      { type: "all", conditions: [
        { type: "cart_subtotal_min", config: { amount: 100 } },
        { type: "not", condition: { type: "any", conditions: [
          { type: "account", config: { account_ids: ["acc-9"] } },
          { type: "location", config: { location_ids: ["loc-1"] } },
        ] } },
      ] },
    ]);
    const r = evaluate([anyRule, notRule, nested], CART, BUYER);
    expect(appliedIds(r)).toEqual(["any"]);
    expect(explanation(r, "not")).toMatchObject({ detail: { condition: "not", path: "conditions.0" } });
    expect(explanation(r, "nested")).toMatchObject({ detail: { condition: "not", path: "conditions.0.conditions.1" } });
    const r2 = evaluate([anyRule, notRule, nested], CART, { ...BUYER, isFirstOrder: false, locationId: "loc-2", customerTier: "bronze" });
    expect(appliedIds(r2).sort()).toEqual(["nested", "not"]);
    expect(explanation(r2, "any")).toMatchObject({ detail: { condition: "any", path: "conditions.0" } });
  });

  it("reports the first failing condition of several", () => {
    const r = evaluate([promo("r", [
      { type: "channel", config: { channel_codes: ["b2b"] } },
      { type: "customer_tier", config: { tiers: ["platinum"] } },
      { type: "currency", config: { currencies: ["EUR"] } },
    ])], CART, BUYER);
    expect(explanation(r, "r")).toMatchObject({ detail: { condition: "customer_tier", path: "conditions.1" } });
    expect(explanation(r, "r")!.message).toContain("customer_tier");
  });
});
