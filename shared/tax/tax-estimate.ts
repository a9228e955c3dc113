/**
 * Input of a tax estimate by SKU / variant id, and the ONE catalog read that turns those lines
 * into tax facts: the product's tax category (mapped through tax_categories to a sales category
 * and an excise class) and the variant's volume for per-ml excise.
 */
import { z } from "zod";
import type { Executor } from "../kernel/db";
import { badInput } from "../kernel/errors";
import { loadVariantTaxFacts, type VariantTaxFacts } from "./variant-tax-facts.repository";

const address = z.object({
  country: z.string().min(1).max(3),
  subdivision: z.string().max(10).nullish(),
  county: z.string().max(100).nullish(),
  city: z.string().max(100).nullish(),
  postalCode: z.string().max(20).nullish(),
});

const minor = z.number().int("must be an integer amount of minor units").min(0).max(1e13);

const estimateLine = z
  .object({
    sku: z.string().trim().min(1).max(100).nullish(),
    variantId: z.uuid("must be a variant id (UUID)").nullish(),
    quantity: z.number().int().min(1).max(1_000_000),
    unitPrice: minor,
    /** needed only for excise charged on the wholesale price */
    wholesaleUnitPrice: minor.nullish(),
  })
  .refine((l) => (l.sku ? 1 : 0) + (l.variantId ? 1 : 0) === 1, { message: "give exactly one of sku or variantId", path: ["sku"] });

export const estimateInputSchema = z.object({
  lines: z.array(estimateLine).min(1, "at least one line").max(1000),
  address,
  shipFrom: address.nullish(),
  currency: z.string().length(3).nullish(),
  shippingAmount: minor.nullish(),
});

export type EstimateInput = z.output<typeof estimateInputSchema>;
type EstimateLine = EstimateInput["lines"][number];

export async function loadCatalogTaxInfo(db: Executor, lines: readonly EstimateLine[]): Promise<{ resolve(line: EstimateLine, index: number): VariantTaxFacts }> {
  const ids = [...new Set(lines.flatMap((l) => (l.variantId ? [l.variantId] : [])))];
  const skus = [...new Set(lines.flatMap((l) => (l.sku ? [l.sku] : [])))];
  // only what a storefront can see exists here: drafts and archived goods are not estimated
  const rows = await loadVariantTaxFacts(db, { variantIds: ids, skus, activeOnly: true });
  const byId = new Map(rows.map((r) => [r.variantId, r]));
  const bySku = new Map(rows.map((r) => [r.sku, r]));
  return {
    resolve(line, index) {
      const r = line.variantId ? byId.get(line.variantId) : bySku.get(line.sku!);
      if (!r) {
        const field = line.variantId ? `lines.${index}.variantId` : `lines.${index}.sku`;
        throw badInput(`${field}: no active product variant "${line.variantId ?? line.sku}"`, field);
      }
      return r;
    },
  };
}
