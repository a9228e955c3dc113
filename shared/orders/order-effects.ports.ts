/**
 * The seam between the order lifecycle (which decides a transition and records it) and the
 * domains that carry out its side effects (inventory, payments, approvals, notifications).
 * A process names effects by code; the lifecycle runs the handler registered under that code
 * inside the same transaction as the state change, so a failing effect (stock gone, payment
 * declined) rolls the whole transition back.
 */
import type { NewEvent } from "../events";
import type { Tx } from "../kernel/db";
import type { OrderActor } from "./order-operations";
import type { OrderRow } from "./orders.tables";

export type Emit = (...events: NewEvent[]) => Promise<void>;

export interface EffectContext {
  tx: Tx;
  emit: Emit;
  /** the order as it is after the state change (state, flags and version already updated) */
  order: OrderRow;
  from: string;
  to: string;
  actor: OrderActor;
  now: Date;
  /** free text the actor gave (reject reason, hold reason) */
  reason: string | null;
}

export type EffectHandler = (config: Record<string, unknown>, ctx: EffectContext) => Promise<void>;

/** Effect code → handler. Composed in the Worker's composition root from each domain's handlers. */
export type EffectHandlers = Readonly<Record<string, EffectHandler>>;

/** A message to a person about an order (confirmation, approval request, reminder…). */
export interface OrderNotification {
  orderId: string | null;
  /** the event or workflow step that caused it: (eventId, template, recipient) is sent once */
  eventId: string;
  template: string;
  recipient: string;
  payload: Record<string, unknown>;
}

/** Where notifications go. The default writes to `order_notifications` (transport "log"). */
export interface NotificationStrategy {
  readonly transport: string;
  send(tx: Tx, notifications: readonly OrderNotification[], now: Date): Promise<void>;
}
