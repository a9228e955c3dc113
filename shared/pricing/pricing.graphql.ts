import { builder } from "../kernel/graphql/builder";
import { requirePermission } from "../kernel/authorize";
import { unauthenticated } from "../kernel/errors";
import type { GraphQLContext } from "../kernel/graphql/context";
import type { PriceExplanation } from "./resolve-cart";
import type { PriceList, PriceResolution, PriceSource, VisibleTier } from "./types";

const PriceSourceType = builder.objectRef<PriceSource>("PriceSource").implement({
  description: "Where a price came from: level, rule, tier and currency conversion",
  fields: (t) => ({
    level: t.exposeString("level", { description: "managed | location | account | group | default" }),
    rank: t.exposeInt("rank"),
    priceListId: t.exposeID("priceListId", { nullable: true }),
    overrideId: t.exposeID("overrideId", { nullable: true }),
    scopeId: t.exposeID("scopeId", { nullable: true }),
    tierMinQty: t.exposeInt("tierMinQty"),
    method: t.exposeString("method", { description: "direct | converted" }),
    rate: t.exposeString("rate", { nullable: true }),
    rateUpdatedAt: t.field({ type: "DateTime", nullable: true, resolve: (s) => s.rateUpdatedAt ?? null }),
    sourceCurrency: t.exposeString("sourceCurrency"),
    sourceUnitPrice: t.field({ type: "Minor", resolve: (s) => s.sourceUnitPrice }),
  }),
});

const LinePriceType = builder.objectRef<PriceResolution & { hidden?: string }>("LinePrice").implement({
  fields: (t) => ({
    variantId: t.exposeID("variantId"),
    quantity: t.exposeInt("quantity"),
    currency: t.exposeString("currency"),
    unitPrice: t.field({ type: "Minor", nullable: true, resolve: (r) => (r.ok && !r.hidden ? r.unitPrice : null) }),
    lineTotal: t.field({ type: "Minor", nullable: true, resolve: (r) => (r.ok && !r.hidden ? r.lineTotal : null) }),
    unavailableReason: t.string({
      nullable: true,
      description: "LOGIN_REQUIRED (login-to-price channel), NO_PRICE, NO_EXCHANGE_RATE",
      resolve: (r) => r.hidden ?? (r.ok ? null : r.reason),
    }),
    source: t.field({ type: PriceSourceType, nullable: true, resolve: (r) => (r.ok && !r.hidden ? r.source : null) }),
  }),
});

interface QuoteShape {
  currency: string;
  currencySource: string;
  sqlStatements?: number;
  lines: (PriceResolution & { hidden?: string })[];
}
const PriceQuoteType = builder.objectRef<QuoteShape>("PriceQuote").implement({
  fields: (t) => ({
    currency: t.exposeString("currency"),
    currencySource: t.exposeString("currencySource", { description: "requested | location | account | customer | country | base" }),
    lines: t.field({ type: [LinePriceType], resolve: (q) => q.lines }),
    sqlStatements: t.int({
      description: "SQL statements the buyer's PriceBook needed for this answer: 0 when warm, a constant (≤ 3) when cold whatever the line count",
      resolve: (q) => q.sqlStatements ?? 0,
    }),
  }),
});

const VisibleTierType = builder.objectRef<VisibleTier>("PriceTierRung").implement({
  fields: (t) => ({
    minQty: t.exposeInt("minQty"),
    unitPrice: t.field({ type: "Minor", nullable: true, resolve: (r) => r.unitPrice }),
    currency: t.exposeString("currency"),
    source: t.field({ type: PriceSourceType, nullable: true, resolve: (r) => r.source }),
  }),
});

const VariantTiersType = builder.objectRef<{ variantId: string; tiers: VisibleTier[] }>("VariantPriceTiers").implement({
  fields: (t) => ({ variantId: t.exposeID("variantId"), tiers: t.field({ type: [VisibleTierType], resolve: (v) => v.tiers }) }),
});

const PriceLineInput = builder.inputType("PriceLineInput", {
  fields: (t) => ({ variantId: t.id({ required: true }), quantity: t.int({ required: true }) }),
});

/** Login wall for prices: login_required refuses guests; login_to_price answers with no prices. */
function priceWall(ctx: GraphQLContext): string | undefined {
  if (ctx.principal.kind !== "guest") return undefined;
  if (ctx.channel.loginWallMode === "login_required") throw unauthenticated("This channel requires signing in");
  return ctx.channel.loginWallMode === "login_to_price" ? "LOGIN_REQUIRED" : undefined;
}

