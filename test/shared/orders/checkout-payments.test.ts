/**
 * Payment methods through real checkouts (placeOrder over the shop API): store credit, net terms
 * and the test gateway's failing capture, with what each leaves behind when refused.
 */
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withDb } from "../../helpers/db";
import { gql, staffToken } from "../../helpers/graphql";
import type { SeededVariant } from "../../durable-objects/cart-fixtures";
import { b2bBuyer, fillCart, goods, LA, newCustomers, orderRow, PLACE, placeInput, PREVIEW, traces } from "./checkout-kit";

const B2C = { channel: "b2c" };
const B2B = { channel: "b2b" };
const CARD_CAPTURE_FAILS = { card: { number: "4000000000000259", expMonth: 12, expYear: 2099, cvv: "123" } };
const PAYMENT = `id state method authorized captured refunded transactions { kind amount status }`;
const ORDER_PAYMENTS = `query($id: ID!) { orderPayments(orderId: $id) { ${PAYMENT} } }`;
const CAPTURE = `mutation($id: ID!) { capturePayment(paymentId: $id) { ${PAYMENT} } }`;
const GRANT = `mutation($k: StoreCreditOwnerKind!, $o: ID!, $a: Minor!) { grantStoreCredit(ownerKind: $k, ownerId: $o, currency: "USD", amount: $a, reason: "goodwill") }`;
const BALANCE = `query($k: StoreCreditOwnerKind!, $o: ID!) { storeCreditBalance(ownerKind: $k, ownerId: $o, currency: "USD") }`;
const CANCEL = `mutation($id: ID!) { cancelOrder(id: $id, reason: "changed my mind") { state } }`;

let b2c: SeededVariant[];
let b2b: SeededVariant[];
let staff: { manage: string; read: string };

beforeAll(async () => {
  [b2c, b2b] = await Promise.all([goods(2, { channels: ["b2c"], unitPrice: 2_000 }), goods(1, { channels: ["b2b"], unitPrice: 10_000 })]);
  staff = { manage: await staffToken(["payments:manage", "orders:read"]), read: await staffToken(["orders:read"]) };
});

const err = (r: { errors?: { extensions?: Record<string, any> }[] }) => r.errors?.[0]?.extensions ?? {};

async function admin(query: string, variables: Record<string, unknown>) {
  const r = await gql("admin", query, variables, { token: staff.manage });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
}

async function previewTotal(token: string, cart: { version: number }, extra: Record<string, unknown> = {}, opts = B2C): Promise<number> {
  const pv = await gql("shop", PREVIEW, { i: { expectedCartVersion: cart.version, shippingAddress: LA, shippingMethodId: "ups-ground", ...extra } }, { ...opts, token });
  expect(pv.errors, JSON.stringify(pv.errors)).toBeUndefined();
  expect(pv.data.checkoutPreview.problems).toEqual([]);
  return pv.data.checkoutPreview.total;
}

const balanceOf = async (kind: "customer" | "account", id: string): Promise<number> => (await admin(BALANCE, { k: kind, o: id })).storeCreditBalance;

describe("store credit at checkout", () => {
  it("pays an order within the balance (captured at once), refuses one beyond it with nothing written, and a cancel puts the credit back", async () => {
    const [c] = await newCustomers(1);
    const cart = await fillCart(c!.token, "b2c", [{ variantId: b2c[0]!.variantId, quantity: 2 }]);
    const total = await previewTotal(c!.token, cart);
    expect(total).toBeGreaterThan(4_000);
    const granted = (await admin(GRANT, { k: "customer", o: c!.id, a: total + 500 })).grantStoreCredit;
    expect(granted).toBe(total + 500);

    const placed = await gql("shop", PLACE, { i: placeInput(cart, { payment: { method: "store_credit", input: {} } }) }, { ...B2C, token: c!.token });
    expect(placed.errors, JSON.stringify(placed.errors)).toBeUndefined();
    const o = placed.data.placeOrder;
    expect(o).toMatchObject({ state: "payment_authorized", total });
    const [pay] = (await admin(ORDER_PAYMENTS, { id: o.orderId })).orderPayments;
    expect(pay).toMatchObject({ method: "store_credit", state: "captured", authorized: total, captured: total, refunded: 0 });
    // both written at the same instant: compared as a set
    expect(pay.transactions.map((t: any) => `${t.kind}:${t.amount}:${t.status}`).sort()).toEqual([`authorize:${total}:succeeded`, `capture:${total}:succeeded`]);
    expect(await balanceOf("customer", c!.id)).toBe(500);

    // a second cart (same goods) costs more than the 500 left: refused, and nothing is written for it
    const cart2 = await fillCart(c!.token, "b2c", [{ variantId: b2c[1]!.variantId, quantity: 1 }]);
    const before = await traces({ customerId: c!.id }, [b2c[1]!.variantId]);
    const over = await gql("shop", PLACE, { i: placeInput(cart2, { payment: { method: "store_credit", input: {} } }) }, { ...B2C, token: c!.token });
    expect(err(over)).toMatchObject({ code: "CONFLICT", reason: "insufficient_store_credit" });
    // the extensions carry the reason; the amounts are in the message
    expect(over.errors![0]!.message).toMatch(/^Store credit balance 500 USD does not cover \d+$/);
    expect(await traces({ customerId: c!.id }, [b2c[1]!.variantId])).toEqual(before);
    expect(before).toMatchObject({ orders: 1, payments: 1, reserved: 0 });
    expect(await balanceOf("customer", c!.id)).toBe(500);

    // the buyer cancels the paid order: stock released, the capture refunded into the balance
    const cancelled = await gql("shop", CANCEL, { id: o.orderId }, { ...B2C, token: c!.token });
    expect(cancelled.errors, JSON.stringify(cancelled.errors)).toBeUndefined();
    expect(cancelled.data.cancelOrder.state).toBe("cancelled");
    const [after] = (await admin(ORDER_PAYMENTS, { id: o.orderId })).orderPayments;
    expect(after).toMatchObject({ state: "refunded", captured: total, refunded: total });
    expect(await balanceOf("customer", c!.id)).toBe(total + 500);
    expect(await traces({ customerId: c!.id }, [b2c[0]!.variantId])).toMatchObject({ reservations: 0, reserved: 0 });
    // the ledger holds grant, spend and refund
    const entries = await withDb(async ({ db }) => [...(await db.execute<{ amount: number }>(sql`select amount::int as amount from store_credit_entries where owner_id = ${c!.id}`))]);
    expect(entries.map((e) => e.amount).sort((a, b) => a - b)).toEqual([-total, total, total + 500].sort((a, b) => a - b));
  });
});

