import { sql, type SQL } from "drizzle-orm";
import type { CatalogFilter } from "./catalog.schema";
import type { SortKey, ProductSort } from "./listing-cursor";
import type { ParsedSearch } from "./search-query";

/**
 * SQL for catalog reads. Every shop read goes through `visibleTo`, the single definition of what
 * a buyer may see: active, published to the request's channel, and — when the product or any of
 * its categories (restrictions apply to sub-categories too) is restricted — only to members of
 * one of the allowed groups. Values are always bound parameters; arrays travel as one JSON or
 * array-literal parameter so the statement text does not depend on their length.
 */
export type ReadScope = { kind: "shop"; channelId: string; groupIds: string[] } | { kind: "admin" };

export type Lookup = { by: "id"; value: string } | { by: "slug"; value: string } | { by: "sku"; value: string };

export interface PageRequest {
  scope: ReadScope;
  filter: CatalogFilter;
  search: ParsedSearch | null;
  sort: ProductSort;
  after: SortKey | null;
  /** rows to fetch (page size + 1 to learn whether a next page exists) */
  limit: number;
  lookup?: Lookup;
  /** admin listings may filter by status */
  status?: "draft" | "active" | "archived";
}

/** uuids are validated before they get here, so an array literal is safe and compact */
export const uuidArray = (ids: string[]): SQL => sql`${`{${ids.join(",")}}`}::uuid[]`;
export const textArray = (values: string[]): SQL => sql`array(select jsonb_array_elements_text(${JSON.stringify(values)}::jsonb))`;

export function hiddenCategoriesCte(scope: ReadScope): SQL {
  if (scope.kind === "admin") return sql`hidden_cats as (select null::uuid as id where false)`;
  return sql`hidden_cats as (
    select c.id from categories c
    where exists (
      select 1 from category_group_restrictions cr
      where cr.category_id = any(c.path)
        and not exists (
          select 1 from category_group_restrictions cr2
          where cr2.category_id = cr.category_id and cr2.group_id = any(${uuidArray(scope.groupIds)})
        )
    )
  )`;
}

export function visibleTo(scope: ReadScope): SQL[] {
  if (scope.kind === "admin") return [];
  const groups = uuidArray(scope.groupIds);
  return [
    sql`p.status = 'active'`,
    sql`exists (select 1 from product_channels pch where pch.product_id = p.id and pch.channel_id = ${scope.channelId}::uuid)`,
    sql`(not exists (select 1 from product_group_restrictions r where r.product_id = p.id)
         or exists (select 1 from product_group_restrictions r where r.product_id = p.id and r.group_id = any(${groups})))`,
    sql`not exists (select 1 from product_categories hc where hc.product_id = p.id and hc.category_id in (select id from hidden_cats))`,
  ];
}

function tsQuery(search: ParsedSearch): SQL {
  return sql`(websearch_to_tsquery('english', ${search.text}) || websearch_to_tsquery('simple', ${search.text}))`;
}

/**
 * Products a search may return, as a UNION of three index scans so each index is used on its own
 * (an OR across them made Postgres recheck every row with word_similarity over long text):
 * stemmed/simple full text over names, SKUs, variant names and descriptions (GIN tsvector),
 * typo-tolerant trigram word similarity on the product NAME only (GiST trigram; "hamer" finds
 * "hammer"), and an exact case-insensitive SKU hit (btree on upper(sku)).
 */
function searchCandidates(search: ParsedSearch, scope: ReadScope): SQL {
  const activeVariant = scope.kind === "shop" ? sql` and cv.status = 'active'` : sql``;
  return sql`select cp.id from products cp where cp.search_document @@ ${tsQuery(search)}
    union select cp.id from products cp where ${search.text} <% cp.name
    union select cv.product_id from variants cv where upper(cv.sku) = upper(${search.text})${activeVariant}`;
}

