import { inArray, sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import type { ProductInput } from "./catalog.schema";
import {
  productCategories,
  productChannels,
  productCollections,
  productGroupRestrictions,
  products,
  productTraits,
  variants,
} from "./catalog.tables";
import { textArray, uuidArray } from "./catalog-read.query";

/**
 * Bulk writes: every statement here handles the whole batch, so a batch of N products costs the
 * same fixed number of statements (≈ 15) whatever N is.
 */
export interface ReferenceMaps {
  categories: Map<string, string>;
  brands: Map<string, string>;
  collections: Map<string, string>;
  channels: Map<string, string>;
  groups: Set<string>;
  /** sku → slug of the product that owns it today */
  skuOwners: Map<string, string>;
  /** slug → status of products that already exist */
  productStatus: Map<string, string>;
}

export interface ReferenceRequest {
  categories: string[];
  brands: string[];
  collections: string[];
  channels: string[];
  groups: string[];
  skus: string[];
  productSlugs: string[];
}

/** One query resolving every slug/code/id a batch names. */
export async function resolveReferences(db: Executor, r: ReferenceRequest): Promise<ReferenceMaps> {
  const rows = await db.execute<{ kind: string; key: string; val: string }>(sql`
    select 'category' as kind, slug as key, id::text as val from categories where slug = any(${textArray(r.categories)})
    union all select 'brand', slug, id::text from brands where slug = any(${textArray(r.brands)})
    union all select 'collection', slug, id::text from collections where slug = any(${textArray(r.collections)})
    union all select 'channel', code, id::text from channels where code = any(${textArray(r.channels)})
    union all select 'group', id::text, id::text from customer_groups where id = any(${uuidArray(r.groups)})
    union all select 'sku', v.sku, p.slug from variants v join products p on p.id = v.product_id where v.sku = any(${textArray(r.skus)})
    union all select 'product', slug, status from products where slug = any(${textArray(r.productSlugs)})`);
  const maps: ReferenceMaps = {
    categories: new Map(),
    brands: new Map(),
    collections: new Map(),
    channels: new Map(),
    groups: new Set(),
    skuOwners: new Map(),
    productStatus: new Map(),
  };
  for (const row of rows) {
    if (row.kind === "category") maps.categories.set(row.key, row.val);
    else if (row.kind === "brand") maps.brands.set(row.key, row.val);
    else if (row.kind === "collection") maps.collections.set(row.key, row.val);
    else if (row.kind === "channel") maps.channels.set(row.key, row.val);
    else if (row.kind === "group") maps.groups.add(row.val);
    else if (row.kind === "sku") maps.skuOwners.set(row.key, row.val);
    else if (row.kind === "product") maps.productStatus.set(row.key, row.val);
  }
  return maps;
}

const excluded = (col: string) => sql.raw(`excluded.${col}`);

export async function upsertProducts(
  db: Executor,
  rows: ProductInput[],
  refs: ReferenceMaps,
  at: Date,
): Promise<{ id: string; slug: string; inserted: boolean; status: string }[]> {
  return db
    .insert(products)
    .values(
      rows.map((p) => ({
        slug: p.slug,
        name: p.name,
        description: p.description,
        status: p.status,
        brandId: p.brand ? refs.brands.get(p.brand)! : null,
        taxCategory: p.taxCategory,
        seoTitle: p.seoTitle ?? null,
        seoDescription: p.seoDescription ?? null,
        images: p.images,
        createdAt: at,
        updatedAt: at,
      })),
    )
    .onConflictDoUpdate({
      target: products.slug,
      set: {
        name: excluded("name"),
        description: excluded("description"),
        status: excluded("status"),
        brandId: excluded("brand_id"),
        taxCategory: excluded("tax_category"),
        seoTitle: excluded("seo_title"),
        seoDescription: excluded("seo_description"),
        images: excluded("images"),
        updatedAt: excluded("updated_at"),
      },
    })
    .returning({ id: products.id, slug: products.slug, status: products.status, inserted: sql<boolean>`(xmax = 0)` });
}

export async function upsertVariants(
  db: Executor,
  rows: ProductInput[],
  productIds: Map<string, string>,
  at: Date,
): Promise<{ id: string; sku: string; productId: string; inserted: boolean }[]> {
  const values = rows.flatMap((p) =>
    p.variants.map((v, i) => ({
      productId: productIds.get(p.slug)!,
      sku: v.sku,
      name: v.name,
      optionValues: v.optionValues,
      status: v.status,
      position: v.position ?? i,
      lengthMm: v.lengthMm ?? null,
      widthMm: v.widthMm ?? null,
      heightMm: v.heightMm ?? null,
      weightG: v.weightG ?? null,
      fragile: v.fragile,
      orientation: v.orientation,
      restrictedClass: v.restrictedClass ?? null,
      volumeMl: v.volumeMl ?? null,
      casePack: v.casePack,
      moq: v.moq,
      orderIncrement: v.orderIncrement,
      createdAt: at,
      updatedAt: at,
    })),
  );
  if (values.length === 0) return [];
  return db
    .insert(variants)
    .values(values)
    .onConflictDoUpdate({
      target: variants.sku,
      // never moves a SKU to another product: the service refuses that before this statement
      setWhere: sql`${variants.productId} = excluded.product_id`,
      set: Object.fromEntries(
        [
          ["name", "name"],
          ["optionValues", "option_values"],
          ["status", "status"],
          ["position", "position"],
          ["lengthMm", "length_mm"],
          ["widthMm", "width_mm"],
          ["heightMm", "height_mm"],
          ["weightG", "weight_g"],
          ["fragile", "fragile"],
          ["orientation", "orientation"],
          ["restrictedClass", "restricted_class"],
          ["volumeMl", "volume_ml"],
          ["casePack", "case_pack"],
          ["moq", "moq"],
          ["orderIncrement", "order_increment"],
          ["updatedAt", "updated_at"],
        ].map(([k, c]) => [k, excluded(c!)]),
      ),
    })
    .returning({ id: variants.id, sku: variants.sku, productId: variants.productId, inserted: sql<boolean>`(xmax = 0)` });
}

/** Replace one relation for the products that named it (delete + insert: two statements). */
async function replaceLinks<T extends Record<string, unknown>>(
  db: Executor,
  table: typeof productCategories | typeof productCollections | typeof productChannels | typeof productGroupRestrictions | typeof productTraits,
  productIds: string[],
  rows: T[],
): Promise<void> {
  if (productIds.length === 0) return;
  await db.delete(table).where(inArray(table.productId, productIds));
  if (rows.length > 0) await db.insert(table).values(rows as never).onConflictDoNothing();
}

export async function replaceProductRelations(db: Executor, rows: ProductInput[], productIds: Map<string, string>, refs: ReferenceMaps): Promise<void> {
  const idOf = (p: ProductInput) => productIds.get(p.slug)!;
  const given = <K extends keyof ProductInput>(k: K) => rows.filter((p) => p[k] !== undefined);

  const withCats = given("categories");
  await replaceLinks(db, productCategories, withCats.map(idOf), withCats.flatMap((p) =>
    [...new Set(p.categories)].map((s) => ({ productId: idOf(p), categoryId: refs.categories.get(s)! })),
  ));
  const withCols = given("collections");
  await replaceLinks(db, productCollections, withCols.map(idOf), withCols.flatMap((p) =>
    [...new Set(p.collections)].map((s, position) => ({ productId: idOf(p), collectionId: refs.collections.get(s)!, position })),
  ));
  const withChannels = given("channels");
  await replaceLinks(db, productChannels, withChannels.map(idOf), withChannels.flatMap((p) =>
    [...new Set(p.channels)].map((c) => ({ productId: idOf(p), channelId: refs.channels.get(c)! })),
  ));
  const withGroups = given("restrictedToGroups");
  await replaceLinks(db, productGroupRestrictions, withGroups.map(idOf), withGroups.flatMap((p) =>
    [...new Set(p.restrictedToGroups)].map((g) => ({ productId: idOf(p), groupId: g })),
  ));
  const withTraits = given("traits");
  await replaceLinks(db, productTraits, withTraits.map(idOf), withTraits.flatMap((p) =>
    Object.entries(p.traits ?? {}).flatMap(([trait, v]) => [...new Set(Array.isArray(v) ? v : [v])].map((value) => ({ productId: idOf(p), trait, value }))),
  ));
}

/** Name, brand and every variant's SKU and name feed full-text and trigram search. */
export async function refreshSearchText(db: Executor, productIds: string[]): Promise<void> {
  if (productIds.length === 0) return;
  await db.execute(sql`
    update products p set search_text = concat_ws(' ', p.name, b.name,
      (select string_agg(v.sku || ' ' || v.name, ' ' order by v.position, v.id) from variants v where v.product_id = p.id and v.status <> 'archived'))
    from products p2 left join brands b on b.id = p2.brand_id
    where p2.id = p.id and p.id = any(${uuidArray(productIds)})`);
}
