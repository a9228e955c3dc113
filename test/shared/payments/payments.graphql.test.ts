import { beforeAll, describe, expect, it } from "vitest";
import { withDb } from "../../helpers/db";
import { gql, staffToken, tokenFor } from "../../helpers/graphql";
import { collector, customer, NOW, orderRow, servicesFor, VISA } from "./payment-fixtures";

const PAYMENT = `id state method authorized captured refunded allowedActions details transactions { kind amount status }`;
const ORDER_PAYMENTS = `query($id: ID!) { orderPayments(orderId: $id) { ${PAYMENT} } }`;
const CAPTURE = `mutation($id: ID!, $amount: Minor, $final: Boolean) { capturePayment(paymentId: $id, amount: $amount, final: $final) { ${PAYMENT} } }`;
const REFUND = `mutation($id: ID!, $amount: Minor!) { refundPayment(paymentId: $id, amount: $amount, reason: "returned") { ${PAYMENT} } }`;

let orderId: string;
let paymentId: string;
let customerId: string;

beforeAll(async () => {
  await withDb(async ({ db }) => {
    const svc = servicesFor(db);
    customerId = await customer(db);
    const order = await orderRow(db, { total: 20_000, customerId });
    orderId = order.id;
    const [p] = await db.transaction(async (tx) => {
      await svc.prepare(tx, { order, method: "test_gateway", input: VISA, now: NOW });
      return svc.authorize(tx, collector().emit, { orderId: order.id, now: NOW });
    });
    paymentId = p!.id;
  });
});

describe("payments admin API", () => {
  it("refuses without a token, with a customer token and without the permission", async () => {
    const customerToken = await tokenFor({ kind: "customer", customerId, email: "c@example.com", groupIds: [] });
    const reader = await staffToken(["orders:read"]);
    const cases: [string, Record<string, unknown>, string | undefined, string][] = [
      [ORDER_PAYMENTS, { id: orderId }, undefined, "UNAUTHENTICATED"],
      [ORDER_PAYMENTS, { id: orderId }, customerToken, "FORBIDDEN"],
      [ORDER_PAYMENTS, { id: orderId }, await staffToken(["payments:manage"]), "FORBIDDEN"],
      [CAPTURE, { id: paymentId }, undefined, "UNAUTHENTICATED"],
      [CAPTURE, { id: paymentId }, customerToken, "FORBIDDEN"],
      [CAPTURE, { id: paymentId }, reader, "FORBIDDEN"],
      [REFUND, { id: paymentId, amount: 1 }, reader, "FORBIDDEN"],
      [`mutation { grantStoreCredit(ownerKind: customer, ownerId: "${crypto.randomUUID()}", currency: "USD", amount: 5, reason: "x") }`, {}, reader, "FORBIDDEN"],
    ];
    for (const [q, vars, token, code] of cases) {
      const r = await gql("admin", q, vars, { token });
      expect(r.errors?.[0]?.extensions?.code, q.slice(0, 40)).toBe(code);
      expect(r.data?.capturePayment ?? r.data?.orderPayments ?? null).toBeNull();
    }
    // the shop API has none of these fields
    const shop = await gql("shop", ORDER_PAYMENTS, { id: orderId }, { token: customerToken });
    expect(shop.errors?.[0]?.message).toMatch(/orderPayments/);
    // and nothing moved
    const after = await gql("admin", ORDER_PAYMENTS, { id: orderId }, { token: reader });
    expect(after.data.orderPayments[0]).toMatchObject({ state: "authorized", captured: 0 });
  });

  it("captures in part, refuses an over-refund with a reason, refunds, and reads back transactions", async () => {
    const manager = await staffToken(["payments:manage", "orders:read"]);
    const cap = await gql("admin", CAPTURE, { id: paymentId, amount: 15_000, final: true }, { token: manager });
    expect(cap.errors).toBeUndefined();
    expect(cap.data.capturePayment).toMatchObject({ state: "captured", authorized: 15_000, captured: 15_000, allowedActions: ["refund", "settle"] });
    const over = await gql("admin", REFUND, { id: paymentId, amount: 15_001 }, { token: manager });
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "refund_exceeds_captured" });
    const ref = await gql("admin", REFUND, { id: paymentId, amount: 5_000 }, { token: manager });
    expect(ref.data.refundPayment).toMatchObject({ state: "partially_refunded", refunded: 5_000 });
    const voided = await gql("admin", `mutation($id: ID!) { voidPayment(paymentId: $id) { id } }`, { id: paymentId }, { token: manager });
    expect(voided.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "already_captured" });
    const read = await gql("admin", ORDER_PAYMENTS, { id: orderId }, { token: manager });
    const p = read.data.orderPayments[0];
    expect(p.details.last4).toBe("1111");
    expect(JSON.stringify(p)).not.toContain("4111111111111111");
    expect(p.transactions.map((t: { kind: string; amount: number }) => `${t.kind}:${t.amount}`).sort()).toEqual(["authorize:20000", "capture:15000", "refund:5000", "release:5000"]);
    const bad = await gql("admin", CAPTURE, { id: "not-a-uuid" }, { token: manager });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "paymentId" });
  });

  it("grants store credit and reads the balance", async () => {
    const manager = await staffToken(["payments:manage", "orders:read"]);
    const grant = `mutation($id: ID!, $amount: Minor!) { grantStoreCredit(ownerKind: customer, ownerId: $id, currency: "USD", amount: $amount, reason: "goodwill") }`;
    expect((await gql("admin", grant, { id: customerId, amount: 2_500 }, { token: manager })).data.grantStoreCredit).toBe(2_500);
    expect((await gql("admin", grant, { id: customerId, amount: 500 }, { token: manager })).data.grantStoreCredit).toBe(3_000);
    const bal = await gql("admin", `query($id: ID!) { storeCreditBalance(ownerKind: customer, ownerId: $id, currency: "USD") }`, { id: customerId }, { token: manager });
    expect(bal.data.storeCreditBalance).toBe(3_000);
  });
});
