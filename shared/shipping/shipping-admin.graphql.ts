/** Admin API for boxes, providers, methods, box assignments and zones (shipping:read / shipping:write). */
import { requirePermission } from "../kernel/authorize";
import { builder } from "../kernel/graphql/builder";
import type { GraphQLContext } from "../kernel/graphql/context";
import type { BoxView, MethodView, ProviderView, ZoneView } from "./shipping-admin.repository";

const BoxType = builder.objectRef<BoxView>("ShippingBox").implement({
  description: "A box template: lengths mm, weights g, cost in minor units",
  fields: (t) => ({
    code: t.exposeString("code"),
    name: t.exposeString("name"),
    innerLengthMm: t.exposeInt("innerLengthMm"),
    innerWidthMm: t.exposeInt("innerWidthMm"),
    innerHeightMm: t.exposeInt("innerHeightMm"),
    outerLengthMm: t.exposeInt("outerLengthMm"),
    outerWidthMm: t.exposeInt("outerWidthMm"),
    outerHeightMm: t.exposeInt("outerHeightMm"),
    tareG: t.exposeInt("tareG"),
    maxLoadG: t.exposeInt("maxLoadG", { nullable: true }),
    materialCost: t.field({ type: "Minor", resolve: (b) => b.materialCostMinor }),
    padded: t.exposeBoolean("padded"),
    active: t.exposeBoolean("active"),
    providers: t.exposeStringList("providerCodes", { description: "providers whose methods use this box" }),
    methods: t.exposeStringList("methodCodes", { description: "methods this box is assigned to directly" }),
  }),
});

const MethodType = builder.objectRef<MethodView>("ShippingMethod").implement({
  fields: (t) => ({
    code: t.exposeString("code"),
    name: t.exposeString("name"),
    provider: t.exposeString("providerCode"),
    rateStrategy: t.exposeString("rateStrategy"),
    rateConfig: t.field({ type: "JSON", resolve: (m) => m.rateConfig }),
    currency: t.exposeString("currency"),
    shipMode: t.exposeString("shipMode", { description: "box: rated per package; order: once per shipment" }),
    allowedClasses: t.exposeStringList("allowedClasses"),
    active: t.exposeBoolean("active"),
    boxes: t.exposeStringList("boxCodes", { description: "own boxes; empty = the provider's" }),
  }),
});

const ProviderType = builder.objectRef<ProviderView>("ShippingProvider").implement({
  fields: (t) => ({
    code: t.exposeString("code"),
    name: t.exposeString("name"),
    active: t.exposeBoolean("active"),
    boxes: t.exposeStringList("boxCodes"),
  }),
});

const RegionType = builder.objectRef<ZoneView["regions"][number]>("ShippingZoneRegion").implement({
  fields: (t) => ({
    country: t.exposeString("countryCode"),
    subdivision: t.exposeString("subdivisionCode", { nullable: true }),
    postalPatterns: t.exposeStringList("postalPatterns"),
  }),
});

const ZoneType = builder.objectRef<ZoneView>("ShippingZone").implement({
  fields: (t) => ({
    channel: t.exposeString("channelCode"),
    code: t.exposeString("code"),
    name: t.exposeString("name"),
    regions: t.field({ type: [RegionType], resolve: (z) => z.regions }),
    methods: t.exposeStringList("methodCodes"),
  }),
});

const read = (ctx: GraphQLContext) => {
  requirePermission(ctx.principal, "shipping:read");
  return ctx.services.shippingAdmin;
};
const write = (ctx: GraphQLContext) => {
  requirePermission(ctx.principal, "shipping:write");
  return ctx.services.shippingAdmin;
};

builder.queryFields((t) => ({
  shippingBoxes: t.field({ subGraphs: ["admin"], type: [BoxType], resolve: (_r, _a, ctx) => read(ctx).boxes() }),
  shippingProviders: t.field({ subGraphs: ["admin"], type: [ProviderType], resolve: (_r, _a, ctx) => read(ctx).providers() }),
  shippingMethods: t.field({
    subGraphs: ["admin"],
    type: [MethodType],
    args: { provider: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => read(ctx).methods(a.provider),
  }),
  shippingZones: t.field({
    subGraphs: ["admin"],
    type: [ZoneType],
    args: { channel: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => read(ctx).zones(a.channel),
  }),
  shippingRateStrategies: t.stringList({ subGraphs: ["admin"], resolve: (_r, _a, ctx) => read(ctx).rateStrategies() }),
}));

const JSON_INPUT = "validated server-side; see the ShippingBox/ShippingMethod/ShippingZone fields for the shape";

builder.mutationFields((t) => ({
  upsertShippingBox: t.field({
    subGraphs: ["admin"],
    type: BoxType,
    description: `{ code, name, innerLengthMm, innerWidthMm, innerHeightMm, outer…Mm?, tareG?, maxLoadG?, materialCostMinor?, padded?, active? } — ${JSON_INPUT}`,
    args: { input: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, a, ctx) => write(ctx).upsertBox(a.input),
  }),
  deleteShippingBox: t.boolean({ subGraphs: ["admin"], args: { code: t.arg.string({ required: true }) }, resolve: (_r, a, ctx) => write(ctx).deleteBox(a.code) }),
  upsertShippingProvider: t.field({
    subGraphs: ["admin"],
    type: ProviderType,
    description: `{ code, name, active? } — ${JSON_INPUT}`,
    args: { input: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, a, ctx) => write(ctx).upsertProvider(a.input),
  }),
  deleteShippingProvider: t.boolean({ subGraphs: ["admin"], args: { code: t.arg.string({ required: true }) }, resolve: (_r, a, ctx) => write(ctx).deleteProvider(a.code) }),
  upsertShippingMethod: t.field({
    subGraphs: ["admin"],
    type: MethodType,
    description: `{ code, provider, name, rateStrategy, rateConfig, currency, shipMode?: box|order, allowedClasses?, active? } — ${JSON_INPUT}`,
    args: { input: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, a, ctx) => write(ctx).upsertMethod(a.input),
  }),
  deleteShippingMethod: t.boolean({ subGraphs: ["admin"], args: { code: t.arg.string({ required: true }) }, resolve: (_r, a, ctx) => write(ctx).deleteMethod(a.code) }),
  assignShippingBox: t.field({
    subGraphs: ["admin"],
    type: BoxType,
    description: "Assign a box to a provider (all its methods) or to one method: { box, provider } or { box, method }",
    args: { input: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, a, ctx) => write(ctx).assignBox(a.input, true),
  }),
  unassignShippingBox: t.field({
    subGraphs: ["admin"],
    type: BoxType,
    args: { input: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, a, ctx) => write(ctx).assignBox(a.input, false),
  }),
  upsertShippingZone: t.field({
    subGraphs: ["admin"],
    type: ZoneType,
    description: `{ channel, code, name, regions: [{ country, subdivision?, postalPatterns? }], methods: [code] } — replaces the zone's regions and methods`,
    args: { input: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, a, ctx) => write(ctx).upsertZone(a.input),
  }),
  deleteShippingZone: t.boolean({
    subGraphs: ["admin"],
    args: { channel: t.arg.string({ required: true }), code: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => write(ctx).deleteZone(a.channel, a.code),
  }),
}));
