import { env } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { gql, uniq } from "../../helpers/graphql";
import { withDb } from "../../helpers/db";
import { handlersFor } from "../../../shared/events/event-handlers";
import { priceBookClient } from "../../../shared/platform";
import { PAGE_CACHE_EVENT_TYPES } from "../../../shared/catalog/catalog.events";
import {
  catalogPageCache,
  clearCatalogPageCaches,
  pageCacheKey,
  PAGE_CACHE_TTL_MS,
  summaryCacheKey,
  TtlCache,
} from "../../../shared/catalog/catalog-page-cache";
import { adminMutation, customerToken, makeGroup, mustUpsert, SEARCH, slugsOf, variant } from "./catalog-fixtures";

const shop = (groupIds: string[], channelId = "c1") => ({ kind: "shop" as const, channelId, groupIds });

describe("TtlCache", () => {
  it("serves an entry until its TTL, then forgets it", () => {
    const c = new TtlCache<string>({ ttlMs: 5000, maxEntries: 10 });
    c.set("k", "v", 1_000);
    expect(c.get("k", 5_999)).toBe("v");
    expect(c.get("k", 6_000)).toBeUndefined();
    expect(c.size).toBe(0);
  });

  it("evicts the least recently used entry beyond its bound, and clear() empties it", () => {
    const c = new TtlCache<number>({ ttlMs: 5000, maxEntries: 2 });
    c.set("a", 1, 0);
    c.set("b", 2, 0);
    expect(c.get("a", 1)).toBe(1); // a is now more recent than b
    c.set("c", 3, 2);
    expect(c.get("b", 3)).toBeUndefined();
    expect([c.get("a", 3), c.get("c", 3)]).toEqual([1, 3]);
    c.clear();
    expect(c.get("a", 4)).toBeUndefined();
  });
});