builder.queryFields((t) => ({
  prices: t.field({
    subGraphs: ["shop"],
    type: PriceQuoteType,
    description: "Unit and line prices for the caller, in its own context (account, location, groups, currency), with their sources",
    args: { lines: t.arg({ type: [PriceLineInput], required: true }), currency: t.arg.string({ required: false }) },
    resolve: async (_r, args, ctx) => {
      const hidden = priceWall(ctx);
      const lines = args.lines.map((l) => ({ variantId: String(l.variantId), quantity: l.quantity }));
      if (hidden) {
        const bp = await ctx.services.pricing.buyerPricing(ctx.channel, ctx.principal, { currency: args.currency, country: ctx.country });
        return {
          currency: bp.context.currency,
          currencySource: bp.currencySource,
          lines: lines.map((l) => ({ ok: false as const, variantId: l.variantId, quantity: l.quantity, currency: bp.context.currency, reason: "NO_PRICE" as const, hidden })),
        };
      }
      return ctx.services.pricing.quote(ctx.channel, ctx.principal, lines, { currency: args.currency, country: ctx.country });
    },
  }),
  priceTiers: t.field({
    subGraphs: ["shop"],
    type: [VariantTiersType],
    description: 'The volume ladder the caller sees per variant ("10+ at $9.00"); empty under a login-to-price wall for guests',
    args: { variantIds: t.arg.idList({ required: true }), currency: t.arg.string({ required: false }) },
    resolve: async (_r, args, ctx) => {
      const ids = args.variantIds.map(String);
      if (priceWall(ctx)) return ids.map((variantId) => ({ variantId, tiers: [] }));
      const tiers = await ctx.services.pricing.tiers(ctx.channel, ctx.principal, ids, { currency: args.currency, country: ctx.country });
      return ids.map((variantId) => ({ variantId, tiers: tiers[variantId] ?? [] }));
    },
  }),
}));

// ---------------- admin ----------------

const PriceListType = builder.objectRef<PriceList>("PriceList").implement({
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.string({ resolve: (l) => l.name ?? "" }),
    channelId: t.exposeID("channelId", { nullable: true }),
    currency: t.exposeString("currency"),
    priority: t.exposeInt("priority"),
    validFrom: t.field({ type: "DateTime", nullable: true, resolve: (l) => l.validFrom ?? null }),
    validTo: t.field({ type: "DateTime", nullable: true, resolve: (l) => l.validTo ?? null }),
  }),
});

const TierInput = builder.inputType("PriceTierInput", {
  fields: (t) => ({ minQty: t.int({ required: true }), unitPrice: t.field({ type: "Minor", required: true }) }),
});
const TierType = builder.objectRef<{ minQty: number; unitPrice: number }>("PriceTier").implement({
  fields: (t) => ({ minQty: t.exposeInt("minQty"), unitPrice: t.field({ type: "Minor", resolve: (x) => x.unitPrice }) }),
});
const EntryType = builder.objectRef<{ variantId: string; tiers: { minQty: number; unitPrice: number }[] }>("PriceListEntry").implement({
  fields: (t) => ({ variantId: t.exposeID("variantId"), tiers: t.field({ type: [TierType], resolve: (e) => e.tiers }) }),
});
const EntryInput = builder.inputType("PriceListEntryInput", {
  fields: (t) => ({ variantId: t.id({ required: true }), tiers: t.field({ type: [TierInput], required: true }) }),
});
const PriceListInput = builder.inputType("PriceListInput", {
  fields: (t) => ({
    name: t.string({ required: true }),
    channelId: t.id({ required: false }),
    currency: t.string({ required: true }),
    priority: t.int({ required: false }),
    validFrom: t.field({ type: "DateTime", required: false }),
    validTo: t.field({ type: "DateTime", required: false }),
  }),
});
const OverrideInput = builder.inputType("PriceOverrideInput", {
  fields: (t) => ({
    level: t.string({ required: true, description: "managed | location | account | group" }),
    scopeId: t.id({ required: false }),
    variantId: t.id({ required: true }),
    channelId: t.id({ required: false }),
    currency: t.string({ required: true }),
    tiers: t.field({ type: [TierInput], required: true }),
    validFrom: t.field({ type: "DateTime", required: false }),
    validTo: t.field({ type: "DateTime", required: false }),
  }),
});
const ExchangeRateType = builder.objectRef<{ from: string; to: string; rate: string; updatedAt: Date }>("ExchangeRate").implement({
  fields: (t) => ({ from: t.exposeString("from"), to: t.exposeString("to"), rate: t.exposeString("rate"), updatedAt: t.field({ type: "DateTime", resolve: (r) => r.updatedAt }) }),
});
const LevelExplanationType = builder.objectRef<PriceExplanation["levels"][number]>("PriceLevelExplanation").implement({
  fields: (t) => ({
    level: t.exposeString("level"),
    outcome: t.exposeString("outcome", { description: "price | no_rate | none" }),
    unitPrice: t.field({ type: "Minor", nullable: true, resolve: (l) => l.unitPrice }),
    ruleId: t.exposeID("ruleId", { nullable: true }),
    tierMinQty: t.exposeInt("tierMinQty", { nullable: true }),
    method: t.exposeString("method", { nullable: true }),
  }),
});
const ExplanationType = builder.objectRef<PriceExplanation>("PriceExplanation").implement({
  fields: (t) => ({
    price: t.field({ type: LinePriceType, resolve: (e) => e.resolution }),
    levels: t.field({ type: [LevelExplanationType], resolve: (e) => [...e.levels] }),
  }),
});
const WizardResultType = builder.objectRef<{ priceList: PriceList; entries: number }>("ConversionWizardResult").implement({
  fields: (t) => ({ priceList: t.field({ type: PriceListType, resolve: (r) => r.priceList }), entries: t.exposeInt("entries") }),
});

