/**
 * Catalog listing and search through the Worker on 10,000 variants (2,500 products × 4), with the
 * same SQL timed directly from Node (postgres.js) so the database's share is shown apart from the
 * local runtime (whose Hyperdrive opens a new connection per request — see the toolchain notes).
 * Reference: Vendure 3.7.3 on this kind of machine — listing 13.7 req/s (p50 1,072 ms, ~65 SQL
 * queries a request), search 18.8 req/s (p50 827 ms).
 *
 * Shop pages are cached per isolate for 5 s (shared/catalog/catalog-page-cache.ts), so each route
 * is measured twice: "hot" repeats one request (served from the cache, 0 SQL) and "cold" makes
 * every request miss by adding a unique, non-existent brand slug to the brand filter (same rows,
 * same SQL shape, a new cache key). Ceilings of the local runtime are measured alongside: a
 * GraphQL request running no SQL and /health running one `select 1`.
 */
import { cpus, loadavg } from "node:os";
import autocannon from "autocannon";
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "../../shared/kernel/db";
import { productPageQuery, productPageWithSummaryQuery, summaryQuery, type PageRequest } from "../../shared/catalog/catalog-read.query";
import { parseSearchQuery } from "../../shared/catalog/search-query";
import { latencyFigures, percentile, timeIt, type BenchSuite, type Figure } from "./bench-kit";
import { graphqlOnce, startStack, type Stack } from "./lib/stack";

const PRODUCTS = 2500;
const VARIANTS_PER_PRODUCT = 4;
const DURATION_SEC = Number(process.env.BENCH_DURATION_SEC ?? 10);

const BRANDS = ["bench-brand-1", "bench-brand-2", "bench-brand-3"];
const LISTING = `query($first: Int, $filter: ProductFilter) { products(first: $first, filter: $filter) {
  edges { cursor node { id slug name brand { name } variants { id sku casePack moq price { amount currency } priceHiddenReason } } }
  pageInfo { hasNextPage endCursor } } }`;
const SEARCH = `query($q: String!, $filter: ProductFilter) { search(query: $q, first: 20, filter: $filter) {
  totalCount edges { node { slug name variants { sku price { amount } } } } facets { brands { slug count } categories { slug count } } } }`;
const SEARCHES = ["hamer", "industrial wrench", "BENCH-1234-2", "screwdriver 77", "glove"];
const HEADERS = { "content-type": "application/json", "x-channel": "b2c" };

let missCounter = 0;
/** Same rows and SQL shape as BRANDS, but a cache key no earlier request used. */
const coldFilter = () => ({ brands: [...BRANDS, `bench-nobrand-${process.pid}-${++missCounter}`] });

/** Bulk SQL: a few statements whatever the size. */
export async function seedBenchCatalog(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    await sql.begin(async (tx) => {
      await tx`insert into brands (slug, name) select 'bench-brand-' || g, 'Benchmark Brand ' || g from generate_series(1, 3) g`;
      await tx`insert into categories (id, slug, name, path)
        select id, 'bench-cat-' || g, 'Bench Category ' || g, array[id] from (select gen_random_uuid() as id, g from generate_series(1, 20) g) c`;
      const nouns = ["Hammer", "Wrench", "Screwdriver", "Pliers", "Drill", "Saw", "Glove", "Cleaner", "Bolt", "Tape"];
      await tx`insert into products (slug, name, status, brand_id, description, created_at)
        select 'bench-product-' || g,
          (array['Heavy','Light','Pro','Compact','Industrial'])[1 + g % 5] || ' ' || (${nouns}::text[])[1 + g % 10] || ' ' || g,
          'active', (select id from brands where slug = 'bench-brand-' || (1 + g % 3)), '<p>Bench product ' || g || '</p>',
          now() - (g || ' seconds')::interval
        from generate_series(1, ${PRODUCTS}) g`;
      await tx`insert into variants (product_id, sku, name, position, length_mm, width_mm, height_mm, weight_g, case_pack, moq, order_increment)
        select p.id, 'BENCH-' || substr(p.slug, 15) || '-' || v, p.name || ' #' || v, v, 100, 50, 20, 300 + v, 1 + (v % 2) * 5, 1 + (v % 2) * 5, 1 + (v % 2) * 5
        from products p cross join generate_series(1, ${VARIANTS_PER_PRODUCT}) v where p.slug like 'bench-product-%'`;
      await tx`insert into product_categories (product_id, category_id)
        select p.id, c.id from products p join categories c on c.slug = 'bench-cat-' || (1 + abs(hashtext(p.slug)) % 20) where p.slug like 'bench-product-%'`;
      await tx`insert into product_channels (product_id, channel_id)
        select p.id, ch.id from products p cross join channels ch where p.slug like 'bench-product-%' and ch.code in ('b2c', 'hybrid')`;
      await tx`insert into product_traits (product_id, trait, value)
        select p.id, 'material', (array['steel','aluminium','plastic'])[1 + abs(hashtext(p.slug)) % 3] from products p where p.slug like 'bench-product-%'`;
      await tx`update products p set search_text = concat_ws(' ', p.name, b.name,
          (select string_agg(v.sku || ' ' || v.name, ' ') from variants v where v.product_id = p.id))
        from products p2 left join brands b on b.id = p2.brand_id where p2.id = p.id and p.slug like 'bench-product-%'`;
    });
    // steady state: bulk inserts leave GIN entries in the pending list until (auto)vacuum
    await sql`vacuum analyze`;
  } finally {
    await sql.end();
  }
}

