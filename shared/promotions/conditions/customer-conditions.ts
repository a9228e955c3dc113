/** Conditions on who is buying, through which channel, and where it ships. */
import { z } from "zod";
import { hasKey, indexKey, normalizeCoupon, type CartIndex, type IndexKeyKind } from "../cart-index";
import { amountSchema, defineCondition, idListSchema, type ConditionDefinition } from "../operations";
import { inRange, rangeSchema } from "./cart-conditions";

function keyedCondition(
  code: string,
  description: string,
  field: string,
  kind: Exclude<IndexKeyKind, "trait">,
  selectivity: number,
  item: z.ZodType<string> = idListSchema.element,
  has: (cart: CartIndex, value: string) => boolean = (cart, v) => cart.tables[kind].has(v),
): ConditionDefinition {
  const schema = z.object({ [field]: z.array(item).min(1) }).strict();
  type C = Record<string, unknown>;
  const values = (c: C) => c[field] as string[];
  return defineCondition({
    code,
    description,
    schema: schema as unknown as z.ZodType<C>,
    selectivity,
    indexKeys: (c) => values(c).map((v) => indexKey(kind, v)),
    evaluate: (c, cart) => values(c).some((v) => has(cart, v)),
  });
}

const upper = z.string().trim().min(1).transform((s) => s.toUpperCase());
const lower = z.string().trim().min(1).transform((s) => s.toLowerCase());

const emailSchema = z
  .object({ emails: z.array(lower).default([]), domains: z.array(lower).default([]) })
  .strict()
  .refine((c) => c.emails.length + c.domains.length > 0, { message: "give emails or domains", path: ["emails"] });
const emailKeys = (c: z.output<typeof emailSchema>) => [
  ...c.emails.map((e) => indexKey("email", e)),
  ...c.domains.map((d) => indexKey("email_domain", d.replace(/^@/, ""))),
];

const countRange = rangeSchema(z.number().int().nonnegative());

export const customerConditions: ConditionDefinition[] = [
  keyedCondition("channel", "The cart is in one of the listed channels", "channel_codes", "channel", 6, z.string().trim().min(1)),
  keyedCondition("customer_in_group", "The buyer belongs to one of the listed customer groups", "group_ids", "group", 4),
  keyedCondition("account", "The buyer's B2B account is one of the listed accounts", "account_ids", "account", 2),
  keyedCondition("location", "The buyer's account location is one of the listed locations", "location_ids", "location", 2),
  keyedCondition("employee_role", "The buyer's employee role (or the sales rep's role) is one of the listed roles", "roles", "role", 5, z.string().trim().min(1)),
  keyedCondition("ship_to_country", "The ship-to country (ISO 3166-1 alpha-2) is one of the listed countries", "countries", "country", 5, upper),
  keyedCondition("ship_to_region", "The ship-to region (ISO 3166-2, e.g. US-CA) is one of the listed regions", "regions", "region", 5, upper),
  keyedCondition("customer_tier", "The buyer's tier is one of the listed tiers", "tiers", "tier", 5, z.string().trim().min(1)),
  keyedCondition(
    "coupon_code_present",
    "The buyer entered one of the listed coupon codes (case-insensitive)",
    "codes",
    "coupon",
    0,
    z.string().trim().min(1).transform(normalizeCoupon),
  ),
  defineCondition({
    code: "email_whitelist",
    description: "The buyer's email is listed, or its domain is one of the listed domains",
    schema: emailSchema,
    selectivity: 2,
    indexKeys: emailKeys,
    evaluate: (c, cart) => emailKeys(c).some((k) => hasKey(cart, k)),
  }),
  defineCondition({
    code: "first_order",
    description: "This is the buyer's first order (is_first: false inverts it)",
    schema: z.object({ is_first: z.boolean().default(true) }).strict(),
    evaluate: (c, cart) => (cart.ctx.isFirstOrder === true) === c.is_first,
  }),
  defineCondition({
    code: "lifetime_value",
    description: "The buyer's lifetime spend (minor units) is within [min, max]",
    schema: rangeSchema(amountSchema),
    evaluate: (c, cart) => inRange(cart.ctx.lifetimeValue ?? 0, c),
  }),
  defineCondition({
    code: "order_count",
    description: "The buyer's number of previous orders is within [min, max]",
    schema: countRange,
    evaluate: (c, cart) => inRange(cart.ctx.orderCount ?? 0, c),
  }),
  defineCondition({
    code: "customer_authenticated",
    description: "The buyer is signed in (authenticated: false targets guests)",
    schema: z.object({ authenticated: z.boolean().default(true) }).strict(),
    evaluate: (c, cart) => (Boolean(cart.ctx.customerId) || Boolean(cart.ctx.accountId)) === c.authenticated,
  }),
];
