import type { CallerContext } from "../carts";
import { compact } from "../kernel/graphql/compact-input";
import { builder } from "../kernel/graphql/builder";
import type { GraphQLContext } from "../kernel/graphql/context";
import { CheckoutAgreementType } from "./agreements.graphql";
import type { CheckoutAssembly } from "./checkout-assembly";
import type { CheckoutProblem, OfferedMethod } from "./checkout-check";
import type { PlacedOrder } from "./checkout.service";
import { OrderTaxLineType } from "./order-snapshot.graphql";

const caller = (ctx: GraphQLContext): CallerContext => ({ channel: ctx.channel, principal: ctx.principal, country: ctx.country });

const CheckoutAddressInput = builder.inputType("CheckoutAddressInput", {
  fields: (t) => ({
    recipient: t.string({ required: false }),
    company: t.string({ required: false }),
    line1: t.string({ required: true }),
    line2: t.string({ required: false }),
    city: t.string({ required: true }),
    county: t.string({ required: false }),
    postalCode: t.string({ required: true }),
    subdivision: t.string({ required: false, description: "ISO 3166-2, e.g. US-CA" }),
    country: t.string({ required: true, description: "ISO 3166-1 alpha-2" }),
    phone: t.string({ required: false }),
  }),
});

const AcceptedAgreementInput = builder.inputType("AcceptedAgreementInput", {
  fields: (t) => ({ code: t.string({ required: true }), version: t.int({ required: true }) }),
});

const CheckoutPaymentInput = builder.inputType("CheckoutPaymentInput", {
  fields: (t) => ({
    method: t.string({ required: true, description: "manual | net_terms | store_credit | test_gateway" }),
    input: t.field({ type: "JSON", required: false, description: "the method's input, e.g. { card: { number, expMonth, expYear, cvv } } for test_gateway" }),
  }),
});

const sharedFields = (t: any) => ({
  cartId: t.string({ required: false, description: "default: the active cart" }),
  guestToken: t.string({ required: false }),
  expectedCartVersion: t.int({ required: true, description: "the cart version the buyer reviewed" }),
  shippingAddressId: t.id({ required: false, description: "a saved address (B2B: one of the location's)" }),
  shippingAddress: t.field({ type: CheckoutAddressInput, required: false }),
  billingAddressId: t.id({ required: false }),
  billingAddress: t.field({ type: CheckoutAddressInput, required: false, description: "default: the shipping address" }),
  email: t.string({ required: false, description: "guests: where the confirmation goes" }),
  shippingMethodId: t.string({ required: false, description: "id or code of one of the offered shipping methods" }),
  poNumber: t.string({ required: false }),
  notes: t.string({ required: false }),
  acceptedAgreements: t.field({ type: [AcceptedAgreementInput], required: false }),
});

const CheckoutPreviewInput = builder.inputType("CheckoutPreviewInput", { fields: (t) => sharedFields(t) });
const PlaceOrderInput = builder.inputType("PlaceOrderInput", {
  fields: (t) => ({
    ...sharedFields(t),
    idempotencyKey: t.string({ required: true, description: "8–100 characters; a retry with the same key and request returns the same order" }),
    shippingMethodId: t.string({ required: true }),
    payment: t.field({ type: CheckoutPaymentInput, required: true }),
  }),
});

function toInput(input: Record<string, unknown>): Record<string, unknown> {
  const out = compact(input);
  for (const k of ["shippingAddress", "billingAddress", "payment"]) if (out[k] && typeof out[k] === "object") out[k] = compact(out[k] as Record<string, unknown>);
  return out;
}

const CheckoutProblemType = builder.objectRef<CheckoutProblem>("CheckoutProblem").implement({
  description: "Why the order cannot be placed as it is (the placement refuses with the same code and reason)",
  fields: (t) => ({
    code: t.exposeString("code"),
    reason: t.exposeString("reason"),
    message: t.exposeString("message"),
    field: t.exposeString("field", { nullable: true }),
    lines: t.field({ type: "JSON", nullable: true, resolve: (p) => p.lines ?? null }),
  }),
});

const ShippingOptionType = builder.objectRef<OfferedMethod>("CheckoutShippingOption").implement({
  fields: (t) => ({
    methodId: t.exposeID("methodId"),
    methodCode: t.exposeString("methodCode"),
    name: t.exposeString("name"),
    carrier: t.exposeString("carrier"),
    currency: t.exposeString("currency"),
    amount: t.field({ type: "Minor", resolve: (m) => m.amount }),
  }),
});