let stackP: Promise<Stack> | undefined;
const stack = () => (stackP ??= startStack({ seed: seedBenchCatalog }));

const scope = (channelId: string) => ({ kind: "shop" as const, channelId, groupIds: [] });

/** SQL the Worker runs, timed straight from Node on one warm connection (the database's share). */
async function directDbTimes(databaseUrl: string, run: (db: Db, channelId: string) => Promise<unknown>, iterations = 200): Promise<number[]> {
  const client = postgres(databaseUrl, { max: 1, prepare: false, onnotice: () => {} });
  try {
    const db = drizzle(client) as unknown as Db;
    const [ch] = await client<{ id: string }[]>`select id from channels where code = 'b2c'`;
    return await timeIt(() => run(db, ch!.id), iterations);
  } finally {
    await client.end();
  }
}

/** 16 connections; `body` is called per request so cold runs can give each request its own cache key. */
async function load(url: string, durationSec: number, body: () => string, method: "GET" | "POST" = "POST") {
  if (!/^http:\/\/127\.0\.0\.1:/.test(url)) throw new Error("load tests target the local stack only");
  const r = await autocannon({
    url,
    connections: 16,
    duration: durationSec,
    requests: [{ method, headers: HEADERS, setupRequest: (req) => (method === "POST" ? { ...req, body: body() } : req) }],
  });
  return { rps: Math.round(r.requests.average * 10) / 10, p50: r.latency.p50, p99: r.latency.p99, failed: r.errors + r.non2xx };
}

async function sequential(url: string, n: number, vars: (i: number) => Record<string, unknown>) {
  const ms: number[] = [];
  const sql: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = await graphqlOnce(url, SEARCH, vars(i), { "x-channel": "b2c" });
    if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
    ms.push(r.ms);
    sql.push(r.sqlQueries);
  }
  // cached pages expire after 5 s, so a long "hot" run refills now and then
  return { ms: ms.sort((a, b) => a - b), sql: percentile(sql.sort((a, b) => a - b), 50), withSql: sql.filter((x) => x > 0).length };
}

const machine = (bench: string): Figure => ({ bench, metric: `load average (1 min) at end, ${cpus().length} cores shared`, value: Math.round(loadavg()[0]! * 100) / 100, unit: "" });

