import type { ChannelContext } from "../kernel/channel-context";
import type { Db } from "../kernel/db";
import { badInput, DomainError, notFound, unauthenticated } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import { catalogAccess, isUuid, viewerGroupIds, type CatalogAccess, type PriceHiddenReason } from "./catalog-access";
import { searchFilterSchema, sku as skuSchema, slug as slugSchema, type CatalogFilter } from "./catalog.schema";
import {
  loadCategories,
  loadPageWithSummary,
  loadProductPage,
  loadSummary,
  type CatalogSummary,
  type CategoryView,
  type ProductView,
} from "./catalog-read.repository";
import type { Lookup, ReadScope } from "./catalog-read.query";
import { cursorFor, pageSize, parseCursor, type ProductSort, type SortKey } from "./listing-cursor";
import type { VariantPrice, VariantPriceProvider } from "./price-provider";
import { parseSearchQuery, type ParsedSearch } from "./search-query";
import { catalogPageCache, catalogSummaryCache, clearCatalogPageCaches, pageCacheKey, summaryCacheKey } from "./catalog-page-cache";

/** Who is looking, through which channel, at what time (from the GraphQL context). */
export interface Viewer {
  channel: ChannelContext;
  principal: Principal;
  now: Date;
}

export interface ProductConnection {
  edges: { cursor: string; node: ProductView }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  /** total and facets over the same matched set; one extra query, run only when asked for */
  summary: () => Promise<CatalogSummary>;
}

export interface PriceResult {
  price: VariantPrice | null;
  reason: PriceHiddenReason | null;
}

export interface ListArgs {
  filter?: unknown;
  sort?: ProductSort | null;
  first?: number | null;
  after?: string | null;
  /** the response also asks for totalCount/facets: fetch them with the page in one statement */
  withSummary?: boolean;
}

export interface CatalogDeps {
  db: Db;
  now: Date;
  prices: VariantPriceProvider;
}

export function sortKeyOf(sort: ProductSort, p: ProductView): SortKey {
  if (sort === "NAME") return { sort, name: p.name, id: p.id };
  if (sort === "NEWEST") return { sort, createdAt: p.createdAt, id: p.id };
  return { sort, score: p.score, id: p.id };
}

/** Shop-side catalog reads. Every method applies the login wall and the visibility scope first. */
export class CatalogService {
  constructor(private readonly deps: CatalogDeps) {}

  /** Throws UNAUTHENTICATED behind a `login_required` wall; otherwise says whether prices show. */
  access(v: Viewer): Exclude<CatalogAccess, { catalog: "hidden" }> {
    const a = catalogAccess(v.channel, v.principal);
    if (a.catalog === "hidden") throw unauthenticated(`Channel "${v.channel.code}" requires you to log in to see its catalog`);
    return a;
  }

  scope(v: Viewer): ReadScope {
    return { kind: "shop", channelId: v.channel.id, groupIds: viewerGroupIds(v.principal) };
  }

  /** Served from the isolate's page cache when warm (0 SQL; at most 5 s stale, see catalog-page-cache.ts). */
  async listProducts(v: Viewer, args: ListArgs): Promise<ProductConnection> {
    this.access(v);
    return pageOf(this.deps.db, this.scope(v), args, null, this.deps.now.getTime());
  }

  async search(v: Viewer, query: string, args: ListArgs): Promise<ProductConnection> {
    this.access(v);
    const search = parseSearchQuery(query, "query");
    return pageOf(this.deps.db, this.scope(v), { ...args, sort: args.sort ?? "RELEVANCE" }, search, this.deps.now.getTime());
  }

  /** By id, slug or SKU; a product the viewer may not see is NOT_FOUND, exactly like a missing one. */
  async product(v: Viewer, by: { id?: string | null; slug?: string | null; sku?: string | null }): Promise<ProductView> {
    this.access(v);
    const lookup = parseLookup(by);
    const [p] = await loadProductPage(this.deps.db, { scope: this.scope(v), filter: {}, search: null, sort: "NAME", after: null, limit: 1, lookup });
    if (!p) throw notFound("Product", lookup.value);
    return p;
  }

  async categories(v: Viewer): Promise<CategoryView[]> {
    this.access(v);
    return loadCategories(this.deps.db, this.scope(v));
  }

