/**
 * Payments inside an order's transaction. Every call takes the caller's `tx` and `emit`, so a
 * refused step (decline, credit limit, failed capture) rolls back the order change with it —
 * nothing is charged or reserved for a refused checkout. The pure rules live in
 * payment-lifecycle.ts; the method strategies move the money; this file records both.
 * Payment rows are locked (FOR UPDATE) before any change, so two refunds cannot both pass.
 */
import { eq } from "drizzle-orm";
import { z } from "zod";
import { accounts, customers } from "../accounts/accounts.tables";
import type { NewEvent, Outbox } from "../events";
import { isCurrencyCode } from "../kernel/money";
import type { Db, Executor, Tx } from "../kernel/db";
import { badInput, conflict, notFound } from "../kernel/errors";
import { parseInput } from "../kernel/validation";
import { manualMethod } from "./methods/manual";
import { netTermsMethod } from "./methods/net-terms";
import { storeCreditMethod } from "./methods/store-credit";
import { testGatewayMethod } from "./methods/test-gateway";
import {
  applyAuthorization, applyCapture, applyRefund, applyReleaseHold, applyReleaseRemainder, applySettle, applyVoid,
  openAuthorization, refundable, type PaymentSnapshot,
} from "./payment-lifecycle";
import { createPaymentMethodRegistry, type GatewayResult, type PaymentMethod, type PaymentMethodRegistry, type PaymentOrderRef } from "./payment-method";
import {
  insertPayment, insertTransaction, paymentById, paymentsOfOrders, paymentTotals, snapshotOf, updatePayment,
  type NewTransaction, type OrderPaymentTotals, type PaymentRecord, type TransactionKind,
} from "./payments.repository";
import type { PaymentRow } from "./payments.tables";
import { lockStoreCreditBalance, postStoreCredit, storeCreditBalance, type StoreCreditOwner } from "./store-credit.repository";

export interface GrantStoreCreditInput {
  ownerKind: string;
  ownerId: string;
  currency: string;
  amount: number;
  reason: string;
}

const grantSchema = z.object({
  ownerKind: z.enum(["customer", "account"]),
  ownerId: z.uuid(),
  currency: z.string().refine(isCurrencyCode, "must be an ISO 4217 currency code"),
  amount: z.number().int().refine((n) => n !== 0 && Number.isSafeInteger(n), "must be a non-zero whole number of minor units"),
  reason: z.string().trim().min(1).max(500),
});

export type Emit = (...events: NewEvent[]) => Promise<void>;

export function defaultPaymentMethods(extra: PaymentMethod[] = []): PaymentMethodRegistry {
  return createPaymentMethodRegistry([manualMethod, netTermsMethod, storeCreditMethod, testGatewayMethod, ...extra]);
}

export interface PaymentsDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  /** "production" refuses development-only methods */
  environment: string;
  methods?: PaymentMethodRegistry;
}

export interface PrepareRequest {
  order: PaymentOrderRef;
  method: string;
  input: unknown;
  now: Date;
  /** for split payments; default the order total */
  amount?: number;
}

/** The port the order lifecycle reads (OrderFacts.authorizedMinor / capturedMinor). */
export interface PaymentTotalsReader {
  totals(tx: Executor, orderIds: readonly string[]): Promise<Map<string, OrderPaymentTotals>>;
}

type PaymentEventType = "payment.authorized" | "payment.held" | "payment.captured" | "payment.voided" | "payment.refunded" | "payment.settled";

export class PaymentsService implements PaymentTotalsReader {
  readonly methods: PaymentMethodRegistry;

  constructor(readonly deps: PaymentsDeps) {
    this.methods = deps.methods ?? defaultPaymentMethods();
  }