describe("net terms at checkout", () => {
  it("refuses offline (manual) payment to an account on net terms, so its credit limit cannot be stepped around", async () => {
    const e = await b2bBuyer({ paymentTerms: "net30", creditLimit: 1_000 });
    const cart = await fillCart(e.token, "b2b", [{ variantId: b2b[0]!.variantId, quantity: 5 }]);
    const manual = await gql(
      "shop",
      PLACE,
      { i: placeInput(cart, { shippingAddress: undefined, shippingAddressId: e.addressIds[0], payment: { method: "manual", input: {} } }) },
      { ...B2B, token: e.token },
    );
    expect(err(manual)).toMatchObject({ code: "BAD_USER_INPUT", field: "payment.method", reason: "payment_method_not_allowed" });
    expect(await traces({ employeeId: e.id })).toMatchObject({ orders: 0, payments: 0, reservations: 0 });
  });

  it("authorizes an order within the credit limit and the available credit shrinks by its total", async () => {
    const limit = 100_000;
    const e = await b2bBuyer({ paymentTerms: "net30", creditLimit: limit });
    const input = (cart: { version: number }) => placeInput(cart, { shippingAddress: undefined, shippingAddressId: e.addressIds[0], payment: { method: "net_terms", input: {} } });
    const cart = await fillCart(e.token, "b2b", [{ variantId: b2b[0]!.variantId, quantity: 5 }]);
    const placed = await gql("shop", PLACE, { i: input(cart) }, { ...B2B, token: e.token });
    expect(placed.errors, JSON.stringify(placed.errors)).toBeUndefined();
    const o = placed.data.placeOrder;
    expect(o.state).toBe("payment_authorized");
    expect(o.total).toBeGreaterThan(50_000);
    const [pay] = (await admin(ORDER_PAYMENTS, { id: o.orderId })).orderPayments;
    expect(pay).toMatchObject({ method: "net_terms", state: "authorized", authorized: o.total, captured: 0 });
    expect((await orderRow(o.orderId)).payment_method).toBe("net_terms");

    // a second order that fits the limit alone but not what is left: refused naming the credit left
    const cart2 = await fillCart(e.token, "b2b", [{ variantId: b2b[0]!.variantId, quantity: 5 }]);
    const refused = await gql("shop", PLACE, { i: input(cart2) }, { ...B2B, token: e.token });
    expect(err(refused)).toMatchObject({ code: "CONFLICT", reason: "credit_limit_exceeded" });
    const ext = refused.errors![0]!.extensions as { available: number; requested: number };
    expect(ext.available).toBe(limit - o.total);
    expect(ext.requested).toBeGreaterThan(ext.available);
    expect(ext.requested).toBeLessThanOrEqual(limit);
    expect(refused.errors![0]!.message).toContain(`available credit ${limit - o.total} USD`);
    expect(await traces({ employeeId: e.id })).toMatchObject({ orders: 1, payments: 1, reservations: 1 });
  });
});

describe("test gateway: a capture the gateway refuses", () => {
  it("places the order (authorized), then capturePayment fails with capture_failed and leaves the payment authorized", async () => {
    const [c] = await newCustomers(1);
    const cart = await fillCart(c!.token, "b2c", [{ variantId: b2c[0]!.variantId, quantity: 1 }]);
    const placed = await gql("shop", PLACE, { i: placeInput(cart, { payment: { method: "test_gateway", input: CARD_CAPTURE_FAILS } }) }, { ...B2C, token: c!.token });
    expect(placed.errors, JSON.stringify(placed.errors)).toBeUndefined();
    const o = placed.data.placeOrder;
    expect(o.state).toBe("payment_authorized");
    const [pay] = (await admin(ORDER_PAYMENTS, { id: o.orderId })).orderPayments;
    expect(pay).toMatchObject({ state: "authorized", authorized: o.total, captured: 0 });

    const cap = await gql("admin", CAPTURE, { id: pay.id }, { token: staff.manage });
    expect(err(cap)).toMatchObject({ code: "CONFLICT", reason: "capture_failed" });
    expect(cap.data?.capturePayment ?? null).toBeNull();
    const [after] = (await admin(ORDER_PAYMENTS, { id: o.orderId })).orderPayments;
    expect(after).toMatchObject({ state: "authorized", authorized: o.total, captured: 0 });
    expect(after.transactions.map((t: any) => t.kind)).toEqual(["authorize"]);
    expect((await orderRow(o.orderId)).state).toBe("payment_authorized");
    // staff without payments:manage cannot even try
    const denied = await gql("admin", CAPTURE, { id: pay.id }, { token: staff.read });
    expect(err(denied).code).toBe("FORBIDDEN");
  });
});
