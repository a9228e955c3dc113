import { beforeAll, describe, expect, it } from "vitest";
import { createAccount, createGroup } from "../../helpers/fixtures";
import { gql, staffToken, tokenFor } from "../../helpers/graphql";
import type { SeededVariant } from "../../durable-objects/cart-fixtures";
import {
  adminOk, CART_PROMO_FIELDS, categoryWithVariants, CREATE_RULE, createRule, customerToken, employeeToken, eventually, promoAdmin,
} from "./promotion-fixtures";

const ADD = `mutation($i: AddToCartInput!) { addToCart(input: $i) { ${CART_PROMO_FIELDS} } }`;
const SET = `mutation($i: SetCartLineQuantityInput!) { setCartLineQuantity(input: $i) { ${CART_PROMO_FIELDS} } }`;
const PRICE = 1_999;

let cat: { categoryId: string; variants: SeededVariant[] };
let g7: string;
let g8: string;
let ruleId: string;

// The brief's JSON example, as written, with this run's ids for category 42 and groups 7/8.
const briefRule = () => ({
  name: "Wholesale volume tiers — Vape category",
  type: "automatic",
  stacking_policy: "coupon_only",
  priority: 100,
  conditions: [
    { type: "channel", config: { channel_codes: ["b2b"] } },
    { type: "product_in_category", config: { category_ids: [cat.categoryId] } },
    { type: "customer_in_group", config: { group_ids: [g7, g8] } },
  ],
  actions: [{ type: "volume_tiered_percentage", config: { tiers: [{ min_qty: 12, percent: 5 }, { min_qty: 48, percent: 10 }, { min_qty: 144, percent: 15 }] } }],
});

beforeAll(async () => {
  [cat, g7, g8] = await Promise.all([categoryWithVariants(2, PRICE), createGroup("g7"), createGroup("g8")]);
  ruleId = await createRule(briefRule());
});

describe("the brief's JSON rule through the admin API and the cart", () => {
  it("is stored as written and listed", async () => {
    const d = await adminOk(`query($id: ID!) { promotionRule(id: $id) { id name type status priority channelCodes rule } }`, { id: ruleId });
    expect(d.promotionRule).toMatchObject({ id: ruleId, type: "automatic", status: "active", priority: 100, channelCodes: [] });
    expect(d.promotionRule.rule).toMatchObject({ stacking_policy: "coupon_only", actions: briefRule().actions });
    const list = await adminOk(`{ promotionRules(status: "active", first: 500) { id } }`);
    expect(list.promotionRules.map((r: { id: string }) => r.id)).toContain(ruleId);
  });

  it("gives 5 / 10 / 15 % at 12 / 48 / 144 units on a B2B cart of a buyer in group 8", async () => {
    const acct = await createAccount({ status: 9 });
    const token = await employeeToken(acct, [g8]);
    const v = cat.variants[0]!.variantId;
    const add = await eventually(
      async () => (await gql("shop", ADD, { i: { variantId: v, quantity: 12 } }, { channel: "b2b", token })).data?.addToCart,
      (c) => c?.totals.discountTotal > 0,
    );
    const pct = (qty: number, p: number) => Math.floor((qty * PRICE * p) / 100 + 0.5);
    expect(add.totals.discountTotal).toBe(pct(12, 5));
    expect(add.lines[0]).toMatchObject({ quantity: 12, discount: pct(12, 5), net: 12 * PRICE - pct(12, 5) });
    expect(add.discounts).toEqual([{ ruleId, name: briefRule().name, amount: pct(12, 5), couponCode: null }]);
    for (const [qty, p] of [[47, 5], [48, 10], [143, 10], [144, 15]] as const) {
      const r = await gql("shop", SET, { i: { variantId: v, quantity: qty } }, { channel: "b2b", token });
      expect(r.errors).toBeUndefined();
      expect(r.data.setCartLineQuantity.totals.discountTotal).toBe(pct(qty, p));
    }
    const below = await gql("shop", SET, { i: { variantId: v, quantity: 11 } }, { channel: "b2b", token });
    expect(below.data.setCartLineQuantity.totals.discountTotal).toBe(0);
    expect(below.data.setCartLineQuantity.promotionNotes).toContainEqual(expect.objectContaining({ ruleId, reason: "no_discount" }));
  });

  it("explains a B2B buyer outside groups 7/8, and is absent on B2C", async () => {
    const acct = await createAccount({ status: 9 });
    const outsider = await gql("shop", ADD, { i: { variantId: cat.variants[0]!.variantId, quantity: 144 } }, { channel: "b2b", token: await employeeToken(acct, [await createGroup("g9")]) });
    expect(outsider.data.addToCart.totals.discountTotal).toBe(0);
    expect(outsider.data.addToCart.promotionNotes).toContainEqual({ ruleId, reason: "condition_failed", message: expect.stringContaining("customer_in_group"), couponCode: null });

    const b2c = await gql("shop", ADD, { i: { variantId: cat.variants[1]!.variantId, quantity: 144 } }, { channel: "b2c", token: await customerToken([g8]) });
    expect(b2c.errors).toBeUndefined();
    expect(b2c.data.addToCart.totals.subtotal).toBe(144 * PRICE);
    expect(b2c.data.addToCart.totals.discountTotal).toBe(0);
    expect(b2c.data.addToCart.discounts).toEqual([]);
  });
});

