/**
 * Catalog listing and search through the Worker on 10,000 variants (2,500 products × 4), with the
 * same SQL timed directly from Node (postgres.js) so the database's share is shown apart from the
 * local runtime (whose Hyperdrive opens a new connection per request — see the toolchain notes).
 * Reference: Vendure 3.7.3 on this kind of machine — listing 13.7 req/s (p50 1,072 ms, ~65 SQL
 * queries a request), search 18.8 req/s (p50 827 ms).
 */
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Db } from "../../shared/kernel/db";
import { productPageQuery, type PageRequest } from "../../shared/catalog/catalog-read.query";
import { parseSearchQuery } from "../../shared/catalog/search-query";
import { latencyFigures, timeIt, type BenchSuite, type Figure } from "./bench-kit";
import { graphqlOnce, loadTest, startStack, type Stack } from "./lib/stack";

const PRODUCTS = 2500;
const VARIANTS_PER_PRODUCT = 4;
const DURATION_SEC = Number(process.env.BENCH_DURATION_SEC ?? 10);

const LISTING = `query($first: Int) { products(first: $first, filter: { brands: ["bench-brand-1","bench-brand-2","bench-brand-3"] }) {
  edges { cursor node { id slug name brand { name } variants { id sku casePack moq price { amount currency } priceHiddenReason } } }
  pageInfo { hasNextPage endCursor } } }`;
const SEARCH = `query($q: String!) { search(query: $q, first: 20) {
  totalCount edges { node { slug name variants { sku price { amount } } } } facets { brands { slug count } categories { slug count } } } }`;

/** Bulk SQL: a few statements whatever the size. */
async function seedBenchCatalog(url: string): Promise<void> {
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
      await tx`analyze`;
    });
  } finally {
    await sql.end();
  }
}

let stackP: Promise<Stack> | undefined;
const stack = () => (stackP ??= startStack({ seed: seedBenchCatalog }));

/** The page SQL the Worker runs, timed straight from Node on one warm connection. */
async function directDbTimes(databaseUrl: string, build: (channelId: string) => PageRequest): Promise<number[]> {
  const client = postgres(databaseUrl, { max: 1, prepare: false, onnotice: () => {} });
  try {
    const db = drizzle(client) as unknown as Db;
    const [ch] = await client<{ id: string }[]>`select id from channels where code = 'b2c'`;
    const req = build(ch!.id);
    return await timeIt(() => db.execute(productPageQuery(req)), 200);
  } finally {
    await client.end();
  }
}

const scope = (channelId: string) => ({ kind: "shop" as const, channelId, groupIds: [] });

const suite: BenchSuite = {
  cases: [
    {
      name: "catalog.listing",
      async run(): Promise<Figure[]> {
        const s = await stack();
        const url = `${s.baseUrl}/graphql`;
        const headers = { "x-channel": "b2c" };
        const counts: Record<number, number> = {};
        await graphqlOnce(url, LISTING, { first: 1 }, headers); // warm the per-isolate channel cache
        for (const first of [5, 20, 100]) {
          const r = await graphqlOnce(url, LISTING, { first }, headers);
          if ((r.body as { errors?: unknown }).errors) throw new Error(JSON.stringify((r.body as { errors?: unknown }).errors));
          counts[first] = r.sqlQueries;
        }
        const load = await loadTest({ url, connections: 16, durationSec: DURATION_SEC, headers, body: JSON.stringify({ query: LISTING, variables: { first: 20 } }) });
        const db = await directDbTimes(s.databaseUrl, (id) => ({ scope: scope(id), filter: { brands: ["bench-brand-1", "bench-brand-2", "bench-brand-3"] }, search: null, sort: "NAME", after: null, limit: 21 }));
        const b = "catalog.listing";
        return [
          { bench: b, metric: "throughput (16 conn)", value: load.requestsPerSec, unit: "req/s", reference: 13.7, goal: "≥ 300" },
          { bench: b, metric: "p50 (16 conn)", value: load.p50, unit: "ms", reference: 1072 },
          { bench: b, metric: "p99 (16 conn)", value: load.p99, unit: "ms" },
          { bench: b, metric: "errors+non2xx", value: load.errors + load.non2xx, unit: "requests" },
          { bench: b, metric: "SQL queries/request (first: 20)", value: counts[20]!, unit: "queries", reference: "~65", goal: "≤ 3" },
          { bench: b, metric: "SQL queries/request (first: 5 / 100)", value: Number(`${counts[5]}.${counts[100]}`), unit: "queries (a.b = 5 / 100)", goal: "same as first: 20" },
          ...latencyFigures(`${b}.db-only`, db),
        ];
      },
    },
    {
      name: "catalog.search",
      async run(): Promise<Figure[]> {
        const s = await stack();
        const url = `${s.baseUrl}/graphql`;
        const headers = { "x-channel": "b2c" };
        const queries = ["hamer", "industrial wrench", "BENCH-1234-2", "screwdriver 77", "glove"];
        const seq: number[] = [];
        let sql = 0;
        for (let i = 0; i < 100; i++) {
          const r = await graphqlOnce(url, SEARCH, { q: queries[i % queries.length] }, headers);
          if ((r.body as { errors?: unknown }).errors) throw new Error(JSON.stringify((r.body as { errors?: unknown }).errors));
          seq.push(r.ms);
          sql = r.sqlQueries;
        }
        seq.sort((a, b) => a - b);
        const load = await loadTest({ url, connections: 16, durationSec: Math.max(3, Math.round(DURATION_SEC / 2)), headers, body: JSON.stringify({ query: SEARCH, variables: { q: "hamer" } }) });
        const db = await directDbTimes(s.databaseUrl, (id) => ({ scope: scope(id), filter: {}, search: parseSearchQuery("hamer"), sort: "RELEVANCE", after: null, limit: 21 }));
        const b = "catalog.search";
        return [
          ...latencyFigures(`${b}.sequential`, seq, { p50: 827 }, { p99: "≤ 50 ms" }),
          { bench: b, metric: "throughput (16 conn)", value: load.requestsPerSec, unit: "req/s", reference: 18.8 },
          { bench: b, metric: "p50 (16 conn)", value: load.p50, unit: "ms", reference: 827 },
          { bench: b, metric: "p99 (16 conn)", value: load.p99, unit: "ms", goal: "≤ 50" },
          { bench: b, metric: "SQL queries/request (page + facets + prices)", value: sql, unit: "queries" },
          ...latencyFigures(`${b}.db-only (page query)`, db),
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