  /** Validate the buyer's input and record a `pending` payment with safe details only. No money moves. */
  async prepare(tx: Tx, req: PrepareRequest): Promise<PaymentRow> {
    const method = this.methods.require(req.method, "payment.method");
    const input = parseInput(method.schema, req.input ?? {}, "payment");
    const amount = req.amount ?? req.order.total;
    if (!Number.isSafeInteger(amount) || amount < 0 || amount > req.order.total) {
      throw badInput(`payment amount must be a whole number between 0 and the order total ${req.order.total}`, "payment.amount");
    }
    const prepared = await method.prepare(input, { tx, order: req.order, amount, now: req.now, env: { environment: this.deps.environment } });
    return insertPayment(tx, {
      orderId: req.order.id,
      method: method.code,
      state: "pending",
      currency: req.order.currency,
      amount,
      accountId: prepared.accountId ?? null,
      details: prepared.details,
      createdAt: req.now,
      updatedAt: req.now,
    });
  }

  /**
   * Authorize the order's pending payments. A decline throws CONFLICT "payment_declined" (the
   * caller's transaction rolls back); a hold is recorded and returned. Already authorized
   * payments are left alone, so a retried effect does not authorize twice.
   */
  async authorize(tx: Tx, emit: Emit, req: { orderId: string; now: Date }): Promise<PaymentRecord[]> {
    const all = await paymentsOfOrders(tx, [req.orderId], true);
    const pending = all.filter((p) => p.state === "pending");
    if (all.length === 0) throw conflict(`Order "${req.orderId}" has no payment to authorize`, { reason: "no_payment" });
    const out: PaymentRecord[] = [];
    for (const p of pending) {
      const method = this.methods.require(p.method, "payment.method");
      const r = await method.authorize({ tx, now: req.now, payment: p });
      if (r.outcome === "declined") {
        const why = r.reason ?? "declined";
        throw conflict(`Payment declined: ${why}`, { reason: "payment_declined", declineReason: why, paymentId: p.id });
      }
      let snap: PaymentSnapshot = applyAuthorization(snapshotOf(p), r.outcome, r.amount);
      // the last transaction row is written by the payment's UPDATE statement itself
      let last: NewTransaction = { paymentId: p.id, kind: "authorize", amount: r.amount, status: r.outcome === "held" ? "held" : "succeeded", reference: r.reference, message: r.reason, at: req.now };
      const events: PaymentEventType[] = [r.outcome === "held" ? "payment.held" : "payment.authorized"];
      if (r.capturedImmediately) {
        snap = applyCapture(snap, { final: true });
        await insertTransaction(tx, last);
        last = { paymentId: p.id, kind: "capture", amount: snap.captured, status: "succeeded", reference: r.reference, at: req.now };
        events.push("payment.captured");
      }
      const row = await updatePayment(tx, p.id, {
        snapshot: snap,
        now: req.now,
        gatewayReference: r.reference ?? null,
        avsResult: r.avsResult ?? null,
        cvvResult: r.cvvResult ?? null,
        declineReason: r.outcome === "held" ? (r.reason ?? null) : null,
        details: { ...p.details, ...(r.details ?? {}) },
      }, last);
      const rec = { ...row, channelId: p.channelId };
      for (const type of events) await this.emitEvent(emit, type, rec, type === "payment.captured" ? snap.captured : r.amount);
      out.push(rec);
    }
    return [...all.filter((p) => p.state !== "pending"), ...out];
  }

  /**
   * Capture one payment (`paymentId`) or the order's open authorizations in payment order
   * (`orderId`; an order with nothing open captures nothing). `amount` defaults to all that is open;
   * `final` releases what is left of each touched authorization.
   */
  async capture(tx: Tx, emit: Emit, req: { orderId?: string; paymentId?: string; amount?: number; final?: boolean; now: Date }): Promise<PaymentRecord[]> {
    const targets = await this.lockTargets(tx, req);
    const open = targets.reduce((s, p) => s + openAuthorization(snapshotOf(p)), 0);
    if (req.paymentId === undefined && req.amount !== undefined && req.amount > open) {
      throw conflict(`Capture of ${req.amount} exceeds the ${open} still authorized on the order`, { reason: "capture_exceeds_authorization", open, requested: req.amount });
    }
    let left = req.amount;
    const out: PaymentRecord[] = [];
    for (const p of targets) {
      const snap = snapshotOf(p);
      const avail = openAuthorization(snap);
      if (req.paymentId === undefined && (avail <= 0 || left === 0)) continue;
      const amount = left === undefined ? undefined : req.paymentId === undefined ? Math.min(left, avail) : left;
      const next = applyCapture(snap, { amount, final: req.final });
      this.check(await this.method(p).capture(this.ctx(tx, p, req.now), next.capturedNow), "capture");
      await this.record(tx, p, "capture", next.capturedNow, "succeeded", req.now);
      if (next.released > 0) await this.record(tx, p, "release", next.released, "succeeded", req.now);
      if (left !== undefined) left -= next.capturedNow;
      out.push(await this.save(tx, emit, p, next, req.now, "payment.captured", next.capturedNow));
    }
    return out;
  }

