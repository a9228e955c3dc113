/**
 * Order notifications. The default strategy only records what would be sent (transport "log")
 * in order_notifications; a real e-mail strategy implements the same interface and is passed to
 * the event consumer (EventClients.orderNotifications). (event_id, template, recipient) is unique,
 * so a redelivered event never notifies twice whatever the strategy's own guarantees.
 */
import type { Tx } from "../kernel/db";
import type { NotificationStrategy, OrderNotification } from "./order-effects.ports";
import { orderNotifications } from "./orders.tables";

export class LogNotificationStrategy implements NotificationStrategy {
  readonly transport = "log";

  /** One statement for any number of notifications; duplicates are skipped. */
  async send(tx: Tx, notifications: readonly OrderNotification[], now: Date): Promise<void> {
    if (notifications.length === 0) return;
    await tx
      .insert(orderNotifications)
      .values(notifications.map((n) => ({ orderId: n.orderId, eventId: n.eventId, template: n.template, recipient: n.recipient, transport: this.transport, payload: n.payload, createdAt: now })))
      .onConflictDoNothing({ target: [orderNotifications.eventId, orderNotifications.template, orderNotifications.recipient] });
  }
}

/** What the notify effect puts in `order.notification_requested` (orderEventPayload + template). */
export interface NotificationRequestedPayload {
  orderId: string;
  number: number;
  channelId: string;
  state: string;
  email: string | null;
  total: number;
  currency: string;
  template: string;
  from?: string;
  to?: string;
}

/** The buyer's notification for a requested template; none when the order has no e-mail. */
export function buyerNotification(eventId: string, p: NotificationRequestedPayload): OrderNotification | null {
  const recipient = p.email?.trim().toLowerCase();
  if (!recipient || typeof p.template !== "string" || !p.template) return null;
  return {
    orderId: p.orderId,
    eventId,
    template: p.template,
    recipient,
    payload: { number: p.number, state: p.state, total: p.total, currency: p.currency, channelId: p.channelId, from: p.from ?? null, to: p.to ?? null },
  };
}
