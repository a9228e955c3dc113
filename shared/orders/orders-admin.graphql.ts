/**
 * Admin API for orders ("orders:read" to read, "orders:manage" to change) and for order
 * processes as data. Refunds live in the payments admin API; approvals in the approvals module.
 */
import { requireStaffPermission } from "../accounts";
import { builder } from "../kernel/graphql/builder";
import type { GraphQLContext } from "../kernel/graphql/context";
import type { OperationDescriptor } from "../kernel/configurable-operation";
import { ORDER_PERMISSIONS } from "./order-access";
import type { OrderOperationsView, OrderProcessView } from "./order-processes.service";
import { OrderConnectionType, OrderType } from "./orders.graphql";

const read = (ctx: GraphQLContext) => requireStaffPermission(ctx.principal, ORDER_PERMISSIONS.read);
const manage = (ctx: GraphQLContext) => requireStaffPermission(ctx.principal, ORDER_PERMISSIONS.manage);

const AdminOrdersFilter = builder.inputType("AdminOrdersFilter", {
  fields: (t) => ({
    channelCode: t.string({ required: false }),
    states: t.stringList({ required: false }),
    accountId: t.id({ required: false }),
    customerId: t.id({ required: false }),
    email: t.string({ required: false, description: "the buyer's e-mail, exact (case-insensitive)" }),
    number: t.int({ required: false }),
    from: t.field({ type: "DateTime", required: false, description: "placed at or after" }),
    to: t.field({ type: "DateTime", required: false, description: "placed at or before" }),
    totalMin: t.field({ type: "Minor", required: false }),
    totalMax: t.field({ type: "Minor", required: false }),
  }),
});

const FulfillmentLineInput = builder.inputType("FulfillmentLineInput", {
  fields: (t) => ({ lineId: t.id({ required: true }), quantity: t.int({ required: true }) }),
});

const OrderProcessType = builder.objectRef<OrderProcessView>("OrderProcess").implement({
  description: "An order state machine as data; saving creates a new version, orders keep theirs",
  fields: (t) => ({
    code: t.exposeString("code"),
    version: t.exposeInt("version"),
    name: t.exposeString("name"),
    builtIn: t.exposeBoolean("builtIn"),
    definition: t.field({ type: "JSON", resolve: (p) => p.definition }),
    createdAt: t.field({ type: "DateTime", nullable: true, resolve: (p) => p.createdAt }),
  }),
});

const OperationType = builder.objectRef<OperationDescriptor>("OrderOperation").implement({
  fields: (t) => ({
    code: t.exposeString("code"),
    description: t.exposeString("description"),
    configSchema: t.field({ type: "JSON", description: "JSON schema of the config", resolve: (o) => o.configSchema }),
  }),
});

const OperationsType = builder.objectRef<OrderOperationsView>("OrderOperations").implement({
  fields: (t) => ({
    guards: t.field({ type: [OperationType], resolve: (o) => o.guards }),
    effects: t.field({ type: [OperationType], resolve: (o) => o.effects }),
  }),
});

/** GraphQL leaves absent optional fields null; the zod schemas treat null as absent too. */
const ids = (v: string | number | null | undefined) => (v == null ? null : String(v));

builder.queryFields((t) => ({
  orders: t.field({
    subGraphs: ["admin"],
    type: OrderConnectionType,
    description: "Orders across channels, newest first",
    args: { filter: t.arg({ type: AdminOrdersFilter, required: false }), first: t.arg.int({ required: false }), after: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => {
      const staff = read(ctx);
      const f = a.filter ? { ...a.filter, accountId: ids(a.filter.accountId), customerId: ids(a.filter.customerId) } : {};
      return ctx.services.ordersAdmin.list(staff, f, { first: a.first ?? undefined, after: a.after });
    },
  }),
  orderProcesses: t.field({
    subGraphs: ["admin"],
    type: [OrderProcessType],
    description: "Built-in processes and the latest version of each stored one",
    resolve: (_r, _a, ctx) => {
      read(ctx);
      return ctx.services.orderProcesses.list();
    },
  }),
  orderProcessVersions: t.field({
    subGraphs: ["admin"],
    type: [OrderProcessType],
    args: { code: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      read(ctx);
      return ctx.services.orderProcesses.versions(a.code);
    },
  }),
  orderOperations: t.field({
    subGraphs: ["admin"],
    type: OperationsType,
    description: "The guards and effects a process may name, with their config schemas",
    resolve: (_r, _a, ctx) => {
      read(ctx);
      return ctx.services.orderProcesses.operations();
    },
  }),
}));

builder.mutationFields((t) => ({
  transitionOrder: t.field({
    subGraphs: ["admin"],
    type: OrderType,
    description: "Move an order to `to` if its process allows it; otherwise CONFLICT listing the allowed states",
    args: { id: t.arg.id({ required: true }), to: t.arg.string({ required: true }), reason: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => ctx.services.ordersAdmin.transition(manage(ctx), { orderId: String(a.id), to: a.to, reason: a.reason }),
  }),
  holdOrder: t.field({
    subGraphs: ["admin"],
    type: OrderType,
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => ctx.services.ordersAdmin.hold(manage(ctx), String(a.id), a.reason),
  }),
  releaseOrder: t.field({
    subGraphs: ["admin"],
    type: OrderType,
    description: "Leave on_hold: back to the state it was held from when allowed",
    args: { id: t.arg.id({ required: true }), reason: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => ctx.services.ordersAdmin.release(manage(ctx), String(a.id), a.reason),
  }),
  recordFulfillment: t.field({
    subGraphs: ["admin"],
    type: OrderType,
    args: { orderId: t.arg.id({ required: true }), lines: t.arg({ type: [FulfillmentLineInput], required: true }) },
    resolve: (_r, a, ctx) => ctx.services.ordersAdmin.recordFulfillment(manage(ctx), String(a.orderId), a.lines.map((l) => ({ lineId: String(l.lineId), quantity: l.quantity }))),
  }),
  recordShipment: t.field({
    subGraphs: ["admin"],
    type: OrderType,
    args: { orderId: t.arg.id({ required: true }), lines: t.arg({ type: [FulfillmentLineInput], required: true }) },
    resolve: (_r, a, ctx) => ctx.services.ordersAdmin.recordShipment(manage(ctx), String(a.orderId), a.lines.map((l) => ({ lineId: String(l.lineId), quantity: l.quantity }))),
  }),
  saveOrderProcess: t.field({
    subGraphs: ["admin"],
    type: OrderProcessType,
    description: "Validate and store a new version of a process (BAD_USER_INPUT names the field, e.g. definition.transitions.2.to)",
    args: { definition: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, a, ctx) => {
      manage(ctx);
      return ctx.services.orderProcesses.save(a.definition);
    },
  }),
}));