function filterConditions(filter: CatalogFilter, search: ParsedSearch | null, scope: ReadScope): SQL[] {
  const out: SQL[] = [];
  if (filter.category) {
    out.push(sql`exists (
      select 1 from product_categories fpc join categories fc on fc.id = fpc.category_id
      where fpc.product_id = p.id
        and (select id from categories where slug = ${filter.category}) = any(fc.path))`);
  }
  if (filter.collection) {
    out.push(sql`exists (
      select 1 from product_collections fpl join collections fl on fl.id = fpl.collection_id
      where fpl.product_id = p.id and fl.slug = ${filter.collection})`);
  }
  if (filter.brands?.length) {
    out.push(sql`p.brand_id in (select id from brands where slug = any(${textArray(filter.brands)}))`);
  }
  for (const t of filter.traits ?? []) {
    out.push(sql`exists (select 1 from product_traits ft where ft.product_id = p.id and ft.trait = ${t.trait} and ft.value = any(${textArray(t.values)}))`);
  }
  if (search) out.push(sql`p.id in (${searchCandidates(search, scope)})`);
  return out;
}

function lookupCondition(lookup: Lookup | undefined): SQL[] {
  if (!lookup) return [];
  switch (lookup.by) {
    case "id":
      return [sql`p.id = ${lookup.value}::uuid`];
    case "slug":
      return [sql`p.slug = ${lookup.value}`];
    case "sku":
      return [sql`exists (select 1 from variants lv where lv.product_id = p.id and lv.sku = ${lookup.value} and lv.status = 'active')`];
  }
}

function scoreExpr(search: ParsedSearch | null, scope: ReadScope): SQL {
  if (!search) return sql`0`;
  const activeVariant = scope.kind === "shop" ? sql` and sv.status = 'active'` : sql``;
  // integer so keyset cursors compare exactly; exact SKU hits outrank everything. Ranked only over
  // the candidates, and word_similarity runs on the short name (on the long search text it cost
  // ~0.1 ms a row).
  return sql`(round((ts_rank(p.search_document, ${tsQuery(search)}) + word_similarity(${search.text}, p.name)) * 1000000)
    + case when p.id in (select sv.product_id from variants sv where upper(sv.sku) = upper(${search.text})${activeVariant}) then 100000000 else 0 end)::int`;
}

function whereClause(parts: SQL[]): SQL {
  return parts.length ? sql`where ${sql.join(parts, sql` and `)}` : sql``;
}

function orderBy(sort: ProductSort, prefix = ""): SQL {
  const c = (col: string) => sql.raw(`${prefix}${col}`);
  switch (sort) {
    case "NAME":
      return sql`${c("name")} asc, ${c("id")} asc`;
    case "NEWEST":
      return sql`${c("created_at")} desc, ${c("id")} desc`;
    case "RELEVANCE":
      return sql`${c("score")} desc, ${c("id")} asc`;
  }
}

function cursorCondition(after: SortKey | null): SQL[] {
  if (!after) return [];
  switch (after.sort) {
    case "NAME":
      return [sql`(name, id) > (${after.name}, ${after.id}::uuid)`];
    case "NEWEST":
      return [sql`(created_at, id) < (${after.createdAt}::timestamptz, ${after.id}::uuid)`];
    case "RELEVANCE":
      return [sql`(score < ${after.score} or (score = ${after.score} and id > ${after.id}::uuid))`];
  }
}

const variantJson = sql`json_build_object(
  'id', v.id, 'sku', v.sku, 'name', v.name, 'optionValues', v.option_values, 'status', v.status, 'position', v.position,
  'lengthMm', v.length_mm, 'widthMm', v.width_mm, 'heightMm', v.height_mm, 'weightG', v.weight_g,
  'fragile', v.fragile, 'orientation', v.orientation, 'restrictedClass', v.restricted_class, 'volumeMl', v.volume_ml,
  'casePack', v.case_pack, 'moq', v.moq, 'orderIncrement', v.order_increment)`;

