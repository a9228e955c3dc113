import { requirePermission } from "../kernel/authorize";
import { builder } from "../kernel/graphql/builder";
import type { GraphQLContext } from "../kernel/graphql/context";
import type { BulkLineResult, CartCoupon, CartDiscount, CartHeader, CartTotals, PricedCartLine, PromotionNote } from "./cart.types";
import type { CartMirrorRow } from "./carts.repository";
import type { BulkPayload, CallerContext, CartPayload, CartShape } from "./carts.service";
import { selectsPath } from "./graphql-selection";

const caller = (ctx: GraphQLContext): CallerContext => ({ channel: ctx.channel, principal: ctx.principal, country: ctx.country });
/** A change returning a Cart: are its lines read? (totals-only callers get a smaller payload) */
const cartShape = (info: Parameters<typeof selectsPath>[0]): CartShape => ({ withLines: selectsPath(info, ["lines"]) });
const bulkShape = (info: Parameters<typeof selectsPath>[0]): CartShape => ({ withLines: selectsPath(info, ["cart", "lines"]) });

const CartLineType = builder.objectRef<PricedCartLine>("CartLine").implement({
  description: "A line of a cart, priced for the buyer (unit price, the level and tier it came from) with its promotion discount",
  fields: (t) => ({
    id: t.exposeID("lineId"),
    variantId: t.exposeID("variantId"),
    productId: t.exposeID("productId"),
    sku: t.exposeString("sku"),
    name: t.exposeString("name"),
    productName: t.exposeString("productName"),
    quantity: t.exposeInt("quantity"),
    casePack: t.exposeInt("casePack"),
    priced: t.exposeBoolean("priced"),
    unpricedReason: t.exposeString("unpricedReason", { nullable: true }),
    unitPrice: t.field({ type: "Minor", nullable: true, resolve: (l) => l.unitPrice }),
    lineTotal: t.field({ type: "Minor", resolve: (l) => l.lineTotal }),
    priceLevel: t.exposeString("priceLevel", { nullable: true, description: "managed | location | account | group | default" }),
    tierMinQty: t.exposeInt("tierMinQty", { nullable: true }),
    discount: t.field({ type: "Minor", resolve: (l) => l.discount }),
    net: t.field({ type: "Minor", resolve: (l) => l.net }),
    addedBy: t.exposeID("addedBy", { nullable: true, description: "employee or customer who added the line" }),
    updatedBy: t.exposeID("updatedBy", { nullable: true }),
    stock: t.exposeString("stock", { description: "UNKNOWN until inventory exists; a warning, never a refusal" }),
  }),
});

const CartTotalsType = builder.objectRef<CartTotals>("CartTotals").implement({
  fields: (t) => ({
    currency: t.exposeString("currency"),
    lineCount: t.exposeInt("lineCount"),
    totalQuantity: t.exposeInt("totalQuantity"),
    subtotal: t.field({ type: "Minor", resolve: (x) => x.subtotal }),
    discountTotal: t.field({ type: "Minor", resolve: (x) => x.discountTotal }),
    shippingEstimate: t.field({ type: "Minor", nullable: true, resolve: (x) => x.shippingEstimate }),
    total: t.field({ type: "Minor", description: "subtotal − discounts + shipping estimate; tax is added at checkout", resolve: (x) => x.total }),
  }),
});

const CartDiscountType = builder.objectRef<CartDiscount>("CartDiscount").implement({
  fields: (t) => ({
    ruleId: t.exposeID("ruleId"),
    name: t.exposeString("name"),
    amount: t.field({ type: "Minor", resolve: (d) => d.amount }),
    couponCode: t.exposeString("couponCode", { nullable: true }),
  }),
});

const CartCouponType = builder.objectRef<CartCoupon>("CartCoupon").implement({
  description: "A coupon code entered on the cart: APPLIED, NOT_APPLIED (reason: coupon_expired, condition_failed, cap_reached…) or UNKNOWN",
  fields: (t) => ({
    code: t.exposeString("code"),
    status: t.exposeString("status"),
    ruleId: t.exposeID("ruleId", { nullable: true }),
    reason: t.exposeString("reason", { nullable: true }),
    message: t.exposeString("message", { nullable: true }),
  }),
});

