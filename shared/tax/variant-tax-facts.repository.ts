/**
 * What tax needs to know about catalog variants: the sales category (through tax_categories; a
 * category without a row is its own sales category, without excise), the excise class and the
 * volume per unit. One statement for any number of variants.
 */
import { and, eq, inArray, or, type SQL } from "drizzle-orm";
import { products, variants } from "../catalog";
import type { Executor } from "../kernel/db";
import { taxCategories } from "./tax.tables";

export interface VariantTaxFacts {
  variantId: string;
  sku: string;
  salesCategory: string;
  exciseClass: string | null;
  volumeMl: number | null;
}

export async function loadVariantTaxFacts(
  db: Executor,
  q: { variantIds?: readonly string[]; skus?: readonly string[]; activeOnly?: boolean },
): Promise<VariantTaxFacts[]> {
  const ids = q.variantIds ?? [];
  const skus = q.skus ?? [];
  if (ids.length === 0 && skus.length === 0) return [];
  const match = or(ids.length ? inArray(variants.id, [...ids]) : undefined, skus.length ? inArray(variants.sku, [...skus]) : undefined);
  const where: SQL | undefined = q.activeOnly ? and(eq(variants.status, "active"), eq(products.status, "active"), match) : match;
  const rows = await db
    .select({
      id: variants.id,
      sku: variants.sku,
      volumeMl: variants.volumeMl,
      taxCategory: products.taxCategory,
      salesCategory: taxCategories.salesCategory,
      exciseClass: taxCategories.exciseClass,
    })
    .from(variants)
    .innerJoin(products, eq(products.id, variants.productId))
    .leftJoin(taxCategories, eq(taxCategories.code, products.taxCategory))
    .where(where);
  return rows.map((r) => ({ variantId: r.id, sku: r.sku, salesCategory: r.salesCategory ?? r.taxCategory, exciseClass: r.exciseClass ?? null, volumeMl: r.volumeMl }));
}
