import { requirePermission } from "../kernel/authorize";
import { compact } from "../kernel/graphql/compact-input";
import { builder } from "../kernel/graphql/builder";
import type { StoredJurisdiction } from "./tax.repository";
import type { TaxRate } from "./tax.types";

export const TaxJurisdictionType = builder.objectRef<StoredJurisdiction>("TaxJurisdiction").implement({
  fields: (t) => ({
    key: t.exposeString("key"),
    level: t.exposeString("level"),
    code: t.exposeString("code"),
    name: t.exposeString("name"),
    parentKey: t.exposeString("parentKey", { nullable: true }),
    countryCode: t.exposeString("countryCode"),
    subdivisionCode: t.exposeString("subdivisionCode", { nullable: true }),
    postalPatterns: t.stringList({ resolve: (j) => [...(j.postalPatterns ?? [])] }),
    shippingTaxable: t.boolean({ resolve: (j) => j.shippingTaxable ?? false }),
    sourcing: t.string({ nullable: true, resolve: (j) => j.sourcing ?? null }),
    hasNexus: t.exposeBoolean("hasNexus"),
  }),
});

export const TaxRateType = builder.objectRef<TaxRate>("TaxRate").implement({
  fields: (t) => ({
    id: t.exposeString("id"),
    kind: t.exposeString("kind"),
    jurisdictionKey: t.exposeString("jurisdictionKey"),
    category: t.string({ description: "sales category or excise product class", resolve: (r) => (r.kind === "sales" ? r.category : r.productClass) }),
    rate: t.string({ description: "decimal fraction, or minor units per unit / per ml", resolve: (r) => (r.kind === "sales" ? r.rate : r.value) }),
    method: t.string({ resolve: (r) => (r.kind === "sales" ? "percent" : r.method === "per_volume" ? "per_ml" : r.method) }),
    currency: t.string({ nullable: true, resolve: (r) => (r.kind === "excise" ? (r.currency ?? null) : null) }),
    validFrom: t.field({ type: "DateTime", resolve: (r) => r.validFrom }),
    validTo: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.validTo }),
  }),
});

const ImportResultType = builder.objectRef<{ imported: number; rates: TaxRate[] }>("TaxRateImport").implement({
  fields: (t) => ({ imported: t.exposeInt("imported"), rates: t.field({ type: [TaxRateType], resolve: (r) => r.rates }) }),
});

const StateSettingsType = builder.objectRef<{ subdivisionCode: string; sourcing: string; hasNexus: boolean }>("TaxStateSettings").implement({
  fields: (t) => ({ subdivisionCode: t.exposeString("subdivisionCode"), sourcing: t.exposeString("sourcing"), hasNexus: t.exposeBoolean("hasNexus") }),
});

const TaxCategoryType = builder.objectRef<{ code: string; name: string; salesCategory: string; exciseClass: string | null }>("TaxCategory").implement({
  fields: (t) => ({ code: t.exposeString("code"), name: t.exposeString("name"), salesCategory: t.exposeString("salesCategory"), exciseClass: t.exposeString("exciseClass", { nullable: true }) }),
});

const JurisdictionInput = builder.inputType("TaxJurisdictionInput", {
  fields: (t) => ({
    key: t.string({ required: true }),
    level: t.string({ required: true, description: "country | state | county | city | district" }),
    code: t.string({ required: true }),
    name: t.string({ required: true }),
    parentKey: t.string({ required: false }),
    postalPatterns: t.stringList({ required: false }),
    shippingTaxable: t.boolean({ required: false }),
    sourcing: t.string({ required: false, description: "origin | destination (states only)" }),
  }),
});

const JurisdictionPatch = builder.inputType("TaxJurisdictionPatch", {
  fields: (t) => ({ name: t.string({ required: false }), postalPatterns: t.stringList({ required: false }), shippingTaxable: t.boolean({ required: false }) }),
});

const rateFields = (t: PothosInputFieldBuilder, required: boolean) => ({
  id: t.string({ required: false }),
  kind: t.string({ required, description: "sales | excise" }),
  jurisdictionKey: t.string({ required }),
  category: t.string({ required, description: "sales category, or excise product class" }),
  rate: t.string({ required, description: "decimal: fraction, or minor units per unit / per ml" }),
  method: t.string({ required: false, description: "excise: per_unit | per_ml | percent_wholesale | percent_retail" }),
  currency: t.string({ required: false }),
  validFrom: t.field({ type: "DateTime", required }),
  validTo: t.field({ type: "DateTime", required: false }),
});
type PothosInputFieldBuilder = Parameters<Parameters<typeof builder.inputType>[1]["fields"]>[0];

