/**
 * Bulk seeding shared by the Worker benchmarks: active products with one variant each, published
 * to a channel, priced in one USD list — a handful of statements whatever the count.
 */
import { sql } from "drizzle-orm";
import type { PostgresJsDatabase } from "drizzle-orm/postgres-js";

/** wrangler.toml's development AUTH_SECRET: benchmarks sign real tokens the local Worker accepts. */
export const DEV_AUTH_SECRET = "dev-only-insecure-secret-change-me-in-production-0123456789";

export interface SeededVariant {
  id: string;
  sku: string;
}

export async function insertPricedVariants(
  db: PostgresJsDatabase,
  opts: { prefix: string; count: number; channel: string; weightG?: number | null; tiers: { minQty: number; unitPrice: number }[] },
): Promise<SeededVariant[]> {
  const rows = (await db.execute(sql`
    with p as (
      insert into products (slug, name, status)
      select ${opts.prefix} || g, 'Bench product ' || g, 'active' from generate_series(1, ${opts.count}) g
      returning id, slug
    ), v as (
      insert into variants (product_id, sku, name, weight_g) select id, upper(slug), slug, ${opts.weightG ?? null}::int from p returning id, sku, product_id
    ), pc as (
      insert into product_channels (product_id, channel_id)
      select v.product_id, c.id from v, channels c where c.code = ${opts.channel} returning 1
    )
    select id, sku from v order by sku`)) as unknown as SeededVariant[];
  const ids = rows.map((r) => r.id);
  await db.execute(sql`
    with l as (insert into price_lists (name, currency, priority) values (${`Bench ${opts.prefix} USD`}, 'USD', 0) returning id)
    insert into price_list_entries (price_list_id, variant_id, tiers)
    select l.id, v, ${JSON.stringify(opts.tiers)}::jsonb
    from l, unnest(${`{${ids.join(",")}}`}::uuid[]) v`);
  return rows;
}
