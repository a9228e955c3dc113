import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import worker from "../../../workers/index";
import { domainEvents, type EventEnvelope } from "../../../shared/events";
import { LogNotificationStrategy, orderLines, orderNotifications } from "../../../shared/orders";
import { withDb } from "../../helpers/db";
import { gql, staffToken } from "../../helpers/graphql";
import { stock } from "../../helpers/order-fixtures";
import { customer, orderBy, variant } from "./orders-test-kit";

const notificationsOf = (orderId: string) => withDb(({ db }) => db.select().from(orderNotifications).where(eq(orderNotifications.orderId, orderId)));

async function deliver(events: EventEnvelope[]) {
  const batch = createMessageBatch(
    "vectis-events",
    events.map((body, i) => ({ id: `m${i}-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, env, ctx);
  await waitOnExecutionContext(ctx);
}

async function until<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 5_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("order notifications", () => {
  it("the notify effect's event writes the buyer's notification once, however often it is delivered", async () => {
    const { variantId } = await variant();
    await stock(variantId, 3);
    const buyer = await customer();
    // the default B2C placement notifies "order_confirmation"; payment is not prepared in this
    // fixture, so the process is driven through the shipment path instead (order_shipped)
    const order = await orderBy(buyer, [{ variantId, quantity: 1, unitPrice: 900 }], { state: "fulfilled" });
    await withDb(async ({ db }) => {
      await db.update(orderLines).set({ quantityFulfilled: 1 }).where(eq(orderLines.orderId, order.id));
    });
    const token = await staffToken(["orders:read", "orders:manage"]);
    const line = (await gql("admin", `query($id: ID!) { order(id: $id) { lines { id } } }`, { id: order.id }, { token })).data.order.lines[0].id;
    const shipped = await gql("admin", `mutation($id: ID!, $l: [FulfillmentLineInput!]!) { recordShipment(orderId: $id, lines: $l) { state } }`, { id: order.id, l: [{ lineId: line, quantity: 1 }] }, { token });
    expect(shipped.errors).toBeUndefined();
    expect(shipped.data.recordShipment.state).toBe("shipped");

    const [requested] = await withDb(({ db }) =>
      db.select().from(domainEvents).where(and(eq(domainEvents.aggregateId, order.id), eq(domainEvents.type, "order.notification_requested"))),
    );
    expect(requested?.payload).toMatchObject({ template: "order_shipped", email: buyer.email, orderId: order.id });
    const envelope: EventEnvelope = {
      id: requested!.id,
      type: requested!.type,
      aggregateType: requested!.aggregateType,
      aggregateId: requested!.aggregateId,
      channelCode: requested!.channelCode,
      payload: requested!.payload,
      occurredAt: requested!.occurredAt.toISOString(),
    };
    // the outbox also sends it through the real queue; deliver it twice more by hand
    await deliver([envelope, envelope]);
    await deliver([envelope]);
    const rows = await until(() => notificationsOf(order.id), (r) => r.length > 0);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ eventId: envelope.id, template: "order_shipped", recipient: buyer.email.toLowerCase(), transport: "log" });
    expect(rows[0]!.payload).toMatchObject({ number: order.number, state: "shipped", total: 900, currency: "USD" });
  });

  it("the log strategy itself skips a repeated (event, template, recipient), but not a new event", async () => {
    const { variantId } = await variant();
    const order = await orderBy(await customer(), [{ variantId, quantity: 1, unitPrice: 100 }]);
    const strategy = new LogNotificationStrategy();
    const eventId = crypto.randomUUID();
    const n = { orderId: order.id, eventId, template: "order_confirmation", recipient: "x@example.test", payload: {} };
    await withDb(({ db }) => db.transaction((tx) => strategy.send(tx, [n, { ...n, recipient: "y@example.test" }], new Date())));
    await withDb(({ db }) => db.transaction((tx) => strategy.send(tx, [n], new Date())));
    await withDb(({ db }) => db.transaction((tx) => strategy.send(tx, [{ ...n, eventId: crypto.randomUUID() }], new Date())));
    const rows = await notificationsOf(order.id);
    expect(rows.map((r) => r.recipient).sort()).toEqual(["x@example.test", "x@example.test", "y@example.test"]);
  });

  it("an event without a buyer e-mail notifies nobody", async () => {
    const { variantId } = await variant();
    const order = await orderBy(await customer(), [{ variantId, quantity: 1, unitPrice: 100 }]);
    await deliver([
      {
        id: crypto.randomUUID(),
        type: "order.notification_requested",
        aggregateType: "order",
        aggregateId: order.id,
        channelCode: null,
        payload: { orderId: order.id, number: order.number, channelId: order.channelId, state: "placed", email: null, total: 100, currency: "USD", template: "order_confirmation" },
        occurredAt: new Date().toISOString(),
      },
    ]);
    expect(await notificationsOf(order.id)).toEqual([]);
  });
});
