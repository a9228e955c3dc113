/**
 * Caps under concurrency. Orders do not exist yet, so the rule is: checkout RESERVES one
 * redemption of every applied rule (and its coupon) before the order is placed, and the order
 * flow RELEASES the reservation when the order is cancelled or placement fails. Reserved counts
 * are the usage the engine reads (RuleUsage), so a cart sees a cap as soon as it is reserved.
 *
 * Every counter is a key of the USAGE_COUNTER Durable Object, whose consume-with-limit is atomic,
 * so N concurrent checkouts against a cap of K get exactly min(N, K) grants. A reservation spans
 * several keys (total, per customer, daily, coupon…): they are consumed in a fixed order and a
 * refusal gives back the ones already taken, so no cap is ever exceeded (a concurrent checkout may
 * be refused while another one is rolling back: conservative, never over).
 */
import type { PromotionRule } from "./rule-schema";
import type { RuleUsage } from "./types";

export interface RedemptionCounters {
  /** atomic: refuses (and changes nothing) when count + amount > limit */
  consume(key: string, amount: number, limit: number | null, nowMs: number): Promise<{ allowed: boolean; count: number }>;
  peek(key: string, nowMs: number): Promise<number>;
}

export interface RedemptionBuyer {
  customerId?: string | null;
  accountId?: string | null;
  locationId?: string | null;
  groupIds?: readonly string[];
}

export interface RedemptionRequest {
  rule: PromotionRule;
  couponCode?: string;
}

/** What to keep with the order so the reservation can be released. */
export interface Reservation {
  keys: string[];
}

export type ReserveResult =
  | { ok: true; reservation: Reservation }
  | { ok: false; ruleId: string; cap: string; couponCode?: string };

export function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

export const ruleKeys = {
  total: (ruleId: string) => `promo:${ruleId}:total`,
  day: (ruleId: string, nowMs: number) => `promo:${ruleId}:day:${utcDay(nowMs)}`,
  customer: (ruleId: string, id: string) => `promo:${ruleId}:customer:${id}`,
  account: (ruleId: string, id: string) => `promo:${ruleId}:account:${id}`,
  location: (ruleId: string, id: string) => `promo:${ruleId}:location:${id}`,
  group: (ruleId: string, id: string) => `promo:${ruleId}:group:${id}`,
  coupon: (code: string) => `coupon:${code}`,
};

/** The counters one redemption takes, with their limits; the total is always counted (usage reports). */
export function redemptionKeys(req: RedemptionRequest, buyer: RedemptionBuyer, nowMs: number): Array<{ key: string; limit: number | null; cap: string }> {
  const r = req.rule;
  const l = r.limits;
  const out: Array<{ key: string; limit: number | null; cap: string }> = [{ key: ruleKeys.total(r.id), limit: l.total ?? null, cap: "total" }];
  if (l.daily !== undefined) out.push({ key: ruleKeys.day(r.id, nowMs), limit: l.daily, cap: "daily" });
  if (l.perCustomer !== undefined && buyer.customerId) out.push({ key: ruleKeys.customer(r.id, buyer.customerId), limit: l.perCustomer, cap: "per_customer" });
  if (l.perAccount !== undefined && buyer.accountId) out.push({ key: ruleKeys.account(r.id, buyer.accountId), limit: l.perAccount, cap: "per_account" });
  if (l.perLocation !== undefined && buyer.locationId) out.push({ key: ruleKeys.location(r.id, buyer.locationId), limit: l.perLocation, cap: "per_location" });
  if (l.perGroup !== undefined) for (const g of [...(buyer.groupIds ?? [])].sort()) out.push({ key: ruleKeys.group(r.id, g), limit: l.perGroup, cap: `per_group:${g}` });
  if (req.couponCode) {
    const coupon = r.coupons.find((c) => c.code === req.couponCode);
    out.push({ key: ruleKeys.coupon(req.couponCode), limit: coupon?.maxUses ?? null, cap: "coupon" });
  }
  return out;
}

export async function releaseRedemptions(counters: RedemptionCounters, reservation: Reservation, nowMs: number): Promise<void> {
  await Promise.all(reservation.keys.map((k) => counters.consume(k, -1, null, nowMs)));
}

/** Reserve one redemption of each applied rule for one checkout; all or nothing. */
export async function reserveRedemptions(counters: RedemptionCounters, requests: readonly RedemptionRequest[], buyer: RedemptionBuyer, nowMs: number): Promise<ReserveResult> {
  const taken: string[] = [];
  for (const req of requests) {
    for (const k of redemptionKeys(req, buyer, nowMs)) {
      const r = await counters.consume(k.key, 1, k.limit, nowMs);
      if (!r.allowed) {
        await releaseRedemptions(counters, { keys: taken }, nowMs);
        return { ok: false, ruleId: req.rule.id, cap: k.cap, ...(req.couponCode ? { couponCode: req.couponCode } : {}) };
      }
      taken.push(k.key);
    }
  }
  return { ok: true, reservation: { keys: taken } };
}

/** Current usage of `rule` for this buyer (what the engine's caps read), one counter read per capped key. */
export async function readUsage(counters: RedemptionCounters, rule: PromotionRule, buyer: RedemptionBuyer, nowMs: number): Promise<RuleUsage> {
  const l = rule.limits;
  const read = (cond: boolean, key: () => string) => (cond ? counters.peek(key(), nowMs) : Promise.resolve(undefined));
  const groups = l.perGroup !== undefined ? [...(buyer.groupIds ?? [])] : [];
  const [total, today, customer, account, location, ...perGroup] = await Promise.all([
    read(l.total !== undefined, () => ruleKeys.total(rule.id)),
    read(l.daily !== undefined, () => ruleKeys.day(rule.id, nowMs)),
    read(l.perCustomer !== undefined && !!buyer.customerId, () => ruleKeys.customer(rule.id, buyer.customerId!)),
    read(l.perAccount !== undefined && !!buyer.accountId, () => ruleKeys.account(rule.id, buyer.accountId!)),
    read(l.perLocation !== undefined && !!buyer.locationId, () => ruleKeys.location(rule.id, buyer.locationId!)),
    ...groups.map((g) => counters.peek(ruleKeys.group(rule.id, g), nowMs)),
  ]);
  const usage: RuleUsage = {};
  if (total !== undefined) usage.total = total;
  if (today !== undefined) usage.today = today;
  if (customer !== undefined) usage.customer = customer;
  if (account !== undefined) usage.account = account;
  if (location !== undefined) usage.location = location;
  if (groups.length > 0) usage.group = Object.fromEntries(groups.map((g, i) => [g, perGroup[i] ?? 0]));
  return usage;
}

/** Counters over the USAGE_COUNTER namespace: one object per key (unrelated caps never contend). */
export function usageCounterRedemptions(ns: Env["USAGE_COUNTER"]): RedemptionCounters {
  const stub = (key: string) => ns.get(ns.idFromName(key));
  return {
    async consume(key, amount, limit, nowMs) {
      const r = await stub(key).consume(key, { amount, limit, windowMs: null, nowMs });
      return { allowed: r.allowed, count: r.count };
    },
    peek: (key, nowMs) => stub(key).peek(key, nowMs, null),
  };
}
