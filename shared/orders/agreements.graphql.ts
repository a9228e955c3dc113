import { requirePermission } from "../kernel/authorize";
import { builder } from "../kernel/graphql/builder";
import type { CheckoutAgreementRow } from "./orders.tables";

export const CheckoutAgreementType = builder.objectRef<CheckoutAgreementRow>("CheckoutAgreement").implement({
  description: "Terms a buyer accepts at checkout; accept the current version by code and version",
  fields: (t) => ({
    id: t.exposeID("id"),
    code: t.exposeString("code"),
    version: t.exposeInt("version"),
    title: t.exposeString("title"),
    body: t.exposeString("body"),
    required: t.exposeBoolean("required"),
    appliesTo: t.exposeString("appliesTo", { description: "all | b2b | b2c" }),
    validFrom: t.field({ type: "DateTime", resolve: (a) => a.validFrom }),
    validTo: t.field({ type: "DateTime", nullable: true, resolve: (a) => a.validTo }),
  }),
});

const PublishCheckoutAgreementInput = builder.inputType("PublishCheckoutAgreementInput", {
  fields: (t) => ({
    channel: t.string({ required: true, description: "channel code" }),
    code: t.string({ required: true }),
    title: t.string({ required: true }),
    body: t.string({ required: true }),
    required: t.boolean({ required: false }),
    appliesTo: t.string({ required: false, description: "all (default) | b2b | b2c" }),
  }),
});

const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

builder.queryFields((t) => ({
  checkoutAgreements: t.field({
    subGraphs: ["shop"],
    type: [CheckoutAgreementType],
    description: "The agreements in force for this channel and kind of buyer (required ones must be accepted to place an order)",
    resolve: (_r, _a, ctx) => ctx.services.agreements.current(ctx.channel, ctx.principal),
  }),
  checkoutAgreementVersions: t.field({
    subGraphs: ["admin"],
    type: [CheckoutAgreementType],
    args: { channel: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "orders:read");
      return ctx.services.agreements.versions(a.channel);
    },
  }),
}));

builder.mutationFields((t) => ({
  publishCheckoutAgreement: t.field({
    subGraphs: ["admin"],
    type: CheckoutAgreementType,
    description: "Publish a new version of an agreement (version 1 for a new code); the previous version stops being valid now",
    args: { input: t.arg({ type: PublishCheckoutAgreementInput, required: true }) },
    resolve: (_r, { input }, ctx) => {
      requirePermission(ctx.principal, "orders:manage");
      return ctx.services.agreements.publish(compact(input));
    },
  }),
  retireCheckoutAgreement: t.field({
    subGraphs: ["admin"],
    type: CheckoutAgreementType,
    description: "End the current version of an agreement without a successor",
    args: { channel: t.arg.string({ required: true }), code: t.arg.string({ required: true }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "orders:manage");
      return ctx.services.agreements.retire(a.channel, a.code);
    },
  }),
}));
