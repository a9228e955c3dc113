/**
 * Checkout: preview (the final check and totals, no writes) and placement.
 *
 * Placement, in order:
 *  1. idempotency: an order under (channel, buyer scope, key) is returned as is when the request
 *     is the same, refused (CONFLICT idempotency_key_reused) when it differs — before any work;
 *  2. the final check (checkout-assembly.ts; shipping packs only the chosen method); any problem
 *     refuses with a typed error, nothing written;
 *  3. promotion caps: one redemption of each applied rule is reserved on the usage counters
 *     (outside Postgres) — given back if the transaction below fails (compensation);
 *  4. ONE transaction: cart lock (advisory) + re-check for an order from this cart version or key,
 *     order + lines (2 inserts whatever the line count), payment prepare, lifecycle draft → placed
 *     or pending_approval (its effects reserve stock and authorize payment: out of stock or a
 *     decline rolls everything back), then placed → fraud_review (held payment) or
 *     payment_authorized as the system. The stock rows stay locked from the reservation to the
 *     commit, so the few statements after it are kept few: the order row is not re-locked (this
 *     transaction created it), events are written in one insert at the end, a payment hold is
 *     known from its event rather than read back. ~17 statements whatever the line count;
 *  5. after commit: the cart is cleared (at the version ordered).
 * Two identical requests racing: the second waits on the cart lock, then finds the first's order.
 */
import { cartOwnerFor, verifyGuestToken, type CallerContext, type CartsService } from "../carts";
import { transactional, type NewEvent, type Outbox } from "../events";
import { isUniqueViolation, type Db, type Tx } from "../kernel/db";
import { conflict, DomainError } from "../kernel/errors";
import { parseInput } from "../kernel/validation";
import type { PaymentsService } from "../payments";
import { releaseRedemptions, reserveRedemptions, type PromotionRuleIndex, type RedemptionCounters, type RedemptionRequest, type Reservation } from "../promotions";
import { describeApproval } from "./approval-policy";
import { CheckoutAssembler, assertMayCheckOut, type AssemblyDeps, type CheckoutAssembly } from "./checkout-assembly";
import { problemError } from "./checkout-check";
import { insertOrderLines, lockCart, priorOrder } from "./checkout-data.repository";
import { checkoutPreviewSchema, placeOrderSchema, requestHash, type PlaceOrderInput } from "./checkout.schema";
import { systemActor, actorFromPrincipal } from "./order-effects";
import type { OrderLifecycle } from "./order-lifecycle.service";
import { orders, type OrderRow } from "./orders.tables";

export interface CheckoutDeps extends AssemblyDeps {
  outbox: Outbox;
  authSecret: string;
  carts: Pick<CartsService, "cart" | "clear">;
  payments: Pick<PaymentsService, "prepare">;
  lifecycle: OrderLifecycle;
  /** the channel's active promotion rules (to reserve the applied ones' caps); null: no promotions */
  promotionRules: ((channelCode: string, nowMs: number) => Promise<PromotionRuleIndex | null>) | null;
  redemptions: RedemptionCounters | null;
}

export interface PlacedOrder {
  order: OrderRow;
  /** true when the key had already placed this order (a retry): nothing new was done */
  replayed: boolean;
}

type TxOutcome = { kind: "placed"; order: OrderRow } | { kind: "existing"; order: OrderRow };

export class CheckoutService {
  private readonly assembler: CheckoutAssembler;

  constructor(private readonly deps: CheckoutDeps) {
    this.assembler = new CheckoutAssembler(deps);
  }

  async preview(ctx: CallerContext, raw: unknown): Promise<CheckoutAssembly> {
    const input = parseInput(checkoutPreviewSchema, raw, "input");
    return this.assembler.assemble(ctx, input);
  }

  /** The idempotency scope: the buyer's cart owner (a location for B2B, the customer, the guest cart). */
  private async scopeOf(ctx: CallerContext, input: PlaceOrderInput): Promise<string> {
    const guestCartId = ctx.principal.kind === "guest" && input.guestToken ? await verifyGuestToken(this.deps.authSecret, ctx.channel.id, input.guestToken, "input.guestToken") : null;
    const owner = cartOwnerFor(ctx.channel.id, ctx.principal, guestCartId);
    return `${owner.kind}:${owner.ownerId}`;
  }

