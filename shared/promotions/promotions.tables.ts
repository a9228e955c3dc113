import { sql } from "drizzle-orm";
import { bigint, boolean, index, integer, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";

/**
 * Promotion rules. `rule` is the rule JSON as the engine's schema normalized it (snake_case,
 * without its coupon codes, which live in promotion_coupons); the other columns repeat what
 * queries filter on. `channel_codes` empty = every channel.
 */
export const promotionRules = pgTable(
  "promotion_rules",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    /** automatic | coupon */
    type: text("type").notNull(),
    /** active | archived */
    status: text("status").notNull().default("active"),
    priority: integer("priority").notNull().default(0),
    channelCodes: text("channel_codes").array().notNull().default([]),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    rule: jsonb("rule").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("promotion_rules_status_idx").on(t.status, t.priority), index("promotion_rules_channels_idx").using("gin", t.channelCodes)],
);

/** A bulk generation: its template and per-code settings. */
export const promotionCouponBatches = pgTable(
  "promotion_coupon_batches",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ruleId: uuid("rule_id").notNull().references(() => promotionRules.id),
    template: text("template").notNull(),
    count: integer("count").notNull(),
    singleUse: boolean("single_use").notNull(),
    maxUses: integer("max_uses"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("promotion_coupon_batches_rule_idx").on(t.ruleId)],
);

/**
 * Coupon codes. `code` is stored normalized (trimmed, upper case), so the unique index makes codes
 * unique case-insensitively and redemption looks them up by the normalized form.
 */
export const promotionCoupons = pgTable(
  "promotion_coupons",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    ruleId: uuid("rule_id").notNull().references(() => promotionRules.id),
    batchId: uuid("batch_id").references(() => promotionCouponBatches.id),
    code: text("code").notNull().unique("promotion_coupons_code_uq"),
    singleUse: boolean("single_use").notNull().default(false),
    /** redemptions allowed for this code (single-use: 1); null = the rule's caps only */
    maxUses: integer("max_uses"),
    /** redemptions of this code per customer; null = no per-code customer cap */
    maxUsesPerCustomer: integer("max_uses_per_customer"),
    startsAt: timestamp("starts_at", { withTimezone: true }),
    endsAt: timestamp("ends_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("promotion_coupons_rule_idx").on(t.ruleId), index("promotion_coupons_batch_idx").on(t.batchId).where(sql`batch_id IS NOT NULL`)],
);

/**
 * One row: the promotions version, bumped in the same transaction as every rule or coupon change,
 * so isolates know when their cached rule index is stale.
 */
export const promotionsVersion = pgTable("promotions_version", {
  id: integer("id").primaryKey().default(1),
  version: bigint("version", { mode: "number" }).notNull().default(1),
});

export type PromotionRuleRow = typeof promotionRules.$inferSelect;
export type PromotionCouponRow = typeof promotionCoupons.$inferSelect;
