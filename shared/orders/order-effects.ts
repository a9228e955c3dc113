/**
 * The effect handlers the orders domain carries out itself: stock (through the inventory
 * domain), outbox events and notification requests. Payments and approvals register theirs
 * next to these in the composition root.
 * Queries: reserve_inventory = 1 (lines) + inventory.reserve's; the others = inventory's or 0.
 */
import { asc, eq } from "drizzle-orm";
import { consume, outOfStockError, release, reserve } from "../inventory";
import type { Principal } from "../kernel/principal";
import type { EffectContext, EffectHandlers } from "./order-effects.ports";
import type { OrderActor } from "./order-operations";
import { orderLines, type OrderRow } from "./orders.tables";

/** The payload every order event carries, so consumers need not re-read the order. */
export function orderEventPayload(order: OrderRow, extra: Record<string, unknown> = {}) {
  return {
    orderId: order.id,
    number: order.number,
    channelId: order.channelId,
    state: order.state,
    buyerKind: order.buyerKind,
    accountId: order.accountId,
    locationId: order.locationId,
    employeeId: order.employeeId,
    customerId: order.customerId,
    email: order.email,
    total: order.total,
    currency: order.currency,
    ...extra,
  };
}

const orderRef = (ctx: EffectContext) => ({ type: "order" as const, id: ctx.order.id });

export function coreOrderEffects(): EffectHandlers {
  return {
    async reserve_inventory(_config, ctx) {
      const lines = await ctx.tx
        .select({ variantId: orderLines.variantId, quantity: orderLines.quantity })
        .from(orderLines)
        .where(eq(orderLines.orderId, ctx.order.id))
        .orderBy(asc(orderLines.position));
      const result = await reserve(ctx.tx, { ref: orderRef(ctx), lines, now: ctx.now });
      if (!result.ok) throw outOfStockError(result.lines);
    },
    async release_inventory(_config, ctx) {
      await release(ctx.tx, orderRef(ctx), ctx.now);
    },
    async consume_inventory(_config, ctx) {
      await consume(ctx.tx, orderRef(ctx), ctx.now);
    },
    async emit_event(config, ctx) {
      await ctx.emit({
        type: String(config.event),
        aggregateType: "order",
        aggregateId: ctx.order.id,
        payload: orderEventPayload(ctx.order, { from: ctx.from, to: ctx.to, actorKind: ctx.actor.kind, actorId: ctx.actor.id, reason: ctx.reason }),
      });
    },
    async notify(config, ctx) {
      // recipients are resolved by the consumer (it may need the account's approvers, the buyer's email…)
      await ctx.emit({
        type: "order.notification_requested",
        aggregateType: "order",
        aggregateId: ctx.order.id,
        payload: orderEventPayload(ctx.order, { template: String(config.template), from: ctx.from, to: ctx.to }),
      });
    },
    // the approvals module replaces this with the handler that starts the Workflow
    async start_approval() {},
  };
}

/** The actor a transition is recorded under, from the request's principal. */
export function actorFromPrincipal(p: Principal): OrderActor {
  switch (p.kind) {
    case "staff":
      return { kind: "staff", id: p.staffId, permissions: p.permissions };
    case "employee":
      return { kind: "employee", id: p.employeeId };
    case "customer":
      return { kind: "customer", id: p.customerId };
    default:
      return { kind: "guest", id: p.guestToken ?? "guest" };
  }
}

export const systemActor = (name: string): OrderActor => ({ kind: "system", id: name });
