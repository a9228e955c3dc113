/**
 * Conditions on what is in the cart line by line. Each is also a line predicate: an action that
 * targets "matching lines" discounts exactly the lines these conditions select.
 */
import { z } from "zod";
import { indexKey, quantityWithAnyKey, traitKey, type IndexKey, type IndexKeyKind } from "../cart-index";
import { defineCondition, idListSchema, qtySchema, type ConditionDefinition } from "../operations";

function lineCondition(code: string, description: string, field: string, kind: IndexKeyKind, selectivity: number): ConditionDefinition {
  const schema = z.object({ [field]: idListSchema, min_qty: qtySchema.optional() }).strict();
  type C = Record<string, unknown> & { min_qty?: number };
  const cache = new WeakMap<C, IndexKey[]>();
  const keysOf = (c: C) => {
    let keys = cache.get(c);
    if (!keys) cache.set(c, (keys = (c[field] as string[]).map((v) => indexKey(kind, v))));
    return keys;
  };
  return defineCondition({
    code,
    description,
    schema: schema as unknown as z.ZodType<C>,
    selectivity,
    lineKeys: keysOf,
    indexKeys: keysOf,
    evaluate: (c, cart) => quantityWithAnyKey(cart, keysOf(c)) >= (c.min_qty ?? 1),
  });
}

const traitSchema = z
  .object({ trait: z.string().trim().min(1), values: z.array(z.string().min(1)).min(1), min_qty: qtySchema.optional() })
  .strict();
const traitCache = new WeakMap<object, IndexKey[]>();
const traitKeys = (c: z.output<typeof traitSchema>) => {
  let keys = traitCache.get(c);
  if (!keys) traitCache.set(c, (keys = c.values.map((v) => traitKey(c.trait, v))));
  return keys;
};

export const lineConditions: ConditionDefinition[] = [
  lineCondition("sku_match", "A line's SKU is one of the listed SKUs (optionally at least min_qty units in total)", "skus", "sku", 1),
  lineCondition("product_match", "A line's product is one of the listed products", "product_ids", "product", 1),
  lineCondition("variant_match", "A line's variant is one of the listed variants", "variant_ids", "variant", 1),
  lineCondition("product_in_category", "A line's product belongs to one of the listed categories", "category_ids", "category", 3),
  lineCondition("product_in_collection", "A line's product is in one of the listed collections", "collection_ids", "collection", 3),
  lineCondition("product_brand", "A line's product is of one of the listed brands", "brand_ids", "brand", 3),
  defineCondition({
    code: "product_trait",
    description: "A line's product has the trait with one of the listed values (e.g. flavor = mint)",
    schema: traitSchema,
    selectivity: 3,
    lineKeys: traitKeys,
    indexKeys: traitKeys,
    evaluate: (c, cart) => quantityWithAnyKey(cart, traitKeys(c)) >= (c.min_qty ?? 1),
  }),
];
