/**
 * Order types (both APIs) and the shop API's order fields: the caller's history, one order,
 * cancelling. Detail fields read through the response's OrderBatch (order-views.ts), so a page
 * costs a fixed number of queries whatever the number of orders and lines.
 */
import { requireStaffPermission } from "../accounts";
import { builder } from "../kernel/graphql/builder";
import { ORDER_PERMISSIONS } from "./order-access";
import { OrderTaxLineType } from "./order-snapshot.graphql";
import type { GraphQLContext } from "../kernel/graphql/context";
import type { OrderPaymentSummary, OrderView } from "./order-views";
import type { OrderConnection } from "./orders.service";
import type { OrderLineRow, OrderTransitionRow } from "./orders.tables";

const OrderLineType = builder.objectRef<OrderLineRow>("OrderLine").implement({
  description: "A line as placed: quantities, prices and where the unit price came from",
  fields: (t) => ({
    id: t.exposeID("id"),
    position: t.exposeInt("position"),
    variantId: t.exposeID("variantId"),
    productId: t.exposeID("productId"),
    sku: t.exposeString("sku"),
    name: t.exposeString("name"),
    quantity: t.exposeInt("quantity"),
    unitPrice: t.field({ type: "Minor", resolve: (l) => l.unitPrice }),
    lineTotal: t.field({ type: "Minor", resolve: (l) => l.lineTotal }),
    discount: t.field({ type: "Minor", resolve: (l) => l.discount }),
    tax: t.field({ type: "Minor", resolve: (l) => l.tax }),
    priceSource: t.field({ type: "JSON", description: "level, list/override id, tier, conversion rate", resolve: (l) => l.priceSource }),
    quantityFulfilled: t.exposeInt("quantityFulfilled"),
    quantityShipped: t.exposeInt("quantityShipped"),
  }),
});

const OrderTransitionType = builder.objectRef<OrderTransitionRow>("OrderTransition").implement({
  description: "One recorded state change: who, when, from, to",
  fields: (t) => ({
    from: t.exposeString("fromState"),
    to: t.exposeString("toState"),
    actorKind: t.exposeString("actorKind", { description: "guest | customer | employee | staff | system" }),
    actorId: t.exposeString("actorId"),
    reason: t.exposeString("reason", { nullable: true }),
    at: t.field({ type: "DateTime", resolve: (x) => x.at }),
  }),
});

const OrderPaymentType = builder.objectRef<OrderPaymentSummary>("OrderPaymentSummary").implement({
  fields: (t) => ({
    method: t.exposeString("method"),
    authorized: t.field({ type: "Minor", description: "authorization still open for capture", resolve: (p) => p.authorized }),
    captured: t.field({ type: "Minor", description: "captured net of refunds", resolve: (p) => p.captured }),
    outstanding: t.field({ type: "Minor", resolve: (p) => p.outstanding }),
  }),
});