describe("page cache keys", () => {
  const base = { filter: { brands: ["x", "y"] }, searchText: null, sort: "NAME" as const, after: null, limit: 21 };

  it("separate every viewer scope: group set, channel, and a guest from a group member", () => {
    const keys = [
      pageCacheKey({ ...base, scope: shop([]) }),
      pageCacheKey({ ...base, scope: shop(["g1"]) }),
      pageCacheKey({ ...base, scope: shop(["g1", "g2"]) }),
      pageCacheKey({ ...base, scope: shop(["g1"], "c2") }),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("separate filter, search text, sort, cursor and page size, and share equal requests written differently", () => {
    const k = pageCacheKey({ ...base, scope: shop(["g2", "g1"]) });
    expect(pageCacheKey({ ...base, filter: { brands: ["y", "x"] }, scope: shop(["g1", "g2"]) })).toBe(k);
    for (const other of [
      { ...base, filter: { brands: ["x"] } },
      { ...base, searchText: "x" },
      { ...base, sort: "NEWEST" as const },
      { ...base, after: "cursor" },
      { ...base, limit: 6 },
    ]) {
      expect(pageCacheKey({ ...other, scope: shop(["g1", "g2"]) })).not.toBe(k);
    }
    expect(summaryCacheKey({ ...base, scope: shop([]) })).not.toBe(summaryCacheKey({ ...base, searchText: "hammer", scope: shop([]) }));
  });

  it("every product, variant and category event clears the page cache of the isolate that consumes it", async () => {
    for (const type of PAGE_CACHE_EVENT_TYPES) {
      const h = handlersFor(type).find((x) => x.name === `catalog.clear-page-cache-on-${type}`);
      expect(h, type).toBeDefined();
      catalogPageCache.set("probe", [], 0);
      await h!.handle(undefined as never, undefined as never, {} as never);
      expect(catalogPageCache.get("probe", 1), type).toBeUndefined();
    }
  });
});

/** Through the Worker: the isolate serving SELF.fetch is the one these modules live in. */
const tag = uniq("pcache");
const brand = `${tag}-brand`;
const s = (n: string) => `${tag}-${n}`;
const LIST_PRICED = `query($filter: ProductFilter, $first: Int) { products(filter: $filter, first: $first) {
  edges { node { slug name variants { sku price { amount } priceHiddenReason } } } } }`;
let group = "";
let otherGroup = "";

beforeAll(async () => {
  group = await makeGroup();
  otherGroup = await makeGroup();
  await adminMutation("mutation($s: String!) { upsertBrand(slug: $s, name: $s) { id } }", { s: brand });
  await mustUpsert([
    { slug: s("open"), name: "Xylocopa Open Drill", status: "active", brand, channels: ["b2c"], variants: [variant(`${tag}-OPN`.toUpperCase())] },
    { slug: s("secret"), name: "Xylocopa Licensed Drill", status: "active", brand, channels: ["b2c"], restrictedToGroups: [group], variants: [variant(`${tag}-SEC`.toUpperCase())] },
  ]);
});

async function listing(opts: { token?: string; first?: number } = {}) {
  const r = await gql("shop", LIST_PRICED, { filter: { brands: [brand] }, first: opts.first ?? 10 }, { channel: "b2c", token: opts.token });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return { slugs: slugsOf(r.data.products).map((x) => x.slice(tag.length + 1)), sql: Number(r.headers.get("x-sql-queries")), data: r.data.products };
}

async function search(q: string, token?: string) {
  const r = await gql("shop", SEARCH, { q, filter: { brands: [brand] } }, { channel: "b2c", token });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return { slugs: slugsOf(r.data.search).map((x) => x.slice(tag.length + 1)), total: r.data.search.totalCount, sql: Number(r.headers.get("x-sql-queries")), facets: r.data.search.facets };
}

describe("cached shop pages through the Worker", () => {
  it("a hot listing and a hot search run no SQL and answer exactly as the cold ones did", async () => {
    clearCatalogPageCaches();
    await gql("shop", "{ __typename }", {}, { channel: "b2c" }); // the per-isolate channel cache
    const cold = await listing();
    const hot = await listing();
    expect(cold.sql).toBeGreaterThanOrEqual(1);
    expect(hot.sql).toBe(0);
    expect(hot.data).toEqual(cold.data);
    const coldSearch = await search("xylocopa");
    const hotSearch = await search("xylocopa");
    expect(coldSearch.sql).toBe(1); // page + totals/facets in one statement
    expect(hotSearch.sql).toBe(0);
    expect(hotSearch).toEqual({ ...coldSearch, sql: 0 });
    expect(hotSearch.facets.brands).toEqual([{ slug: brand, count: 1 }]);
  });

  it("totals asked through a fragment come with the page in one statement and agree with a plain query", async () => {
    clearCatalogPageCaches();
    const q = `query($q: String!, $f: ProductFilter) { search(query: $q, filter: $f, first: 1) { ...Totals edges { node { slug } } } }
      fragment Totals on ProductConnection { ... on ProductConnection { totalCount facets { brands { slug count } } } }`;
    const viaFragment = await gql("shop", q, { q: "xylocopa drill", f: { brands: [brand] } }, { channel: "b2c" });
    expect(viaFragment.errors, JSON.stringify(viaFragment.errors)).toBeUndefined();
    expect(Number(viaFragment.headers.get("x-sql-queries"))).toBe(1);
    expect(viaFragment.data.search.edges).toHaveLength(1);
    clearCatalogPageCaches();
    const plain = await search("xylocopa drill");
    expect(viaFragment.data.search.totalCount).toBe(plain.total);
    expect(plain.total).toBe(plain.slugs.length);
    expect(viaFragment.data.search.facets.brands).toEqual(plain.facets.brands);
  });

  it("a restricted product never leaks from an entry filled for another viewer scope, in either order", async () => {
    clearCatalogPageCaches();
    const member = await customerToken([group]);
    const outsider = await customerToken([otherGroup]);
    // member first: the entry filled for the group must not serve a guest or an outsider
    expect((await listing({ token: member })).slugs.sort()).toEqual(["open", "secret"]);
    expect((await listing()).slugs).toEqual(["open"]);
    expect((await listing({ token: outsider })).slugs).toEqual(["open"]);
    expect((await search("licensed drill", member)).slugs).toContain("secret");
    const guestSearch = await search("licensed drill");
    expect(guestSearch.slugs).not.toContain("secret");
    expect(guestSearch.total).toBe(guestSearch.slugs.length);
    // guest first: the guest entry must not hide the product from a member
    clearCatalogPageCaches();
    expect((await listing({ first: 7 })).slugs).toEqual(["open"]);
    expect((await listing({ first: 7, token: member })).slugs.sort()).toEqual(["open", "secret"]);
    // a member in several groups (order irrelevant) sees it too
    expect((await listing({ first: 7, token: await customerToken([otherGroup, group]) })).slugs.sort()).toEqual(["open", "secret"]);
  });

  it("an admin write is visible at once in this isolate; a write that bypasses the services shows after its event or the TTL", async () => {
    clearCatalogPageCaches();
    expect((await listing()).slugs).toEqual(["open"]);
    const mark = new Date(Date.now() - 1000);
    // through the admin API: cleared at commit
    await mustUpsert([{ slug: s("open"), name: "Xylocopa Open Drill", status: "active", brand, channels: ["b2c"], restrictedToGroups: [group], variants: [variant(`${tag}-OPN`.toUpperCase())] }]);
    expect((await listing()).slugs).toEqual([]);
    // the upsert's own events also clear the cache when the queue delivers them: wait them out so
    // the page cached next is the one the stale read below must hit
    await vi.waitFor(
      async () => {
        const [row] = await withDb((h) =>
          h.db.execute<{ n: number }>(sql`select count(*)::int as n from domain_events e
            where e.occurred_at >= ${mark.toISOString()}::timestamptz and e.type = any(${`{${PAGE_CACHE_EVENT_TYPES.join(",")}}`}::text[])
              and not exists (select 1 from processed_events p where p.event_id = e.id and p.handler like 'catalog.%')`),
        );
        expect(row!.n).toBe(0);
      },
      { timeout: 15_000, interval: 100 },
    );
    expect((await listing()).slugs).toEqual([]);
    // straight to the table (as another isolate's write looks from here): the cached page is stale…
    await withDb((h) => h.db.execute(sql`delete from product_group_restrictions where product_id = (select id from products where slug = ${s("open")})`));
    const stale = await listing();
    expect(stale.slugs).toEqual([]);
    expect(stale.sql).toBe(0);
    // …until the product.updated event reaches this isolate's consumer
    for (const h of handlersFor("product.updated").filter((x) => x.name.startsWith("catalog."))) await h.handle(undefined as never, undefined as never, {} as never);
    expect((await listing()).slugs).toEqual(["open"]);
    // and without any event, within the TTL
    await withDb((h) => h.db.execute(sql`update products set status = 'draft' where slug = ${s("open")}`));
    expect((await listing()).slugs).toEqual(["open"]);
    await new Promise((r) => setTimeout(r, PAGE_CACHE_TTL_MS + 300));
    expect((await listing()).slugs).toEqual([]);
  }, 20_000);

  it("a page cached before its product was hidden is dropped once the buyer's PriceBook refuses the variant", async () => {
    await mustUpsert([{ slug: s("late"), name: "Xylocopa Late Drill", status: "active", brand, channels: ["b2c"], variants: [variant(`${tag}-LATE`.toUpperCase())] }]);
    clearCatalogPageCaches();
    expect((await listing({ first: 8 })).slugs).toContain("late"); // cached, and the guest's PriceBook now knows the variant
    // hidden by a write this isolate never saw; the pricing consumer invalidates the PriceBooks
    await withDb((h) => h.db.execute(sql`insert into product_group_restrictions (product_id, group_id) select id, ${group}::uuid from products where slug = ${s("late")}`));
    const invalidate = handlersFor("product.updated").filter((x) => x.name.startsWith("pricing."));
    expect(invalidate.length).toBeGreaterThan(0);
    await withDb((h) => h.db.transaction(async (tx) => {
      for (const x of invalidate) await x.handle(tx, undefined as never, { priceBooks: priceBookClient(env) });
    }));
    const stale = await gql("shop", LIST_PRICED, { filter: { brands: [brand] }, first: 8 }, { channel: "b2c" });
    // the stale page still lists it, and pricing refuses it (one failed request per isolate)…
    expect(stale.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    // …which drops the cache: the next request re-reads
    const fresh = await listing({ first: 8 });
    expect(fresh.slugs).not.toContain("late");
    expect(fresh.sql).toBeGreaterThanOrEqual(1);
  });
});