describe("admin API", () => {
  it("lists the registered conditions (25+) and actions (8) with their config JSON schemas", async () => {
    const d = await adminOk(`{ promotionConditions { code description configSchema } promotionActions { code configSchema } }`);
    expect(d.promotionConditions.length).toBeGreaterThanOrEqual(25);
    expect(d.promotionActions.length).toBeGreaterThanOrEqual(8);
    const tiers = d.promotionActions.find((a: { code: string }) => a.code === "volume_tiered_percentage");
    expect(tiers.configSchema.properties.tiers.type).toBe("array");
    expect(d.promotionConditions.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(["product_in_category", "customer_in_group", "channel", "coupon_code_present"]));
  });

  it.each([
    ["unknown condition type", { conditions: [{ type: "moon_phase", config: {} }] }, "rule.conditions.0.type"],
    ["config failing its schema", { conditions: [{ type: "product_in_category", config: { category_ids: "42" } }] }, "rule.conditions.0.config.category_ids"],
    ["tiers not increasing", { actions: [{ type: "volume_tiered_percentage", config: { tiers: [{ min_qty: 48, percent: 10 }, { min_qty: 12, percent: 5 }] } }] }, "rule.actions.0.config.tiers"],
    ["percent > 100", { actions: [{ type: "percent_off", config: { percent: 101 } }] }, "rule.actions.0.config.percent"],
    ["negative amount", { actions: [{ type: "fixed_amount_off", config: { amount: -500 } }] }, "rule.actions.0.config.amount"],
    ["unknown action", { actions: [{ type: "teleport", config: {} }] }, "rule.actions.0.type"],
  ])("refuses %s with BAD_USER_INPUT naming the field, writing nothing", async (_name, patch, field) => {
    const name = `bad-${crypto.randomUUID()}`;
    const r = await gql("admin", CREATE_RULE, { r: { ...briefRule(), name, ...patch } }, { token: await promoAdmin() });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
    expect(String(r.errors?.[0]?.extensions?.field)).toMatch(new RegExp(`^${field.replace(/\./g, "\\.")}`));
    const list = await adminOk(`{ promotionRules(first: 500) { name } }`);
    expect(list.promotionRules.map((x: { name: string }) => x.name)).not.toContain(name);
  });

  it("refuses guests, customers, employees and staff without the permission", async () => {
    const q = `{ promotionRules { id } }`;
    const m = CREATE_RULE;
    expect((await gql("admin", q)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await gql("admin", q, {}, { token: await customerToken([]) })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const acct = await createAccount({ status: 9 });
    expect((await gql("admin", q, {}, { token: await employeeToken(acct, []) })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql("admin", q, {}, { token: await staffToken(["orders:read"]) })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const readOnly = await staffToken(["promotions:read"]);
    expect((await gql("admin", q, {}, { token: readOnly })).errors).toBeUndefined();
    expect((await gql("admin", m, { r: briefRule() }, { token: readOnly })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql("admin", `mutation($id: ID!) { archivePromotionRule(id: $id) { id } }`, { id: ruleId }, { token: readOnly })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // the shop API has no promotion admin fields at all
    expect((await gql("shop", q, {}, { channel: "b2b", token: await staffToken(["*"]) })).errors?.[0]?.message).toMatch(/promotionRules/);
  });

  it("updates and archives a rule (archived rules stop applying)", async () => {
    const id = await createRule({ ...briefRule(), name: "to archive", stacking_policy: "stackable" });
    const up = await adminOk(`mutation($id: ID!, $r: JSON!) { updatePromotionRule(id: $id, rule: $r) { id priority rule } }`, { id, r: { ...briefRule(), name: "to archive", priority: 7 } });
    expect(up.updatePromotionRule).toMatchObject({ id, priority: 7 });
    const ar = await adminOk(`mutation($id: ID!) { archivePromotionRule(id: $id) { id status } }`, { id });
    expect(ar.archivePromotionRule.status).toBe("archived");
    const again = await gql("admin", `mutation($id: ID!, $r: JSON!) { updatePromotionRule(id: $id, rule: $r) { id } }`, { id, r: briefRule() }, { token: await promoAdmin() });
    expect(again.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    const active = await adminOk(`{ promotionRules(status: "active", first: 500) { id } }`);
    expect(active.promotionRules.map((r: { id: string }) => r.id)).not.toContain(id);
  });
});
