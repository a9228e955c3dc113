/**
 * Promotion rules as data (snake_case JSON, as an admin writes them or the database stores them)
 * and their compiled form. Compilation validates every condition and action config against its
 * registered schema, so the engine never sees an invalid rule.
 */
import { z } from "zod";
import { DomainError } from "../kernel/errors";
import { parseInput } from "../kernel/validation";
import { indexKey, normalizeCoupon, type IndexKey } from "./cart-index";
import {
  betterRequirement, compileCondition, keyRequirement, lineFilters,
  type ConditionNode, type KeyRequirement, type RawConditionNode,
} from "./condition-tree";
import { amountSchema, idSchema, type ActionDefinition, type Phase } from "./operations";
import { defaultRegistries, type PromotionRegistries } from "./registry";

const instant = z
  .union([z.date(), z.iso.datetime({ offset: true }), z.number().int()])
  .transform((v) => (v instanceof Date ? v.getTime() : typeof v === "number" ? v : Date.parse(v)));

const conditionNodeSchema: z.ZodType<RawConditionNode> = z.lazy(() =>
  z
    .object({
      type: z.string().trim().min(1),
      config: z.unknown().optional(),
      conditions: z.array(conditionNodeSchema).optional(),
      condition: conditionNodeSchema.optional(),
    })
    .strict(),
);

const couponSchema = z.union([
  z.string().trim().min(1).transform((code) => ({ code })),
  z
    .object({ code: z.string().trim().min(1), starts_at: instant.optional(), ends_at: instant.optional(), max_uses: z.number().int().positive().optional() })
    .strict(),
]);

const limit = z.number().int().positive().optional();

export const promotionRuleSchema = z
  .object({
    id: idSchema.optional(),
    name: z.string().trim().min(1),
    description: z.string().optional(),
    type: z.enum(["automatic", "coupon"]).default("automatic"),
    coupon_codes: z.array(couponSchema).default([]),
    priority: z.number().int().default(0),
    stacking_policy: z.enum(["stackable", "exclusive", "coupon_only"]).default("stackable"),
    exclusive_lists: z.array(idSchema).default([]),
    max_per_cart: z.number().int().positive().optional(),
    starts_at: instant.optional(),
    ends_at: instant.optional(),
    schedule: z.object({ starts_at: instant.optional(), ends_at: instant.optional() }).strict().optional(),
    channel_codes: z.array(z.string().trim().min(1)).min(1).optional(),
    visibility: z.enum(["public", "staff_only", "roles"]).default("public"),
    visible_roles: z.array(z.string().trim().min(1)).default([]),
    usage_limits: z
      .object({ total: limit, per_customer: limit, per_account: limit, per_location: limit, per_group: limit, daily: limit })
      .strict()
      .default({}),
    max_discount_amount: amountSchema.optional(),
    once_per_order: z.boolean().default(false),
    enabled: z.boolean().default(true),
    conditions: z.array(conditionNodeSchema).default([]),
    actions: z.array(z.object({ type: z.string().trim().min(1), config: z.unknown().optional() }).strict()).min(1),
  })
  .strict();

export type PromotionRuleInput = z.input<typeof promotionRuleSchema>;

export interface CompiledCoupon {
  code: string;
  startsAt?: number;
  endsAt?: number;
  maxUses?: number;
}

export interface CompiledAction {
  type: string;
  def: ActionDefinition;
  config: unknown;
  phase: Phase;
}

export interface PromotionRule {
  id: string;
  name: string;
  type: "automatic" | "coupon";
  coupons: CompiledCoupon[];
  priority: number;
  stacking: "stackable" | "exclusive" | "coupon_only";
  exclusiveLists: string[];
  maxPerCart?: number;
  startsAt?: number;
  endsAt?: number;
  channelCodes?: string[];
  visibility: "public" | "staff_only" | "roles";
  visibleRoles: string[];
  limits: { total?: number; perCustomer?: number; perAccount?: number; perLocation?: number; perGroup?: number; daily?: number };
  maxDiscount?: number;
  oncePerOrder: boolean;
  enabled: boolean;
  condition: ConditionNode;
  actions: CompiledAction[];
  /** line predicates every matching line must satisfy (see condition-tree lineFilters) */
  lineFilters: IndexKey[][];
  /** the cart must hold one of these keys for the rule to apply; null: no such key */
  requirement: KeyRequirement | null;
  /** the JSON the rule was compiled from, normalized */
  source: z.output<typeof promotionRuleSchema>;
}

function bad(field: string, message: string): never {
  throw new DomainError("BAD_USER_INPUT", `${field}: ${message}`, { field });
}

