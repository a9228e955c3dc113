/**
 * SQL for payments: rows, their transactions, the per-order totals the order lifecycle reads and
 * the net-terms credit in use. Every reader that feeds a money decision can lock (FOR UPDATE).
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { accounts } from "../accounts/accounts.tables";
import type { Executor, Tx } from "../kernel/db";
import { orders } from "../orders/orders.tables";
import type { PaymentSnapshot, PaymentState } from "./payment-lifecycle";
import { payments, paymentTransactions, type PaymentRow, type PaymentTransactionRow } from "./payments.tables";

/** A payment with the channel of its order (events carry channelId). */
export type PaymentRecord = PaymentRow & { channelId: string };

export type NewPaymentRow = typeof payments.$inferInsert;

export async function insertPayment(tx: Executor, row: NewPaymentRow): Promise<PaymentRow> {
  const [p] = await tx.insert(payments).values(row).returning();
  return p!;
}

const recordColumns = { payment: payments, channelId: orders.channelId };

function toRecord(r: { payment: PaymentRow; channelId: string }): PaymentRecord {
  return { ...r.payment, channelId: r.channelId };
}

/** Payments of these orders, oldest first; `lock` takes the payment rows (not the orders). */
export async function paymentsOfOrders(tx: Executor, orderIds: readonly string[], lock = false): Promise<PaymentRecord[]> {
  if (orderIds.length === 0) return [];
  const q = tx
    .select(recordColumns)
    .from(payments)
    .innerJoin(orders, eq(orders.id, payments.orderId))
    .where(inArray(payments.orderId, [...orderIds]))
    .orderBy(asc(payments.createdAt), asc(payments.id));
  return (lock ? await q.for("update", { of: payments }) : await q).map(toRecord);
}

export async function paymentById(tx: Executor, id: string, lock = false): Promise<PaymentRecord | undefined> {
  const q = tx.select(recordColumns).from(payments).innerJoin(orders, eq(orders.id, payments.orderId)).where(eq(payments.id, id)).limit(1);
  const [r] = lock ? await q.for("update", { of: payments }) : await q;
  return r ? toRecord(r) : undefined;
}

export function snapshotOf(p: PaymentRow): PaymentSnapshot {
  return {
    state: p.state as PaymentState,
    authorized: p.authorizedAmount,
    captured: p.capturedAmount,
    refunded: p.refundedAmount,
    settled: p.settledAmount,
  };
}

export interface PaymentUpdate {
  snapshot: PaymentSnapshot;
  now: Date;
  gatewayReference?: string | null;
  avsResult?: string | null;
  cvvResult?: string | null;
  declineReason?: string | null;
  details?: Record<string, unknown>;
}

/** `withTransaction`: a payment_transactions row written by the same statement (one round trip less). */
export async function updatePayment(tx: Executor, id: string, u: PaymentUpdate, withTransaction?: NewTransaction): Promise<PaymentRow> {
  const base = withTransaction ? tx.with(tx.$with("txn").as(tx.insert(paymentTransactions).values(transactionRow(withTransaction)).returning({ id: paymentTransactions.id }))) : tx;
  const [p] = await base
    .update(payments)
    .set({
      state: u.snapshot.state,
      authorizedAmount: u.snapshot.authorized,
      capturedAmount: u.snapshot.captured,
      refundedAmount: u.snapshot.refunded,
      settledAmount: u.snapshot.settled,
      updatedAt: u.now,
      ...(u.gatewayReference !== undefined ? { gatewayReference: u.gatewayReference } : {}),
      ...(u.avsResult !== undefined ? { avsResult: u.avsResult } : {}),
      ...(u.cvvResult !== undefined ? { cvvResult: u.cvvResult } : {}),
      ...(u.declineReason !== undefined ? { declineReason: u.declineReason } : {}),
      ...(u.details !== undefined ? { details: u.details } : {}),
    })
    .where(eq(payments.id, id))
    .returning();
  return p!;
}

export type TransactionKind = "authorize" | "capture" | "void" | "refund" | "settle" | "release";

export interface NewTransaction {
  paymentId: string;
  kind: TransactionKind;
  amount: number;
  status: "succeeded" | "failed" | "held";
  reference?: string | null;
  message?: string | null;
  at: Date;
}

