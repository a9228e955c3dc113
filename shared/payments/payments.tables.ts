import { sql } from "drizzle-orm";
import { bigint, check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { orders } from "../orders/orders.tables";

/**
 * One payment per order and method. Amounts are running totals kept in step with the
 * transactions below (authorized ≥ captured ≥ refunded); `state` is derived by the pure
 * lifecycle in payment-lifecycle.ts and stored for queries.
 */
export const payments = pgTable(
  "payments",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    /** manual | net_terms | store_credit | test_gateway | … */
    method: text("method").notNull(),
    /** pending | authorized | declined | held | partially_captured | captured | voided | partially_refunded | refunded */
    state: text("state").notNull(),
    currency: text("currency").notNull(),
    /** the amount asked for at authorization */
    amount: bigint("amount", { mode: "number" }).notNull(),
    authorizedAmount: bigint("authorized_amount", { mode: "number" }).notNull().default(0),
    capturedAmount: bigint("captured_amount", { mode: "number" }).notNull().default(0),
    refundedAmount: bigint("refunded_amount", { mode: "number" }).notNull().default(0),
    /** net terms: what the account has paid of its invoice (reduces credit used) */
    settledAmount: bigint("settled_amount", { mode: "number" }).notNull().default(0),
    /** account whose credit a net-terms payment uses */
    accountId: uuid("account_id"),
    gatewayReference: text("gateway_reference"),
    avsResult: text("avs_result"),
    cvvResult: text("cvv_result"),
    declineReason: text("decline_reason"),
    /** e.g. net terms code and due date; card brand and last 4 — never a full card number */
    details: jsonb("details").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    index("payments_order_idx").on(t.orderId),
    index("payments_account_method_idx").on(t.accountId, t.method),
    check(
      "payments_amounts",
      sql`${t.amount} >= 0 and ${t.capturedAmount} <= ${t.authorizedAmount} and ${t.refundedAmount} <= ${t.capturedAmount} and ${t.settledAmount} >= 0`,
    ),
  ],
);

/** Every call to a payment method and its outcome, in order. */
export const paymentTransactions = pgTable(
  "payment_transactions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    paymentId: uuid("payment_id")
      .notNull()
      .references(() => payments.id, { onDelete: "cascade" }),
    /** authorize | capture | void | refund | settle */
    kind: text("kind").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    /** succeeded | failed | held */
    status: text("status").notNull(),
    reference: text("reference"),
    message: text("message"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("payment_transactions_payment_idx").on(t.paymentId, t.at)],
);

/**
 * Store credit balance per owner (customer or account) and currency. Spending locks the row,
 * and the check constraint refuses a negative balance even if a caller forgets to.
 */
export const storeCreditBalances = pgTable(
  "store_credit_balances",
  {
    /** customer | account */
    ownerKind: text("owner_kind").notNull(),
    ownerId: uuid("owner_id").notNull(),
    currency: text("currency").notNull(),
    balance: bigint("balance", { mode: "number" }).notNull().default(0),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.ownerKind, t.ownerId, t.currency] }),
    check("store_credit_balance_nonneg", sql`${t.balance} >= 0`),
    check("store_credit_owner_kind", sql`${t.ownerKind} in ('customer', 'account')`),
  ],
);

/** The ledger behind the balance: grants, spends and refunds, signed. */
export const storeCreditEntries = pgTable(
  "store_credit_entries",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ownerKind: text("owner_kind").notNull(),
    ownerId: uuid("owner_id").notNull(),
    currency: text("currency").notNull(),
    amount: bigint("amount", { mode: "number" }).notNull(),
    reason: text("reason").notNull(),
    paymentId: uuid("payment_id").references(() => payments.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("store_credit_entries_owner_idx").on(t.ownerKind, t.ownerId, t.createdAt)],
);

export type PaymentRow = typeof payments.$inferSelect;
export type PaymentTransactionRow = typeof paymentTransactions.$inferSelect;
