import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { reserve, stockLevels, stockReservations } from "../../../shared/inventory";
import { orders } from "../../../shared/orders";
import { withDb } from "../../helpers/db";
import { channelId } from "../../helpers/fixtures";
import { gql, staffToken } from "../../helpers/graphql";
import { stock } from "../../helpers/order-fixtures";
import { account, customer, employee, orderBy, ORDER_FIELDS, variant } from "./orders-test-kit";

const LIST = `query($filter: AdminOrdersFilter, $first: Int, $after: String) {
  orders(filter: $filter, first: $first, after: $after) { edges { node { id number state total email } } pageInfo { hasNextPage endCursor } }
}`;
const ORDER = `query($id: ID!) { order(id: $id) { ${ORDER_FIELDS} } }`;
const TRANSITION = `mutation($id: ID!, $to: String!, $reason: String) { transitionOrder(id: $id, to: $to, reason: $reason) { ${ORDER_FIELDS} } }`;
const HOLD = `mutation($id: ID!) { holdOrder(id: $id, reason: "address check") { state allowedTransitions } }`;
const RELEASE = `mutation($id: ID!) { releaseOrder(id: $id) { state transitions { from to } } }`;
const FULFIL = `mutation($id: ID!, $lines: [FulfillmentLineInput!]!) { recordFulfillment(orderId: $id, lines: $lines) { ${ORDER_FIELDS} } }`;
const SHIP = `mutation($id: ID!, $lines: [FulfillmentLineInput!]!) { recordShipment(orderId: $id, lines: $lines) { ${ORDER_FIELDS} } }`;

const manager = () => staffToken(["orders:read", "orders:manage"]);
const nodes = (r: { data?: any }) => (r.data?.orders?.edges ?? []).map((e: any) => e.node.id);