type PreviewLine = CheckoutAssembly["lines"][number];
const CheckoutLineType = builder.objectRef<PreviewLine>("CheckoutLine").implement({
  fields: (t) => ({
    variantId: t.exposeID("variantId"),
    sku: t.exposeString("sku"),
    name: t.exposeString("name"),
    quantity: t.exposeInt("quantity"),
    unitPrice: t.field({ type: "Minor", resolve: (l) => l.unitPrice }),
    lineTotal: t.field({ type: "Minor", resolve: (l) => l.lineTotal }),
    discount: t.field({ type: "Minor", resolve: (l) => l.discount }),
    tax: t.field({ type: "Minor", resolve: (l) => l.tax }),
    priceLevel: t.string({ resolve: (l) => l.priceSource.level }),
  }),
});

const CheckoutPreviewType = builder.objectRef<CheckoutAssembly>("CheckoutPreview").implement({
  description: "The final check of a checkout and what the order would be; nothing is written",
  fields: (t) => ({
    cartId: t.id({ resolve: (a) => a.cart.header.id }),
    cartVersion: t.int({ resolve: (a) => a.cart.header.version }),
    currency: t.string({ resolve: (a) => a.totals.currency }),
    subtotal: t.field({ type: "Minor", resolve: (a) => a.totals.subtotal }),
    discountTotal: t.field({ type: "Minor", resolve: (a) => a.totals.discountTotal }),
    shippingTotal: t.field({ type: "Minor", nullable: true, resolve: (a) => a.totals.shippingTotal }),
    taxTotal: t.field({ type: "Minor", nullable: true, resolve: (a) => a.totals.taxTotal }),
    total: t.field({ type: "Minor", resolve: (a) => a.totals.total }),
    pricesIncludeTax: t.boolean({ resolve: (a) => a.totals.pricesIncludeTax }),
    lines: t.field({ type: [CheckoutLineType], resolve: (a) => a.lines }),
    shippingOptions: t.field({ type: [ShippingOptionType], resolve: (a) => a.shippingOptions }),
    shippingMethodId: t.id({ nullable: true, resolve: (a) => a.shipping?.snapshot.methodId ?? null }),
    taxLines: t.field({ type: [OrderTaxLineType], resolve: (a) => a.taxLines }),
    requiredAgreements: t.field({ type: [CheckoutAgreementType], resolve: (a) => a.requiredAgreements }),
    approvalRequired: t.boolean({ resolve: (a) => a.approval.flags.approval_required }),
    approvalReasons: t.stringList({ resolve: (a) => a.approval.reasons.map((r) => r.code) }),
    problems: t.field({ type: [CheckoutProblemType], resolve: (a) => a.problems }),
  }),
});

const PlacedOrderType = builder.objectRef<PlacedOrder>("PlacedOrder").implement({
  description: "The order a checkout placed (or, for a retried key, had placed)",
  fields: (t) => ({
    orderId: t.id({ resolve: (p) => p.order.id }),
    number: t.int({ resolve: (p) => p.order.number }),
    state: t.string({ resolve: (p) => p.order.state }),
    currency: t.string({ resolve: (p) => p.order.currency }),
    subtotal: t.field({ type: "Minor", resolve: (p) => p.order.subtotal }),
    discountTotal: t.field({ type: "Minor", resolve: (p) => p.order.discountTotal }),
    shippingTotal: t.field({ type: "Minor", resolve: (p) => p.order.shippingTotal }),
    taxTotal: t.field({ type: "Minor", resolve: (p) => p.order.taxTotal }),
    total: t.field({ type: "Minor", resolve: (p) => p.order.total }),
    paymentMethod: t.string({ resolve: (p) => p.order.paymentMethod }),
    approvalRequired: t.boolean({ resolve: (p) => p.order.flags.approval_required ?? false }),
    replayed: t.boolean({ description: "true: this key had already placed the order; nothing new happened", resolve: (p) => p.replayed }),
  }),
});

builder.queryFields((t) => ({
  checkoutPreview: t.field({
    subGraphs: ["shop"],
    type: CheckoutPreviewType,
    description: "Run the final check of a checkout: totals, shipping options, tax, required agreements, approval and problems; no writes",
    args: { input: t.arg({ type: CheckoutPreviewInput, required: true }) },
    resolve: (_r, { input }, ctx) => ctx.services.checkout.preview(caller(ctx), toInput(input as Record<string, unknown>)),
  }),
}));

builder.mutationFields((t) => ({
  placeOrder: t.field({
    subGraphs: ["shop"],
    type: PlacedOrderType,
    description: "Place an order from the cart: the final check, then one transaction (stock reserved, payment authorized); refusals are typed and write nothing",
    args: { input: t.arg({ type: PlaceOrderInput, required: true }) },
    resolve: (_r, { input }, ctx) => ctx.services.checkout.place(caller(ctx), toInput(input as Record<string, unknown>)),
  }),
}));