const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null));

builder.queryFields((t) => ({
  priceLists: t.field({
    subGraphs: ["admin"],
    type: [PriceListType],
    resolve: (_r, _a, ctx) => {
      requirePermission(ctx.principal, "pricing:read");
      return ctx.services.pricing.listPriceLists();
    },
  }),
  priceListEntries: t.field({
    subGraphs: ["admin"],
    type: [EntryType],
    args: { priceListId: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "pricing:read");
      return ctx.services.pricing.priceListEntries(String(a.priceListId));
    },
  }),
  exchangeRates: t.field({
    subGraphs: ["admin"],
    type: [ExchangeRateType],
    resolve: (_r, _a, ctx) => {
      requirePermission(ctx.principal, "pricing:read");
      return ctx.services.pricing.listExchangeRates();
    },
  }),
  explainPrice: t.field({
    subGraphs: ["admin"],
    type: ExplanationType,
    description: "What a buyer context (account, location, groups) would pay for a variant at a quantity in a currency on this request's channel, and why — read from the database, not the cache",
    args: {
      variantId: t.arg.id({ required: true }),
      quantity: t.arg.int({ required: true }),
      currency: t.arg.string({ required: true }),
      accountId: t.arg.id({ required: false }),
      locationId: t.arg.id({ required: false }),
      groupIds: t.arg.idList({ required: false }),
    },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "pricing:read");
      return ctx.services.pricing.explainFor(ctx.channel, {
        variantId: String(a.variantId),
        quantity: a.quantity,
        currency: a.currency,
        accountId: a.accountId ? String(a.accountId) : null,
        locationId: a.locationId ? String(a.locationId) : null,
        groupIds: a.groupIds?.map(String),
      });
    },
  }),
}));

builder.mutationFields((t) => ({
  createPriceList: t.field({
    subGraphs: ["admin"],
    type: PriceListType,
    args: { input: t.arg({ type: PriceListInput, required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "pricing:write");
      return ctx.services.pricing.createPriceList({ channelId: null, ...compact(a.input) });
    },
  }),
  updatePriceList: t.field({
    subGraphs: ["admin"],
    type: PriceListType,
    args: { id: t.arg.id({ required: true }), input: t.arg({ type: PriceListInput, required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "pricing:write");
      return ctx.services.pricing.updatePriceList(String(a.id), { channelId: null, ...compact(a.input) });
    },
  }),
  deletePriceList: t.boolean({
    subGraphs: ["admin"],
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "pricing:write");
      return ctx.services.pricing.deletePriceList(String(a.id));
    },
  }),
  upsertPriceListEntries: t.int({
    subGraphs: ["admin"],
    description: "Bulk upsert of a list's entries (one statement per batch); returns how many were written",
    args: { priceListId: t.arg.id({ required: true }), entries: t.arg({ type: [EntryInput], required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "pricing:write");
      return ctx.services.pricing.upsertEntries({ priceListId: String(a.priceListId), entries: a.entries.map((e) => ({ variantId: String(e.variantId), tiers: e.tiers })) });
    },
  }),
  setPriceOverride: t.id({
    subGraphs: ["admin"],
    description: "A managed, location, account or customer-group price for a variant",
    args: { input: t.arg({ type: OverrideInput, required: true }) },
    resolve: async (_r, a, ctx) => {
      requirePermission(ctx.principal, "pricing:write");
      return (await ctx.services.pricing.setOverride({ channelId: null, scopeId: null, ...compact(a.input) })).id;
    },
  }),
  deletePriceOverride: t.boolean({
    subGraphs: ["admin"],
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "pricing:write");
      return ctx.services.pricing.deleteOverride(String(a.id));
    },
  }),
  setExchangeRate: t.field({
    subGraphs: ["admin"],
    type: ExchangeRateType,
    args: { from: t.arg.string({ required: true }), to: t.arg.string({ required: true }), rate: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "pricing:write");
      return ctx.services.pricing.setExchangeRate(a);
    },
  }),
  convertPriceList: t.field({
    subGraphs: ["admin"],
    type: WizardResultType,
    description: "Conversion wizard: real, editable target-currency entries from a list, rounded as chosen (none | nearest_whole | charm_99)",
    args: {
      sourcePriceListId: t.arg.id({ required: true }),
      to: t.arg.string({ required: true }),
      rounding: t.arg.string({ required: true }),
      rate: t.arg.string({ required: false }),
      targetPriceListId: t.arg.id({ required: false }),
    },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "pricing:write");
      return ctx.services.pricing.runConversionWizard(compact({ ...a, sourcePriceListId: String(a.sourcePriceListId) }));
    },
  }),
}));
