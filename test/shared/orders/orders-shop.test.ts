import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { reserve, stockLevels } from "../../../shared/inventory";
import { pastOrderSource } from "../../../shared/orders";
import { withDb } from "../../helpers/db";
import { channelId } from "../../helpers/fixtures";
import { gql, staffToken, type GqlResult } from "../../helpers/graphql";
import { stock } from "../../helpers/order-fixtures";
import { account, customer, employee, orderBy, ORDER_FIELDS, variant } from "./orders-test-kit";

const MY_ORDERS = `query($filter: MyOrdersFilter, $first: Int, $after: String) {
  myOrders(filter: $filter, first: $first, after: $after) { edges { cursor node { ${ORDER_FIELDS} } } pageInfo { hasNextPage endCursor } }
}`;
const ORDER = `query($id: ID, $number: Int) { order(id: $id, number: $number) { ${ORDER_FIELDS} } }`;
const CANCEL = `mutation($id: ID!, $reason: String) { cancelOrder(id: $id, reason: $reason) { ${ORDER_FIELDS} } }`;

const ids = (r: { data?: any }) => (r.data?.myOrders?.edges ?? []).map((e: any) => e.node.id);
const at = (iso: string) => new Date(iso);

describe("shop orders: who sees what", () => {
  it("a customer sees its own orders newest first, never another customer's (NOT_FOUND, not FORBIDDEN)", async () => {
    const { variantId } = await variant();
    const [alice, bob] = [await customer(), await customer()];
    const a1 = await orderBy(alice, [{ variantId, quantity: 2, unitPrice: 1250 }], { now: at("2026-01-01T10:00:00Z") });
    const a2 = await orderBy(alice, [{ variantId, quantity: 1, unitPrice: 999 }], { now: at("2026-01-02T10:00:00Z") });
    const b1 = await orderBy(bob, [{ variantId, quantity: 1, unitPrice: 500 }]);

    const mine = await gql("shop", MY_ORDERS, {}, { channel: "b2c", token: alice.token });
    expect(mine.errors).toBeUndefined();
    expect(ids(mine)).toEqual([a2.id, a1.id]);
    const node = mine.data.myOrders.edges[1].node;
    expect(node.lines).toEqual([expect.objectContaining({ quantity: 2, unitPrice: 1250, lineTotal: 2500, quantityFulfilled: 0 })]);
    expect(node.lines[0].priceSource.level).toBe("default");
    expect(node.payment).toEqual({ method: "manual", authorized: 0, captured: 0, outstanding: 2500 });
    // the default process lets anyone cancel a placed order with nothing captured; staff-only moves are not offered
    expect(node.allowedTransitions).toEqual(["cancelled"]);

    const own = await gql("shop", ORDER, { number: a1.number }, { channel: "b2c", token: alice.token });
    expect(own.data.order.id).toBe(a1.id);

    for (const vars of [{ id: b1.id }, { number: b1.number }]) {
      const other = await gql("shop", ORDER, vars, { channel: "b2c", token: alice.token });
      expect(other.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    }
    // the same order read through another channel's storefront is not there either
    const elsewhere = await gql("shop", ORDER, { id: a1.id }, { channel: "b2b", token: alice.token });
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("employees: a location-scoped role sees its location only, an account admin every location, another account nothing", async () => {
    const { variantId } = await variant();
    const acme = await account();
    const other = await account();
    const [loc1, loc2] = acme.locationIds as [string, string];
    const buyer1 = await employee(acme.accountId, loc1, "buyer");
    const colleague1 = await employee(acme.accountId, loc1, "approver");
    const buyer2 = await employee(acme.accountId, loc2, "buyer");
    const admin = await employee(acme.accountId, loc2, "admin");
    const outsider = await employee(other.accountId, other.locationIds[0]!, "admin");
    const o1 = await orderBy(buyer1, [{ variantId, quantity: 1, unitPrice: 100 }], { now: at("2026-02-01T00:00:00Z") });
    const o1b = await orderBy(colleague1, [{ variantId, quantity: 1, unitPrice: 100 }], { now: at("2026-02-02T00:00:00Z") });
    const o2 = await orderBy(buyer2, [{ variantId, quantity: 1, unitPrice: 100 }], { now: at("2026-02-03T00:00:00Z") });

    expect(ids(await gql("shop", MY_ORDERS, {}, { channel: "b2b", token: buyer1.token }))).toEqual([o1b.id, o1.id]);
    expect(ids(await gql("shop", MY_ORDERS, {}, { channel: "b2b", token: buyer2.token }))).toEqual([o2.id]);
    expect(ids(await gql("shop", MY_ORDERS, {}, { channel: "b2b", token: admin.token }))).toEqual([o2.id, o1b.id, o1.id]);
    expect(ids(await gql("shop", MY_ORDERS, {}, { channel: "b2b", token: outsider.token }))).toEqual([]);

    const crossLocation = await gql("shop", ORDER, { id: o2.id }, { channel: "b2b", token: buyer1.token });
    expect(crossLocation.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const crossAccount = await gql("shop", ORDER, { id: o1.id }, { channel: "b2b", token: outsider.token });
    expect(crossAccount.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const adminReads = await gql("shop", ORDER, { id: o1.id }, { channel: "b2b", token: admin.token });
    expect(adminReads.data.order.id).toBe(o1.id);
  });

  it("guests and staff tokens get no order history on the shop API", async () => {
    const guest = await gql("shop", MY_ORDERS, {}, { channel: "b2c" });
    expect(guest.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(guest.data?.myOrders ?? null).toBeNull();
    const staff = await gql("shop", MY_ORDERS, {}, { channel: "b2c", token: await staffToken(["*"]) });
    expect(staff.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("filters by state and date range and pages with cursors without gaps or repeats", async () => {
    const { variantId } = await variant();
    const c = await customer();
    const made = [];
    for (let i = 0; i < 5; i++) {
      made.push(await orderBy(c, [{ variantId, quantity: 1, unitPrice: 100 + i }], { now: at(`2026-03-0${i + 1}T12:00:00Z`), state: i % 2 === 0 ? "placed" : "shipped" }));
    }
    const newestFirst = made.map((o) => o.id).reverse();
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 3; page++) {
      const r: GqlResult = await gql("shop", MY_ORDERS, { first: 2, after }, { channel: "b2c", token: c.token });
      expect(r.errors).toBeUndefined();
      seen.push(...ids(r));
      expect(r.data.myOrders.pageInfo.hasNextPage).toBe(page < 2);
      after = r.data.myOrders.pageInfo.endCursor;
    }
    expect(seen).toEqual(newestFirst);

    const shipped = await gql("shop", MY_ORDERS, { filter: { states: ["shipped"] } }, { channel: "b2c", token: c.token });
    expect(ids(shipped)).toEqual([made[3]!.id, made[1]!.id]);
    const ranged = await gql("shop", MY_ORDERS, { filter: { from: "2026-03-02T00:00:00Z", to: "2026-03-04T00:00:00Z" } }, { channel: "b2c", token: c.token });
    expect(ids(ranged)).toEqual([made[2]!.id, made[1]!.id]);

    const badRange = await gql("shop", MY_ORDERS, { filter: { from: "2026-03-05T00:00:00Z", to: "2026-03-01T00:00:00Z" } }, { channel: "b2c", token: c.token });
    expect(badRange.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(badRange.errors?.[0]?.extensions?.field).toBe("filter.from");
    const badCursor = await gql("shop", MY_ORDERS, { after: "not-a-cursor" }, { channel: "b2c", token: c.token });
    expect(badCursor.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("a page costs the same number of queries for 1 order as for 6 orders with many lines", async () => {
    const { variantId } = await variant();
    const [few, many] = [await customer(), await customer()];
    await orderBy(few, [{ variantId, quantity: 1, unitPrice: 100 }]);
    for (let i = 0; i < 6; i++) await orderBy(many, Array.from({ length: 5 }, (_, j) => ({ variantId, quantity: j + 1, unitPrice: 100 })));
    const a = await gql("shop", MY_ORDERS, {}, { channel: "b2c", token: few.token });
    const b = await gql("shop", MY_ORDERS, {}, { channel: "b2c", token: many.token });
    expect(b.data.myOrders.edges).toHaveLength(6);
    expect(b.data.myOrders.edges[0].node.lines).toHaveLength(5);
    const qa = Number(a.headers.get("x-sql-queries"));
    const qb = Number(b.headers.get("x-sql-queries"));
    expect(qa).toBeGreaterThan(0);
    expect(qb).toBe(qa);
  });
});

describe("shop orders: cancel", () => {
  it("the buyer cancels a placed order: the reservation is released and the transition recorded", async () => {
    const { variantId } = await variant();
    const c = await customer();
    const warehouseId = await stock(variantId, 10);
    const order = await orderBy(c, [{ variantId, quantity: 4, unitPrice: 700 }]);
    await withDb(({ db }) => db.transaction((tx) => reserve(tx, { ref: { type: "order", id: order.id }, lines: [{ variantId, quantity: 4 }], now: new Date() })));
    const reserved = () => withDb(async ({ db }) => (await db.select().from(stockLevels).where(eq(stockLevels.warehouseId, warehouseId)))[0]!.reserved);
    expect(await reserved()).toBe(4);

    const r = await gql("shop", CANCEL, { id: order.id, reason: "changed my mind" }, { channel: "b2c", token: c.token });
    expect(r.errors).toBeUndefined();
    expect(r.data.cancelOrder.state).toBe("cancelled");
    expect(r.data.cancelOrder.allowedTransitions).toEqual([]);
    expect(r.data.cancelOrder.transitions).toEqual([expect.objectContaining({ from: "placed", to: "cancelled", actorKind: "customer", actorId: c.id, reason: "changed my mind" })]);
    expect(await reserved()).toBe(0);

    const again = await gql("shop", CANCEL, { id: order.id }, { channel: "b2c", token: c.token });
    expect(again.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("refuses another buyer's order (NOT_FOUND), a shipped order (CONFLICT with allowed states) and a viewer (FORBIDDEN)", async () => {
    const { variantId } = await variant();
    const [owner, stranger] = [await customer(), await customer()];
    const placed = await orderBy(owner, [{ variantId, quantity: 1, unitPrice: 100 }]);
    const notMine = await gql("shop", CANCEL, { id: placed.id }, { channel: "b2c", token: stranger.token });
    expect(notMine.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");

    const shipped = await orderBy(owner, [{ variantId, quantity: 1, unitPrice: 100 }], { state: "shipped" });
    const late = await gql("shop", CANCEL, { id: shipped.id }, { channel: "b2c", token: owner.token });
    expect(late.errors?.[0]?.extensions?.code).toBe("CONFLICT");
    expect(late.errors?.[0]?.extensions?.allowed).toEqual(["delivered"]);

    const acme = await account();
    const buyer = await employee(acme.accountId, acme.locationIds[0]!, "buyer");
    const viewer = await employee(acme.accountId, acme.locationIds[0]!, "viewer");
    const b2b = await orderBy(buyer, [{ variantId, quantity: 1, unitPrice: 100 }]);
    const denied = await gql("shop", CANCEL, { id: b2b.id }, { channel: "b2b", token: viewer.token });
    expect(denied.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const allowed = await gql("shop", CANCEL, { id: b2b.id }, { channel: "b2b", token: buyer.token });
    expect(allowed.data?.cancelOrder?.state).toBe("cancelled");
  });
});

describe("reorder source (carts' PastOrderSource)", () => {
  it("returns the lines only to the order's own cart owner", async () => {
    const [v1, v2] = [await variant(), await variant()];
    const c = await customer();
    const other = await customer();
    const order = await orderBy(c, [
      { variantId: v1.variantId, quantity: 3, unitPrice: 100 },
      { variantId: v2.variantId, quantity: 1, unitPrice: 200 },
    ]);
    const acme = await account();
    const emp = await employee(acme.accountId, acme.locationIds[0]!, "buyer");
    const b2b = await orderBy(emp, [{ variantId: v1.variantId, quantity: 5, unitPrice: 100 }]);

    await withDb(async ({ db }) => {
      const src = pastOrderSource(db);
      expect(await src.linesOf(c.id, order.id)).toEqual([
        { variantId: v1.variantId, quantity: 3 },
        { variantId: v2.variantId, quantity: 1 },
      ]);
      expect(await src.linesOf(other.id, order.id)).toBeNull();
      expect(await src.linesOf(`${acme.accountId}:${acme.locationIds[0]}`, b2b.id)).toEqual([{ variantId: v1.variantId, quantity: 5 }]);
      expect(await src.linesOf(`${acme.accountId}:${acme.locationIds[1]}`, b2b.id)).toBeNull();
      // a customer id can never reach an employee's order, nor a guest cart id anything
      expect(await src.linesOf(emp.id, b2b.id)).toBeNull();
      expect(await src.linesOf("guest-cart-123", order.id)).toBeNull();
      expect(await src.linesOf(c.id, "not-a-uuid")).toBeNull();
    });
  });

  it("reorder through the shop API adds a past order's lines to the buyer's cart, and refuses another buyer's", async () => {
    const c = await customer();
    const stranger = await customer();
    const { variantId } = await variant();
    const order = await orderBy(c, [{ variantId, quantity: 2, unitPrice: 100 }], { channelId: await channelId("b2c") });
    const REORDER = `mutation($input: ReorderInput!) { reorder(input: $input) { appliedCount rejectedCount } }`;
    const other = await gql("shop", REORDER, { input: { orderId: order.id } }, { channel: "b2c", token: stranger.token });
    expect(other.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const mine = await gql("shop", REORDER, { input: { orderId: order.id } }, { channel: "b2c", token: c.token });
    expect(mine.errors).toBeUndefined();
    expect(mine.data.reorder.appliedCount + mine.data.reorder.rejectedCount).toBe(1);
  });
});