  /** One provider call for all the variants of a response; no call when prices are hidden. */
  async prices(v: Viewer, variantIds: string[]): Promise<Map<string, PriceResult>> {
    const access = this.access(v);
    const out = new Map<string, PriceResult>();
    if (access.prices === "hidden") {
      for (const id of variantIds) out.set(id, { price: null, reason: access.reason });
      return out;
    }
    const priced = await this.deps.prices.pricesFor({ channel: v.channel, principal: v.principal, variantIds, now: v.now }).catch((e: unknown) => {
      // The PriceBook refuses variants this buyer may no longer see. If the page came from this
      // isolate's cache, the cache is stale (the change's event reached another isolate): drop it
      // so the next request re-reads, instead of failing until the TTL ends.
      if (e instanceof DomainError && e.code === "NOT_FOUND") clearCatalogPageCaches();
      throw e;
    });
    for (const id of variantIds) {
      const price = priced.get(id) ?? null;
      out.set(id, { price, reason: price ? null : "NOT_PRICED" });
    }
    return out;
  }
}

export function parseLookup(by: { id?: string | null; slug?: string | null; sku?: string | null }): Lookup {
  const given = (["id", "slug", "sku"] as const).filter((k) => by[k] !== null && by[k] !== undefined);
  if (given.length !== 1) throw badInput("give exactly one of id, slug or sku", given[1] ?? "id");
  if (by.id != null) {
    if (!isUuid(by.id)) throw notFound("Product", by.id);
    return { by: "id", value: by.id };
  }
  if (by.slug != null) return { by: "slug", value: parseInput(slugSchema, by.slug, "slug") };
  return { by: "sku", value: parseInput(skuSchema, by.sku, "sku") };
}

/**
 * One query for the page (+1 lazily for totals and facets; page and totals together in one when
 * `withSummary` says the response wants both), or none when the isolate's page cache
 * holds them (shop reads only, when `cacheNowMs` — the request time — is given). Shared by the
 * shop and admin reads; admin reads never use the cache.
 */
export async function pageOf(
  db: Db,
  scope: ReadScope,
  args: ListArgs & { status?: "draft" | "active" | "archived" },
  search: ParsedSearch | null,
  cacheNowMs: number | null = null,
): Promise<ProductConnection> {
  const sort: ProductSort = args.sort ?? "NAME";
  if (sort === "RELEVANCE" && !search) throw badInput("RELEVANCE sorting needs a search query", "sort");
  const filter: CatalogFilter = args.filter == null ? {} : parseInput(searchFilterSchema, stripNulls(args.filter), "filter");
  const size = pageSize(args.first);
  const after = args.after ? parseCursor(args.after, sort) : null;
  const cacheKey =
    cacheNowMs !== null && scope.kind === "shop" && !args.status
      ? { page: pageCacheKey({ scope, filter, searchText: search?.text ?? null, sort, after: args.after ?? null, limit: size + 1 }), summary: summaryCacheKey({ scope, filter, searchText: search?.text ?? null, sort }) }
      : null;
  let rows = cacheKey ? catalogPageCache.get(cacheKey.page, cacheNowMs!) : undefined;
  let summary: Promise<CatalogSummary> | undefined;
  if (!rows) {
    const req = { scope, filter, search, sort, after, limit: size + 1, status: args.status };
    if (args.withSummary && !(cacheKey && catalogSummaryCache.get(cacheKey.summary, cacheNowMs!))) {
      const both = await loadPageWithSummary(db, req);
      rows = both.rows;
      summary = Promise.resolve(both.summary);
      if (cacheKey) catalogSummaryCache.set(cacheKey.summary, both.summary, cacheNowMs!);
    } else {
      rows = await loadProductPage(db, req);
    }
    if (cacheKey) catalogPageCache.set(cacheKey.page, rows, cacheNowMs!);
  }
  const page = rows.slice(0, size);
  const edges = page.map((node) => ({ cursor: cursorFor(sortKeyOf(sort, node)), node }));
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      hasPreviousPage: after !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    summary: () => (summary ??= cacheKey ? cachedSummary(cacheKey.summary, cacheNowMs!, () => loadSummary(db, { scope, filter, search })) : loadSummary(db, { scope, filter, search, status: args.status })),
  };
}

async function cachedSummary(key: string, nowMs: number, load: () => Promise<CatalogSummary>): Promise<CatalogSummary> {
  const hit = catalogSummaryCache.get(key, nowMs);
  if (hit) return hit;
  const fresh = await load();
  catalogSummaryCache.set(key, fresh, nowMs);
  return fresh;
}

/** GraphQL passes omitted optional input fields as null; the schemas treat only undefined as absent. */
export function stripNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripNulls);
  if (v && typeof v === "object" && !(v instanceof Date)) {
    return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== null && x !== undefined).map(([k, x]) => [k, stripNulls(x)]));
  }
  return v;
}