const suite: BenchSuite = {
  cases: [
    {
      name: "catalog.ceiling",
      async run(): Promise<Figure[]> {
        const s = await stack();
        const noSql = await load(`${s.baseUrl}/graphql`, Math.max(3, Math.round(DURATION_SEC / 2)), () => JSON.stringify({ query: "{ __typename }" }));
        const oneSql = await load(`${s.baseUrl}/health`, Math.max(3, Math.round(DURATION_SEC / 2)), () => "", "GET");
        const b = "catalog.ceiling";
        return [
          { bench: b, metric: "GraphQL, 0 SQL: throughput (16 conn)", value: noSql.rps, unit: "req/s" },
          { bench: b, metric: "GraphQL, 0 SQL: p50", value: noSql.p50, unit: "ms" },
          { bench: b, metric: "GraphQL, 0 SQL: p99", value: noSql.p99, unit: "ms" },
          { bench: b, metric: "/health, 1 SQL (new connection each): throughput (16 conn)", value: oneSql.rps, unit: "req/s" },
          { bench: b, metric: "/health, 1 SQL: p50", value: oneSql.p50, unit: "ms" },
          { bench: b, metric: "/health, 1 SQL: p99", value: oneSql.p99, unit: "ms" },
          machine(b),
        ];
      },
    },
    {
      name: "catalog.listing",
      async run(): Promise<Figure[]> {
        const s = await stack();
        const url = `${s.baseUrl}/graphql`;
        const headers = { "x-channel": "b2c" };
        const once = async (first: number, filter: unknown) => {
          const r = await graphqlOnce(url, LISTING, { first, filter }, headers);
          if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
          return r.sqlQueries;
        };
        await once(1, coldFilter()); // warm the per-isolate channel cache
        const cold: number[] = [];
        for (const first of [5, 20, 100]) cold.push(await once(first, coldFilter()));
        const hotFilter = { brands: BRANDS };
        await once(20, hotFilter);
        const hotSql = await once(20, hotFilter);
        const hot = await load(url, DURATION_SEC, () => JSON.stringify({ query: LISTING, variables: { first: 20, filter: hotFilter } }));
        const coldLoad = await load(url, DURATION_SEC, () => JSON.stringify({ query: LISTING, variables: { first: 20, filter: coldFilter() } }));
        const db = await directDbTimes(s.databaseUrl, (d, id) => d.execute(productPageQuery({ scope: scope(id), filter: coldFilter(), search: null, sort: "NAME", after: null, limit: 21 })));
        const b = "catalog.listing";
        return [
          { bench: b, metric: "hot (cached page): throughput (16 conn)", value: hot.rps, unit: "req/s", reference: 13.7, goal: "≥ 300" },
          { bench: b, metric: "hot: p50", value: hot.p50, unit: "ms", reference: 1072 },
          { bench: b, metric: "hot: p99", value: hot.p99, unit: "ms" },
          { bench: b, metric: "hot: SQL queries/request", value: hotSql, unit: "queries", reference: "~65", goal: "≤ 3" },
          { bench: b, metric: "cold (every request misses): throughput (16 conn)", value: coldLoad.rps, unit: "req/s", reference: 13.7 },
          { bench: b, metric: "cold: p50", value: coldLoad.p50, unit: "ms", reference: 1072 },
          { bench: b, metric: "cold: p99", value: coldLoad.p99, unit: "ms" },
          ...[5, 20, 100].map((first, i): Figure => ({ bench: b, metric: `cold: SQL queries/request (first: ${first})`, value: cold[i]!, unit: "queries", goal: "≤ 3, same for every size" })),
          { bench: b, metric: "errors+non2xx", value: hot.failed + coldLoad.failed, unit: "requests" },
          ...latencyFigures(`${b}.db-only (page query)`, db),
          machine(b),
        ];
      },
    },
    {
      name: "catalog.search",
      async run(): Promise<Figure[]> {
        const s = await stack();
        const url = `${s.baseUrl}/graphql`;
        const q = (i: number) => SEARCHES[i % SEARCHES.length]!;
        await sequential(url, 5, (i) => ({ q: q(i), filter: coldFilter() })); // warm-up
        const cold = await sequential(url, 100, (i) => ({ q: q(i), filter: coldFilter() }));
        await sequential(url, 5, (i) => ({ q: q(i) }));
        const hot = await sequential(url, 100, (i) => ({ q: q(i) }));
        const dur = Math.max(3, Math.round(DURATION_SEC / 2));
        const hotLoad = await load(url, dur, () => JSON.stringify({ query: SEARCH, variables: { q: "hamer" } }));
        let n = 0;
        const coldLoad = await load(url, dur, () => JSON.stringify({ query: SEARCH, variables: { q: q(n++), filter: coldFilter() } }));
        const reqFor = (id: string, text: string): PageRequest => ({ scope: scope(id), filter: coldFilter(), search: parseSearchQuery(text), sort: "RELEVANCE", after: null, limit: 21 });
        let k = 0;
        const both = await directDbTimes(s.databaseUrl, (d, id) => d.execute(productPageWithSummaryQuery(reqFor(id, q(k++)))));
        const page = await directDbTimes(s.databaseUrl, (d, id) => d.execute(productPageQuery(reqFor(id, q(k++)))));
        const summary = await directDbTimes(s.databaseUrl, (d, id) => d.execute(summaryQuery(reqFor(id, q(k++)))));
        const b = "catalog.search";
        return [
          ...latencyFigures(`${b}.cold sequential (1 SQL + PriceBook)`, cold.ms, { p50: 827 }, { p99: "≤ 50 ms" }),
          ...latencyFigures(`${b}.hot sequential (cached, 0 SQL)`, hot.ms, { p50: 827 }, { p99: "≤ 50 ms" }),
          { bench: b, metric: "cold: SQL queries/request, median (page + totals/facets in one; prices from the PriceBook)", value: cold.sql, unit: "queries" },
          { bench: b, metric: "hot: SQL queries/request, median", value: hot.sql, unit: "queries" },
          { bench: b, metric: "hot: requests that ran SQL (TTL refills), of 100", value: hot.withSql, unit: "requests" },
          { bench: b, metric: "hot: throughput (16 conn)", value: hotLoad.rps, unit: "req/s", reference: 18.8 },
          { bench: b, metric: "hot: p50 (16 conn)", value: hotLoad.p50, unit: "ms", reference: 827 },
          { bench: b, metric: "hot: p99 (16 conn)", value: hotLoad.p99, unit: "ms", goal: "≤ 50" },
          { bench: b, metric: "cold: throughput (16 conn)", value: coldLoad.rps, unit: "req/s", reference: 18.8 },
          { bench: b, metric: "cold: p50 (16 conn)", value: coldLoad.p50, unit: "ms", reference: 827 },
          { bench: b, metric: "cold: p99 (16 conn)", value: coldLoad.p99, unit: "ms", goal: "≤ 50" },
          { bench: b, metric: "errors+non2xx", value: hotLoad.failed + coldLoad.failed, unit: "requests" },
          ...latencyFigures(`${b}.db-only (page+totals+facets, the one statement the Worker runs; 5 queries)`, both),
          ...latencyFigures(`${b}.db-only (page alone)`, page),
          ...latencyFigures(`${b}.db-only (totals+facets alone)`, summary),
          machine(b),
        ];
      },
    },
    {
      name: "catalog.zz-stop",
      async run() {
        if (stackP) await (await stackP).stop();
        stackP = undefined;
        return [];
      },
    },
  ],
};

export default suite;
