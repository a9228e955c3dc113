import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../../../workers/index";
import { domainEvents, type EventEnvelope } from "../../../shared/events";
import { orders } from "../../../shared/orders";
import { usageCounterRedemptions } from "../../../shared/promotions";
import { withDb } from "../../helpers/db";
import { gql, staffToken, uniq } from "../../helpers/graphql";
import { stock } from "../../helpers/order-fixtures";
import { customer, orderBy, variant } from "./orders-test-kit";

async function deliver(row: typeof domainEvents.$inferSelect) {
  const body: EventEnvelope = {
    id: row.id,
    type: row.type,
    aggregateType: row.aggregateType,
    aggregateId: row.aggregateId,
    channelCode: row.channelCode,
    payload: row.payload,
    occurredAt: row.occurredAt.toISOString(),
  };
  const batch = createMessageBatch("vectis-events", [{ id: crypto.randomUUID(), timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("promotion usage on cancelled orders", () => {
  it("a cancelled order gives back the caps and coupon use it took, once, however often the event is delivered", async () => {
    const counters = usageCounterRedemptions(env.USAGE_COUNTER);
    const now = Date.now();
    const keys = [`promo:${uniq("rule")}:total`, `coupon:${uniq("CODE").toUpperCase()}`];
    // checkout took one use of each (the coupon is single-use)
    for (const k of keys) expect((await counters.consume(k, 1, 1, now)).allowed).toBe(true);
    expect((await counters.consume(keys[1]!, 1, 1, now)).allowed).toBe(false);

    const { variantId } = await variant();
    await stock(variantId, 5);
    const buyer = await customer();
    const order = await orderBy(buyer, [{ variantId, quantity: 1, unitPrice: 900 }], { state: "placed" });
    await withDb(({ db }) => db.update(orders).set({ redemptions: { keys } }).where(eq(orders.id, order.id)));

    const token = await staffToken(["orders:read", "orders:manage"]);
    const cancelled = await gql("admin", `mutation($id: ID!) { transitionOrder(id: $id, to: "cancelled", reason: "customer asked") { state } }`, { id: order.id }, { token });
    expect(cancelled.errors).toBeUndefined();
    expect(cancelled.data.transitionOrder.state).toBe("cancelled");

    const [event] = await withDb(({ db }) => db.select().from(domainEvents).where(and(eq(domainEvents.aggregateId, order.id), eq(domainEvents.type, "order.cancelled"))));
    expect(event).toBeDefined();
    await deliver(event!);
    await deliver(event!);
    for (const k of keys) expect(await counters.peek(k, Date.now())).toBe(0);
    // the single-use coupon can be used again
    expect((await counters.consume(keys[1]!, 1, 1, Date.now())).allowed).toBe(true);
    const [row] = await withDb(({ db }) => db.select({ redemptions: orders.redemptions }).from(orders).where(eq(orders.id, order.id)));
    expect(row!.redemptions).toBeNull();
  });
});
