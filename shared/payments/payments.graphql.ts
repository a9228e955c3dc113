/** Admin API for payments: reads need "orders:read", every write "payments:manage". */
import { requirePermission } from "../kernel/authorize";
import { builder } from "../kernel/graphql/builder";
import type { GraphQLContext } from "../kernel/graphql/context";
import type { PaymentView } from "./payments-admin.service";
import type { PaymentTransactionRow } from "./payments.tables";

const TransactionType = builder.objectRef<PaymentTransactionRow>("PaymentTransaction").implement({
  description: "One call to the payment method and its outcome",
  fields: (t) => ({
    id: t.exposeID("id"),
    kind: t.exposeString("kind", { description: "authorize | capture | release | void | refund | settle" }),
    amount: t.field({ type: "Minor", resolve: (x) => x.amount }),
    status: t.exposeString("status", { description: "succeeded | failed | held" }),
    reference: t.exposeString("reference", { nullable: true }),
    message: t.exposeString("message", { nullable: true }),
    at: t.field({ type: "DateTime", resolve: (x) => x.at }),
  }),
});

const PaymentType = builder.objectRef<PaymentView>("Payment").implement({
  description: "A payment of an order; amounts are running totals in minor units",
  fields: (t) => ({
    id: t.exposeID("id"),
    orderId: t.exposeID("orderId"),
    method: t.exposeString("method"),
    state: t.exposeString("state"),
    currency: t.exposeString("currency"),
    amount: t.field({ type: "Minor", description: "asked for at authorization", resolve: (p) => p.amount }),
    authorized: t.field({ type: "Minor", resolve: (p) => p.authorizedAmount }),
    captured: t.field({ type: "Minor", resolve: (p) => p.capturedAmount }),
    refunded: t.field({ type: "Minor", resolve: (p) => p.refundedAmount }),
    settled: t.field({ type: "Minor", resolve: (p) => p.settledAmount }),
    avsResult: t.exposeString("avsResult", { nullable: true }),
    cvvResult: t.exposeString("cvvResult", { nullable: true }),
    declineReason: t.exposeString("declineReason", { nullable: true, description: "or the reason for a hold" }),
    details: t.field({ type: "JSON", description: "safe details: card brand/last 4/token, terms and due date", resolve: (p) => p.details }),
    allowedActions: t.exposeStringList("allowedActions"),
    transactions: t.field({ type: [TransactionType], resolve: (p) => p.transactions }),
    createdAt: t.field({ type: "DateTime", resolve: (p) => p.createdAt }),
  }),
});

const StoreCreditOwnerKind = builder.enumType("StoreCreditOwnerKind", { values: ["customer", "account"] as const });

const read = (ctx: GraphQLContext) => {
  requirePermission(ctx.principal, "orders:read");
  return ctx.services.paymentsAdmin;
};
const write = (ctx: GraphQLContext) => {
  requirePermission(ctx.principal, "payments:manage");
  return ctx.services.paymentsAdmin;
};

builder.queryFields((t) => ({
  orderPayments: t.field({
    subGraphs: ["admin"],
    type: [PaymentType],
    args: { orderId: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => read(ctx).orderPayments(String(a.orderId)),
  }),
  storeCreditBalance: t.field({
    subGraphs: ["admin"],
    type: "Minor",
    args: {
      ownerKind: t.arg({ type: StoreCreditOwnerKind, required: true }),
      ownerId: t.arg.id({ required: true }),
      currency: t.arg.string({ required: true }),
    },
    resolve: (_r, a, ctx) => read(ctx).storeCreditBalance(a.ownerKind, String(a.ownerId), a.currency),
  }),
}));

builder.mutationFields((t) => ({
  capturePayment: t.field({
    subGraphs: ["admin"],
    type: PaymentType,
    description: "Capture all that is still authorized, or `amount`; `final` releases the rest",
    args: { paymentId: t.arg.id({ required: true }), amount: t.arg({ type: "Minor", required: false }), final: t.arg.boolean({ required: false }) },
    resolve: (_r, a, ctx) => write(ctx).capture(String(a.paymentId), a.amount, a.final),
  }),
  refundPayment: t.field({
    subGraphs: ["admin"],
    type: PaymentType,
    args: { paymentId: t.arg.id({ required: true }), amount: t.arg({ type: "Minor", required: true }), reason: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => write(ctx).refund(String(a.paymentId), a.amount, a.reason),
  }),
  voidPayment: t.field({
    subGraphs: ["admin"],
    type: PaymentType,
    args: { paymentId: t.arg.id({ required: true }), reason: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => write(ctx).void(String(a.paymentId), a.reason),
  }),
  releasePaymentHold: t.field({
    subGraphs: ["admin"],
    type: PaymentType,
    description: "After fraud review: the held authorization becomes capturable",
    args: { paymentId: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => write(ctx).releaseHold(String(a.paymentId)),
  }),
  settleNetTerms: t.field({
    subGraphs: ["admin"],
    type: PaymentType,
    description: "Record that the account paid `amount` of a net-terms invoice",
    args: { paymentId: t.arg.id({ required: true }), amount: t.arg({ type: "Minor", required: true }) },
    resolve: (_r, a, ctx) => write(ctx).settle(String(a.paymentId), a.amount),
  }),
  grantStoreCredit: t.field({
    subGraphs: ["admin"],
    type: "Minor",
    description: "Add store credit (negative: correct it down); returns the new balance",
    args: {
      ownerKind: t.arg({ type: StoreCreditOwnerKind, required: true }),
      ownerId: t.arg.id({ required: true }),
      currency: t.arg.string({ required: true }),
      amount: t.arg({ type: "Minor", required: true }),
      reason: t.arg.string({ required: true }),
    },
    resolve: async (_r, a, ctx) =>
      (await write(ctx).grantStoreCredit({ ownerKind: a.ownerKind, ownerId: String(a.ownerId), currency: a.currency, amount: a.amount, reason: a.reason })).balance,
  }),
}));
