import { builder } from "../kernel/graphql/builder";
import type { LineTax, TaxComponent, TaxRate, TaxResult, JurisdictionTaxSummary } from "./tax.types";
import { TaxJurisdictionType, TaxRateType } from "./tax-admin.graphql";

/** Amounts are integer minor units; Float because GraphQL Int stops at 2^31. */
const MINOR = "integer minor units of the order currency";

const TaxComponentType = builder.objectRef<TaxComponent>("TaxComponent").implement({
  description: "One jurisdiction's tax of one kind on one line",
  fields: (t) => ({
    kind: t.exposeString("kind"),
    jurisdictionKey: t.exposeString("jurisdictionKey"),
    jurisdictionName: t.exposeString("jurisdictionName"),
    level: t.exposeString("level"),
    category: t.exposeString("category", { description: "sales category or excise product class" }),
    rate: t.exposeString("rate", { description: "decimal fraction, or the per-unit / per-ml amount in minor units" }),
    method: t.string({ resolve: (c) => (c.method === "per_volume" ? "per_ml" : c.method) }),
    rateId: t.exposeString("rateId"),
    taxableAmount: t.exposeFloat("taxableAmount", { description: MINOR }),
    tax: t.exposeFloat("tax", { description: MINOR }),
  }),
});

const TaxLineType = builder.objectRef<LineTax>("TaxLine").implement({
  fields: (t) => ({
    lineId: t.exposeString("lineId"),
    isShipping: t.exposeBoolean("isShipping"),
    net: t.exposeFloat("net", { description: MINOR }),
    tax: t.exposeFloat("tax", { description: MINOR }),
    gross: t.exposeFloat("gross", { description: MINOR }),
    jurisdictionKeys: t.exposeStringList("jurisdictionKeys"),
    sourcing: t.exposeString("sourcing"),
    exemption: t.field({ type: "JSON", nullable: true, resolve: (l) => l.exemption }),
    components: t.field({ type: [TaxComponentType], resolve: (l) => l.components }),
  }),
});

const TaxJurisdictionTotalType = builder.objectRef<JurisdictionTaxSummary>("TaxJurisdictionTotal").implement({
  fields: (t) => ({
    kind: t.exposeString("kind"),
    jurisdictionKey: t.exposeString("jurisdictionKey"),
    jurisdictionName: t.exposeString("jurisdictionName"),
    level: t.exposeString("level"),
    rates: t.exposeStringList("rates"),
    taxableAmount: t.exposeFloat("taxableAmount", { description: MINOR }),
    tax: t.exposeFloat("tax", { description: MINOR }),
  }),
});

const TaxTotalsType = builder.objectRef<TaxResult["totals"]>("TaxTotals").implement({
  fields: (t) => ({
    net: t.exposeFloat("net"),
    tax: t.exposeFloat("tax"),
    gross: t.exposeFloat("gross"),
    sales: t.float({ resolve: (x) => x.byKind.sales }),
    excise: t.float({ resolve: (x) => x.byKind.excise }),
  }),
});

export const TaxResultType = builder.objectRef<TaxResult>("TaxResult").implement({
  description: "Itemized tax of an order: per line, per jurisdiction and kind, and totals",
  fields: (t) => ({
    strategy: t.exposeString("strategy"),
    currency: t.exposeString("currency"),
    pricesIncludeTax: t.exposeBoolean("pricesIncludeTax"),
    roundingLevel: t.string({ resolve: (r) => r.rounding.level }),
    roundingMode: t.string({ resolve: (r) => r.rounding.mode }),
    rateLookup: t.exposeString("rateLookup", { description: "skipped: exempt or tax-free, no rate was looked up" }),
    exemption: t.field({ type: "JSON", nullable: true, resolve: (r) => r.exemption }),
    lines: t.field({ type: [TaxLineType], resolve: (r) => r.lines }),
    shipping: t.field({ type: TaxLineType, nullable: true, resolve: (r) => r.shipping }),
    jurisdictions: t.field({ type: [TaxJurisdictionTotalType], resolve: (r) => r.jurisdictions }),
    totals: t.field({ type: TaxTotalsType, resolve: (r) => r.totals }),
    calculatedAt: t.exposeString("calculatedAt"),
  }),
});

export const TaxAddressInput = builder.inputType("TaxAddressInput", {
  fields: (t) => ({
    country: t.string({ required: true, description: "ISO 3166-1 alpha-2" }),
    subdivision: t.string({ required: false, description: "ISO 3166-2, e.g. US-CA" }),
    county: t.string({ required: false }),
    city: t.string({ required: false }),
    postalCode: t.string({ required: false }),
  }),
});

const TaxEstimateLineInput = builder.inputType("TaxEstimateLineInput", {
  fields: (t) => ({
    sku: t.string({ required: false }),
    variantId: t.string({ required: false }),
    quantity: t.int({ required: true }),
    unitPrice: t.float({ required: true, description: "net unit price (gross in tax-inclusive channels), minor units" }),
    wholesaleUnitPrice: t.float({ required: false, description: "for excise on the wholesale price, minor units" }),
  }),
});

builder.queryField("taxEstimate", (t) =>
  t.field({
    subGraphs: ["shop"],
    type: TaxResultType,
    description: "Tax for catalog lines shipped to an address, as checkout will charge it (exemptions of the signed-in account apply)",
    args: {
      lines: t.arg({ type: [TaxEstimateLineInput], required: true }),
      address: t.arg({ type: TaxAddressInput, required: true }),
      shipFrom: t.arg({ type: TaxAddressInput, required: false }),
      currency: t.arg.string({ required: false }),
      shippingAmount: t.arg.float({ required: false }),
    },
    resolve: (_r, args, ctx) => ctx.services.tax.estimate(ctx.channel, ctx.principal, args),
  }),
);

export type { TaxRate };
export { TaxJurisdictionType, TaxRateType };