const PromotionNoteType = builder.objectRef<PromotionNote>("PromotionNote").implement({
  description: "A promotion considered for the cart and not applied, and why",
  fields: (t) => ({
    ruleId: t.exposeID("ruleId"),
    reason: t.exposeString("reason"),
    message: t.exposeString("message"),
    couponCode: t.exposeString("couponCode", { nullable: true }),
  }),
});

const CartType = builder.objectRef<CartPayload>("Cart").implement({
  description: "A buyer's cart: per location for B2B (shared by its buyers), per customer for B2C, per token for guests",
  fields: (t) => ({
    id: t.id({ resolve: (c) => c.header.id }),
    name: t.string({ resolve: (c) => c.header.name }),
    isActive: t.boolean({ resolve: (c) => c.header.isActive }),
    version: t.int({ description: "increments on every change; pass it as expectedVersion to detect a stale view", resolve: (c) => c.header.version }),
    ownerKind: t.string({ description: "location | customer | guest", resolve: (c) => c.owner.kind }),
    currency: t.string({ resolve: (c) => c.totals.currency }),
    lines: t.field({ type: [CartLineType], resolve: (c) => c.lines }),
    totals: t.field({ type: CartTotalsType, resolve: (c) => c.totals }),
    discounts: t.field({ type: [CartDiscountType], resolve: (c) => c.discounts }),
    coupons: t.field({ type: [CartCouponType], resolve: (c) => c.coupons ?? [] }),
    promotionNotes: t.field({ type: [PromotionNoteType], resolve: (c) => c.promotionNotes ?? [] }),
    warnings: t.stringList({ resolve: (c) => c.warnings }),
    guestToken: t.string({ nullable: true, description: "guests: keep it and send it back with every cart call", resolve: (c) => c.guestToken }),
    updatedAt: t.field({ type: "DateTime", resolve: (c) => new Date(c.header.updatedAtMs) }),
  }),
});

const SavedCartType = builder.objectRef<CartHeader>("SavedCart").implement({
  description: "One of a buyer's named carts (saved carts, shopping lists); one is active",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    isActive: t.exposeBoolean("isActive"),
    version: t.exposeInt("version"),
    currency: t.exposeString("currency", { nullable: true }),
    updatedAt: t.field({ type: "DateTime", resolve: (c) => new Date(c.updatedAtMs) }),
  }),
});

const CartLineResultType = builder.objectRef<BulkLineResult>("CartLineResult").implement({
  fields: (t) => ({
    line: t.exposeInt("line", { description: "1-based line of the input" }),
    sku: t.exposeString("sku"),
    quantity: t.exposeInt("quantity", { nullable: true }),
    status: t.exposeString("status", { description: "APPLIED | REJECTED" }),
    reason: t.string({ nullable: true, description: "UNKNOWN_SKU, MALFORMED_LINE, NOT_POSITIVE, ABOVE_MAX, BELOW_MOQ, NOT_CASE_MULTIPLE, NOT_INCREMENT_STEP, NOT_PRICED, CART_FULL", resolve: (r) => r.rejection?.reason ?? null }),
    message: t.string({ nullable: true, resolve: (r) => r.rejection?.message ?? null }),
    nearestValidQuantity: t.int({ nullable: true, resolve: (r) => r.rejection?.nearestValid ?? null }),
  }),
});

const CartBulkResultType = builder.objectRef<BulkPayload>("CartBulkResult").implement({
  description: "A bulk change (quick order, reorder, merge): the valid lines are applied, each refused line says why",
  fields: (t) => ({
    cart: t.field({ type: CartType, resolve: (r) => r.cart }),
    applied: t.exposeBoolean("applied", { description: "true when at least one line was applied" }),
    appliedCount: t.exposeInt("appliedCount"),
    rejectedCount: t.exposeInt("rejectedCount"),
    lines: t.field({ type: [CartLineResultType], resolve: (r) => r.lines }),
  }),
});

