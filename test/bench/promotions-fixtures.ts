/**
 * Seeded synthetic catalogue, carts and promotion rules for the promotions benchmark and the
 * indexed-vs-plain equivalence test. The mix is meant to look like a real store: most rules
 * target SKUs, categories, groups, channels or coupons the given cart does not have.
 */
import type { PromotionCart, PromotionCartLine, PromotionContext } from "../../shared/promotions";
import { mulberry32, type Rng } from "../helpers/prng";

export type { Rng } from "../helpers/prng";
export { mulberry32 };


const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

export interface CatalogShape {
  skus: number;
  categories: number;
  collections: number;
  brands: number;
  groups: number;
  coupons: number;
}

/**
 * A store large enough to carry 5,000+ live promotions: a 500-line cart touches ~0.25 % of its
 * SKUs, so most SKU/category/brand rules target lines the cart does not hold and only a handful
 * (plus the buyer's group/account rules) apply — as in a real B2B catalogue.
 */
export const BENCH_CATALOG: CatalogShape = { skus: 200_000, categories: 40_000, collections: 20_000, brands: 4_000, groups: 1_000, coupons: 20_000 };
export const CHANNELS = ["b2b", "b2c", "eu", "uk", "ca", "au"] as const;
const FLAVORS = ["mint", "berry", "mango", "tobacco", "vanilla", "ice", "grape", "lemon"];

export function catalogLine(i: number, shape: CatalogShape, rng: Rng): PromotionCartLine {
  // neighbouring SKUs share a leaf category, collection and brand (plus a parent category)
  const cat = Math.floor(i / 5) % shape.categories;
  return {
    lineId: `L${i}`,
    variantId: `v${i}`,
    productId: `p${Math.floor(i / 3)}`,
    sku: `SKU-${i}`,
    categoryIds: [String(cat), String(shape.categories + (cat % 50))],
    collectionIds: [`col${Math.floor(i / 20) % shape.collections}`],
    brandId: `brand${Math.floor(i / 50) % shape.brands}`,
    traits: { flavor: FLAVORS[i % FLAVORS.length]! },
    quantity: int(rng, 1, 60),
    unitPrice: int(rng, 50, 20_000),
    weight: int(rng, 10, 3_000),
  };
}

/** A cart of `n` distinct SKUs drawn from a slice of the catalogue (a buyer's usual range). */
export function makeCart(n: number, shape: CatalogShape, rng: Rng): PromotionCart {
  const start = int(rng, 0, shape.skus - n * 4);
  const seen = new Set<number>();
  const lines: PromotionCartLine[] = [];
  while (lines.length < n) {
    const i = start + int(rng, 0, n * 4 - 1);
    if (seen.has(i)) continue;
    seen.add(i);
    lines.push(catalogLine(i, shape, rng));
  }
  return { currency: "USD", lines, shippingAmount: 2_500 };
}

export function makeContext(rng: Rng, now: number): PromotionContext {
  return {
    channelCode: "b2b",
    customerId: "cust-1",
    customerGroupIds: [`g${int(rng, 0, 199)}`, `g${int(rng, 0, 199)}`],
    accountId: `acc-${int(rng, 0, 999)}`,
    locationId: "loc-1",
    role: "buyer",
    email: "buyer@example.com",
    shipToCountry: "US",
    shipToRegion: "US-CA",
    isFirstOrder: false,
    lifetimeValue: 5_000_000,
    orderCount: 40,
    customerTier: "gold",
    couponCodes: [`code-${int(rng, 0, 9)}`, "NOT-A-CODE"],
    now,
    usage: {},
  };
}

type Json = Record<string, unknown>;

function action(rng: Rng, lineTarget: boolean): Json {
  const r = rng();
  if (!lineTarget) {
    if (r < 0.5) return { type: "percent_off", config: { percent: int(rng, 1, 20), target: "order" } };
    if (r < 0.8) return { type: "fixed_amount_off", config: { amount: int(rng, 100, 5_000), target: "order" } };
    return { type: "free_shipping", config: {} };
  }
  if (r < 0.35) return { type: "percent_off", config: { percent: int(rng, 1, 30) } };
  if (r < 0.5) return { type: "volume_tiered_percentage", config: { tiers: [{ min_qty: 6, percent: 3 }, { min_qty: 24, percent: 7 }, { min_qty: 96, percent: 12 }] } };
  if (r < 0.65) return { type: "buy_x_get_y", config: { buy_qty: int(rng, 1, 3), get_qty: 1, max_applications: int(rng, 1, 5) } };
  if (r < 0.75) return { type: "fixed_price_per_line", config: { unit_price: int(rng, 50, 5_000) } };
  if (r < 0.85) return { type: "fixed_amount_off", config: { amount: int(rng, 10, 200), per_unit: true } };
  if (r < 0.93) return { type: "free_gift", config: { variant_id: `gift${int(rng, 0, 99)}`, sku: "GIFT", unit_price: int(rng, 100, 900) } };
  return { type: "percent_off", config: { percent: int(rng, 1, 10) } };
}

