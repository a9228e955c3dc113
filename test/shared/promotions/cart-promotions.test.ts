import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { createAccount } from "../../helpers/fixtures";
import { gql, uniq } from "../../helpers/graphql";
import type { SeededVariant } from "../../durable-objects/cart-fixtures";
import { usageCounterRedemptions } from "../../../shared/promotions";
import { adminOk, CART_PROMO_FIELDS, categoryWithVariants, createRule, employeeToken, eventually, promoAdmin } from "./promotion-fixtures";

const ADD = `mutation($i: AddToCartInput!) { addToCart(input: $i) { ${CART_PROMO_FIELDS} } }`;
const APPLY = `mutation($i: CartCouponInput!) { applyCoupon(input: $i) { ${CART_PROMO_FIELDS} } }`;
const REMOVE = `mutation($i: CartCouponInput!) { removeCoupon(input: $i) { ${CART_PROMO_FIELDS} } }`;
const DAY = 86_400_000;

let cat: { categoryId: string; variants: SeededVariant[] };
const codes = { good: uniq("Spring-"), expired: uniq("OLD-"), big: uniq("BIG-"), capped: uniq("CAP-") };
const ids: Record<keyof typeof codes, string> = { good: "", expired: "", big: "", capped: "" };

const couponRule = (name: string, coupon: unknown, extra: Record<string, unknown> = {}) => ({
  name,
  type: "coupon",
  coupon_codes: [coupon],
  channel_codes: ["b2b"],
  conditions: [{ type: "product_in_category", config: { category_ids: [cat.categoryId] } }],
  actions: [{ type: "percent_off", config: { percent: 10 } }],
  ...extra,
});

beforeAll(async () => {
  cat = await categoryWithVariants(1, 5_000);
  const now = Date.now();
  ids.good = await createRule(couponRule("Spring 10 %", codes.good));
  ids.expired = await createRule(couponRule("Old", { code: codes.expired, starts_at: new Date(now - 3 * DAY).toISOString(), ends_at: new Date(now - DAY).toISOString() }));
  ids.big = await createRule(couponRule("Big carts", codes.big, { conditions: [{ type: "cart_subtotal_min", config: { amount: 100_000_000 } }] }));
  ids.capped = await createRule(couponRule("Capped", codes.capped, { usage_limits: { total: 1 } }));
  // the one redemption the cap allows is already reserved by another checkout
  await usageCounterRedemptions(env.USAGE_COUNTER).consume(`promo:${ids.capped}:total`, 1, 1, now);
});

async function b2bCart() {
  const token = await employeeToken(await createAccount({ status: 9 }), []);
  const opts = { channel: "b2b", token };
  const add = await gql("shop", ADD, { i: { variantId: cat.variants[0]!.variantId, quantity: 2 } }, opts);
  expect(add.errors).toBeUndefined();
  return opts;
}