const IdleCartType = builder.objectRef<CartMirrorRow>("IdleCart").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    channelId: t.exposeID("channelId"),
    ownerKind: t.exposeString("ownerKind"),
    accountId: t.exposeID("accountId", { nullable: true }),
    locationId: t.exposeID("locationId", { nullable: true }),
    customerId: t.exposeID("customerId", { nullable: true }),
    name: t.exposeString("name"),
    version: t.exposeInt("version"),
    lineCount: t.exposeInt("lineCount"),
    subtotal: t.field({ type: "Minor", resolve: (c) => c.subtotal }),
    currency: t.exposeString("currency", { nullable: true }),
    updatedAt: t.field({ type: "DateTime", resolve: (c) => c.updatedAt }),
  }),
});

// ---- inputs: every change accepts the cart (default: the active one), an optional expected
// version (CONFLICT when stale) and, for guests, the guest token ----
const commonFields = (t: any) => ({
  cartId: t.id({ required: false }),
  expectedVersion: t.int({ required: false }),
  guestToken: t.string({ required: false }),
});
const AddToCartInput = builder.inputType("AddToCartInput", {
  fields: (t) => ({ ...commonFields(t), variantId: t.id({ required: false }), sku: t.string({ required: false }), quantity: t.int({ required: true }) }),
});
const SetCartLineQuantityInput = builder.inputType("SetCartLineQuantityInput", {
  fields: (t) => ({ ...commonFields(t), variantId: t.id({ required: true }), quantity: t.int({ required: true }) }),
});
const RemoveCartLineInput = builder.inputType("RemoveCartLineInput", { fields: (t) => ({ ...commonFields(t), variantId: t.id({ required: true }) }) });
const CartRefInput = builder.inputType("CartRefInput", { fields: (t) => commonFields(t) });
const QuickOrderInput = builder.inputType("QuickOrderInput", {
  fields: (t) => ({
    ...commonFields(t),
    csv: t.string({ required: true, description: "one `sku,quantity` per line (comma, semicolon or tab); an optional header line" }),
    allOrNothing: t.boolean({ required: false, description: "apply nothing when any line is refused (default: apply the valid lines)" }),
  }),
});
const CartCouponInput = builder.inputType("CartCouponInput", { fields: (t) => ({ ...commonFields(t), code: t.string({ required: true }) }) });
const SetCartCurrencyInput = builder.inputType("SetCartCurrencyInput", { fields: (t) => ({ ...commonFields(t), currency: t.string({ required: true }) }) });
const CreateCartInput = builder.inputType("CreateCartInput", { fields: (t) => ({ name: t.string({ required: true }), guestToken: t.string({ required: false }) }) });
const ReorderInput = builder.inputType("ReorderInput", { fields: (t) => ({ ...commonFields(t), orderId: t.id({ required: true }) }) });

builder.queryFields((t) => ({
  cart: t.field({
    subGraphs: ["shop"],
    type: CartType,
    nullable: true,
    description: "The caller's active cart (or `cartId`), repriced now; null when a guest has none yet",
    args: { input: t.arg({ type: CartRefInput, required: false }) },
    resolve: (_r, { input }, ctx) => ctx.services.carts.cart(caller(ctx), input ?? {}),
  }),
  savedCarts: t.field({
    subGraphs: ["shop"],
    type: [SavedCartType],
    args: { guestToken: t.arg.string({ required: false }) },
    resolve: (_r, { guestToken }, ctx) => ctx.services.carts.list(caller(ctx), { guestToken }),
  }),
  idleCarts: t.field({
    subGraphs: ["admin"],
    type: [IdleCartType],
    description: "Carts with lines nobody changed for more than `idleHours` (abandoned carts), oldest first",
    args: {
      idleHours: t.arg.int({ required: true }),
      channelId: t.arg.id({ required: false }),
      first: t.arg.int({ required: false }),
    },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "carts:read");
      return ctx.services.carts.idleFromArgs(a);
    },
  }),
}));

