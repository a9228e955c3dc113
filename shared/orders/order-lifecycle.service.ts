/**
 * Moves orders through their process: the one place that changes `orders.state`. It locks the
 * order row, evaluates the process (pure, order-process.ts) against facts loaded here, records
 * the transition and runs the effects the process names, all inside the caller's transaction,
 * so a failing effect (no stock, payment declined) leaves no trace of the transition.
 * Round trips per apply: 1 lock + 1 payment totals + 1 update + 1 history insert
 * (+1 process load the first time an isolate sees a stored process version) + the effects';
 * applyHeld/tryApplyHeld skip the lock for a caller already holding the row (and applyHeld the
 * totals read when the caller knows them).
 */
import { and, eq, sql } from "drizzle-orm";
import type { ChannelContext } from "../kernel/channel-context";
import type { Executor, Tx } from "../kernel/db";
import { DomainError, notFound } from "../kernel/errors";
import { defaultB2bProcess, defaultB2cProcess, defaultProcessFor } from "./default-processes";
import type { Emit, EffectHandlers } from "./order-effects.ports";
import { defaultOrderOperations, type OrderActor, type OrderFacts, type OrderOperations } from "./order-operations";
import { allowedTransitions, transition, validateProcess, type OrderProcess } from "./order-process";
import { orderProcesses, orders, orderTransitions, type OrderRow } from "./orders.tables";

/** Payment totals per order, read from the payments domain (it owns the tables). */
export interface PaymentTotalsReader {
  /** authorized: open authorization not yet captured; captured: captured minus refunded. One query. */
  totals(tx: Executor, orderIds: readonly string[]): Promise<Map<string, { authorized: number; captured: number }>>;
}

export interface ApplyTransition {
  orderId: string;
  to: string;
  actor: OrderActor;
  now: Date;
  reason?: string | null;
  /** merged into the order's flags before guards run (approved, po_reviewed, fraud_cleared…) */
  setFlags?: Readonly<Record<string, boolean>>;
}

export interface AppliedTransition {
  order: OrderRow;
  from: string;
  to: string;
}

export type BuyerKind = OrderRow["buyerKind"];

const BUILT_IN: Record<string, () => OrderProcess> = {
  [defaultB2cProcess.code]: () => validateProcess(defaultB2cProcess),
  [defaultB2bProcess.code]: () => validateProcess(defaultB2bProcess),
};

/** Validated processes by `code@version`; a stored version never changes, so entries never go stale. */
const processCache = new Map<string, OrderProcess>();

export class OrderLifecycle {
  constructor(
    private readonly deps: {
      payments: PaymentTotalsReader;
      effects: EffectHandlers;
      operations?: OrderOperations;
    },
  ) {}

  /** the guards and effects processes may name (validateProcess, the admin operations list) */
  get ops(): OrderOperations {
    return this.deps.operations ?? defaultOrderOperations();
  }

  /**
   * The process code and version a new order follows: the channel's `strategies.orderProcess`,
   * where "default" picks the built-in process for its commerce mode and buyer; a stored code
   * resolves to its latest version.
   */
  async resolveProcess(db: Executor, channel: ChannelContext, buyerKind: BuyerKind): Promise<{ code: string; version: number; process: OrderProcess }> {
    const configured = channel.strategies.orderProcess;
    if (!configured || configured === "default") {
      const def = defaultProcessFor(channel.commerceMode, buyerKind === "employee" ? "account" : "consumer");
      return { code: def.code, version: 1, process: await this.processFor(db, def.code, 1) };
    }
    if (BUILT_IN[configured]) return { code: configured, version: 1, process: await this.processFor(db, configured, 1) };
    const [latest] = await db
      .select({ version: sql<number>`max(${orderProcesses.version})` })
      .from(orderProcesses)
      .where(eq(orderProcesses.code, configured));
    if (!latest?.version) throw new DomainError("CONFLICT", `Channel "${channel.code}" names order process "${configured}", which does not exist`, { reason: "process_missing" });
    return { code: configured, version: latest.version, process: await this.processFor(db, configured, latest.version) };
  }

  async processFor(db: Executor, code: string, version: number): Promise<OrderProcess> {
    const key = `${code}@${version}`;
    const cached = processCache.get(key);
    if (cached) return cached;
    const builtIn = BUILT_IN[code];
    let process: OrderProcess;
    if (builtIn) process = builtIn();
    else {
      const [row] = await db
        .select({ definition: orderProcesses.definition })
        .from(orderProcesses)
        .where(and(eq(orderProcesses.code, code), eq(orderProcesses.version, version)));
      if (!row) throw notFound("Order process", key);
      process = validateProcess(row.definition, this.ops);
    }
    processCache.set(key, process);
    return process;
  }

  private async lock(tx: Tx, orderId: string): Promise<OrderRow> {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
    if (!order) throw notFound("Order", orderId);
    return order;
  }

  async facts(tx: Executor, order: OrderRow, setFlags?: Readonly<Record<string, boolean>>): Promise<OrderFacts> {
    const paid = (await this.deps.payments.totals(tx, [order.id])).get(order.id) ?? { authorized: 0, captured: 0 };
    return factsOf(order, paid, setFlags);
  }

