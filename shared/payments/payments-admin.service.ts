/**
 * Staff operations on payments outside an order transition (the admin API): each write is one
 * transaction with its events. Order state is not moved here — the order lifecycle reads the new
 * payment totals at its next transition.
 */
import { transactional } from "../events";
import { badInput } from "../kernel/errors";
import type { PaymentTransactionRow } from "./payments.tables";
import { allowedActions, type PaymentAction } from "./payment-lifecycle";
import { paymentsOfOrders, snapshotOf, transactionsOf, type PaymentRecord } from "./payments.repository";
import type { GrantStoreCreditInput, PaymentsService } from "./payments.service";
import type { StoreCreditOwnerKind } from "./store-credit.repository";

export interface PaymentView extends PaymentRecord {
  transactions: PaymentTransactionRow[];
  allowedActions: PaymentAction[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids reach SQL as uuid: a malformed one is the caller's error, not a database error. */
function id(value: string, field: string): string {
  if (!UUID.test(value)) throw badInput(`${field} must be a UUID`, field);
  return value;
}

export class PaymentsAdminService {
  constructor(private readonly payments: PaymentsService) {}

  private get deps() {
    return this.payments.deps;
  }

  /** Payments of an order with their transactions: two queries. */
  async orderPayments(orderId: string): Promise<PaymentView[]> {
    const list = await paymentsOfOrders(this.deps.db, [id(orderId, "orderId")]);
    const txs = await transactionsOf(this.deps.db, list.map((p) => p.id));
    return list.map((p) => ({ ...p, transactions: txs.get(p.id) ?? [], allowedActions: allowedActions(snapshotOf(p)) }));
  }

  private async view(p: PaymentRecord): Promise<PaymentView> {
    const txs = await transactionsOf(this.deps.db, [p.id]);
    return { ...p, transactions: txs.get(p.id) ?? [], allowedActions: allowedActions(snapshotOf(p)) };
  }

  private run(fn: Parameters<typeof transactional<PaymentRecord>>[2]): Promise<PaymentView> {
    return transactional(this.deps.db, this.deps.outbox, fn).then((p) => this.view(p));
  }

  capture(paymentId: string, amount: number | null | undefined, final: boolean | null | undefined): Promise<PaymentView> {
    const now = this.deps.now;
    return this.run(async (tx, emit) => (await this.payments.capture(tx, emit, { paymentId: id(paymentId, "paymentId"), amount: amount ?? undefined, final: final ?? false, now }))[0]!);
  }

  refund(paymentId: string, amount: number, reason: string | null | undefined): Promise<PaymentView> {
    return this.run((tx, emit) => this.payments.refund(tx, emit, { paymentId: id(paymentId, "paymentId"), amount, reason: reason ?? null, now: this.deps.now }));
  }

  void(paymentId: string, reason: string | null | undefined): Promise<PaymentView> {
    return this.run((tx, emit) => this.payments.void(tx, emit, { paymentId: id(paymentId, "paymentId"), reason: reason ?? null, now: this.deps.now }));
  }

  releaseHold(paymentId: string): Promise<PaymentView> {
    return this.run((tx, emit) => this.payments.releaseHold(tx, emit, { paymentId: id(paymentId, "paymentId"), now: this.deps.now }));
  }

  settle(paymentId: string, amount: number): Promise<PaymentView> {
    return this.run((tx, emit) => this.payments.settle(tx, emit, { paymentId: id(paymentId, "paymentId"), amount, now: this.deps.now }));
  }

  grantStoreCredit(input: GrantStoreCreditInput): Promise<{ balance: number }> {
    return transactional(this.deps.db, this.deps.outbox, (tx, emit) => this.payments.grantStoreCredit(tx, emit, { ...input, now: this.deps.now }));
  }

  storeCreditBalance(ownerKind: StoreCreditOwnerKind, ownerId: string, currency: string): Promise<number> {
    return this.payments.storeCreditBalance(this.deps.db, { ownerKind, ownerId: id(ownerId, "ownerId"), currency });
  }
}