function pageParts(r: PageRequest): { ctes: SQL; select: SQL } {
  const matched = [...visibleTo(r.scope), ...filterConditions(r.filter, r.search, r.scope), ...lookupCondition(r.lookup)];
  if (r.status) matched.push(sql`p.status = ${r.status}`);
  const variantStatus = r.scope.kind === "shop" ? sql`and v.status = 'active'` : sql``;
  const adminCols =
    r.scope.kind === "admin"
      ? sql`,
      coalesce((select json_agg(ch.code order by ch.code) from product_channels pch join channels ch on ch.id = pch.channel_id where pch.product_id = pg.id), '[]') as channels,
      coalesce((select json_agg(pr.group_id order by pr.group_id) from product_group_restrictions pr where pr.product_id = pg.id), '[]') as restricted_to_groups,
      coalesce((select json_agg(col.slug order by col.slug) from product_collections pcl join collections col on col.id = pcl.collection_id where pcl.product_id = pg.id), '[]') as collections`
      : sql``;
  const ctes = sql`${hiddenCategoriesCte(r.scope)},
  scored as (
    select p.id, p.slug, p.name, p.description, p.status, p.brand_id, p.tax_category, p.seo_title, p.seo_description,
      p.images, p.created_at, p.updated_at, ${scoreExpr(r.search, r.scope)} as score
    from products p ${whereClause(matched)}
  ),
  pg as (
    select * from scored ${whereClause(cursorCondition(r.after))}
    order by ${orderBy(r.sort)} limit ${r.limit}
  )`;
  const select = sql`select pg.id, pg.slug, pg.name, pg.description, pg.status, pg.tax_category, pg.seo_title, pg.seo_description, pg.images,
    pg.created_at::text as created_at, pg.updated_at::text as updated_at, pg.score,
    case when b.id is null then null else json_build_object('id', b.id, 'slug', b.slug, 'name', b.name) end as brand,
    coalesce((select json_agg(${variantJson} order by v.position, v.id) from variants v where v.product_id = pg.id ${variantStatus}), '[]') as variants,
    coalesce((select json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name) order by c.name)
      from product_categories pc join categories c on c.id = pc.category_id where pc.product_id = pg.id), '[]') as categories,
    coalesce((select json_agg(json_build_object('trait', t.trait, 'value', t.value) order by t.trait, t.value)
      from product_traits t where t.product_id = pg.id), '[]') as traits${adminCols}
  from pg left join brands b on b.id = pg.brand_id`;
  return { ctes, select };
}

/**
 * ONE statement: the page of products (visibility, filters, search, keyset) with their variants,
 * brand, categories and traits as JSON, so a page costs one query whatever its size.
 */
export function productPageQuery(r: PageRequest): SQL {
  const { ctes, select } = pageParts(r);
  return sql`with ${ctes}
  ${select}
  order by ${orderBy(r.sort, "pg.")}`;
}

/**
 * ONE statement for a page AND its totals/facets (search asks for both): the matched set is found
 * once and shared, where two statements found it twice and paid two round trips. The page comes
 * back as one JSON array of the same rows productPageQuery returns. Not for lookups.
 */
export function productPageWithSummaryQuery(r: Omit<PageRequest, "lookup">): SQL {
  const { ctes, select } = pageParts(r);
  return sql`with ${ctes},
  m as (select id, brand_id from scored),
  page_rows as (${select})
  select coalesce((select json_agg(pr order by ${orderBy(r.sort, "pr.")}) from page_rows pr), '[]') as page,
    ${summaryColumns}`;
}

const FACET_LIMIT = 100;

/** ONE statement: how many products match and the facet counts over exactly that set. */
export function summaryQuery(r: Pick<PageRequest, "scope" | "filter" | "search" | "status">): SQL {
  const matched = [...visibleTo(r.scope), ...filterConditions(r.filter, r.search, r.scope)];
  if (r.status) matched.push(sql`p.status = ${r.status}`);
  return sql`with ${hiddenCategoriesCte(r.scope)},
  m as (select p.id, p.brand_id from products p ${whereClause(matched)})
  select ${summaryColumns}`;
}

/** Totals and facet counts over the matched set, read from a CTE named `m` (id, brand_id). */
const summaryColumns = sql`(select count(*)::int from m) as total,
    (select coalesce(json_agg(x order by x.count desc, x.name), '[]') from (
      select c.id, c.slug, c.name, count(*)::int as count
      from m join product_categories pc on pc.product_id = m.id join categories c on c.id = pc.category_id
      group by c.id, c.slug, c.name order by count(*) desc, c.name limit ${FACET_LIMIT}) x) as categories,
    (select coalesce(json_agg(x order by x.count desc, x.name), '[]') from (
      select b.id, b.slug, b.name, count(*)::int as count
      from m join brands b on b.id = m.brand_id
      group by b.id, b.slug, b.name order by count(*) desc, b.name limit ${FACET_LIMIT}) x) as brands,
    (select coalesce(json_agg(x order by x.trait, x.count desc, x.value), '[]') from (
      select t.trait, t.value, count(*)::int as count
      from m join product_traits t on t.product_id = m.id
      group by t.trait, t.value order by count(*) desc, t.trait, t.value limit ${FACET_LIMIT}) x) as traits`;
