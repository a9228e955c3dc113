/** Shop API: shipping quotes for lines or for the caller's cart, scoped to channel and catalog visibility. */
import { builder } from "../kernel/graphql/builder";
import type { GraphQLContext } from "../kernel/graphql/context";
import type { MethodOption, QuotedPackage, ShipmentQuote } from "./quote";
import type { QuoteCaller, ShippingQuoteResult } from "./shipping-quote.service";

const caller = (ctx: GraphQLContext): QuoteCaller => ({ channel: ctx.channel, principal: ctx.principal, country: ctx.country });

type Placement = QuotedPackage["placements"][number];

const PlacementType = builder.objectRef<Placement>("ShippingPlacement").implement({
  description: "Where one unit sits in its box: corner (x, y, z) in mm from the box's inner origin, y vertical",
  fields: (t) => ({
    sku: t.exposeString("sku"),
    unit: t.exposeInt("unit"),
    x: t.exposeInt("x"),
    y: t.exposeInt("y"),
    z: t.exposeInt("z"),
    lengthMm: t.exposeInt("lengthMm"),
    widthMm: t.exposeInt("widthMm"),
    heightMm: t.exposeInt("heightMm"),
    orientation: t.exposeString("orientation"),
  }),
});

const PackageType = builder.objectRef<QuotedPackage>("ShippingPackage").implement({
  fields: (t) => ({
    box: t.exposeString("boxCode", { nullable: true, description: "box template code; null for an oversize item shipped as is" }),
    oversize: t.exposeBoolean("oversize", { description: "an item that fits no box, shipped alone and flagged" }),
    lengthMm: t.exposeInt("lengthMm", { description: "outer dimensions" }),
    widthMm: t.exposeInt("widthMm"),
    heightMm: t.exposeInt("heightMm"),
    weightG: t.exposeInt("weightG", { description: "items + box tare" }),
    fillRatio: t.exposeFloat("fillRatio", { description: "item volume / inner box volume" }),
    placements: t.field({ type: [PlacementType], resolve: (p) => p.placements }),
  }),
});

const MethodOptionType = builder.objectRef<MethodOption>("ShippingMethodOption").implement({
  fields: (t) => ({
    method: t.exposeString("methodCode"),
    methodName: t.exposeString("methodName"),
    provider: t.exposeString("providerCode"),
    providerName: t.exposeString("providerName"),
    price: t.field({ type: "Minor", resolve: (o) => o.price }),
    currency: t.exposeString("currency"),
    packages: t.field({ type: [PackageType], resolve: (o) => o.packages }),
    oversizeSkus: t.exposeStringList("oversizeSkus"),
  }),
});

const ShipmentLineType = builder.objectRef<{ sku: string; quantity: number }>("ShippingShipmentLine").implement({
  fields: (t) => ({ sku: t.exposeString("sku"), quantity: t.exposeInt("quantity") }),
});

const ShipmentType = builder.objectRef<ShipmentQuote>("ShippingShipment").implement({
  description: "Items that ship together: unrestricted goods, or one restricted class (hazmat, ground_only…) on a method allowed to carry it",
  fields: (t) => ({
    restrictedClass: t.exposeString("restrictedClass", { nullable: true }),
    lines: t.field({ type: [ShipmentLineType], resolve: (s) => s.lines }),
    methods: t.field({ type: [MethodOptionType], description: "cheapest first", resolve: (s) => s.options }),
  }),
});

const MoneyType = builder.objectRef<{ amount: number; currency: string }>("ShippingMoney").implement({
  fields: (t) => ({ amount: t.field({ type: "Minor", resolve: (m) => m.amount }), currency: t.exposeString("currency") }),
});

const QuoteType = builder.objectRef<ShippingQuoteResult>("ShippingQuote").implement({
  fields: (t) => ({
    shipments: t.field({ type: [ShipmentType], resolve: (q) => q.shipments }),
    unshippable: t.field({
      type: ["String"],
      nullable: { list: false, items: true },
      description: "restricted classes (null = unrestricted goods) no method can ship to this address",
      resolve: (q) => q.unshippable,
    }),
    cheapestTotal: t.field({ type: MoneyType, nullable: true, description: "each shipment on its cheapest method; null when some shipment cannot ship or currencies differ", resolve: (q) => q.cheapestTotal }),
    cartVersion: t.exposeInt("cartVersion", { nullable: true }),
    skippedSkus: t.exposeStringList("skippedSkus", { description: "cart lines the buyer may no longer see, left out of the quote" }),
  }),
});

const LineInput = builder.inputType("ShippingQuoteLineInput", {
  fields: (t) => ({ sku: t.string({ required: false }), variantId: t.id({ required: false }), quantity: t.int({ required: true }) }),
});

const AddressInput = builder.inputType("ShippingAddressInput", {
  fields: (t) => ({
    country: t.string({ required: true, description: "ISO 3166-1 alpha-2" }),
    subdivision: t.string({ required: false, description: "ISO 3166-2, e.g. US-CA" }),
    postalCode: t.string({ required: false }),
    city: t.string({ required: false }),
  }),
});

builder.queryFields((t) => ({
  shippingQuote: t.field({
    subGraphs: ["shop"],
    type: QuoteType,
    description: "Shipping methods, prices and packages for these lines to this address (free-over thresholds use the server's prices)",
    args: { lines: t.arg({ type: [LineInput], required: true }), address: t.arg({ type: AddressInput, required: true }) },
    resolve: (_r, a, ctx) => ctx.services.shippingQuotes.quote(caller(ctx), { lines: a.lines, address: a.address }),
  }),
  cartShippingQuote: t.field({
    subGraphs: ["shop"],
    type: QuoteType,
    description: "The same for the caller's active cart (or `cartId`); cached per cart version",
    args: { address: t.arg({ type: AddressInput, required: true }), cartId: t.arg.string({ required: false }), guestToken: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => ctx.services.shippingQuotes.cartQuote(caller(ctx), a),
  }),
}));
