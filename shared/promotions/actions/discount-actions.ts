/** Percent, fixed amount, fixed price per line, volume tiers, free shipping. */
import { z } from "zod";
import { percentOfAmount as percentOf, shareByWeight as allocate } from "../amounts";
import { amountSchema, defineAction, percentSchema, qtySchema, type ActionDefinition, type ActionEffect } from "../operations";

const target = z.enum(["order", "matching_lines"]).default("matching_lines");

function spread(amount: number, lines: readonly number[], net: Float64Array): ActionEffect["lines"] {
  const weights = lines.map((i) => net[i]!);
  const total = weights.reduce((a, b) => a + b, 0);
  const parts = allocate(Math.min(amount, total), weights);
  return lines.map((index, k) => ({ index, amount: parts[k]! }));
}

const tiersSchema = z
  .array(z.object({ min_qty: qtySchema, percent: percentSchema }).strict())
  .min(1)
  .superRefine((tiers, ctx) => {
    for (let k = 1; k < tiers.length; k++) {
      if (tiers[k]!.min_qty <= tiers[k - 1]!.min_qty) {
        ctx.addIssue({ code: "custom", path: [k, "min_qty"], message: "tier min_qty must be strictly increasing" });
      }
    }
  });

export function tierPercent(tiers: ReadonlyArray<{ min_qty: number; percent: number }>, qty: number): number {
  let p = 0;
  for (const t of tiers) if (qty >= t.min_qty) p = t.percent;
  return p;
}

export const discountActions: ActionDefinition[] = [
  defineAction({
    code: "percent_off",
    description: "Percent off the matching lines (default) or off the order after line discounts",
    schema: z.object({ percent: percentSchema, target }).strict(),
    phase: (c) => (c.target === "order" ? "order" : "line"),
    apply: ({ config, lines, state }) =>
      config.target === "order"
        ? { order: percentOf(state.orderNet, config.percent) }
        : { lines: lines.map((index) => ({ index, amount: percentOf(state.lineNet[index]!, config.percent) })) },
  }),
  defineAction({
    code: "fixed_amount_off",
    description: "A fixed amount off the order, off the matching lines together, or per unit of each matching line",
    schema: z.object({ amount: amountSchema.positive(), target, per_unit: z.boolean().default(false) }).strict(),
    phase: (c) => (c.target === "order" && !c.per_unit ? "order" : "line"),
    apply: ({ config, cart, lines, state }) => {
      if (config.per_unit) {
        return { lines: lines.map((index) => ({ index, amount: config.amount * cart.lines[index]!.quantity })) };
      }
      if (config.target === "order") return { order: config.amount };
      return { lines: spread(config.amount, lines, state.lineNet) };
    },
  }),
  defineAction({
    code: "fixed_price_per_line",
    description: "Each matching unit costs unit_price (lines already cheaper are left alone)",
    schema: z.object({ unit_price: amountSchema }).strict(),
    phase: () => "line",
    apply: ({ config, cart, lines, state }) => ({
      lines: lines.map((index) => ({
        index,
        amount: Math.max(0, state.lineNet[index]! - config.unit_price * cart.lines[index]!.quantity),
      })),
    }),
  }),
  defineAction({
    code: "volume_tiered_percentage",
    description:
      "Percent off matching lines by quantity tier: the highest tier whose min_qty is reached applies; " +
      "quantity is the matching lines' total (basis matching_total) or each line's own (basis line)",
    schema: z.object({ tiers: tiersSchema, basis: z.enum(["matching_total", "line"]).default("matching_total") }).strict(),
    phase: () => "line",
    apply: ({ config, cart, lines, state }) => {
      let totalQty = 0;
      for (const i of lines) totalQty += cart.lines[i]!.quantity;
      return {
        lines: lines.map((index) => {
          const qty = config.basis === "line" ? cart.lines[index]!.quantity : totalQty;
          const p = tierPercent(config.tiers, qty);
          return { index, amount: p > 0 ? percentOf(state.lineNet[index]!, p) : 0 };
        }),
      };
    },
  }),
  defineAction({
    code: "free_shipping",
    description: "Shipping is free (up to max_amount when given)",
    schema: z.object({ max_amount: amountSchema.optional() }).strict(),
    phase: () => "shipping",
    apply: ({ config, state }) => ({ shipping: Math.min(state.shippingNet, config.max_amount ?? Number.MAX_SAFE_INTEGER) }),
  }),
];
