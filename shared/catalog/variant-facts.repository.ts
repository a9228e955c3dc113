import { sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import { isUuid } from "./catalog-access";
import { hiddenCategoriesCte, textArray, uuidArray, visibleTo } from "./catalog-read.query";

/**
 * What a cart (or quote, or order line) needs to know about a variant when it is added: quantity
 * rules, promotion keys (product, categories with their ancestors, collections, brand, traits)
 * and shipping weight. Only variants the viewer may see are returned, by the same `visibleTo`
 * rule every catalog read uses.
 */
export interface VariantFacts {
  variantId: string;
  productId: string;
  sku: string;
  name: string;
  productName: string;
  casePack: number;
  moq: number;
  orderIncrement: number;
  weightG: number | null;
  brandId: string | null;
  categoryIds: string[];
  collectionIds: string[];
  traits: Record<string, string>;
  taxCategory: string;
}

export interface VariantFactsRequest {
  channelId: string;
  /** viewerGroupIds(principal) */
  groupIds: string[];
  variantIds?: readonly string[];
  skus?: readonly string[];
}

interface Row {
  id: string;
  product_id: string;
  sku: string;
  name: string;
  product_name: string;
  case_pack: number;
  moq: number;
  order_increment: number;
  weight_g: number | null;
  brand_id: string | null;
  tax_category: string;
  category_ids: string[];
  collection_ids: string[];
  traits: Record<string, string>;
  [k: string]: unknown;
}

/** ONE statement for any number of ids and SKUs; unknown or hidden ones are simply absent. */
export async function loadVisibleVariantFacts(db: Executor, req: VariantFactsRequest): Promise<VariantFacts[]> {
  const ids = [...new Set((req.variantIds ?? []).filter(isUuid).map((s) => s.toLowerCase()))];
  const skus = [...new Set(req.skus ?? [])];
  if (ids.length === 0 && skus.length === 0) return [];
  const scope = { kind: "shop" as const, channelId: req.channelId, groupIds: req.groupIds.filter(isUuid) };
  const rows = await db.execute<Row>(sql`
    with ${hiddenCategoriesCte(scope)}
    select v.id, v.product_id, v.sku, v.name, p.name as product_name, v.case_pack, v.moq, v.order_increment, v.weight_g,
      p.brand_id, p.tax_category,
      coalesce((select json_agg(distinct x) from product_categories pc join categories c on c.id = pc.category_id cross join unnest(c.path) x
                where pc.product_id = p.id), '[]'::json) as category_ids,
      coalesce((select json_agg(pl.collection_id) from product_collections pl where pl.product_id = p.id), '[]'::json) as collection_ids,
      coalesce((select jsonb_object_agg(t.trait, t.value) from product_traits t where t.product_id = p.id), '{}'::jsonb) as traits
    from variants v join products p on p.id = v.product_id
    where (v.id = any(${uuidArray(ids)}) or v.sku = any(${textArray(skus)}))
      and v.status = 'active' and ${sql.join([sql`true`, ...visibleTo(scope)], sql` and `)}`);
  return [...rows].map((r) => ({
    variantId: r.id,
    productId: r.product_id,
    sku: r.sku,
    name: r.name,
    productName: r.product_name,
    casePack: Number(r.case_pack),
    moq: Number(r.moq),
    orderIncrement: Number(r.order_increment),
    weightG: r.weight_g === null ? null : Number(r.weight_g),
    brandId: r.brand_id,
    categoryIds: r.category_ids,
    collectionIds: r.collection_ids,
    traits: r.traits ?? {},
    taxCategory: r.tax_category,
  }));
}