builder.mutationFields((t) => ({
  addToCart: t.field({
    subGraphs: ["shop"],
    type: CartType,
    args: { input: t.arg({ type: AddToCartInput, required: true }) },
    resolve: (_r, { input }, ctx, info) => ctx.services.carts.addLine(caller(ctx), input, cartShape(info)),
  }),
  setCartLineQuantity: t.field({
    subGraphs: ["shop"],
    type: CartType,
    args: { input: t.arg({ type: SetCartLineQuantityInput, required: true }) },
    resolve: (_r, { input }, ctx, info) => ctx.services.carts.setQuantity(caller(ctx), input, cartShape(info)),
  }),
  removeCartLine: t.field({
    subGraphs: ["shop"],
    type: CartType,
    args: { input: t.arg({ type: RemoveCartLineInput, required: true }) },
    resolve: (_r, { input }, ctx, info) => ctx.services.carts.removeLine(caller(ctx), input, cartShape(info)),
  }),
  clearCart: t.field({
    subGraphs: ["shop"],
    type: CartType,
    args: { input: t.arg({ type: CartRefInput, required: false }) },
    resolve: (_r, { input }, ctx, info) => ctx.services.carts.clear(caller(ctx), input ?? {}, cartShape(info)),
  }),
  applyCoupon: t.field({
    subGraphs: ["shop"],
    type: CartType,
    description: "Enter a coupon code (case-insensitive); the cart's `coupons` says whether it applies and why not",
    args: { input: t.arg({ type: CartCouponInput, required: true }) },
    resolve: (_r, { input }, ctx, info) => ctx.services.carts.applyCoupon(caller(ctx), input, cartShape(info)),
  }),
  removeCoupon: t.field({
    subGraphs: ["shop"],
    type: CartType,
    args: { input: t.arg({ type: CartCouponInput, required: true }) },
    resolve: (_r, { input }, ctx, info) => ctx.services.carts.removeCoupon(caller(ctx), input, cartShape(info)),
  }),
  setCartCurrency: t.field({
    subGraphs: ["shop"],
    type: CartType,
    description: "Switch the cart's currency: every line is repriced",
    args: { input: t.arg({ type: SetCartCurrencyInput, required: true }) },
    resolve: (_r, { input }, ctx, info) => ctx.services.carts.setCurrency(caller(ctx), input, cartShape(info)),
  }),
  quickOrder: t.field({
    subGraphs: ["shop"],
    type: CartBulkResultType,
    description: "Add many lines from `sku,quantity` text in one call; valid lines are applied, refused lines say why",
    args: { input: t.arg({ type: QuickOrderInput, required: true }) },
    resolve: (_r, { input }, ctx, info) => ctx.services.carts.quickOrder(caller(ctx), input, bulkShape(info)),
  }),
  reorder: t.field({
    subGraphs: ["shop"],
    type: CartBulkResultType,
    description: "Add a past order's lines to the cart (pending the orders domain: no order is found yet)",
    args: { input: t.arg({ type: ReorderInput, required: true }) },
    resolve: (_r, { input }, ctx) => ctx.services.carts.reorder(caller(ctx), input),
  }),
  mergeGuestCart: t.field({
    subGraphs: ["shop"],
    type: CartBulkResultType,
    description: "After login: move the guest cart's lines into the buyer's active cart",
    args: { guestToken: t.arg.string({ required: true }) },
    resolve: (_r, { guestToken }, ctx) => ctx.services.carts.mergeGuestCart(caller(ctx), guestToken),
  }),
  createCart: t.field({
    subGraphs: ["shop"],
    type: SavedCartType,
    description: "A new named cart (saved cart / shopping list); it becomes the active one",
    args: { input: t.arg({ type: CreateCartInput, required: true }) },
    resolve: (_r, { input }, ctx) => ctx.services.carts.createNamed(caller(ctx), input),
  }),
  activateCart: t.field({
    subGraphs: ["shop"],
    type: SavedCartType,
    args: { input: t.arg({ type: CartRefInput, required: true }) },
    resolve: (_r, { input }, ctx) => ctx.services.carts.activate(caller(ctx), input),
  }),
  deleteCart: t.field({
    subGraphs: ["shop"],
    type: "Boolean",
    args: { input: t.arg({ type: CartRefInput, required: true }) },
    resolve: (_r, { input }, ctx) => ctx.services.carts.remove(caller(ctx), input),
  }),
}));
