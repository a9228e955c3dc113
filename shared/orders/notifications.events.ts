/**
 * Order event consumers. Only `order.notification_requested` (written by the process's `notify`
 * effect) is handled here: the process decides which transitions notify, so order.placed /
 * cancelled / shipped need no consumer of their own. Inventory needs none either: reservations,
 * releases and consumption run as effects inside the transition's own transaction.
 * `order.approval_requested` belongs to the approvals module.
 */
import { registerEventHandler } from "../events";
import { buyerNotification, LogNotificationStrategy, type NotificationRequestedPayload } from "./notifications";
import type { NotificationStrategy } from "./order-effects.ports";

declare module "../events/event-handlers" {
  interface EventClients {
    /** where order notifications go; the log strategy when absent */
    orderNotifications?: NotificationStrategy;
  }
}

const fallback = new LogNotificationStrategy();

export const NOTIFY_BUYER_HANDLER = "orders.notify-buyer";

registerEventHandler<NotificationRequestedPayload>({
  name: NOTIFY_BUYER_HANDLER,
  eventType: "order.notification_requested",
  async handle(tx, event, clients) {
    const n = buyerNotification(event.id, event.payload);
    if (!n) return;
    await (clients.orderNotifications ?? fallback).send(tx, [n], new Date(event.occurredAt));
  },
});
