/**
 * Promotion caps through real checkouts: rules are created through the admin API, buyers review
 * discounted carts, then place orders at the same time. Caps are reserved on the usage counters
 * at placement: exactly the cap's worth of orders carry the discount, the others are refused
 * (CONFLICT promotion_unavailable, nothing written) so they review their cart again, and a
 * placement that fails after its reservation gives it back.
 */
import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { usageCounterRedemptions } from "../../../shared/promotions";
import { withDb } from "../../helpers/db";
import { gql, uniq } from "../../helpers/graphql";
import { stock } from "../../helpers/order-fixtures";
import type { SeededVariant } from "../../durable-objects/cart-fixtures";
import { adminOk, createRule, eventually } from "../promotions/promotion-fixtures";
import { goods, newCustomers, orderRow, PLACE, placeInput, PREVIEW, LA, traces, type Buyer } from "./checkout-kit";

const B2C = { channel: "b2c" };
const UNIT = 2_000;
const CART = `id version totals { discountTotal } discounts { ruleId amount couponCode } coupons { code status reason }`;
const ADD = `mutation($i: AddToCartInput!) { addToCart(input: $i) { ${CART} } }`;
const APPLY = `mutation($i: CartCouponInput!) { applyCoupon(input: $i) { ${CART} } }`;

interface ReviewedCart {
  version: number;
  discountTotal: number;
  discounts: { ruleId: string; amount: number; couponCode: string | null }[];
}

let categoryId: string;
let v: SeededVariant[];

/** Goods in a fresh category of their own, so these rules touch no other test's carts. */
async function categorized(n: number, onHand: number): Promise<SeededVariant[]> {
  const vs = await goods(n, { channels: ["b2c"], unitPrice: UNIT, onHand });
  await withDb(({ db }) =>
    db.execute(sql`insert into product_categories (product_id, category_id)
      select v.product_id, ${categoryId}::uuid from variants v where v.id = any(${`{${vs.map((x) => x.variantId).join(",")}}`}::uuid[]) on conflict do nothing`),
  );
  return vs;
}

const percentOff = (name: string, variantIds: string[], extra: Record<string, unknown>) => ({
  name,
  channel_codes: ["b2c"],
  // one variant per rule, so the rules of this file never meet on one cart
  conditions: [
    { type: "product_in_category", config: { category_ids: [categoryId] } },
    { type: "variant_match", config: { variant_ids: variantIds } },
  ],
  actions: [{ type: "percent_off", config: { percent: 10 } }],
  ...extra,
});

beforeAll(async () => {
  categoryId = crypto.randomUUID();
  await withDb(({ db }) => db.execute(sql`insert into categories (id, slug, name, path) values (${categoryId}::uuid, ${uniq("cap-cat-")}, 'Caps', ARRAY[${categoryId}::uuid])`));
  v = await categorized(3, 1_000);
});

/** One line of `variantId` (and the coupon, if any) in the buyer's cart, as the buyer reviewed it. */
async function review(b: Buyer, variantId: string, coupon?: string): Promise<ReviewedCart> {
  const opts = { ...B2C, token: b.token };
  const add = await gql("shop", ADD, { i: { variantId, quantity: 1 } }, opts);
  expect(add.errors, JSON.stringify(add.errors)).toBeUndefined();
  let cart = add.data.addToCart;
  if (coupon) {
    const r = await gql("shop", APPLY, { i: { code: coupon } }, opts);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    cart = r.data.applyCoupon;
  }
  return { version: cart.version, discountTotal: cart.totals.discountTotal, discounts: cart.discounts };
}

/** Rules reach carts through the active-rules cache: wait until a probe cart shows the rule. */
async function untilCartsSee(ruleId: string, variantId: string, coupon?: string) {
  const seen = await eventually(
    async () => {
      const [probe] = await newCustomers(1);
      return review(probe!, variantId, coupon);
    },
    (c) => c.discounts.some((d) => d.ruleId === ruleId),
  );
  expect(seen.discounts.map((d) => d.ruleId)).toContain(ruleId);
}

const place = (b: Buyer, cart: ReviewedCart) => gql("shop", PLACE, { i: placeInput(cart, { payment: { method: "manual", input: {} } }) }, { ...B2C, token: b.token });
const usage = async (ruleId: string) => (await adminOk(`query($id: ID!) { promotionUsage(ruleId: $id) { total totalLimit } }`, { id: ruleId })).promotionUsage;
const ordersCarrying = (ruleId: string) =>
  withDb(async ({ db }) => [...(await db.execute<{ id: string; discount_total: number }>(sql`select id, discount_total::int from orders where discounts @> ${JSON.stringify([{ ruleId }])}::jsonb`))]);