  /** Target states this actor may move the order to now (for the API's `allowedTransitions`). */
  async allowed(db: Executor, order: OrderRow, actor: OrderActor, now: Date): Promise<string[]> {
    const process = await this.processFor(db, order.processCode, order.processVersion);
    return allowedTransitions(process, await this.facts(db, order), actor, now, this.ops);
  }

  /** Like `allowed`, with payment totals the caller loaded for a whole page (no query per order). */
  async allowedWithTotals(db: Executor, order: OrderRow, paid: { authorized: number; captured: number }, actor: OrderActor, now: Date): Promise<string[]> {
    const process = await this.processFor(db, order.processCode, order.processVersion);
    return allowedTransitions(process, factsOf(order, paid), actor, now, this.ops);
  }

  /** Apply a transition or throw CONFLICT listing the allowed targets. */
  async apply(tx: Tx, emit: Emit, t: ApplyTransition): Promise<AppliedTransition> {
    const order = await this.lock(tx, t.orderId);
    return this.applyLocked(tx, emit, order, t);
  }

  /** Like apply, but returns null (and changes nothing) when the transition is not possible now. */
  async tryApply(tx: Tx, emit: Emit, t: ApplyTransition): Promise<AppliedTransition | null> {
    return this.tryApplyHeld(tx, emit, await this.lock(tx, t.orderId), t);
  }

  /**
   * Like apply, for a caller that already holds the order row in this transaction (it inserted or
   * updated it): no second lock. `paid`: the payment totals when the caller knows them (an order
   * created in this transaction whose payments are all still pending has none), saving a read.
   */
  async applyHeld(tx: Tx, emit: Emit, order: OrderRow, t: ApplyTransition, paid?: { authorized: number; captured: number }): Promise<AppliedTransition> {
    return this.applyLocked(tx, emit, order, t, paid ? factsOf(order, paid, t.setFlags) : undefined);
  }

  /** Like tryApply, for a caller that already holds the order row in this transaction. */
  async tryApplyHeld(tx: Tx, emit: Emit, order: OrderRow, t: ApplyTransition): Promise<AppliedTransition | null> {
    const process = await this.processFor(tx, order.processCode, order.processVersion);
    const facts = await this.facts(tx, order, t.setFlags);
    if (!allowedTransitions(process, facts, t.actor, t.now, this.ops).includes(t.to)) return null;
    return this.applyLocked(tx, emit, order, t, facts);
  }

  /**
   * A freshly placed order moves on as the system, the same way after checkout and after an
   * approval: to fraud_review when the gateway held its payment, else to payment_authorized when
   * the authorization covers the total (otherwise it stays placed, e.g. an offline payment).
   */
  async advancePlaced(tx: Tx, emit: Emit, placed: OrderRow, o: { held: boolean; actor: OrderActor; now: Date }): Promise<OrderRow> {
    const next = await this.tryApplyHeld(tx, emit, placed, {
      orderId: placed.id,
      to: o.held ? "fraud_review" : "payment_authorized",
      actor: o.actor,
      now: o.now,
      reason: o.held ? "payment held for review" : null,
    });
    return next?.order ?? placed;
  }

  private async applyLocked(tx: Tx, emit: Emit, order: OrderRow, t: ApplyTransition, known?: OrderFacts): Promise<AppliedTransition> {
    const process = await this.processFor(tx, order.processCode, order.processVersion);
    const facts = known ?? (await this.facts(tx, order, t.setFlags));
    const result = transition(process, facts, t.to, t.actor, t.now, this.ops);
    const [updated] = await tx
      .update(orders)
      .set({
        state: result.state,
        flags: facts.flags,
        version: sql`${orders.version} + 1`,
        updatedAt: t.now,
        ...(result.state === "placed" && !order.placedAt ? { placedAt: t.now } : {}),
      })
      .where(eq(orders.id, order.id))
      .returning();
    await tx.insert(orderTransitions).values({
      orderId: order.id,
      fromState: order.state,
      toState: result.state,
      actorKind: t.actor.kind,
      actorId: t.actor.id,
      reason: t.reason ?? null,
      at: t.now,
    });
    for (const effect of result.effects) {
      const handler = this.deps.effects[effect.type];
      // a process can only name registered effects (validateProcess), so a missing handler is a wiring bug
      if (!handler) throw new Error(`No handler is wired for order effect "${effect.type}"`);
      await handler(effect.config, { tx, emit, order: updated!, from: order.state, to: result.state, actor: t.actor, now: t.now, reason: t.reason ?? null });
    }
    return { order: updated!, from: order.state, to: result.state };
  }
}

function factsOf(order: OrderRow, paid: { authorized: number; captured: number }, setFlags?: Readonly<Record<string, boolean>>): OrderFacts {
  return {
    id: order.id,
    state: order.state,
    totalMinor: order.total,
    currency: order.currency,
    quantityOrdered: order.quantityOrdered,
    quantityFulfilled: order.quantityFulfilled,
    quantityShipped: order.quantityShipped,
    authorizedMinor: paid.authorized,
    capturedMinor: paid.captured,
    flags: { ...order.flags, ...setFlags },
  };
}