function transactionRow(t: NewTransaction) {
  return { paymentId: t.paymentId, kind: t.kind, amount: t.amount, status: t.status, reference: t.reference ?? null, message: t.message ?? null, at: t.at };
}

export async function insertTransaction(tx: Executor, t: NewTransaction): Promise<void> {
  await tx.insert(paymentTransactions).values(transactionRow(t));
}

/** Transactions of these payments in order: one query. */
export async function transactionsOf(db: Executor, paymentIds: readonly string[]): Promise<Map<string, PaymentTransactionRow[]>> {
  const out = new Map<string, PaymentTransactionRow[]>(paymentIds.map((id) => [id, []]));
  if (paymentIds.length === 0) return out;
  const rows = await db
    .select()
    .from(paymentTransactions)
    .where(inArray(paymentTransactions.paymentId, [...paymentIds]))
    .orderBy(asc(paymentTransactions.at), asc(paymentTransactions.id));
  for (const r of rows) out.get(r.paymentId)?.push(r);
  return out;
}

export interface OrderPaymentTotals {
  /** authorization still open for capture (held, voided, declined and pending excluded) */
  authorized: number;
  /** captured net of refunds */
  captured: number;
}

const LIVE_STATES = sql.raw(`('authorized', 'partially_captured', 'captured', 'partially_refunded', 'refunded')`);

/** One query for any number of orders; orders without payments get zeros. */
export async function paymentTotals(db: Executor, orderIds: readonly string[]): Promise<Map<string, OrderPaymentTotals>> {
  const out = new Map<string, OrderPaymentTotals>(orderIds.map((id) => [id, { authorized: 0, captured: 0 }]));
  if (orderIds.length === 0) return out;
  const rows = await db
    .select({
      orderId: payments.orderId,
      authorized: sql<string>`coalesce(sum(case when ${payments.state} in ${LIVE_STATES} then ${payments.authorizedAmount} - ${payments.capturedAmount} else 0 end), 0)`,
      captured: sql<string>`coalesce(sum(case when ${payments.state} in ${LIVE_STATES} then ${payments.capturedAmount} - ${payments.refundedAmount} else 0 end), 0)`,
    })
    .from(payments)
    .where(inArray(payments.orderId, [...orderIds]))
    .groupBy(payments.orderId);
  for (const r of rows) out.set(r.orderId, { authorized: Number(r.authorized), captured: Number(r.captured) });
  return out;
}

export interface CreditAccount {
  id: string;
  paymentTerms: string;
  creditLimit: number | null;
  creditLimitCurrency: string | null;
}

/** Lock the account row: every net-terms authorization for the account queues behind it. */
export async function lockCreditAccount(tx: Tx, accountId: string): Promise<CreditAccount | undefined> {
  const [a] = await tx
    .select({ id: accounts.id, paymentTerms: accounts.paymentTerms, creditLimit: accounts.creditLimit, creditLimitCurrency: accounts.creditLimitCurrency })
    .from(accounts)
    .where(eq(accounts.id, accountId))
    // not FOR UPDATE: the order insert in the same transaction holds FOR KEY SHARE on this row
    // (orders.account_id), and two checkouts would deadlock upgrading it
    .for("no key update");
  return a;
}

export async function creditAccount(db: Executor, accountId: string): Promise<CreditAccount | undefined> {
  const [a] = await db
    .select({ id: accounts.id, paymentTerms: accounts.paymentTerms, creditLimit: accounts.creditLimit, creditLimitCurrency: accounts.creditLimitCurrency })
    .from(accounts)
    .where(eq(accounts.id, accountId));
  return a;
}

/** Credit in use by the account's net-terms payments (mirrors creditUsed() in the lifecycle). */
export async function netTermsCreditUsed(tx: Executor, accountId: string, method = "net_terms"): Promise<number> {
  const [r] = await tx
    .select({
      used: sql<string>`coalesce(sum(case
        when ${payments.state} = 'held' then ${payments.authorizedAmount}
        when ${payments.state} in ${LIVE_STATES} then ${payments.authorizedAmount} - ${payments.capturedAmount}
          + greatest(0, ${payments.capturedAmount} - ${payments.refundedAmount} - ${payments.settledAmount})
        else 0 end), 0)`,
    })
    .from(payments)
    .where(and(eq(payments.accountId, accountId), eq(payments.method, method)));
  return Number(r?.used ?? 0);
}