describe("coupons on the cart", () => {
  it("applies a code case-insensitively, shows the discount, and removes it", async () => {
    const opts = await b2bCart();
    const applied = await eventually(
      async () => await gql("shop", APPLY, { i: { code: `  ${codes.good.toLowerCase()} ` } }, opts),
      (r) => !r.errors,
    );
    expect(applied.errors).toBeUndefined();
    const cart = applied.data.applyCoupon;
    expect(cart.coupons).toEqual([{ code: codes.good.toUpperCase(), status: "APPLIED", ruleId: ids.good, reason: null, message: null }]);
    expect(cart.discounts).toEqual([{ ruleId: ids.good, name: "Spring 10 %", amount: 1_000, couponCode: codes.good.toUpperCase() }]);
    expect(cart.totals).toMatchObject({ subtotal: 10_000, discountTotal: 1_000, total: 9_000 });

    const removed = await gql("shop", REMOVE, { i: { code: codes.good } }, opts);
    expect(removed.data.removeCoupon.coupons).toEqual([]);
    expect(removed.data.removeCoupon.totals.discountTotal).toBe(0);
    const twice = await gql("shop", REMOVE, { i: { code: codes.good } }, opts);
    expect(twice.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.code" });
  });

  it("explains codes that do not apply: expired, a failed condition, a reached cap", async () => {
    const opts = await b2bCart();
    await eventually(async () => await gql("shop", APPLY, { i: { code: codes.capped } }, opts), (r) => !r.errors);
    for (const c of [codes.expired, codes.big]) expect((await gql("shop", APPLY, { i: { code: c } }, opts)).errors).toBeUndefined();
    const view = (await gql("shop", `query { cart { ${CART_PROMO_FIELDS} } }`, {}, opts)).data.cart;
    const byCode = Object.fromEntries(view.coupons.map((c: { code: string }) => [c.code, c]));
    expect(byCode[codes.expired.toUpperCase()]).toMatchObject({ status: "NOT_APPLIED", ruleId: ids.expired, reason: "coupon_expired" });
    expect(byCode[codes.big.toUpperCase()]).toMatchObject({ status: "NOT_APPLIED", ruleId: ids.big, reason: "condition_failed", message: expect.stringContaining("cart_subtotal_min") });
    expect(byCode[codes.capped.toUpperCase()]).toMatchObject({ status: "NOT_APPLIED", ruleId: ids.capped, reason: "cap_reached", message: expect.stringContaining("total") });
    expect(view.totals.discountTotal).toBe(0);
    expect(view.discounts).toEqual([]);
    const usage = await adminOk(`query($id: ID!) { promotionUsage(ruleId: $id) { total totalLimit coupons } }`, { id: ids.capped });
    expect(usage.promotionUsage).toEqual({ total: 1, totalLimit: 1, coupons: 1 });
  });

  it("refuses unknown codes with BAD_USER_INPUT and rate-limits guessing", async () => {
    const opts = await b2bCart();
    const first = await gql("shop", APPLY, { i: { code: "NOPE-1234" } }, opts);
    expect(first.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.code" });
    let last = first;
    for (let i = 0; i < 12; i++) last = await gql("shop", APPLY, { i: { code: `NOPE-${i}` } }, opts);
    expect(last.errors?.[0]?.extensions?.code).toBe("RATE_LIMITED");
  });

  it("generates thousands of unique templated codes in one call, exports them as CSV, and a generated code applies", async () => {
    const ruleId = await createRule(couponRule("Batch", uniq("SEED-")));
    const gen = await adminOk(`mutation($i: GenerateCouponsInput!) { generateCoupons(input: $i) { batchId ruleId count codes } }`, {
      i: { ruleId, template: "spring-####-????", count: 3_000, singleUse: true },
    });
    const batch = gen.generateCoupons;
    expect(batch.count).toBe(3_000);
    expect(new Set(batch.codes).size).toBe(3_000);
    expect(batch.codes.every((c: string) => /^SPRING-\d{4}-[A-HJ-NP-Z]{4}$/.test(c))).toBe(true);
    const csv: string = (await adminOk(`query($b: ID!) { exportCoupons(batchId: $b) }`, { b: batch.batchId })).exportCoupons;
    const rows = csv.trim().split("\r\n");
    expect(rows[0]).toBe("code,rule_id,batch_id,single_use,max_uses,starts_at,ends_at");
    expect(rows).toHaveLength(3_001);
    expect(rows[1]).toMatch(new RegExp(`^SPRING-\\d{4}-[A-Z]{4},${ruleId},${batch.batchId},true,1,,$`));

    const opts = await b2bCart();
    const applied = await eventually(async () => await gql("shop", APPLY, { i: { code: batch.codes[1234].toLowerCase() } }, opts), (r) => !r.errors);
    expect(applied.data.applyCoupon.coupons[0]).toMatchObject({ status: "APPLIED", ruleId });

    const usage = await adminOk(`query($id: ID!) { promotionUsage(ruleId: $id) { ruleId total today coupons } }`, { id: ruleId });
    expect(usage.promotionUsage).toEqual({ ruleId, total: 0, today: 0, coupons: 3_001 });
    const bad = await gql("admin", `mutation($i: GenerateCouponsInput!) { generateCoupons(input: $i) { count } }`, { i: { ruleId, template: "X-#", count: 500 } }, { token: await promoAdmin() });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.template" });
  });
});