describe("promotion caps at placement", () => {
  it("a total cap of 3 with 8 buyers placing at once: 3 discounted orders, 5 refused promotion_unavailable with nothing written, usage 3", async () => {
    const variantId = v[0]!.variantId;
    const ruleId = await createRule(percentOff("Cap 3", [variantId], { usage_limits: { total: 3 } }));
    await untilCartsSee(ruleId, variantId);
    const buyers = await newCustomers(8);
    const carts = await Promise.all(buyers.map((b) => review(b, variantId)));
    // every buyer reviewed the discount (automatic caps are enforced at placement, not on the cart)
    for (const c of carts) expect(c.discounts).toEqual([{ ruleId, amount: UNIT / 10, couponCode: null }]);

    const results = await Promise.all(buyers.map((b, i) => place(b, carts[i]!)));
    const placed = results.flatMap((r, i) => (r.errors ? [] : [{ r, b: buyers[i]! }]));
    const refused = results.flatMap((r, i) => (r.errors ? [{ r, b: buyers[i]! }] : []));
    expect(placed.length).toBe(3);
    expect(refused.length).toBe(5);
    for (const { r, b } of refused) {
      expect(r.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", reason: "promotion_unavailable" });
      expect(await traces({ customerId: b.id })).toEqual({ orders: 0, payments: 0, reservations: 0, reserved: 0 });
    }
    for (const { r } of placed) {
      const row = await orderRow(r.data.placeOrder.orderId);
      expect(Number(row.discount_total)).toBe(UNIT / 10);
      expect(row.discounts).toEqual([expect.objectContaining({ ruleId, amount: UNIT / 10 })]);
      expect(row.redemptions.keys).toContain(`promo:${ruleId}:total`);
    }
    expect((await ordersCarrying(ruleId)).length).toBe(3);
    expect(await usage(ruleId)).toEqual({ total: 3, totalLimit: 3 });
    // only the 3 placed orders hold stock
    const [s] = await withDb(async ({ db }) => [...(await db.execute<{ reserved: number }>(sql`select sum(reserved)::int as reserved from stock_levels where variant_id = ${variantId}`))]);
    expect(s!.reserved).toBe(3);
  }, 60_000);

  it("a single-use coupon applied in 5 carts: one order carries it; the others, placed at once or later, are refused promotion_unavailable", async () => {
    const variantId = v[1]!.variantId;
    const code = uniq("ONCE-").toUpperCase();
    const ruleId = await createRule(percentOff("Single use", [variantId], { type: "coupon", coupon_codes: [{ code, max_uses: 1 }] }));
    await untilCartsSee(ruleId, variantId, code);
    const buyers = await newCustomers(5);
    const carts = await Promise.all(buyers.map((b) => review(b, variantId, code)));
    for (const c of carts) expect(c.discounts).toEqual([{ ruleId, amount: UNIT / 10, couponCode: code }]);

    const results = await Promise.all(buyers.map((b, i) => place(b, carts[i]!)));
    const placed = results.filter((r) => !r.errors);
    expect(placed.length).toBe(1);
    for (const r of results.filter((x) => x.errors)) expect(r.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", reason: "promotion_unavailable" });
    const row = await orderRow(placed[0]!.data.placeOrder.orderId);
    expect(row.discounts).toEqual([expect.objectContaining({ ruleId, couponCode: code, amount: UNIT / 10 })]);
    expect(await ordersCarrying(ruleId)).toHaveLength(1);
    // no order was placed at a price the buyer did not review (full price, coupon silently dropped)
    const all = await Promise.all(buyers.map((b) => traces({ customerId: b.id })));
    expect(all.reduce((n, t) => n + t.orders, 0)).toBe(1);
    expect(all.reduce((n, t) => n + t.payments, 0)).toBe(1);
    const counters = usageCounterRedemptions(env.USAGE_COUNTER);
    expect(await counters.peek(`coupon:${code}`, Date.now())).toBe(1);
    expect((await usage(ruleId)).total).toBe(1);

    // a buyer who reviewed the coupon before it was used up and places afterwards: refused as well,
    // and the preview names the problem so the buyer can take the coupon off
    const refusedBuyerIndex = results.findIndex((r) => r.errors);
    const late = buyers[refusedBuyerIndex]!;
    const again = await place(late, carts[refusedBuyerIndex]!);
    expect(again.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "promotion_unavailable" });
    expect(await traces({ customerId: late.id })).toMatchObject({ orders: 0, payments: 0, reservations: 0 });
    const pv = await gql("shop", PREVIEW, { i: { expectedCartVersion: carts[refusedBuyerIndex]!.version, shippingAddress: LA, shippingMethodId: "ups-ground" } }, { ...B2C, token: late.token });
    expect(pv.errors, JSON.stringify(pv.errors)).toBeUndefined();
    expect(pv.data.checkoutPreview.problems).toEqual([expect.objectContaining({ code: "CONFLICT", reason: "promotion_unavailable" })]);
    expect(await counters.peek(`coupon:${code}`, Date.now())).toBe(1);
  }, 60_000);

  it("a placement that fails after its reservation (out of stock in the transaction) gives the cap back", async () => {
    const [scarce] = await categorized(1, 0);
    const ruleId = await createRule(percentOff("Cap 1", [scarce!.variantId], { usage_limits: { total: 1 } }));
    await untilCartsSee(ruleId, scarce!.variantId);
    const [a, b] = await newCustomers(2);
    const cartA = await review(a!, scarce!.variantId);
    expect(cartA.discountTotal).toBe(UNIT / 10);
    const out = await place(a!, cartA);
    expect(out.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "out_of_stock" });
    expect(await traces({ customerId: a!.id })).toMatchObject({ orders: 0, payments: 0, reservations: 0 });
    expect(await usage(ruleId)).toEqual({ total: 0, totalLimit: 1 });

    // the one use the cap allows is still there for the next buyer once the goods are in
    await stock(scarce!.variantId, 2);
    const cartB = await review(b!, scarce!.variantId);
    const ok = await place(b!, cartB);
    expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
    expect(Number((await orderRow(ok.data.placeOrder.orderId)).discount_total)).toBe(UNIT / 10);
    expect(await usage(ruleId)).toEqual({ total: 1, totalLimit: 1 });
    // and A, retrying with stock now there, meets the cap the retry cannot take
    const retry = await place(a!, cartA);
    expect(retry.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "promotion_unavailable" });
    expect(await usage(ruleId)).toEqual({ total: 1, totalLimit: 1 });
  }, 60_000);
});
