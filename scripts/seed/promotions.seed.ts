/**
 * Demo promotions: the brief's volume-tier rule (B2B, one category, two customer groups) on
 * Fasteners for the gold and silver groups, and a B2C coupon SPRING10 (10 % off the order).
 * Stored exactly as the admin API stores them (validated by the engine's schema).
 */
import { sql } from "drizzle-orm";
import type { Executor } from "../../shared/kernel/db";
import { promotionCoupons, promotionRules } from "../../shared/promotions/promotions.tables";
import { prepareRule } from "../../shared/promotions/stored-rules";

export async function seedPromotions(db: Executor): Promise<void> {
  const [cat] = await db.execute<{ id: string }>(sql`select id from categories where slug = 'fasteners'`);
  const groups = await db.execute<{ id: string }>(sql`select id from customer_groups where code in ('gold', 'silver') order by code`);
  const rules = [
    prepareRule({
      name: "Wholesale volume tiers — Fasteners",
      type: "automatic",
      stacking_policy: "coupon_only",
      priority: 100,
      conditions: [
        { type: "channel", config: { channel_codes: ["b2b"] } },
        { type: "product_in_category", config: { category_ids: [cat?.id ?? "none"] } },
        { type: "customer_in_group", config: { group_ids: [...groups].map((g) => g.id) } },
      ],
      actions: [{ type: "volume_tiered_percentage", config: { tiers: [{ min_qty: 12, percent: 5 }, { min_qty: 48, percent: 10 }, { min_qty: 144, percent: 15 }] } }],
    }),
    prepareRule({
      name: "Spring 10 % (coupon SPRING10)",
      type: "coupon",
      coupon_codes: ["SPRING10"],
      channel_codes: ["b2c"],
      usage_limits: { per_customer: 1 },
      actions: [{ type: "percent_off", config: { percent: 10, target: "order" } }],
    }),
  ];
  for (const p of rules) {
    const [row] = await db.insert(promotionRules).values({ ...p.columns, status: "active", rule: p.json }).returning({ id: promotionRules.id });
    if (p.coupons.length > 0) await db.insert(promotionCoupons).values(p.coupons.map((c) => ({ ruleId: row!.id, code: c.code, maxUses: c.maxUses })));
  }
  await db.execute(sql`insert into promotions_version (id, version) values (1, 2) on conflict (id) do update set version = promotions_version.version + 1`);
}
