import type { CatalogFilter } from "./catalog.schema";
import type { CatalogSummary, ProductView } from "./catalog-read.repository";
import type { ReadScope } from "./catalog-read.query";
import type { ProductSort } from "./listing-cursor";

/**
 * Isolate-level cache of shop catalog pages (listings and search) and of their totals/facets, so a
 * hot page runs no SQL at all (local Hyperdrive opens a Postgres connection per request, which
 * alone costs more than the page query).
 *
 * Staleness bound — a cached page is at most PAGE_CACHE_TTL_MS (5 s) old:
 * - every entry expires 5 s after it was filled (request time, passed in: no clock here);
 * - catalog writes clear the cache of the isolate that made them, at commit (read-your-writes);
 * - product.*, variant.* and category.* events clear the cache of the isolate that consumes them;
 * - other isolates rely on the TTL, so they may serve a page up to 5 s older than a write.
 * Brands and collections emit no events: a rename shows within the TTL everywhere.
 *
 * What is cached is plain data (ProductView rows as read from SQL), never an I/O object: Workers
 * cannot share those across requests. Callers must treat cached rows as immutable.
 * Prices are NOT cached here: they are resolved per viewer through the viewer's PriceBook.
 *
 * The key holds everything that decides the rows: channel, the viewer's exact group set (the
 * only viewer attribute visibility depends on), filter, search text, sort, cursor and page size.
 * Two viewers share an entry only when they may see exactly the same products.
 */
export const PAGE_CACHE_TTL_MS = 5_000;
export const PAGE_CACHE_MAX_ENTRIES = 256;

export class TtlCache<V> {
  private readonly entries = new Map<string, { expiresAt: number; value: V }>();

  constructor(private readonly opts: { ttlMs: number; maxEntries: number }) {}

  get(key: string, nowMs: number): V | undefined {
    const e = this.entries.get(key);
    if (!e) return undefined;
    if (nowMs >= e.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    // re-insert so Map order is least-recently-used first
    this.entries.delete(key);
    this.entries.set(key, e);
    return e.value;
  }

  set(key: string, value: V, nowMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { expiresAt: nowMs + this.opts.ttlMs, value });
    while (this.entries.size > this.opts.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface PageKeyParts {
  scope: Extract<ReadScope, { kind: "shop" }>;
  filter: CatalogFilter;
  searchText: string | null;
  sort: ProductSort;
}

/** Canonical: group ids, brands and trait values sorted so equal requests share one entry. */
export function summaryCacheKey(p: PageKeyParts): string {
  const f = p.filter;
  return JSON.stringify([
    p.scope.channelId,
    [...p.scope.groupIds].sort(),
    f.category ?? null,
    f.collection ?? null,
    f.brands ? [...f.brands].sort() : null,
    f.traits ? f.traits.map((t) => [t.trait, [...t.values].sort()]).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : null,
    p.searchText,
  ]);
}

export function pageCacheKey(p: PageKeyParts & { after: string | null; limit: number }): string {
  return JSON.stringify([summaryCacheKey(p), p.sort, p.after, p.limit]);
}

/** rows = page size + 1 (the extra row says whether a next page exists) */
export const catalogPageCache = new TtlCache<ProductView[]>({ ttlMs: PAGE_CACHE_TTL_MS, maxEntries: PAGE_CACHE_MAX_ENTRIES });
export const catalogSummaryCache = new TtlCache<CatalogSummary>({ ttlMs: PAGE_CACHE_TTL_MS, maxEntries: PAGE_CACHE_MAX_ENTRIES });

export function clearCatalogPageCaches(): void {
  catalogPageCache.clear();
  catalogSummaryCache.clear();
}
