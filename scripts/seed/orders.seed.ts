/**
 * Demo data for checkout: two warehouses holding stock of every seeded variant (a few left at the
 * second warehouse only, some out of stock, a few allowed to backorder), and each channel's terms
 * of sale as an OPTIONAL checkout agreement (shown at checkout; making it required is one admin
 * call — `publishCheckoutAgreement` with required: true — so fresh demos and tests place orders
 * without accepting anything first). Deterministic: stock derives from the variant's position.
 */
import { sql } from "drizzle-orm";
import { channels } from "../../shared/channels";
import type { Executor } from "../../shared/kernel/db";
import { checkoutAgreements } from "../../shared/orders/orders.tables";

const TERMS = `These demo terms of sale apply to every order placed in this store. Prices are in the currency shown at checkout; taxes and shipping are itemised before you place the order.`;

export async function seedOrders(db: Executor, now = new Date()): Promise<{ warehouses: number; stockRows: number; agreements: number }> {
  const wh = (await db.execute(sql`
    insert into warehouses (code, name, priority) values ('MAIN', 'Main distribution center', 1), ('EAST', 'East coast overflow', 2)
    returning id, code`)) as unknown as { id: string; code: string }[];
  const main = wh.find((w) => w.code === "MAIN")!.id;
  const east = wh.find((w) => w.code === "EAST")!.id;
  // every 17th variant is out of stock, every 11th only at EAST; the rest 40–240 units at MAIN (+25 at EAST on every 3rd)
  const rows = (await db.execute(sql`
    with v as (select id, row_number() over (order by sku) as n from variants),
    s as (
      select id, ${main}::uuid as warehouse_id, case when n % 17 = 0 or n % 11 = 0 then 0 else 40 + (n * 37) % 200 end as on_hand from v
      union all
      select id, ${east}::uuid, case when n % 17 = 0 then 0 when n % 11 = 0 then 12 else 25 end from v where n % 11 = 0 or n % 3 = 0
    )
    insert into stock_levels (variant_id, warehouse_id, on_hand) select id, warehouse_id, on_hand from s
    returning 1`)) as unknown as unknown[];
  await db.execute(sql`
    insert into variant_inventory (variant_id, backorder_allowed, updated_at)
    select id, true, ${now.toISOString()}::timestamptz from (select id, row_number() over (order by sku) as n from variants) v where n % 34 = 0`);
  const chans = await db.select({ id: channels.id, code: channels.code }).from(channels);
  await db.insert(checkoutAgreements).values(
    chans.map((c) => ({ channelId: c.id, code: "terms-of-sale", version: 1, title: "Terms of sale", body: TERMS, required: false, appliesTo: "all", validFrom: now, validTo: null, createdAt: now })),
  );
  return { warehouses: wh.length, stockRows: rows.length, agreements: chans.length };
}