describe("admin orders: permissions", () => {
  it("refuses anonymous callers, staff without orders:read, and writes without orders:manage", async () => {
    const { variantId } = await variant();
    const o = await orderBy(await customer(), [{ variantId, quantity: 1, unitPrice: 100 }]);
    expect((await gql("admin", LIST, {})).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const catalogOnly = await staffToken(["catalog:read"]);
    expect((await gql("admin", LIST, {}, { token: catalogOnly })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql("admin", ORDER, { id: o.id }, { token: catalogOnly })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    // a shop buyer's token is no staff token
    const buyer = await customer();
    expect((await gql("admin", ORDER, { id: o.id }, { token: buyer.token })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const reader = await staffToken(["orders:read"]);
    expect((await gql("admin", ORDER, { id: o.id }, { token: reader })).data.order.id).toBe(o.id);
    const denied = await gql("admin", TRANSITION, { id: o.id, to: "on_hold" }, { token: reader });
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const state = await withDb(async ({ db }) => (await db.select({ s: orders.state }).from(orders).where(eq(orders.id, o.id)))[0]!.s);
    expect(state).toBe("placed");
  });
});

describe("admin orders: list", () => {
  it("filters by channel, state, account, customer, e-mail, number, placed date and total, and pages", async () => {
    const { variantId } = await variant();
    const c = await customer();
    const acme = await account();
    const emp = await employee(acme.accountId, acme.locationIds[0]!, "buyer");
    const small = await orderBy(c, [{ variantId, quantity: 1, unitPrice: 1_000 }], { now: new Date("2026-04-01T00:00:00Z") });
    const big = await orderBy(c, [{ variantId, quantity: 5, unitPrice: 1_000 }], { now: new Date("2026-04-02T00:00:00Z"), state: "shipped" });
    const b2b = await orderBy(emp, [{ variantId, quantity: 2, unitPrice: 1_000 }], { now: new Date("2026-04-03T00:00:00Z") });
    await withDb(async ({ db }) => {
      for (const [o, placed] of [
        [small, "2026-04-01T01:00:00Z"],
        [big, "2026-04-02T01:00:00Z"],
        [b2b, "2026-04-03T01:00:00Z"],
      ] as const) {
        await db.update(orders).set({ placedAt: new Date(placed) }).where(eq(orders.id, o.id));
      }
    });
    const token = await manager();
    const q = async (filter: Record<string, unknown>, first?: number) => {
      const r = await gql("admin", LIST, { filter, first }, { token });
      expect(r.errors).toBeUndefined();
      return nodes(r);
    };
    expect(await q({ customerId: c.id })).toEqual([big.id, small.id]);
    expect(await q({ email: c.email.toUpperCase() })).toEqual([big.id, small.id]);
    expect(await q({ accountId: acme.accountId })).toEqual([b2b.id]);
    expect(await q({ number: big.number })).toEqual([big.id]);
    expect(await q({ customerId: c.id, states: ["shipped"] })).toEqual([big.id]);
    expect(await q({ customerId: c.id, channelCode: "b2c" })).toEqual([big.id, small.id]);
    expect(await q({ customerId: c.id, channelCode: "b2b" })).toEqual([]);
    expect(await q({ customerId: c.id, totalMin: 2_000 })).toEqual([big.id]);
    expect(await q({ customerId: c.id, totalMax: 1_000 })).toEqual([small.id]);
    expect(await q({ email: c.email, from: "2026-04-01T12:00:00Z", to: "2026-04-02T12:00:00Z" })).toEqual([big.id]);

    const first = await gql("admin", LIST, { filter: { customerId: c.id }, first: 1 }, { token });
    expect(nodes(first)).toEqual([big.id]);
    expect(first.data.orders.pageInfo.hasNextPage).toBe(true);
    const second = await gql("admin", LIST, { filter: { customerId: c.id }, first: 1, after: first.data.orders.pageInfo.endCursor }, { token });
    expect(nodes(second)).toEqual([small.id]);
    expect(second.data.orders.pageInfo.hasNextPage).toBe(false);

    const bad = await gql("admin", LIST, { filter: { totalMin: 500, totalMax: 100 } }, { token });
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "filter.totalMin" });
    const tooMany = await gql("admin", LIST, { first: 1000 }, { token });
    expect(tooMany.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "first" });
  });
});

describe("admin orders: transitions and holds", () => {
  it("an invalid transition is refused with the allowed states listed; a valid one is recorded with the staff actor", async () => {
    const { variantId } = await variant();
    const o = await orderBy(await customer(), [{ variantId, quantity: 1, unitPrice: 100 }]);
    const token = await manager();
    const refused = await gql("admin", TRANSITION, { id: o.id, to: "shipped" }, { token });
    expect(refused.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect([...refused.errors![0]!.extensions!.allowed].sort()).toEqual(["cancelled", "fraud_review", "on_hold"]);
    expect(refused.errors?.[0]?.message).toMatch(/allowed: .*fraud_review/);

    // a super admin ("*") passes the process's actor_permission guard too
    const r = await gql("admin", TRANSITION, { id: o.id, to: "fraud_review", reason: "velocity" }, { token: await staffToken(["*"]) });
    expect(r.errors).toBeUndefined();
    expect(r.data.transitionOrder.state).toBe("fraud_review");
    expect(r.data.transitionOrder.transitions).toEqual([expect.objectContaining({ from: "placed", to: "fraud_review", actorKind: "staff", reason: "velocity" })]);
    // back to placed needs the fraud_cleared flag: refused, listing what is possible
    const notCleared = await gql("admin", TRANSITION, { id: o.id, to: "placed" }, { token });
    expect(notCleared.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(notCleared.errors?.[0]?.extensions?.allowed).not.toContain("placed");
  });

  it("hold and release return the order to the state it was held from", async () => {
    const { variantId } = await variant();
    const o = await orderBy(await customer(), [{ variantId, quantity: 1, unitPrice: 100 }]);
    const token = await manager();
    const held = await gql("admin", HOLD, { id: o.id }, { token });
    expect(held.data.holdOrder.state).toBe("on_hold");
    const released = await gql("admin", RELEASE, { id: o.id }, { token });
    expect(released.errors).toBeUndefined();
    expect(released.data.releaseOrder.state).toBe("placed");
    expect(released.data.releaseOrder.transitions.map((t: any) => `${t.from}>${t.to}`)).toEqual(["placed>on_hold", "on_hold>placed"]);
    const notHeld = await gql("admin", RELEASE, { id: o.id }, { token });
    expect(notHeld.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "not_on_hold" });
  });
});

describe("admin orders: fulfilment and shipment", () => {
  it("counts fulfilled and shipped units per line, moves the order along and consumes the stock on shipment", async () => {
    const [v1, v2] = [await variant(), await variant()];
    const [w1, w2] = [await stock(v1.variantId, 10), await stock(v2.variantId, 10)];
    const o = await orderBy(
      await customer(),
      [
        { variantId: v1.variantId, quantity: 3, unitPrice: 100 },
        { variantId: v2.variantId, quantity: 2, unitPrice: 200 },
      ],
      { state: "payment_authorized" },
    );
    await withDb(({ db }) =>
      db.transaction((tx) =>
        reserve(tx, {
          ref: { type: "order", id: o.id },
          lines: [
            { variantId: v1.variantId, quantity: 3 },
            { variantId: v2.variantId, quantity: 2 },
          ],
          now: new Date(),
        }),
      ),
    );
    const token = await manager();
    const detail = await gql("admin", ORDER, { id: o.id }, { token });
    const [l1, l2] = detail.data.order.lines.map((l: any) => l.id);

    // shipping before anything is fulfilled: more than fulfilled
    const early = await gql("admin", SHIP, { id: o.id, lines: [{ lineId: l1, quantity: 1 }] }, { token });
    expect(early.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "lines.0.quantity" });

    const part = await gql("admin", FULFIL, { id: o.id, lines: [{ lineId: l1, quantity: 2 }] }, { token });
    expect(part.errors).toBeUndefined();
    expect(part.data.recordFulfillment).toMatchObject({ state: "partially_fulfilled", quantityFulfilled: 2 });
    expect(part.data.recordFulfillment.lines[0].quantityFulfilled).toBe(2);

    const over = await gql("admin", FULFIL, { id: o.id, lines: [{ lineId: l2, quantity: 2 }, { lineId: l1, quantity: 2 }] }, { token });
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "lines.1.quantity" });
    const foreign = await gql("admin", FULFIL, { id: o.id, lines: [{ lineId: crypto.randomUUID(), quantity: 1 }] }, { token });
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "lines.0.lineId" });
    // nothing of the refused calls was written (line 2 was valid but the call was refused as a whole)
    const unchanged = await gql("admin", ORDER, { id: o.id }, { token });
    expect(unchanged.data.order.quantityFulfilled).toBe(2);
    expect(unchanged.data.order.lines[1].quantityFulfilled).toBe(0);

    const full = await gql("admin", FULFIL, { id: o.id, lines: [{ lineId: l1, quantity: 1 }, { lineId: l2, quantity: 2 }] }, { token });
    expect(full.data.recordFulfillment).toMatchObject({ state: "fulfilled", quantityFulfilled: 5 });

    const partShip = await gql("admin", SHIP, { id: o.id, lines: [{ lineId: l1, quantity: 3 }] }, { token });
    expect(partShip.data.recordShipment).toMatchObject({ state: "fulfilled", quantityShipped: 3 });
    const onHand = async (w: string) => withDb(async ({ db }) => (await db.select().from(stockLevels).where(eq(stockLevels.warehouseId, w)))[0]!);
    expect(await onHand(w1)).toMatchObject({ onHand: 10, reserved: 3 });

    const rest = await gql("admin", SHIP, { id: o.id, lines: [{ lineId: l2, quantity: 2 }] }, { token });
    expect(rest.errors).toBeUndefined();
    expect(rest.data.recordShipment).toMatchObject({ state: "shipped", quantityShipped: 5 });
    expect(rest.data.recordShipment.transitions.map((t: any) => t.to)).toEqual(["partially_fulfilled", "fulfilled", "shipped"]);
    expect(await onHand(w1)).toMatchObject({ onHand: 7, reserved: 0 });
    expect(await onHand(w2)).toMatchObject({ onHand: 8, reserved: 0 });
    const statuses = await withDb(async ({ db }) => (await db.select({ s: stockReservations.status }).from(stockReservations).where(eq(stockReservations.refId, o.id))).map((r) => r.s));
    expect(statuses).toEqual(["consumed", "consumed"]);

    const after = await gql("admin", SHIP, { id: o.id, lines: [{ lineId: l1, quantity: 1 }] }, { token });
    expect(after.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "wrong_state" });
  });

  it("refuses fulfilment where the process expects none (a placed order awaiting payment)", async () => {
    const { variantId } = await variant();
    const o = await orderBy(await customer(), [{ variantId, quantity: 1, unitPrice: 100 }]);
    const token = await manager();
    const line = (await gql("admin", ORDER, { id: o.id }, { token })).data.order.lines[0].id;
    const r = await gql("admin", FULFIL, { id: o.id, lines: [{ lineId: line, quantity: 1 }] }, { token });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "CONFLICT", reason: "wrong_state" });
  });
});

describe("catalog: variants referenced by orders", () => {
  it("deleting a variant an order line points at archives it instead", async () => {
    const ordered = await variant();
    const unused = await variant();
    await orderBy(await customer(), [{ variantId: ordered.variantId, quantity: 1, unitPrice: 100 }], { channelId: await channelId("b2c") });
    const token = await staffToken(["catalog:write"]);
    const DELETE = `mutation($sku: String!) { deleteVariant(sku: $sku) { deleted archived } }`;
    expect((await gql("admin", DELETE, { sku: ordered.sku }, { token })).data.deleteVariant).toEqual({ deleted: false, archived: true });
    expect((await gql("admin", DELETE, { sku: unused.sku }, { token })).data.deleteVariant).toEqual({ deleted: true, archived: false });
  });
});
