/** SQL for promotion rules, coupons and the promotions version. Every function runs one statement. */
import { and, asc, desc, eq, sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import { promotionCouponBatches, promotionCoupons, promotionRules, promotionsVersion, type PromotionCouponRow, type PromotionRuleRow } from "./promotions.tables";

export type NewRuleRow = typeof promotionRules.$inferInsert;
export type NewCouponRow = typeof promotionCoupons.$inferInsert;

export async function insertRule(db: Executor, row: NewRuleRow): Promise<PromotionRuleRow> {
  const [r] = await db.insert(promotionRules).values(row).returning();
  return r!;
}

export async function updateRuleRow(db: Executor, id: string, row: Partial<NewRuleRow>): Promise<PromotionRuleRow | undefined> {
  const [r] = await db.update(promotionRules).set(row).where(eq(promotionRules.id, id)).returning();
  return r;
}

export async function findRule(db: Executor, id: string): Promise<PromotionRuleRow | undefined> {
  const [r] = await db.select().from(promotionRules).where(eq(promotionRules.id, id)).limit(1);
  return r;
}

/** Newest first; `channelCode` also matches rules for every channel (empty channel_codes). */
export async function listRules(db: Executor, q: { status: string | null; channelCode: string | null; limit: number }): Promise<PromotionRuleRow[]> {
  const conds = [];
  if (q.status) conds.push(eq(promotionRules.status, q.status));
  if (q.channelCode) conds.push(sql`(${promotionRules.channelCodes} = '{}' OR ${promotionRules.channelCodes} @> ARRAY[${q.channelCode}]::text[])`);
  return db
    .select()
    .from(promotionRules)
    .where(conds.length > 0 ? and(...conds) : undefined)
    .orderBy(desc(promotionRules.priority), asc(promotionRules.createdAt), asc(promotionRules.id))
    .limit(q.limit);
}

/** Active rules that have not ended by `now` (rules not yet started are kept: the cache outlives the moment). */
export async function loadActiveRuleRows(db: Executor, now: Date): Promise<PromotionRuleRow[]> {
  return db
    .select()
    .from(promotionRules)
    .where(and(eq(promotionRules.status, "active"), sql`(${promotionRules.endsAt} IS NULL OR ${promotionRules.endsAt} > ${now.toISOString()}::timestamptz)`));
}

/** Coupons of the active rules that have not expired (one statement). */
export async function loadActiveCoupons(db: Executor, now: Date): Promise<PromotionCouponRow[]> {
  return db
    .select({
      id: promotionCoupons.id, ruleId: promotionCoupons.ruleId, batchId: promotionCoupons.batchId, code: promotionCoupons.code,
      singleUse: promotionCoupons.singleUse, maxUses: promotionCoupons.maxUses, maxUsesPerCustomer: promotionCoupons.maxUsesPerCustomer,
      startsAt: promotionCoupons.startsAt, endsAt: promotionCoupons.endsAt, createdAt: promotionCoupons.createdAt,
    })
    .from(promotionCoupons)
    .innerJoin(promotionRules, eq(promotionRules.id, promotionCoupons.ruleId))
    .where(and(eq(promotionRules.status, "active"), sql`(${promotionCoupons.endsAt} IS NULL OR ${promotionCoupons.endsAt} > ${now.toISOString()}::timestamptz - interval '30 days')`));
}

export async function findCoupon(db: Executor, normalizedCode: string): Promise<PromotionCouponRow | undefined> {
  const [r] = await db.select().from(promotionCoupons).where(eq(promotionCoupons.code, normalizedCode)).limit(1);
  return r;
}

/** Codes already taken among `codes` (normalized). */
export async function takenCodes(db: Executor, codes: readonly string[]): Promise<string[]> {
  if (codes.length === 0) return [];
  const rows = await db.execute<{ code: string }>(sql`SELECT code FROM promotion_coupons WHERE code = ANY(${pgTextArray(codes)}::text[])`);
  return [...rows].map((r) => r.code);
}

export async function insertCoupons(db: Executor, rows: NewCouponRow[]): Promise<void> {
  if (rows.length > 0) await db.insert(promotionCoupons).values(rows);
}

export async function insertBatch(db: Executor, row: typeof promotionCouponBatches.$inferInsert): Promise<{ id: string }> {
  const [r] = await db.insert(promotionCouponBatches).values(row).returning({ id: promotionCouponBatches.id });
  return r!;
}

/** A Postgres array literal; callers pass only codes made of [A-Z0-9_-] (see coupon-codes.ts). */
export function pgTextArray(values: readonly string[]): string {
  return `{${values.map((v) => `"${v.replace(/["\\]/g, "\\$&")}"`).join(",")}}`;
}

/**
 * Bulk codes in ONE statement whatever the count (arrays, not one parameter per row); codes that
 * collide with existing ones are skipped and returned missing, so the caller can draw again.
 */
export async function insertBatchCodes(
  db: Executor,
  b: { ruleId: string; batchId: string; codes: readonly string[]; singleUse: boolean; maxUses: number | null },
): Promise<string[]> {
  const rows = await db.execute<{ code: string }>(sql`
    INSERT INTO promotion_coupons (rule_id, batch_id, code, single_use, max_uses)
    SELECT ${b.ruleId}::uuid, ${b.batchId}::uuid, c, ${b.singleUse}, ${b.maxUses}::integer FROM unnest(${pgTextArray(b.codes)}::text[]) AS c
    ON CONFLICT (code) DO NOTHING
    RETURNING code`);
  return [...rows].map((r) => r.code);
}

export async function couponsOf(db: Executor, q: { ruleId?: string; batchId?: string }): Promise<PromotionCouponRow[]> {
  const where = q.batchId ? eq(promotionCoupons.batchId, q.batchId) : eq(promotionCoupons.ruleId, q.ruleId!);
  return db.select().from(promotionCoupons).where(where).orderBy(asc(promotionCoupons.code));
}

export async function countCoupons(db: Executor, ruleId: string): Promise<number> {
  const rows = await db.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM promotion_coupons WHERE rule_id = ${ruleId}::uuid`);
  return [...rows][0]?.n ?? 0;
}

/** Bumps and returns the promotions version; call inside the transaction that changes rules. */
export async function bumpVersion(db: Executor): Promise<number> {
  const rows = await db.execute<{ version: number | string }>(sql`
    INSERT INTO promotions_version (id, version) VALUES (1, 2)
    ON CONFLICT (id) DO UPDATE SET version = promotions_version.version + 1
    RETURNING version`);
  return Number([...rows][0]!.version);
}

export async function readVersion(db: Executor): Promise<number> {
  const [r] = await db.select({ version: promotionsVersion.version }).from(promotionsVersion).where(eq(promotionsVersion.id, 1)).limit(1);
  return r ? Number(r.version) : 1;
}