  async refund(tx: Tx, emit: Emit, req: { paymentId: string; amount: number; now: Date; reason?: string | null }): Promise<PaymentRecord> {
    const [p] = await this.lockTargets(tx, { paymentId: req.paymentId });
    return this.refundOne(tx, emit, p!, req.amount, req.now, req.reason ?? null);
  }

  async void(tx: Tx, emit: Emit, req: { paymentId: string; now: Date; reason?: string | null }): Promise<PaymentRecord> {
    const [p] = await this.lockTargets(tx, { paymentId: req.paymentId });
    return this.voidOne(tx, emit, p!, req.now, req.reason ?? null);
  }

  /**
   * Cancellation: void what is only authorized (or held, or never authorized), release the
   * uncaptured rest of a partial capture and refund everything captured. Idempotent.
   */
  async voidOrRefund(tx: Tx, emit: Emit, req: { orderId: string; now: Date; reason?: string | null }): Promise<PaymentRecord[]> {
    const out: PaymentRecord[] = [];
    for (let p of await paymentsOfOrders(tx, [req.orderId], true)) {
      const snap = snapshotOf(p);
      if (snap.state === "pending" || snap.state === "held" || (snap.captured === 0 && openAuthorization(snap) > 0)) {
        out.push(await this.voidOne(tx, emit, p, req.now, req.reason ?? null));
        continue;
      }
      if (snap.captured > 0 && openAuthorization(snap) > 0) {
        const released = applyReleaseRemainder(snap);
        await this.record(tx, p, "release", released.released, "succeeded", req.now, null, req.reason);
        p = { ...(await updatePayment(tx, p.id, { snapshot: released, now: req.now })), channelId: p.channelId };
      }
      const due = refundable(snapshotOf(p));
      out.push(due > 0 ? await this.refundOne(tx, emit, p, due, req.now, req.reason ?? null) : p);
    }
    return out;
  }

  /** After fraud review: a held authorization becomes a normal one. */
  async releaseHold(tx: Tx, emit: Emit, req: { paymentId: string; now: Date }): Promise<PaymentRecord> {
    const [p] = await this.lockTargets(tx, { paymentId: req.paymentId });
    const next = applyReleaseHold(snapshotOf(p!));
    return this.save(tx, emit, p!, next, req.now, "payment.authorized", next.authorized);
  }

  /** Net terms: the account paid `amount` of the invoice; frees that much credit. */
  async settle(tx: Tx, emit: Emit, req: { paymentId: string; amount: number; now: Date }): Promise<PaymentRecord> {
    const [p] = await this.lockTargets(tx, { paymentId: req.paymentId });
    if (p!.method !== "net_terms") throw badInput(`Only net terms payments are settled, this one is ${p!.method}`, "paymentId", { reason: "not_net_terms" });
    const next = applySettle(snapshotOf(p!), req.amount);
    await this.record(tx, p!, "settle", req.amount, "succeeded", req.now);
    return this.save(tx, emit, p!, next, req.now, "payment.settled", req.amount);
  }

