/**
 * What the order APIs return: the order row plus a batch shared by every order of the same
 * response, so lines, transitions and payment totals are each loaded once for the whole page
 * (on first use), whatever the number of orders or lines:
 *   list = 1 (page) + 1 (lines, if selected) + 1 (transitions, if selected)
 *        + 1 (payment totals, if payment or allowedTransitions is selected)
 *        + 1 per stored custom process version the isolate has not cached yet.
 */
import type { Executor } from "../kernel/db";
import type { PaymentTotalsReader, OrderLifecycle } from "./order-lifecycle.service";
import type { OrderActor } from "./order-operations";
import { linesOfOrders, transitionsOfOrders } from "./orders.repository";
import type { OrderLineRow, OrderRow, OrderTransitionRow } from "./orders.tables";

export interface OrderPaymentSummary {
  method: string;
  /** authorization still open for capture */
  authorized: number;
  /** captured net of refunds */
  captured: number;
  /** total − captured, never negative */
  outstanding: number;
}

export interface OrderView {
  row: OrderRow;
  batch: OrderBatch;
}

function groupBy<T extends { orderId: string }>(rows: readonly T[]): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(r.orderId);
    if (list) list.push(r);
    else m.set(r.orderId, [r]);
  }
  return m;
}

export class OrderBatch {
  private lines?: Promise<Map<string, OrderLineRow[]>>;
  private transitions?: Promise<Map<string, OrderTransitionRow[]>>;
  private totals?: Promise<Map<string, { authorized: number; captured: number }>>;

  constructor(
    private readonly deps: { db: Executor; lifecycle: OrderLifecycle; payments: PaymentTotalsReader; actor: OrderActor; now: Date },
    readonly orders: readonly OrderRow[],
  ) {}

  static views(batch: OrderBatch): OrderView[] {
    return batch.orders.map((row) => ({ row, batch }));
  }

  private get ids(): string[] {
    return this.orders.map((o) => o.id);
  }

  async linesOf(orderId: string): Promise<OrderLineRow[]> {
    this.lines ??= linesOfOrders(this.deps.db, this.ids).then(groupBy);
    return (await this.lines).get(orderId) ?? [];
  }

  async transitionsOf(orderId: string): Promise<OrderTransitionRow[]> {
    this.transitions ??= transitionsOfOrders(this.deps.db, this.ids).then(groupBy);
    return (await this.transitions).get(orderId) ?? [];
  }

  private async paid(orderId: string): Promise<{ authorized: number; captured: number }> {
    this.totals ??= this.deps.payments.totals(this.deps.db, this.ids);
    return (await this.totals).get(orderId) ?? { authorized: 0, captured: 0 };
  }

  async paymentOf(order: OrderRow): Promise<OrderPaymentSummary> {
    const p = await this.paid(order.id);
    return { method: order.paymentMethod, authorized: p.authorized, captured: p.captured, outstanding: Math.max(0, order.total - p.captured) };
  }

  /** Target states the caller may move the order to now (the process's guards for this actor). */
  async allowedOf(order: OrderRow): Promise<string[]> {
    return this.deps.lifecycle.allowedWithTotals(this.deps.db, order, await this.paid(order.id), this.deps.actor, this.deps.now);
  }
}
