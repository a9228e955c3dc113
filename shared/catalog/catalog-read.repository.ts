import { asc, sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import { categories } from "./catalog.tables";
import { productPageQuery, productPageWithSummaryQuery, summaryQuery, uuidArray, type PageRequest, type ReadScope } from "./catalog-read.query";

export interface VariantView {
  id: string;
  sku: string;
  name: string;
  optionValues: Record<string, string>;
  status: string;
  position: number;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  weightG: number | null;
  fragile: boolean;
  orientation: string;
  restrictedClass: string | null;
  volumeMl: number | null;
  casePack: number;
  moq: number;
  orderIncrement: number;
}

export interface ProductView {
  id: string;
  slug: string;
  name: string;
  description: string;
  status: string;
  taxCategory: string;
  seoTitle: string | null;
  seoDescription: string | null;
  images: { url: string; alt?: string }[];
  createdAt: string;
  updatedAt: string;
  score: number;
  brand: { id: string; slug: string; name: string } | null;
  variants: VariantView[];
  categories: { id: string; slug: string; name: string }[];
  traits: { trait: string; value: string }[];
  /** admin reads only */
  channels?: string[];
  restrictedToGroups?: string[];
  collections?: string[];
}

export interface FacetCount {
  id?: string;
  slug?: string;
  name?: string;
  trait?: string;
  value?: string;
  count: number;
}

export interface CatalogSummary {
  total: number;
  categories: FacetCount[];
  brands: FacetCount[];
  traits: FacetCount[];
}

interface PageRow {
  id: string;
  slug: string;
  name: string;
  description: string;
  status: string;
  tax_category: string;
  seo_title: string | null;
  seo_description: string | null;
  images: ProductView["images"];
  created_at: string;
  updated_at: string;
  score: number;
  brand: ProductView["brand"];
  variants: VariantView[];
  categories: ProductView["categories"];
  traits: ProductView["traits"];
  channels?: string[];
  restricted_to_groups?: string[];
  collections?: string[];
  [k: string]: unknown;
}

function toView(r: PageRow): ProductView {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    status: r.status,
    taxCategory: r.tax_category,
    seoTitle: r.seo_title,
    seoDescription: r.seo_description,
    images: r.images,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
    score: Number(r.score),
    brand: r.brand,
    variants: r.variants,
    categories: r.categories,
    traits: r.traits,
    ...(r.channels ? { channels: r.channels, restrictedToGroups: r.restricted_to_groups ?? [], collections: r.collections ?? [] } : {}),
  };
}

/** One query: a page of products with everything a product card needs. */
export async function loadProductPage(db: Executor, req: PageRequest): Promise<ProductView[]> {
  const rows = await db.execute<PageRow>(productPageQuery(req));
  return [...rows].map(toView);
}

/** One query: the page and the totals/facets over its matched set (search asks for both). */
export async function loadPageWithSummary(db: Executor, req: Omit<PageRequest, "lookup">): Promise<{ rows: ProductView[]; summary: CatalogSummary }> {
  const rows = await db.execute<{ page: PageRow[]; total: number; categories: FacetCount[]; brands: FacetCount[]; traits: FacetCount[] }>(productPageWithSummaryQuery(req));
  const r = [...rows][0]!;
  return { rows: r.page.map(toView), summary: { total: Number(r.total), categories: r.categories, brands: r.brands, traits: r.traits } };
}

/** One query: total and facets over the same matched set as the page. */
export async function loadSummary(db: Executor, req: Pick<PageRequest, "scope" | "filter" | "search" | "status">): Promise<CatalogSummary> {
  const rows = await db.execute<{ total: number; categories: FacetCount[]; brands: FacetCount[]; traits: FacetCount[] }>(summaryQuery(req));
  const r = [...rows][0]!;
  return { total: Number(r.total), categories: r.categories, brands: r.brands, traits: r.traits };
}

export interface CategoryView {
  id: string;
  parentId: string | null;
  slug: string;
  name: string;
  description: string;
  position: number;
  depth: number;
  restrictedToGroups: string[];
}

/** The category tree as a flat list (parents before children); the shop sees only categories open to it. */
export async function loadCategories(db: Executor, scope: ReadScope): Promise<CategoryView[]> {
  const groups = scope.kind === "shop" ? scope.groupIds : [];
  const rows = await db.execute<{
    id: string;
    parent_id: string | null;
    slug: string;
    name: string;
    description: string;
    position: number;
    depth: number;
    restricted_to_groups: string[];
  }>(sql`
    select c.id, c.parent_id, c.slug, c.name, c.description, c.position, cardinality(c.path) - 1 as depth,
      coalesce((select json_agg(cr.group_id order by cr.group_id) from category_group_restrictions cr where cr.category_id = c.id), '[]') as restricted_to_groups
    from ${categories} c
    where ${scope.kind === "admin"} or not exists (
      select 1 from category_group_restrictions cr
      where cr.category_id = any(c.path)
        and not exists (select 1 from category_group_restrictions cr2 where cr2.category_id = cr.category_id and cr2.group_id = any(${uuidArray(groups)}))
    )
    order by c.path, c.position, c.name`);
  return [...rows].map((r) => ({
    id: r.id,
    parentId: r.parent_id,
    slug: r.slug,
    name: r.name,
    description: r.description,
    position: r.position,
    depth: Number(r.depth),
    restrictedToGroups: scope.kind === "admin" ? r.restricted_to_groups : [],
  }));
}

export async function listCategoryRows(db: Executor) {
  return db.select().from(categories).orderBy(asc(categories.slug));
}