/**
 * `n` active rules. Roughly: 40 % SKU rules, 25 % category, 10 % collection/brand/trait,
 * 12 % coupons, 11 % group/account, 2 % channel-wide with a further condition.
 */
export function makeRules(n: number, shape: CatalogShape, rng: Rng, now: number): Json[] {
  const rules: Json[] = [];
  for (let k = 0; k < n; k++) {
    const r = rng();
    const conditions: Json[] = [];
    let lineTarget = true;
    let type = "automatic";
    let coupon_codes: string[] | undefined;
    if (r < 0.4) {
      const skus = Array.from({ length: int(rng, 1, 3) }, () => `SKU-${int(rng, 0, shape.skus - 1)}`);
      conditions.push({ type: "sku_match", config: { skus } });
      if (rng() < 0.7) conditions.push({ type: "channel", config: { channel_codes: [pick(rng, CHANNELS)] } });
    } else if (r < 0.65) {
      conditions.push({ type: "channel", config: { channel_codes: [pick(rng, CHANNELS)] } });
      conditions.push({ type: "product_in_category", config: { category_ids: [int(rng, 0, shape.categories - 1)] } });
    } else if (r < 0.75) {
      const s = rng();
      if (s < 0.4) conditions.push({ type: "product_in_collection", config: { collection_ids: [`col${int(rng, 0, shape.collections - 1)}`] } });
      else if (s < 0.8) conditions.push({ type: "product_brand", config: { brand_ids: [`brand${int(rng, 0, shape.brands - 1)}`] } });
      else conditions.push({ type: "all", conditions: [
        { type: "product_brand", config: { brand_ids: [`brand${int(rng, 0, shape.brands - 1)}`] } },
        { type: "product_trait", config: { trait: "flavor", values: [pick(rng, FLAVORS)] } },
      ] });
    } else if (r < 0.87) {
      type = "coupon";
      coupon_codes = [`CODE-${int(rng, 0, shape.coupons - 1)}`];
      lineTarget = rng() < 0.3;
      if (lineTarget) conditions.push({ type: "product_in_category", config: { category_ids: [int(rng, 0, shape.categories - 1)] } });
    } else if (r < 0.98) {
      conditions.push(rng() < 0.7
        ? { type: "customer_in_group", config: { group_ids: [`g${int(rng, 0, shape.groups - 1)}`] } }
        : { type: "account", config: { account_ids: [`acc-${int(rng, 0, 999)}`] } });
      lineTarget = false;
    } else {
      conditions.push({ type: "channel", config: { channel_codes: [pick(rng, CHANNELS)] } });
      const s = rng();
      if (s < 0.4) conditions.push({ type: "first_order", config: {} });
      else if (s < 0.7) conditions.push({ type: "seasonal_window", config: { from: "11-20", to: "11-30", timezone: "America/New_York" } });
      else conditions.push({ type: "cart_subtotal_min", config: { amount: int(rng, 50, 1_000) * 1_000_000 } });
      lineTarget = false;
    }
    const stack = rng();
    const rule: Json = {
      id: `r${String(k).padStart(6, "0")}`,
      name: `Rule ${k}`,
      type,
      priority: int(rng, 0, 10) * 10,
      stacking_policy: stack < 0.8 ? "stackable" : stack < 0.9 ? "exclusive" : "coupon_only",
      conditions,
      actions: [action(rng, lineTarget)],
      starts_at: new Date(now - 86_400_000 * int(rng, 1, 90)).toISOString(),
      ends_at: new Date(now + 86_400_000 * int(rng, 1, 90)).toISOString(),
    };
    if (coupon_codes) rule.coupon_codes = coupon_codes;
    if (rng() < 0.2) rule.exclusive_lists = [`list${int(rng, 0, 49)}`];
    if (rng() < 0.05) rule.max_per_cart = int(rng, 1, 4);
    if (rng() < 0.1) rule.max_discount_amount = int(rng, 500, 50_000);
    if (rng() < 0.1) rule.usage_limits = { total: 1000, per_customer: int(rng, 1, 3) };
    rules.push(rule);
  }
  return rules;
}

export function makeUsage(rules: readonly Json[], rng: Rng): NonNullable<PromotionContext["usage"]> {
  const usage: Record<string, { total: number; customer: number }> = {};
  for (const r of rules) if (r.usage_limits && rng() < 0.5) usage[String(r.id)] = { total: int(rng, 0, 1000), customer: int(rng, 0, 3) };
  return usage;
}