/** Validate and compile one rule. `id` wins over the JSON's own id; the name is the last resort. */
export function compileRule(input: unknown, opts: { id?: string | number; registries?: PromotionRegistries } = {}): PromotionRule {
  const registries = opts.registries ?? defaultRegistries;
  const r = parseInput(promotionRuleSchema, input);
  const startsAt = r.starts_at ?? r.schedule?.starts_at;
  const endsAt = r.ends_at ?? r.schedule?.ends_at;
  if (startsAt !== undefined && endsAt !== undefined && endsAt <= startsAt) bad("ends_at", "must be after starts_at");
  if (r.type === "coupon" && r.coupon_codes.length === 0) bad("coupon_codes", "a coupon rule needs at least one code");
  if (r.type === "automatic" && r.coupon_codes.length > 0) bad("coupon_codes", "only coupon rules take codes");
  if (r.visibility === "roles" && r.visible_roles.length === 0) bad("visible_roles", "visibility \"roles\" needs at least one role");
  const coupons = r.coupon_codes.map((c, i): CompiledCoupon => {
    const out: CompiledCoupon = { code: normalizeCoupon(c.code) };
    if ("starts_at" in c && c.starts_at !== undefined) out.startsAt = c.starts_at;
    if ("ends_at" in c && c.ends_at !== undefined) out.endsAt = c.ends_at;
    if ("max_uses" in c && c.max_uses !== undefined) out.maxUses = c.max_uses;
    if (out.startsAt !== undefined && out.endsAt !== undefined && out.endsAt <= out.startsAt) bad(`coupon_codes.${i}.ends_at`, "must be after starts_at");
    return out;
  });
  if (new Set(coupons.map((c) => c.code)).size !== coupons.length) bad("coupon_codes", "codes must be unique (case-insensitive)");

  const condition: ConditionNode = {
    kind: "all",
    path: "conditions",
    children: r.conditions.map((c, i) => compileCondition(c, `conditions.${i}`, registries.conditions)),
  };
  const actions = r.actions.map((a, i): CompiledAction => {
    const { op, config } = registries.actions.parseConfig(a.type, a.config, `actions.${i}.config`, `actions.${i}.type`);
    return { type: a.type, def: op, config, phase: op.phase(config) };
  });

  let requirement = keyRequirement(condition);
  if (r.type === "coupon") requirement = betterRequirement(requirement, { keys: coupons.map((c) => indexKey("coupon", c.code)), selectivity: 0 });
  if (r.channel_codes) requirement = betterRequirement(requirement, { keys: r.channel_codes.map((c) => indexKey("channel", c)), selectivity: 6 });
  if (r.visibility === "staff_only") requirement = betterRequirement(requirement, { keys: [indexKey("staff", "true")], selectivity: 5 });
  if (r.visibility === "roles") requirement = betterRequirement(requirement, { keys: r.visible_roles.map((x) => indexKey("role", x)), selectivity: 5 });

  const id = opts.id ?? r.id ?? r.name;
  const lim = r.usage_limits;
  return {
    id: String(id),
    name: r.name,
    type: r.type,
    coupons,
    priority: r.priority,
    stacking: r.stacking_policy,
    exclusiveLists: [...new Set(r.exclusive_lists)],
    ...(r.max_per_cart !== undefined ? { maxPerCart: r.max_per_cart } : {}),
    ...(startsAt !== undefined ? { startsAt } : {}),
    ...(endsAt !== undefined ? { endsAt } : {}),
    ...(r.channel_codes ? { channelCodes: r.channel_codes } : {}),
    visibility: r.visibility,
    visibleRoles: r.visible_roles,
    limits: {
      total: lim.total, perCustomer: lim.per_customer, perAccount: lim.per_account,
      perLocation: lim.per_location, perGroup: lim.per_group, daily: lim.daily,
    },
    ...(r.max_discount_amount !== undefined ? { maxDiscount: r.max_discount_amount } : {}),
    oncePerOrder: r.once_per_order,
    enabled: r.enabled,
    condition,
    actions,
    lineFilters: lineFilters(condition),
    requirement,
    source: r,
  };
}

/** Rule evaluation order: priority descending, then id ascending (code-unit order). */
export function compareRules(a: PromotionRule, b: PromotionRule): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function compileRules(inputs: readonly unknown[], registries?: PromotionRegistries): PromotionRule[] {
  const rules = inputs.map((input, i) => {
    try {
      return compileRule(input, registries ? { registries } : {});
    } catch (e) {
      if (e instanceof DomainError && e.details.field) {
        throw new DomainError(e.code, `rules.${i}: ${e.message}`, { ...e.details, field: `rules.${i}.${e.details.field}` });
      }
      throw e;
    }
  });
  const ids = new Set<string>();
  rules.forEach((r, i) => {
    if (ids.has(r.id)) bad(`rules.${i}.id`, `duplicate rule id "${r.id}"`);
    ids.add(r.id);
  });
  return rules.sort(compareRules);
}