  private replay(existing: OrderRow, hash: string): PlacedOrder {
    if (existing.requestHash !== hash) {
      throw conflict(`Idempotency key "${existing.idempotencyKey}" was already used for a different checkout request (order ${existing.number})`, { reason: "idempotency_key_reused", field: "idempotencyKey" });
    }
    return { order: existing, replayed: true };
  }

  async place(ctx: CallerContext, raw: unknown): Promise<PlacedOrder> {
    const input = parseInput(placeOrderSchema, raw, "input");
    assertMayCheckOut(ctx);
    const { db } = this.deps;
    const [hash, scope] = await Promise.all([requestHash(input, this.deps.authSecret), this.scopeOf(ctx, input)]);
    const prior = await priorOrder(db, { channelId: ctx.channel.id, scope, key: input.idempotencyKey });
    if (prior) return this.replay(prior, hash);

    const a = await this.assembler.assemble(ctx, input, undefined, { chosenMethodOnly: true });
    if (a.problems.length > 0) throw problemError(a.problems[0]!);
    if (!a.shipping || !a.shippingAddress) throw new DomainError("BAD_USER_INPUT", "A shipping method and address are required", { field: "shippingMethodId" });

    const reservation = await this.reservePromotions(ctx, a);
    let outcome: TxOutcome;
    try {
      outcome = await transactional(db, this.deps.outbox, (tx, emit) => this.write(tx, emit, ctx, input, a, { scope, hash, reservation }));
    } catch (e) {
      await this.release(reservation);
      if (isUniqueViolation(e)) {
        const winner = await priorOrder(db, { channelId: ctx.channel.id, scope, key: input.idempotencyKey });
        if (winner) return this.replay(winner, hash);
      }
      throw e;
    }
    if (outcome.kind === "existing") {
      await this.release(reservation);
      return this.replay(outcome.order, hash);
    }
    // the order is committed; an emptied cart is a convenience, so a failure here is not the buyer's
    try {
      await this.deps.carts.clear(ctx, { cartId: a.cart.header.id, expectedVersion: a.cart.header.version, guestToken: input.guestToken ?? null }, { withLines: false });
    } catch (e) {
      console.warn("checkout: cart not cleared after order", outcome.order.id, e instanceof Error ? e.message : e);
    }
    return { order: outcome.order, replayed: false };
  }

  private async reservePromotions(ctx: CallerContext, a: CheckoutAssembly): Promise<Reservation | null> {
    const applied = new Map<string, string | null>();
    for (const d of a.cart.discounts) if (!applied.has(d.ruleId) || d.couponCode) applied.set(d.ruleId, d.couponCode);
    if (applied.size === 0 || !this.deps.promotionRules || !this.deps.redemptions) return null;
    const nowMs = this.deps.now.getTime();
    const index = await this.deps.promotionRules(ctx.channel.code, nowMs);
    const requests: RedemptionRequest[] = [];
    for (const [ruleId, coupon] of applied) {
      const rule = index?.rules.find((r) => r.id === ruleId);
      if (!rule) throw conflict("A promotion on the cart has ended; review the cart again", { reason: "price_changed", ruleId });
      requests.push({ rule, ...(coupon ? { couponCode: coupon } : {}) });
    }
    const p = ctx.principal;
    const buyer = p.kind === "employee" ? { accountId: p.accountId, locationId: p.locationId, groupIds: p.groupIds } : p.kind === "customer" ? { customerId: p.customerId, groupIds: p.groupIds } : {};
    const r = await reserveRedemptions(this.deps.redemptions, requests, buyer, nowMs);
    if (!r.ok) throw conflict(`A promotion on the cart reached its usage limit (${r.cap}); review the cart again`, { reason: "promotion_unavailable", ruleId: r.ruleId, cap: r.cap });
    return r.reservation;
  }

  private async release(reservation: Reservation | null): Promise<void> {
    if (!reservation || !this.deps.redemptions) return;
    try {
      await releaseRedemptions(this.deps.redemptions, reservation, this.deps.now.getTime());
    } catch (e) {
      // a counter left one too high only refuses a later buyer early, never oversells a cap
      console.error("checkout: promotion reservation not released", e instanceof Error ? e.message : e);
    }
  }

