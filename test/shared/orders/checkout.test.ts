import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { withDb } from "../../helpers/db";
import { gql, uniq } from "../../helpers/graphql";
import type { SeededVariant } from "../../durable-objects/cart-fixtures";
import { b2bBuyer, CARD_DECLINE, CARD_HOLD, fillCart, goods, LA, newCustomers, orderRow, PLACE, placeInput, PREVIEW, traces } from "./checkout-kit";

const B2C = { channel: "b2c" };
const B2B = { channel: "b2b" };
let v: SeededVariant[];
let b2bGoods: SeededVariant[];

beforeAll(async () => {
  [v, b2bGoods] = await Promise.all([goods(3, { channels: ["b2c"], unitPrice: 1_250 }), goods(2, { channels: ["b2b"], unitPrice: 50_000 })]);
});

const err = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions ?? {};

describe("checkout preview and placement (B2C customer)", () => {
  it("previews totals, options and tax without writing, then places one order with a full snapshot and clears the cart", async () => {
    const [c] = await newCustomers(1);
    const cart = await fillCart(c!.token, "b2c", [{ variantId: v[0]!.variantId, quantity: 2 }, { variantId: v[1]!.variantId, quantity: 1 }]);
    const pv = await gql("shop", PREVIEW, { i: { expectedCartVersion: cart.version, shippingAddress: LA, shippingMethodId: "ups-ground" } }, { ...B2C, token: c!.token });
    expect(pv.errors, JSON.stringify(pv.errors)).toBeUndefined();
    const p = pv.data.checkoutPreview;
    expect(p.problems).toEqual([]);
    expect(p.subtotal).toBe(3 * 1_250);
    expect(p.shippingOptions.map((o: any) => o.methodCode)).toContain("ups-ground");
    expect(p.shippingTotal).toBe(p.shippingOptions.find((o: any) => o.methodCode === "ups-ground").amount);
    expect(p.total).toBe(p.subtotal - p.discountTotal + p.shippingTotal + p.taxTotal);
    expect(p.lines.map((l: any) => l.priceLevel)).toEqual(["default", "default"]);
    expect((await traces({ customerId: c!.id })).orders).toBe(0);

    const placed = await gql("shop", PLACE, { i: placeInput(cart) }, { ...B2C, token: c!.token });
    expect(placed.errors, JSON.stringify(placed.errors)).toBeUndefined();
    const o = placed.data.placeOrder;
    expect(o).toMatchObject({ state: "payment_authorized", total: p.total, taxTotal: p.taxTotal, shippingTotal: p.shippingTotal, replayed: false });
    const row = await orderRow(o.orderId);
    expect(row).toMatchObject({ buyer_kind: "customer", customer_id: c!.id, email: c!.email, process_code: "default_b2c", cart_version: cart.version });
    expect(row.shipping).toMatchObject({ methodCode: "ups-ground", currency: "USD" });
    expect(row.packages.length).toBeGreaterThan(0);
    expect(row.packages.flatMap((pk: any) => pk.items).reduce((s: number, i: any) => s + i.quantity, 0)).toBe(3);
    expect(row.shipping_address).toMatchObject({ addressId: null, postalCode: "90001", countryCode: "US" });
    expect(row.billing_address).toEqual(row.shipping_address);
    const lines = await withDb(async ({ db }) => [...(await db.execute<any>(sql`select * from order_lines where order_id = ${o.orderId} order by position`))]);
    expect(lines.map((l) => [l.sku, l.quantity, Number(l.unit_price)])).toEqual([[v[0]!.sku, 2, 1_250], [v[1]!.sku, 1, 1_250]]);
    expect(lines[0].price_source).toMatchObject({ level: "default", method: "direct", sourceCurrency: "USD", tierMinQty: 1 });
    // the buyer reads back the same snapshot through the API: tax per jurisdiction as previewed
    const mine = await gql("shop", `query($id: ID!) { order(id: $id) { taxLines { kind jurisdictionKey taxableAmount tax } total } }`, { id: o.orderId }, { ...B2C, token: c!.token });
    expect(mine.errors, JSON.stringify(mine.errors)).toBeUndefined();
    expect(mine.data.order.taxLines.map((x: any) => [x.jurisdictionKey, x.tax])).toEqual(p.taxLines.map((x: any) => [x.jurisdictionKey, x.tax]));
    expect(mine.data.order.taxLines.reduce((s: number, x: any) => s + x.tax, 0)).toBe(p.taxTotal);
    const t = await traces({ customerId: c!.id });
    expect(t).toMatchObject({ orders: 1, payments: 1, reservations: 2 });
    // an order is never placed twice from one cart version: the cart moved on (cleared)
    const again = await gql("shop", PLACE, { i: placeInput(cart) }, { ...B2C, token: c!.token });
    expect(err(again)).toMatchObject({ code: "CONFLICT", reason: "cart_changed" });
  });

  it("returns the same order for the same key (sequential and concurrent), refuses the key with another request", async () => {
    const [c, d] = await newCustomers(2);
    const cart = await fillCart(c!.token, "b2c", [{ variantId: v[2]!.variantId, quantity: 1 }]);
    const input = placeInput(cart);
    const [r1, r2] = await Promise.all([gql("shop", PLACE, { i: input }, { ...B2C, token: c!.token }), gql("shop", PLACE, { i: input }, { ...B2C, token: c!.token })]);
    expect(r1.errors, JSON.stringify(r1.errors)).toBeUndefined();
    expect(r2.errors, JSON.stringify(r2.errors)).toBeUndefined();
    expect(r2.data.placeOrder.orderId).toBe(r1.data.placeOrder.orderId);
    expect([r1.data.placeOrder.replayed, r2.data.placeOrder.replayed].sort()).toEqual([false, true]);
    const r3 = await gql("shop", PLACE, { i: input }, { ...B2C, token: c!.token });
    expect(r3.data.placeOrder).toMatchObject({ orderId: r1.data.placeOrder.orderId, replayed: true });
    expect(await traces({ customerId: c!.id })).toMatchObject({ orders: 1, payments: 1, reservations: 1 });
    const reused = await gql("shop", PLACE, { i: { ...input, notes: "something else" } }, { ...B2C, token: c!.token });
    expect(err(reused)).toMatchObject({ code: "CONFLICT", reason: "idempotency_key_reused" });
    // the key is scoped to the buyer: another customer's identical key is its own checkout
    const cartD = await fillCart(d!.token, "b2c", [{ variantId: v[2]!.variantId, quantity: 1 }]);
    const other = await gql("shop", PLACE, { i: { ...placeInput(cartD), idempotencyKey: input.idempotencyKey } }, { ...B2C, token: d!.token });
    expect(other.errors, JSON.stringify(other.errors)).toBeUndefined();
    expect(other.data.placeOrder.orderId).not.toBe(r1.data.placeOrder.orderId);
  });

  it("refuses every bad input with its typed error and leaves no order, reservation or payment", async () => {
    const [c] = await newCustomers(1);
    const cart = await fillCart(c!.token, "b2c", [{ variantId: v[0]!.variantId, quantity: 1 }]);
    const cases: [Record<string, unknown>, Record<string, unknown>][] = [
      [{ expectedCartVersion: cart.version - 1 }, { code: "CONFLICT", reason: "cart_changed" }],
      [{ shippingMethodId: "pigeon-post" }, { code: "BAD_USER_INPUT", field: "shippingMethodId", reason: "unknown_shipping_method" }],
      [{ shippingAddress: { ...LA, country: "JP", subdivision: null, postalCode: "100-0001", city: "Tokyo" } }, { code: "BAD_USER_INPUT", field: "shippingAddress", reason: "address_not_serviceable" }],
      [{ idempotencyKey: "short" }, { code: "BAD_USER_INPUT", field: "input.idempotencyKey" }],
      [{ shippingAddressId: crypto.randomUUID(), shippingAddress: undefined }, { code: "BAD_USER_INPUT", reason: "address_not_found" }],
      [{ payment: { method: "test_gateway", input: CARD_DECLINE } }, { code: "CONFLICT", reason: "payment_declined" }],
      [{ payment: { method: "net_terms", input: {} } }, { code: "BAD_USER_INPUT", reason: "payment_method_not_allowed" }],
    ];
    for (const [patch, expected] of cases) {
      const r = await gql("shop", PLACE, { i: { ...placeInput(cart), ...patch } }, { ...B2C, token: c!.token });
      expect(err(r), JSON.stringify(patch)).toMatchObject(expected);
    }
    expect(await traces({ customerId: c!.id }, [v[0]!.variantId])).toMatchObject({ orders: 0, payments: 0, reservations: 0 });
  });

  it("refuses an empty cart and a price that moved since the cart priced it, naming the lines", async () => {
    const [c, d] = await newCustomers(2);
    const empty = await fillCart(c!.token, "b2c", [{ variantId: v[1]!.variantId, quantity: 1 }]);
    const cleared = await gql("shop", `mutation { clearCart { version } }`, {}, { ...B2C, token: c!.token });
    const r = await gql("shop", PLACE, { i: placeInput({ version: cleared.data.clearCart.version }) }, { ...B2C, token: c!.token });
    expect(err(r)).toMatchObject({ code: "CONFLICT", reason: "cart_invalid" });
    void empty;
    // a price changed in the database (the cart's cached price book has not heard of it yet)
    const mark = new Date(Date.now() - 1_000);
    const [moving] = await goods(1, { channels: ["b2c"], unitPrice: 700 });
    // the price list's own change events invalidate price books when delivered: wait them out, so
    // the cart's book keeps 700 and only the update below is unheard of
    await vi.waitFor(
      async () => {
        const [row] = await withDb(({ db }) =>
          db.execute<{ n: number }>(sql`select count(*)::int as n from domain_events e where e.occurred_at >= ${mark.toISOString()}::timestamptz
            and e.type = 'pricing.changed' and not exists (select 1 from processed_events p where p.event_id = e.id and p.handler like 'pricing.%')`),
        );
        expect(row!.n).toBe(0);
      },
      { timeout: 15_000, interval: 100 },
    );
    const cart = await fillCart(d!.token, "b2c", [{ variantId: moving!.variantId, quantity: 3 }]);
    await withDb(({ db }) => db.execute(sql`update price_list_entries set tiers = '[{"minQty":1,"unitPrice":777}]'::jsonb where variant_id = ${moving!.variantId}`));
    const changed = await gql("shop", PLACE, { i: placeInput(cart) }, { ...B2C, token: d!.token });
    expect(err(changed)).toMatchObject({ code: "CONFLICT", reason: "price_changed", lines: [{ variantId: moving!.variantId, cartUnitPrice: 700, currentUnitPrice: 777 }] });
    expect(await traces({ customerId: d!.id }, [moving!.variantId])).toMatchObject({ orders: 0, payments: 0, reserved: 0 });
  });

  it("lands a held card in fraud_review with its stock reserved", async () => {
    const [c] = await newCustomers(1);
    const cart = await fillCart(c!.token, "b2c", [{ variantId: v[1]!.variantId, quantity: 1 }]);
    const r = await gql("shop", PLACE, { i: placeInput(cart, { payment: { method: "test_gateway", input: CARD_HOLD } }) }, { ...B2C, token: c!.token });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data.placeOrder.state).toBe("fraud_review");
    expect(await traces({ customerId: c!.id })).toMatchObject({ orders: 1, payments: 1, reservations: 1 });
  });

  it("lets a guest check out where the channel allows it (email required) and not where it does not", async () => {
    const cart = await fillCart(undefined, "b2c", [{ variantId: v[0]!.variantId, quantity: 1 }]);
    const noEmail = await gql("shop", PLACE, { i: placeInput(cart) }, B2C);
    expect(err(noEmail)).toMatchObject({ code: "BAD_USER_INPUT", field: "email", reason: "email_required" });
    const email = `${uniq("guest")}@x.test`;
    const ok = await gql("shop", PLACE, { i: placeInput(cart, { email }) }, B2C);
    expect(ok.errors, JSON.stringify(ok.errors)).toBeUndefined();
    expect(await traces({ email })).toMatchObject({ orders: 1, payments: 1 });
    // offline payment needs a signed-in buyer to collect from
    const cart2 = await fillCart(undefined, "b2c", [{ variantId: v[0]!.variantId, quantity: 1 }]);
    const guestEmail = `${uniq("guest")}@x.test`;
    const manual = await gql("shop", PLACE, { i: placeInput(cart2, { email: guestEmail, payment: { method: "manual", input: {} } }) }, B2C);
    expect(err(manual)).toMatchObject({ code: "BAD_USER_INPUT", field: "payment.method", reason: "payment_method_not_allowed" });
    expect(await traces({ email: guestEmail })).toMatchObject({ orders: 0, payments: 0 });
    const b2bGuest = await gql("shop", PLACE, { i: placeInput({ version: 1 }, { email }) }, B2B);
    expect(err(b2bGuest).code).toBe("UNAUTHENTICATED");
  });
});

