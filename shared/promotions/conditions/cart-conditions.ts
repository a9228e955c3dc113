/** Conditions on cart aggregates, read from the CartIndex (pre-promotion amounts). */
import { z } from "zod";
import { indexKey } from "../cart-index";
import { amountSchema, defineCondition, type ConditionDefinition } from "../operations";

/** {min?, max?} inclusive, at least one bound, min ≤ max. */
export function rangeSchema(value: z.ZodNumber) {
  return z
    .object({ min: value.optional(), max: value.optional() })
    .strict()
    .refine((r) => r.min !== undefined || r.max !== undefined, { message: "give min or max", path: ["min"] })
    .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, { message: "min must not exceed max", path: ["max"] });
}

export function inRange(v: number, r: { min?: number; max?: number }): boolean {
  return (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);
}

const intRange = rangeSchema(z.number().int().nonnegative());

export const cartConditions: ConditionDefinition[] = [
  defineCondition({
    code: "cart_subtotal_min",
    description: "Cart subtotal (before promotions, minor units) is at least amount",
    schema: z.object({ amount: amountSchema }).strict(),
    evaluate: (c, cart) => cart.subtotal >= c.amount,
  }),
  defineCondition({
    code: "cart_subtotal_max",
    description: "Cart subtotal (before promotions, minor units) is at most amount",
    schema: z.object({ amount: amountSchema }).strict(),
    evaluate: (c, cart) => cart.subtotal <= c.amount,
  }),
  defineCondition({
    code: "item_count",
    description: "Total number of units in the cart is within [min, max]",
    schema: intRange,
    evaluate: (c, cart) => inRange(cart.itemCount, c),
  }),
  defineCondition({
    code: "total_weight",
    description: "Total cart weight in grams is within [min, max]",
    schema: rangeSchema(z.number().nonnegative()),
    evaluate: (c, cart) => inRange(cart.totalWeight, c),
  }),
  defineCondition({
    code: "line_count",
    description: "Number of distinct cart lines is within [min, max]",
    schema: intRange,
    evaluate: (c, cart) => inRange(cart.lines.length, c),
  }),
  defineCondition({
    code: "currency",
    description: "Cart currency is one of the listed ISO 4217 codes",
    schema: z.object({ currencies: z.array(z.string().regex(/^[A-Z]{3}$/)).min(1) }).strict(),
    selectivity: 6,
    indexKeys: (c) => c.currencies.map((v) => indexKey("currency", v)),
    evaluate: (c, cart) => c.currencies.includes(cart.cart.currency),
  }),
];
