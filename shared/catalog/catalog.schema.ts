import { z } from "zod";
import { quantityRuleIssues, withQuantityDefaults } from "./quantity-rules";

/**
 * Input shapes for catalog writes. A product row in a bulk upsert is the whole product document:
 * fields left out take their defaults. Relations (categories, collections, traits, channels,
 * group restrictions) are replaced when given and kept when omitted. Variants are upserted by SKU;
 * variants of the product not listed are kept.
 * Units: millimetres, grams, millilitres, all integers.
 */
export const slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "lowercase letters and digits separated by single dashes")
  .max(120);

export const sku = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/, "letters, digits and . _ - /, up to 64 characters");

const status = z.enum(["draft", "active", "archived"]);
const measure = (what: string) =>
  z
    .number()
    .int(`${what} must be a whole number`)
    .min(0, `${what} cannot be negative`)
    .max(100_000_000, `${what} is unrealistically large`);

export const variantInputSchema = z
  .object({
    sku,
    name: z.string().trim().min(1).max(200),
    optionValues: z.record(z.string().min(1).max(60), z.string().max(120)).default({}),
    status: status.default("active"),
    position: z.number().int().min(0).max(10_000).optional(),
    lengthMm: measure("length (mm)").nullable().optional(),
    widthMm: measure("width (mm)").nullable().optional(),
    heightMm: measure("height (mm)").nullable().optional(),
    weightG: measure("weight (g)").nullable().optional(),
    fragile: z.boolean().default(false),
    orientation: z.enum(["free", "this_side_up", "fixed"]).default("free"),
    restrictedClass: z.string().trim().min(1).max(40).nullable().optional(),
    volumeMl: measure("volume (ml)").nullable().optional(),
    casePack: z.number().int("case pack must be a whole number").optional(),
    moq: z.number().int("minimum order quantity must be a whole number").optional(),
    orderIncrement: z.number().int("order increment must be a whole number").optional(),
  })
  .strict()
  .transform((v, ctx) => {
    const rules = withQuantityDefaults(v);
    for (const issue of quantityRuleIssues(rules)) ctx.addIssue({ code: "custom", path: [issue.field], message: issue.message });
    return { ...v, ...rules };
  });

const traitValue = z.string().trim().min(1).max(120);

export const productInputSchema = z
  .object({
    slug,
    name: z.string().trim().min(1).max(200),
    description: z.string().max(50_000).default(""),
    status: status.default("draft"),
    brand: slug.nullable().optional(),
    taxCategory: z.string().trim().min(1).max(60).default("standard"),
    seoTitle: z.string().max(200).nullable().optional(),
    seoDescription: z.string().max(500).nullable().optional(),
    images: z
      .array(z.object({ url: z.url({ protocol: /^https?$/ }), alt: z.string().max(300).optional() }).strict())
      .max(50)
      .default([]),
    categories: z.array(slug).max(50).optional(),
    collections: z.array(slug).max(50).optional(),
    /** trait → one value or several ("material": "steel", "size": ["S", "M"]) */
    traits: z.record(z.string().trim().min(1).max(60), z.union([traitValue, z.array(traitValue).max(50)])).optional(),
    /** channel codes the product is published to */
    channels: z.array(z.string().min(1).max(32)).max(50).optional(),
    /** customer group ids; non-empty = only members of one of these groups see it */
    restrictedToGroups: z.array(z.uuid()).max(50).optional(),
    variants: z.array(variantInputSchema).max(500).default([]),
  })
  .strict();

export type VariantInput = z.output<typeof variantInputSchema>;
export type ProductInput = z.output<typeof productInputSchema>;

export const MAX_BULK_PRODUCTS = 1000;

export const bulkUpsertSchema = z
  .array(productInputSchema)
  .min(1, "at least one product")
  .max(MAX_BULK_PRODUCTS, `at most ${MAX_BULK_PRODUCTS} products per batch`)
  .superRefine((rows, ctx) => {
    const slugs = new Map<string, number>();
    const skus = new Map<string, string>();
    rows.forEach((p, i) => {
      const prev = slugs.get(p.slug);
      if (prev !== undefined) ctx.addIssue({ code: "custom", path: [i, "slug"], message: `duplicate slug "${p.slug}" (also row ${prev})` });
      else slugs.set(p.slug, i);
      p.variants.forEach((v, j) => {
        const key = v.sku;
        const at = skus.get(key);
        if (at) ctx.addIssue({ code: "custom", path: [i, "variants", j, "sku"], message: `duplicate SKU "${v.sku}" (also at ${at})` });
        else skus.set(key, `products.${i}.variants.${j}`);
      });
    });
  });

export const categoryInputSchema = z
  .object({
    slug,
    name: z.string().trim().min(1).max(120),
    description: z.string().max(10_000).default(""),
    parent: slug.nullable().optional(),
    position: z.number().int().min(0).max(10_000).default(0),
    restrictedToGroups: z.array(z.uuid()).max(50).optional(),
  })
  .strict();
export type CategoryInput = z.output<typeof categoryInputSchema>;

export const brandInputSchema = z.object({ slug, name: z.string().trim().min(1).max(120) }).strict();
export const collectionInputSchema = z
  .object({ slug, name: z.string().trim().min(1).max(120), description: z.string().max(10_000).default("") })
  .strict();
export type BrandInput = z.output<typeof brandInputSchema>;
export type CollectionInput = z.output<typeof collectionInputSchema>;

export const searchFilterSchema = z
  .object({
    category: slug.optional(),
    collection: slug.optional(),
    brands: z.array(slug).max(20).optional(),
    traits: z
      .array(z.object({ trait: z.string().min(1).max(60), values: z.array(traitValue).min(1).max(20) }).strict())
      .max(10)
      .optional(),
  })
  .strict();
export type CatalogFilter = z.output<typeof searchFilterSchema>;