const RateInput = builder.inputType("TaxRateInput", { fields: (t) => rateFields(t, true) });
const RatePatch = builder.inputType("TaxRatePatch", { fields: (t) => { const { id: _i, kind: _k, ...rest } = rateFields(t, false); return rest; } });

/** GraphQL rate input (one `category`/`rate` pair, `per_ml`) → the engine's shape. */
function toEngineRate(input: Record<string, unknown>, kind: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) if (v !== null && v !== undefined) out[k] = v;
  if ("validTo" in input) out.validTo = input.validTo ?? null;
  if (kind === "excise") {
    if ("category" in out) (out.productClass = out.category), delete out.category;
    if ("rate" in out) (out.value = out.rate), delete out.rate;
    if (out.method === "per_ml") out.method = "per_volume";
  }
  return out;
}


builder.queryFields((t) => ({
  taxJurisdictions: t.field({
    subGraphs: ["admin"],
    type: [TaxJurisdictionType],
    args: { country: t.arg.string({ required: true }), parentKey: t.arg.string({ required: false }), level: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:read");
      return ctx.services.taxAdmin.jurisdictions(a.country, a.parentKey, a.level);
    },
  }),
  taxJurisdiction: t.field({
    subGraphs: ["admin"],
    type: TaxJurisdictionType,
    args: { key: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:read");
      return ctx.services.taxAdmin.jurisdiction(a.key);
    },
  }),
  taxRates: t.field({
    subGraphs: ["admin"],
    type: [TaxRateType],
    args: { jurisdictionKey: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:read");
      return ctx.services.taxAdmin.rates(a.jurisdictionKey);
    },
  }),
}));

builder.mutationFields((t) => ({
  createTaxJurisdiction: t.field({
    subGraphs: ["admin"],
    type: TaxJurisdictionType,
    args: { input: t.arg({ type: JurisdictionInput, required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:write");
      return ctx.services.taxAdmin.createJurisdiction(compact(a.input as Record<string, unknown>));
    },
  }),
  updateTaxJurisdiction: t.field({
    subGraphs: ["admin"],
    type: TaxJurisdictionType,
    args: { key: t.arg.string({ required: true }), input: t.arg({ type: JurisdictionPatch, required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:write");
      return ctx.services.taxAdmin.updateJurisdiction(a.key, compact(a.input as Record<string, unknown>));
    },
  }),
  deleteTaxJurisdiction: t.boolean({
    subGraphs: ["admin"],
    args: { key: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:write");
      return ctx.services.taxAdmin.deleteJurisdiction(a.key);
    },
  }),
  setTaxStateSettings: t.field({
    subGraphs: ["admin"],
    type: StateSettingsType,
    args: { subdivision: t.arg.string({ required: true }), sourcing: t.arg.string({ required: true }), hasNexus: t.arg.boolean({ required: false }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:write");
      return ctx.services.taxAdmin.setStateSettings(a.subdivision, compact({ sourcing: a.sourcing, hasNexus: a.hasNexus }));
    },
  }),
  upsertTaxCategory: t.field({
    subGraphs: ["admin"],
    type: TaxCategoryType,
    args: { code: t.arg.string({ required: true }), name: t.arg.string({ required: true }), salesCategory: t.arg.string({ required: true }), exciseClass: t.arg.string({ required: false }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:write");
      return ctx.services.taxAdmin.upsertCategory({ ...a, exciseClass: a.exciseClass ?? null });
    },
  }),
  createTaxRate: t.field({
    subGraphs: ["admin"],
    type: TaxRateType,
    args: { input: t.arg({ type: RateInput, required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:write");
      const input = a.input as Record<string, unknown>;
      return ctx.services.taxAdmin.createRate(toEngineRate(input, input.kind));
    },
  }),
  updateTaxRate: t.field({
    subGraphs: ["admin"],
    type: TaxRateType,
    args: { id: t.arg.string({ required: true }), kind: t.arg.string({ required: true, description: "the rate's kind (sales | excise)" }), input: t.arg({ type: RatePatch, required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:write");
      return ctx.services.taxAdmin.updateRate(a.id, toEngineRate(a.input as Record<string, unknown>, a.kind));
    },
  }),
  deleteTaxRate: t.boolean({
    subGraphs: ["admin"],
    args: { id: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:write");
      return ctx.services.taxAdmin.deleteRate(a.id);
    },
  }),
  importTaxRates: t.field({
    subGraphs: ["admin"],
    type: ImportResultType,
    description: "All-or-nothing CSV import (jurisdiction_key,category,rate,valid_from[,kind,method,currency,valid_to,id]); per-row errors in extensions.errors",
    args: { csv: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "tax:write");
      return ctx.services.taxAdmin.importRates(a.csv);
    },
  }),
}));