  private async write(
    tx: Tx,
    emit: (...e: NewEvent[]) => Promise<void>,
    ctx: CallerContext,
    input: PlaceOrderInput,
    a: CheckoutAssembly,
    k: { scope: string; hash: string; reservation: Reservation | null },
  ): Promise<TxOutcome> {
    const { now, lifecycle } = this.deps;
    const cart = a.cart.header;
    await lockCart(tx, `${ctx.channel.id}:${k.scope}:${cart.id}`);
    const prior = await priorOrder(tx, { channelId: ctx.channel.id, scope: k.scope, key: input.idempotencyKey, cartId: cart.id, cartVersion: cart.version });
    if (prior) {
      if (prior.idempotencyKey === input.idempotencyKey) return { kind: "existing", order: prior };
      throw conflict(`Order ${prior.number} was already placed from this cart version`, { reason: "cart_changed", field: "expectedCartVersion" });
    }
    const process = await lifecycle.resolveProcess(tx, ctx.channel, a.buyerKind);
    const p = ctx.principal;
    const t = a.totals;
    const [order] = await tx
      .insert(orders)
      .values({
        channelId: ctx.channel.id,
        processCode: process.code,
        processVersion: process.version,
        state: process.process.definition.initial,
        buyerKind: a.buyerKind,
        accountId: p.kind === "employee" ? p.accountId : null,
        locationId: p.kind === "employee" ? p.locationId : null,
        employeeId: p.kind === "employee" ? p.employeeId : null,
        customerId: p.kind === "customer" ? p.customerId : null,
        email: a.email,
        cartId: cart.id,
        cartVersion: cart.version,
        idempotencyScope: k.scope,
        idempotencyKey: input.idempotencyKey,
        requestHash: k.hash,
        currency: t.currency,
        currencySnapshot: a.currencySnapshot,
        subtotal: t.subtotal,
        discountTotal: t.discountTotal,
        shippingTotal: t.shippingTotal ?? 0,
        taxTotal: t.taxTotal ?? 0,
        total: t.total,
        pricesIncludeTax: t.pricesIncludeTax,
        poNumber: input.poNumber ?? null,
        notes: input.notes ?? null,
        shippingAddress: a.shippingAddress,
        billingAddress: a.billingAddress,
        shipping: a.shipping!.snapshot,
        packages: a.shipping!.packages,
        discounts: a.cart.discounts.map((d) => ({ ruleId: d.ruleId, name: d.name, amount: d.amount, couponCode: d.couponCode })),
        taxLines: a.taxLines,
        agreements: a.acceptedAgreements,
        redemptions: k.reservation,
        flags: a.approval.flags,
        paymentMethod: input.payment.method,
        approvalReason: describeApproval(a.approval.reasons),
        quantityOrdered: a.lines.reduce((s, l) => s + l.quantity, 0),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await insertOrderLines(tx, order!.id, a.lines);
    await this.deps.payments.prepare(tx, {
      order: { id: order!.id, channelId: order!.channelId, total: order!.total, currency: order!.currency, buyerKind: a.buyerKind, accountId: order!.accountId, customerId: order!.customerId },
      method: input.payment.method,
      input: input.payment.input ?? {},
      now,
    });
    // events are buffered and written in one statement before commit (same transaction, same
    // outcome) rather than one insert per event while the stock rows are locked
    const events: NewEvent[] = [];
    const buffered = async (...e: NewEvent[]) => void events.push(...e);
    // the order was inserted above (no one else sees it: no lock needed) and its one payment is
    // still pending (nothing authorized or captured)
    const first = await lifecycle.applyHeld(tx, buffered, order!, {
      to: a.approval.flags.approval_required ? "pending_approval" : "placed",
      orderId: order!.id,
      actor: actorFromPrincipal(p),
      now,
      reason: a.approval.flags.approval_required ? describeApproval(a.approval.reasons) : null,
    }, { authorized: 0, captured: 0 });
    // the payment was authorized in this transaction: a hold announced itself with payment.held
    const placed =
      first.to === "placed"
        ? await lifecycle.advancePlaced(tx, buffered, first.order, { held: events.some((e) => e.type === "payment.held"), actor: systemActor("checkout"), now })
        : first.order;
    if (events.length > 0) await emit(...events);
    return { kind: "placed", order: placed };
  }
}
