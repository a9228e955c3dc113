/** Actions that count units: buy X get Y, bundles, free gifts. */
import { z } from "zod";
import { mulDivHalfUp, percentOfAmount as percentOf, shareByWeight as allocate } from "../amounts";

import { indexKey } from "../cart-index";
import { amountSchema, defineAction, idSchema, percentSchema, qtySchema, type ActionDefinition } from "../operations";

/** Value of `units` of line i at its current net unit price. */
function unitsValue(net: number, units: number, qty: number): number {
  return units === qty ? net : mulDivHalfUp(net, units, qty);
}

const bxgySchema = z
  .object({
    buy_qty: qtySchema,
    get_qty: qtySchema,
    percent: percentSchema.default(100),
    max_applications: qtySchema.optional(),
    discount_order: z.enum(["cheapest_first", "most_expensive_first"]).default("cheapest_first"),
  })
  .strict();

const bundleSchema = z
  .object({
    items: z.array(z.object({ sku: z.string().trim().min(1), quantity: qtySchema }).strict()).min(2),
    percent: percentSchema.optional(),
    bundle_price: amountSchema.optional(),
    max_applications: qtySchema.optional(),
  })
  .strict()
  .refine((c) => (c.percent === undefined) !== (c.bundle_price === undefined), {
    message: "give exactly one of percent or bundle_price",
    path: ["percent"],
  })
  .refine((c) => new Set(c.items.map((i) => i.sku)).size === c.items.length, { message: "bundle SKUs must differ", path: ["items"] });

const giftSchema = z
  .object({
    variant_id: idSchema,
    product_id: idSchema.optional(),
    sku: z.string().trim().min(1),
    quantity: qtySchema.default(1),
    /** the gift's catalogue price: it is added at this price and fully discounted */
    unit_price: amountSchema,
  })
  .strict();

export const quantityActions: ActionDefinition[] = [
  defineAction({
    code: "buy_x_get_y",
    description:
      "For every buy_qty + get_qty matching units, get_qty units get percent off (100 = free), " +
      "repeating up to max_applications; the cheapest (or most expensive) units are discounted first",
    schema: bxgySchema,
    phase: () => "line",
    apply: ({ config, cart, lines, state, maxApplications }) => {
      let units = 0;
      for (const i of lines) units += cart.lines[i]!.quantity;
      let apps = Math.floor(units / (config.buy_qty + config.get_qty));
      if (config.max_applications !== undefined) apps = Math.min(apps, config.max_applications);
      if (maxApplications !== undefined) apps = Math.min(apps, maxApplications);
      let free = apps * config.get_qty;
      if (free <= 0) return {};
      const dir = config.discount_order === "cheapest_first" ? 1 : -1;
      // Units are chosen by their catalogue unit price, not by what earlier rules left of it, so
      // the choice is the same in every combination (keeps the action contract in operations.ts).
      const order = [...lines].sort((a, b) => dir * (cart.lines[a]!.unitPrice - cart.lines[b]!.unitPrice) || a - b);
      const out: Array<{ index: number; amount: number }> = [];
      for (const index of order) {
        if (free === 0) break;
        const qty = cart.lines[index]!.quantity;
        const take = Math.min(qty, free);
        free -= take;
        out.push({ index, amount: percentOf(unitsValue(state.lineNet[index]!, take, qty), config.percent) });
      }
      return { lines: out };
    },
  }),
  defineAction({
    code: "bundle_discount",
    description:
      "When the cart holds every item of the bundle (sku × quantity), each complete bundle gets percent off " +
      "or costs bundle_price, up to max_applications bundles",
    schema: bundleSchema,
    phase: () => "line",
    readKeys: (config) => config.items.map((item) => indexKey("sku", item.sku)),
    apply: ({ config, cart, state, maxApplications }) => {
      let bundles = Number.MAX_SAFE_INTEGER;
      const linesOf = config.items.map((item) => cart.tables.sku.lines(item.sku));
      for (const item of config.items) {
        bundles = Math.min(bundles, Math.floor(cart.tables.sku.qty(item.sku) / item.quantity));
      }
      if (config.max_applications !== undefined) bundles = Math.min(bundles, config.max_applications);
      if (maxApplications !== undefined) bundles = Math.min(bundles, maxApplications);
      if (bundles <= 0) return {};
      const parts: Array<{ index: number; value: number }> = [];
      config.items.forEach((item, k) => {
        let need = item.quantity * bundles;
        for (const index of linesOf[k]!) {
          if (need === 0) break;
          const qty = cart.lines[index]!.quantity;
          const take = Math.min(qty, need);
          need -= take;
          parts.push({ index, value: unitsValue(state.lineNet[index]!, take, qty) });
        }
      });
      const value = parts.reduce((a, p) => a + p.value, 0);
      const discount =
        config.percent !== undefined ? percentOf(value, config.percent) : Math.max(0, value - bundles * config.bundle_price!);
      const shares = allocate(discount, parts.map((p) => p.value));
      return { lines: parts.map((p, k) => ({ index: p.index, amount: shares[k]! })) };
    },
  }),
  defineAction({
    code: "free_gift",
    description: "Adds quantity units of the gift variant to the order, fully discounted",
    schema: giftSchema,
    phase: () => "line",
    apply: ({ config }) => ({
      gifts: [
        {
          variantId: config.variant_id,
          ...(config.product_id !== undefined ? { productId: config.product_id } : {}),
          sku: config.sku,
          quantity: config.quantity,
          unitPrice: config.unit_price,
        },
      ],
    }),
  }),
];