export const OrderType = builder.objectRef<OrderView>("Order").implement({
  description: "A placed order: an immutable snapshot plus its state in its process",
  fields: (t) => ({
    id: t.field({ type: "ID", resolve: (o) => o.row.id }),
    number: t.int({ resolve: (o) => o.row.number }),
    state: t.string({ resolve: (o) => o.row.state }),
    processCode: t.string({ resolve: (o) => o.row.processCode }),
    processVersion: t.int({ resolve: (o) => o.row.processVersion }),
    channelId: t.field({ type: "ID", resolve: (o) => o.row.channelId }),
    buyerKind: t.string({ resolve: (o) => o.row.buyerKind }),
    accountId: t.field({ type: "ID", nullable: true, resolve: (o) => o.row.accountId }),
    locationId: t.field({ type: "ID", nullable: true, resolve: (o) => o.row.locationId }),
    employeeId: t.field({ type: "ID", nullable: true, resolve: (o) => o.row.employeeId }),
    customerId: t.field({ type: "ID", nullable: true, resolve: (o) => o.row.customerId }),
    email: t.string({ nullable: true, resolve: (o) => o.row.email }),
    currency: t.string({ resolve: (o) => o.row.currency }),
    currencySnapshot: t.field({ type: "JSON", resolve: (o) => o.row.currencySnapshot }),
    subtotal: t.field({ type: "Minor", resolve: (o) => o.row.subtotal }),
    discountTotal: t.field({ type: "Minor", resolve: (o) => o.row.discountTotal }),
    shippingTotal: t.field({ type: "Minor", resolve: (o) => o.row.shippingTotal }),
    taxTotal: t.field({ type: "Minor", resolve: (o) => o.row.taxTotal }),
    total: t.field({ type: "Minor", resolve: (o) => o.row.total }),
    pricesIncludeTax: t.boolean({ resolve: (o) => o.row.pricesIncludeTax }),
    poNumber: t.string({ nullable: true, resolve: (o) => o.row.poNumber }),
    notes: t.string({ nullable: true, resolve: (o) => o.row.notes }),
    shippingAddress: t.field({ type: "JSON", nullable: true, resolve: (o) => o.row.shippingAddress }),
    billingAddress: t.field({ type: "JSON", nullable: true, resolve: (o) => o.row.billingAddress }),
    shipping: t.field({ type: "JSON", nullable: true, description: "method, carrier, amount, delivery window", resolve: (o) => o.row.shipping }),
    packages: t.field({ type: "JSON", resolve: (o) => o.row.packages }),
    discounts: t.field({ type: "JSON", description: "applied promotions with their rule ids", resolve: (o) => o.row.discounts }),
    taxLines: t.field({ type: [OrderTaxLineType], description: "tax per jurisdiction and kind", resolve: (o) => o.row.taxLines }),
    agreements: t.field({ type: "JSON", description: "checkout agreements accepted (code, version, when)", resolve: (o) => o.row.agreements }),
    flags: t.field({ type: "JSON", resolve: (o) => o.row.flags }),
    approvalReason: t.string({ nullable: true, resolve: (o) => o.row.approvalReason }),
    quantityOrdered: t.int({ resolve: (o) => o.row.quantityOrdered }),
    quantityFulfilled: t.int({ resolve: (o) => o.row.quantityFulfilled }),
    quantityShipped: t.int({ resolve: (o) => o.row.quantityShipped }),
    placedAt: t.field({ type: "DateTime", nullable: true, resolve: (o) => o.row.placedAt }),
    createdAt: t.field({ type: "DateTime", resolve: (o) => o.row.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (o) => o.row.updatedAt }),
    lines: t.field({ type: [OrderLineType], resolve: (o) => o.batch.linesOf(o.row.id) }),
    transitions: t.field({ type: [OrderTransitionType], description: "the audit trail, oldest first", resolve: (o) => o.batch.transitionsOf(o.row.id) }),
    payment: t.field({ type: OrderPaymentType, resolve: (o) => o.batch.paymentOf(o.row) }),
    allowedTransitions: t.stringList({ description: "states the caller may move this order to now", resolve: (o) => o.batch.allowedOf(o.row) }),
  }),
});

const OrderPageInfo = builder.objectRef<OrderConnection["pageInfo"]>("OrderPageInfo").implement({
  fields: (t) => ({ hasNextPage: t.exposeBoolean("hasNextPage"), endCursor: t.exposeString("endCursor", { nullable: true }) }),
});
const OrderEdge = builder.objectRef<OrderConnection["edges"][number]>("OrderEdge").implement({
  fields: (t) => ({ cursor: t.exposeString("cursor"), node: t.field({ type: OrderType, resolve: (e) => e.node }) }),
});
export const OrderConnectionType = builder.objectRef<OrderConnection>("OrderConnection").implement({
  fields: (t) => ({ edges: t.field({ type: [OrderEdge], resolve: (c) => c.edges }), pageInfo: t.field({ type: OrderPageInfo, resolve: (c) => c.pageInfo }) }),
});

const MyOrdersFilter = builder.inputType("MyOrdersFilter", {
  fields: (t) => ({
    states: t.stringList({ required: false }),
    from: t.field({ type: "DateTime", required: false, description: "created at or after" }),
    to: t.field({ type: "DateTime", required: false, description: "created at or before" }),
  }),
});

const caller = (ctx: GraphQLContext) => ({ principal: ctx.principal, channel: ctx.channel });

builder.queryFields((t) => ({
  myOrders: t.field({
    subGraphs: ["shop"],
    type: OrderConnectionType,
    description: "Your orders in this channel, newest first (an employee: its location's, or its account's for an account-wide role)",
    args: { filter: t.arg({ type: MyOrdersFilter, required: false }), first: t.arg.int({ required: false }), after: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => ctx.services.orders.myOrders(caller(ctx), a.filter ?? {}, { first: a.first ?? undefined, after: a.after }),
  }),
  order: t.field({
    type: OrderType,
    subGraphs: ["shop", "admin"],
    description: "Shop: one of your orders by id or number. Admin (orders:read): any order.",
    args: { id: t.arg.id({ required: false }), number: t.arg.int({ required: false }) },
    resolve: (_r, a, ctx) => {
      const ref = { id: a.id == null ? null : String(a.id), number: a.number };
      if (ctx.api === "admin") {
        return ctx.services.ordersAdmin.get(requireStaffPermission(ctx.principal, ORDER_PERMISSIONS.read), ref);
      }
      return ctx.services.orders.order(caller(ctx), ref);
    },
  }),
}));

builder.mutationFields((t) => ({
  cancelOrder: t.field({
    subGraphs: ["shop"],
    type: OrderType,
    description: "Cancel your order where its process allows it (stock is released, the payment voided or refunded)",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => ctx.services.orders.cancel(caller(ctx), String(a.id), a.reason),
  }),
}));
