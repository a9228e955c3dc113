import { builder } from "../kernel/graphql/builder";
import { requirePermission } from "../kernel/authorize";
import type { OperationDescriptor } from "../kernel/configurable-operation";
import type { CouponBatchResult, PromotionRuleView, RuleUsageReport } from "./promotions.service";

const OperationType = builder.objectRef<OperationDescriptor>("PromotionOperation").implement({
  description: "A registered promotion condition or action: its code, what it does, and the JSON schema of its config",
  fields: (t) => ({
    code: t.exposeString("code"),
    description: t.exposeString("description"),
    configSchema: t.field({ type: "JSON", resolve: (o) => o.configSchema }),
  }),
});

const RuleType = builder.objectRef<PromotionRuleView>("PromotionRule").implement({
  description: "A promotion rule; `rule` is its JSON (snake_case) without coupon codes, which are listed and exported separately",
  fields: (t) => ({
    id: t.exposeID("id"),
    name: t.exposeString("name"),
    type: t.exposeString("type", { description: "automatic | coupon" }),
    status: t.exposeString("status", { description: "active | archived" }),
    priority: t.exposeInt("priority"),
    channelCodes: t.exposeStringList("channelCodes", { description: "empty: every channel" }),
    startsAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.startsAt }),
    endsAt: t.field({ type: "DateTime", nullable: true, resolve: (r) => r.endsAt }),
    rule: t.field({ type: "JSON", resolve: (r) => r.rule }),
    createdAt: t.field({ type: "DateTime", resolve: (r) => r.createdAt }),
    updatedAt: t.field({ type: "DateTime", resolve: (r) => r.updatedAt }),
  }),
});

const BatchType = builder.objectRef<CouponBatchResult>("CouponBatch").implement({
  fields: (t) => ({
    batchId: t.exposeID("batchId"),
    ruleId: t.exposeID("ruleId"),
    count: t.exposeInt("count"),
    codes: t.exposeStringList("codes"),
  }),
});

const UsageType = builder.objectRef<RuleUsageReport>("PromotionUsage").implement({
  description: "Redemptions reserved at checkout (released ones given back), from the usage counters",
  fields: (t) => ({
    ruleId: t.exposeID("ruleId"),
    total: t.exposeInt("total"),
    today: t.exposeInt("today", { description: "UTC day" }),
    totalLimit: t.exposeInt("totalLimit", { nullable: true }),
    dailyLimit: t.exposeInt("dailyLimit", { nullable: true }),
    coupons: t.exposeInt("coupons", { description: "coupon codes of the rule" }),
  }),
});

const GenerateCouponsInput = builder.inputType("GenerateCouponsInput", {
  fields: (t) => ({
    ruleId: t.id({ required: true }),
    template: t.string({ required: true, description: '"#" digit, "?" letter, e.g. SPRING-####-????' }),
    count: t.int({ required: true }),
    singleUse: t.boolean({ required: false }),
    maxUses: t.int({ required: false }),
  }),
});

const compact = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));

builder.queryFields((t) => ({
  promotionConditions: t.field({
    subGraphs: ["admin"],
    type: [OperationType],
    resolve: (_r, _a, ctx) => {
      requirePermission(ctx.principal, "promotions:read");
      return ctx.services.promotions.conditions();
    },
  }),
  promotionActions: t.field({
    subGraphs: ["admin"],
    type: [OperationType],
    resolve: (_r, _a, ctx) => {
      requirePermission(ctx.principal, "promotions:read");
      return ctx.services.promotions.actions();
    },
  }),
  promotionRules: t.field({
    subGraphs: ["admin"],
    type: [RuleType],
    args: { status: t.arg.string({ required: false }), channelCode: t.arg.string({ required: false }), first: t.arg.int({ required: false }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "promotions:read");
      return ctx.services.promotions.list(compact(a));
    },
  }),
  promotionRule: t.field({
    subGraphs: ["admin"],
    type: RuleType,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => {
      requirePermission(ctx.principal, "promotions:read");
      return ctx.services.promotions.get(String(id));
    },
  }),
  promotionUsage: t.field({
    subGraphs: ["admin"],
    type: UsageType,
    args: { ruleId: t.arg.id({ required: true }) },
    resolve: (_r, { ruleId }, ctx) => {
      requirePermission(ctx.principal, "promotions:read");
      return ctx.services.promotions.usage(String(ruleId));
    },
  }),
  exportCoupons: t.field({
    subGraphs: ["admin"],
    type: "String",
    description: "CSV text (header row + one code per row) of a batch's or a rule's coupon codes",
    args: { ruleId: t.arg.id({ required: false }), batchId: t.arg.id({ required: false }) },
    resolve: (_r, a, ctx) => {
      requirePermission(ctx.principal, "promotions:read");
      return ctx.services.promotions.exportCoupons(compact(a));
    },
  }),
}));

builder.mutationFields((t) => ({
  createPromotionRule: t.field({
    subGraphs: ["admin"],
    type: RuleType,
    description: "The rule JSON as written in the brief (snake_case keys: conditions, actions, stacking_policy…)",
    args: { rule: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, { rule }, ctx) => {
      requirePermission(ctx.principal, "promotions:write");
      return ctx.services.promotions.create(rule);
    },
  }),
  updatePromotionRule: t.field({
    subGraphs: ["admin"],
    type: RuleType,
    args: { id: t.arg.id({ required: true }), rule: t.arg({ type: "JSON", required: true }) },
    resolve: (_r, { id, rule }, ctx) => {
      requirePermission(ctx.principal, "promotions:write");
      return ctx.services.promotions.update(String(id), rule);
    },
  }),
  archivePromotionRule: t.field({
    subGraphs: ["admin"],
    type: RuleType,
    args: { id: t.arg.id({ required: true }) },
    resolve: (_r, { id }, ctx) => {
      requirePermission(ctx.principal, "promotions:write");
      return ctx.services.promotions.archive(String(id));
    },
  }),
  generateCoupons: t.field({
    subGraphs: ["admin"],
    type: BatchType,
    args: { input: t.arg({ type: GenerateCouponsInput, required: true }) },
    resolve: (_r, { input }, ctx) => {
      requirePermission(ctx.principal, "promotions:write");
      return ctx.services.promotions.generateCoupons(compact(input as Record<string, unknown>));
    },
  }),
}));