describe("B2B checkout", () => {
  it("sends an order over the spending limit to pending_approval with stock reserved and payment not authorized", async () => {
    const e = await b2bBuyer({ spendingLimit: 60_000 });
    const cart = await fillCart(e.token, "b2b", [{ variantId: b2bGoods[0]!.variantId, quantity: 2 }]);
    const pv = await gql("shop", PREVIEW, { i: { expectedCartVersion: cart.version, shippingAddressId: e.addressIds[0], shippingMethodId: "ups-ground" } }, { ...B2B, token: e.token });
    expect(pv.data.checkoutPreview).toMatchObject({ approvalRequired: true, approvalReasons: ["over_spending_limit"], problems: [] });
    const r = await gql("shop", PLACE, { i: placeInput(cart, { shippingAddress: undefined, shippingAddressId: e.addressIds[0], poNumber: "PO-1" }) }, { ...B2B, token: e.token });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(r.data.placeOrder).toMatchObject({ state: "pending_approval", approvalRequired: true });
    const row = await orderRow(r.data.placeOrder.orderId);
    expect(row).toMatchObject({ process_code: "default_b2b", location_id: e.locationIds[0], po_number: "PO-1", flags: { approval_required: true, approved: false, po_reviewed: true } });
    expect(row.shipping_address.addressId).toBe(e.addressIds[0]);
    const pay = await withDb(async ({ db }) => [...(await db.execute<any>(sql`select state from payments where order_id = ${row.id}`))]);
    expect(pay.map((p) => p.state)).toEqual(["pending"]);
    expect(await traces({ employeeId: e.id })).toMatchObject({ orders: 1, reservations: 1 });
  });

  it("refuses a missing PO where required, net terms over the credit limit, roles that cannot order and inactive accounts", async () => {
    const po = await b2bBuyer({ poRequired: true });
    const cartPo = await fillCart(po.token, "b2b", [{ variantId: b2bGoods[1]!.variantId, quantity: 1 }]);
    const b2b = (cart: { version: number }, x: Record<string, unknown> = {}) => placeInput(cart, { shippingAddress: undefined, shippingAddressId: po.addressIds[0], ...x });
    expect(err(await gql("shop", PLACE, { i: b2b(cartPo) }, { ...B2B, token: po.token }))).toMatchObject({ code: "BAD_USER_INPUT", field: "poNumber", reason: "po_required" });

    const terms = await b2bBuyer({ paymentTerms: "net30", creditLimit: 10_000 });
    const cartT = await fillCart(terms.token, "b2b", [{ variantId: b2bGoods[1]!.variantId, quantity: 1 }]);
    const overCredit = await gql("shop", PLACE, { i: placeInput(cartT, { shippingAddress: undefined, shippingAddressId: terms.addressIds[0], payment: { method: "net_terms", input: {} } }) }, { ...B2B, token: terms.token });
    expect(err(overCredit)).toMatchObject({ code: "CONFLICT", reason: "credit_limit_exceeded" });
    expect(await traces({ employeeId: terms.id }, [b2bGoods[1]!.variantId])).toMatchObject({ orders: 0, payments: 0, reservations: 0 });

    const viewer = await b2bBuyer({ role: "viewer" });
    expect(err(await gql("shop", PLACE, { i: placeInput({ version: 1 }) }, { ...B2B, token: viewer.token })).code).toBe("FORBIDDEN");
    const suspended = await b2bBuyer({ status: 10 });
    const r = await gql("shop", PREVIEW, { i: { expectedCartVersion: 1 } }, { ...B2B, token: suspended.token });
    expect(err(r).code).toBe("FORBIDDEN");
  });

  it("never reaches another location's cart or address", async () => {
    const a = await b2bBuyer({ at: 0 });
    const acct = { accountId: a.accountId, locationIds: a.locationIds, groupIds: [], addressIds: a.addressIds };
    const b = await b2bBuyer({ at: 1, account: acct });
    const cartA = await fillCart(a.token, "b2b", [{ variantId: b2bGoods[1]!.variantId, quantity: 1 }]);
    const cartB = await fillCart(b.token, "b2b", [{ variantId: b2bGoods[1]!.variantId, quantity: 1 }]);
    // b names a's cart: the cart object of b's location has no such cart
    const stolen = await gql("shop", PLACE, { i: placeInput(cartA, { cartId: cartA.id, shippingAddress: undefined, shippingAddressId: b.addressIds[1] }) }, { ...B2B, token: b.token });
    expect(err(stolen).code).toBe("NOT_FOUND");
    // b ships its own cart to a's location address: unknown to b
    const addr = await gql("shop", PLACE, { i: placeInput(cartB, { shippingAddress: undefined, shippingAddressId: a.addressIds[0] }) }, { ...B2B, token: b.token });
    expect(err(addr)).toMatchObject({ code: "BAD_USER_INPUT", field: "shippingAddressId", reason: "address_not_found" });
    // and a B2B buyer cannot type in an address at all
    const typed = await gql("shop", PLACE, { i: placeInput(cartB) }, { ...B2B, token: b.token });
    expect(err(typed)).toMatchObject({ code: "BAD_USER_INPUT", reason: "saved_address_required" });
    expect(await traces({ employeeId: b.id })).toMatchObject({ orders: 0 });
  });
});
