/**
 * A cancelled order gives back the promotion usage it took at checkout (usage caps, per-buyer
 * caps, single-use coupons), so a coupon on an order that never happened can be used again.
 * The counters live in the usage-counter Durable Object, outside this transaction: the row's
 * `redemptions` is cleared in the same transaction that records the event as handled, so a
 * redelivery finds nothing to release. (If the commit itself failed after the release, a retry
 * would release twice: the window is one statement wide, and the cap errs towards the buyer.)
 */
import { and, eq, isNotNull } from "drizzle-orm";
import { registerEventHandler } from "../events";
import { releaseRedemptions, type RedemptionCounters, type Reservation } from "../promotions";
import { orders } from "./orders.tables";

declare module "../events/event-handlers" {
  interface EventClients {
    /** optional: only the Worker's queue consumer reaches the usage counters */
    redemptions?: RedemptionCounters;
  }
}

function isReservation(v: unknown): v is Reservation {
  return !!v && Array.isArray((v as Reservation).keys) && (v as Reservation).keys.every((k) => typeof k === "string");
}

registerEventHandler<{ orderId: string }>({
  name: "orders.release-promotion-usage",
  eventType: "order.cancelled",
  async handle(tx, event, clients) {
    const [row] = await tx
      .select({ redemptions: orders.redemptions })
      .from(orders)
      .where(and(eq(orders.id, event.payload.orderId), isNotNull(orders.redemptions)))
      .for("update");
    if (!row || !isReservation(row.redemptions) || row.redemptions.keys.length === 0) return;
    if (!clients.redemptions) throw new Error("EventClients.redemptions is not wired in the queue consumer");
    await tx.update(orders).set({ redemptions: null }).where(eq(orders.id, event.payload.orderId));
    await releaseRedemptions(clients.redemptions, row.redemptions, Date.parse(event.occurredAt));
  },
});
