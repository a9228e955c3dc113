/**
 * Orders for merchant staff (admin API): lists across channels, any order, transitions, holds,
 * and fulfilment/shipment recording that then moves the order along its own process. The caller
 * (GraphQL) checks "orders:read" / "orders:manage"; the process's guards check the actor again.
 * Queries: transition/hold = lifecycle apply (+1 history read for release); a fulfilment =
 * 1 order lock + 1 lines lock + 2 counter updates + the lifecycle's try per progress target.
 */
import { transactional } from "../events";
import { conflict, notFound } from "../kernel/errors";
import type { StaffPrincipal } from "../accounts";
import { parseInput } from "../kernel/validation";
import { actorFromPrincipal } from "./order-effects";
import { acceptsProgress, checkProgress, progressTargets, refuseProgress, type CounterKind } from "./order-fulfillment";
import type { OrderActor } from "./order-operations";
import { allowedTransitions } from "./order-process";
import type { OrderView } from "./order-views";
import { addToCounters, adminOrdersWhere, findOrder, lockOrder, lockOrderLines, stateBefore } from "./orders.repository";
import { adminOrdersFilterSchema, fulfillmentLinesSchema, orderIdSchema, orderRefSchema, transitionInputSchema, transitionReasonSchema } from "./orders.schema";
import { orderPage, singleView, type OrderConnection, type OrdersDeps } from "./orders.service";

export const ON_HOLD = "on_hold";

export class OrdersAdminService {
  constructor(private readonly deps: OrdersDeps) {}

  list(staff: StaffPrincipal, filter: unknown, page: unknown): Promise<OrderConnection> {
    const f = parseInput(adminOrdersFilterSchema, filter ?? {}, "filter");
    return orderPage(this.deps, this.deps.db, adminOrdersWhere(f), page, actorFromPrincipal(staff));
  }

  async get(staff: StaffPrincipal, ref: unknown): Promise<OrderView> {
    const r = parseInput(orderRefSchema, ref, "");
    const order = await findOrder(this.deps.db, r);
    if (!order) throw notFound("Order", String(r.id ?? r.number));
    return singleView(this.deps, order, actorFromPrincipal(staff));
  }

  /** Any transition the order's process allows this staff member; otherwise CONFLICT listing the allowed ones. */
  async transition(staff: StaffPrincipal, input: unknown): Promise<OrderView> {
    const t = parseInput(transitionInputSchema, input, "");
    const actor = actorFromPrincipal(staff);
    const { order } = await transactional(this.deps.db, this.deps.outbox, (tx, emit) =>
      this.deps.lifecycle.apply(tx, emit, { orderId: t.orderId, to: t.to, actor, now: this.deps.now, reason: t.reason ?? null }),
    );
    return singleView(this.deps, order, actor);
  }

  hold(staff: StaffPrincipal, orderId: string, reason: string | null | undefined): Promise<OrderView> {
    return this.transition(staff, { orderId, to: ON_HOLD, reason });
  }

  /**
   * Back to the state the order was held from when the process allows it (e.g. payment_authorized),
   * else the first non-terminal state it allows (e.g. placed); cancelling is never a "release".
   */
  async release(staff: StaffPrincipal, orderId: string, reason: string | null | undefined): Promise<OrderView> {
    const id = parseInput(orderIdSchema, orderId, "id");
    const why = parseInput(transitionReasonSchema, reason, "reason");
    const actor = actorFromPrincipal(staff);
    const { order } = await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const current = await lockOrder(tx, id);
      if (!current) throw notFound("Order", id);
      if (current.state !== ON_HOLD) throw conflict(`Order is "${current.state}", not on hold`, { reason: "not_on_hold", state: current.state });
      const process = await this.deps.lifecycle.processFor(tx, current.processCode, current.processVersion);
      const facts = await this.deps.lifecycle.facts(tx, current);
      const allowed = allowedTransitions(process, facts, actor, this.deps.now, this.deps.lifecycle.ops);
      const terminal = new Set(process.definition.states.filter((s) => s.terminal).map((s) => s.code));
      const before = await stateBefore(tx, id, ON_HOLD);
      const to = before && allowed.includes(before) ? before : allowed.find((s) => !terminal.has(s));
      if (!to) throw conflict(`The order cannot leave hold now; allowed: ${allowed.join(", ") || "none"}`, { from: ON_HOLD, allowed });
      return this.deps.lifecycle.apply(tx, emit, { orderId: id, to, actor, now: this.deps.now, reason: why });
    });
    return singleView(this.deps, order, actor);
  }

  recordFulfillment(staff: StaffPrincipal, orderId: string, lines: unknown): Promise<OrderView> {
    return this.recordProgress(staff, orderId, lines, "fulfilled");
  }

  recordShipment(staff: StaffPrincipal, orderId: string, lines: unknown): Promise<OrderView> {
    return this.recordProgress(staff, orderId, lines, "shipped");
  }

  /**
   * Adds to the line counters (validated under row locks: never more than ordered, never more
   * shipped than fulfilled), then takes the first progress transition the process allows now
   * (partially_fulfilled / fulfilled / shipped, with their effects), all in one transaction.
   */
  private async recordProgress(staff: StaffPrincipal, orderId: string, rawLines: unknown, kind: CounterKind): Promise<OrderView> {
    const id = parseInput(orderIdSchema, orderId, "orderId");
    const input = parseInput(fulfillmentLinesSchema, rawLines, "lines");
    const actor: OrderActor = actorFromPrincipal(staff);
    const order = await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const current = await lockOrder(tx, id);
      if (!current) throw notFound("Order", id);
      const process = await this.deps.lifecycle.processFor(tx, current.processCode, current.processVersion);
      if (!acceptsProgress(process, current.state, kind)) refuseProgress(current.state, kind);
      const deltas = checkProgress(await lockOrderLines(tx, id), input, kind);
      let updated = await addToCounters(tx, id, kind, deltas, this.deps.now);
      for (const to of progressTargets(process, updated.state, kind)) {
        const moved = await this.deps.lifecycle.tryApply(tx, emit, { orderId: id, to, actor, now: this.deps.now, reason: `${kind} recorded` });
        if (moved) {
          updated = moved.order;
          break;
        }
      }
      return updated;
    });
    return singleView(this.deps, order, actor);
  }
}