  /** Admin grant (or, with a negative amount, a correction) of store credit, with its ledger entry. */
  async grantStoreCredit(tx: Tx, emit: Emit, raw: GrantStoreCreditInput & { now: Date }): Promise<{ balance: number }> {
    const g = parseInput(grantSchema, raw);
    const owner = g.ownerKind === "account" ? accounts : customers;
    const [found] = await tx.select({ id: owner.id }).from(owner).where(eq(owner.id, g.ownerId));
    if (!found) throw notFound(g.ownerKind === "account" ? "Account" : "Customer", g.ownerId);
    const o = { ownerKind: g.ownerKind, ownerId: g.ownerId, currency: g.currency };
    if (g.amount < 0) {
      const balance = await lockStoreCreditBalance(tx, o);
      if (balance + g.amount < 0) throw conflict(`Balance ${balance} cannot go below zero`, { reason: "insufficient_store_credit", available: balance });
    }
    const balance = await postStoreCredit(tx, o, { amount: g.amount, reason: g.reason, now: raw.now });
    await emit({ type: "store_credit.granted", aggregateType: "store_credit", aggregateId: g.ownerId, payload: { ...o, amount: g.amount, balance, reason: g.reason } });
    return { balance };
  }

  storeCreditBalance(db: Executor, owner: StoreCreditOwner): Promise<number> {
    return storeCreditBalance(db, owner);
  }

  /** Open authorization and net captured per order, in one query (the order lifecycle's port). */
  totals(tx: Executor, orderIds: readonly string[]): Promise<Map<string, OrderPaymentTotals>> {
    return paymentTotals(tx, orderIds);
  }

  private async refundOne(tx: Tx, emit: Emit, p: PaymentRecord, amount: number, now: Date, reason: string | null): Promise<PaymentRecord> {
    const next = applyRefund(snapshotOf(p), amount);
    this.check(await this.method(p).refund(this.ctx(tx, p, now), amount), "refund");
    await this.record(tx, p, "refund", amount, "succeeded", now, null, reason);
    return this.save(tx, emit, p, next, now, "payment.refunded", amount);
  }

  private async voidOne(tx: Tx, emit: Emit, p: PaymentRecord, now: Date, reason: string | null): Promise<PaymentRecord> {
    const snap = snapshotOf(p);
    const next = applyVoid(snap);
    // a pending payment never reached the gateway: nothing to void there
    if (snap.state !== "pending") this.check(await this.method(p).void(this.ctx(tx, p, now)), "void");
    await this.record(tx, p, "void", next.released, "succeeded", now, null, reason);
    return this.save(tx, emit, p, next, now, "payment.voided", next.released);
  }

  private async lockTargets(tx: Tx, req: { orderId?: string; paymentId?: string }): Promise<PaymentRecord[]> {
    if (req.paymentId !== undefined) {
      const p = await paymentById(tx, req.paymentId, true);
      if (!p) throw notFound("Payment", req.paymentId);
      return [p];
    }
    if (req.orderId === undefined) throw badInput("orderId or paymentId is required", "paymentId");
    return paymentsOfOrders(tx, [req.orderId], true);
  }

  private method(p: PaymentRow): PaymentMethod {
    return this.methods.require(p.method, "payment.method");
  }

  private ctx(tx: Tx, p: PaymentRow, now: Date) {
    return { tx, now, payment: p };
  }

  private check(r: GatewayResult, step: string): void {
    if (!r.ok) throw conflict(`The payment gateway refused the ${step}: ${r.message ?? r.reason}`, { reason: r.reason });
  }

  private async save(tx: Tx, emit: Emit, p: PaymentRecord, next: PaymentSnapshot, now: Date, event: PaymentEventType, amount: number): Promise<PaymentRecord> {
    const row = await updatePayment(tx, p.id, { snapshot: next, now });
    const rec = { ...row, channelId: p.channelId };
    await this.emitEvent(emit, event, rec, amount);
    return rec;
  }

  private record(tx: Tx, p: PaymentRow, kind: TransactionKind, amount: number, status: "succeeded" | "failed" | "held", at: Date, reference?: string | null, message?: string | null) {
    return insertTransaction(tx, { paymentId: p.id, kind, amount, status, reference, message, at });
  }

  private emitEvent(emit: Emit, type: PaymentEventType, p: PaymentRecord, amount: number): Promise<void> {
    return emit({
      type,
      aggregateType: "payment",
      aggregateId: p.id,
      payload: { orderId: p.orderId, paymentId: p.id, amount, currency: p.currency, channelId: p.channelId, method: p.method, state: p.state },
    });
  }
}
