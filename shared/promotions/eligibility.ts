/**
 * Whether one rule may apply to this cart at all, and if not, why. The checks run cheapest first
 * and the first failure is the explanation, so the indexed and plain evaluators explain alike.
 */
import type { CartIndex } from "./cart-index";
import { describeNode, firstFailure } from "./condition-tree";
import type { PromotionRule } from "./rule-schema";
import type { Explanation, RuleUsage } from "./types";

export type Eligibility = { ok: true; couponCode?: string } | { ok: false; explanation: Explanation };

const no = (rule: PromotionRule, reason: Explanation["reason"], message: string, detail?: Explanation["detail"]): Eligibility => ({
  ok: false,
  explanation: { ruleId: rule.id, reason, message, ...(detail ? { detail } : {}) },
});

type CapHit = { cap: string; limit: number; used: number };

// module level, not a closure per call: bundlers that keep function names wrap every closure
function check(cap: string, limit: number | undefined, used: number | undefined): CapHit | null {
  return limit !== undefined && (used ?? 0) >= limit ? { cap, limit, used: used ?? 0 } : null;
}

function capReached(rule: PromotionRule, usage: RuleUsage | undefined, cart: CartIndex): CapHit | null {
  const l = rule.limits;
  if (l.total === undefined && l.daily === undefined && l.perCustomer === undefined && l.perAccount === undefined &&
      l.perLocation === undefined && l.perGroup === undefined) return null;
  const u = usage ?? {};
  let hit =
    check("total", l.total, u.total) ??
    check("daily", l.daily, u.today) ??
    (cart.ctx.customerId ? check("per_customer", l.perCustomer, u.customer) : null) ??
    (cart.ctx.accountId ? check("per_account", l.perAccount, u.account) : null) ??
    (cart.ctx.locationId ? check("per_location", l.perLocation, u.location) : null);
  if (!hit && l.perGroup !== undefined && u.group) {
    for (const g of [...cart.groupIds].sort()) {
      hit = check(`per_group:${g}`, l.perGroup, u.group[g]);
      if (hit) break;
    }
  }
  return hit;
}

export function checkRule(rule: PromotionRule, cart: CartIndex): Eligibility {
  const now = cart.nowMs;
  const ctx = cart.ctx;
  if (!rule.enabled) return no(rule, "disabled", "The promotion is disabled");
  if (rule.startsAt !== undefined && now < rule.startsAt) {
    return no(rule, "not_started", `The promotion starts at ${new Date(rule.startsAt).toISOString()}`);
  }
  if (rule.endsAt !== undefined && now >= rule.endsAt) return no(rule, "ended", `The promotion ended at ${new Date(rule.endsAt).toISOString()}`);
  if (rule.channelCodes && !rule.channelCodes.includes(ctx.channelCode)) {
    return no(rule, "channel_excluded", `The promotion does not run on channel "${ctx.channelCode}"`, { channel: ctx.channelCode });
  }
  if (rule.visibility === "staff_only" && !ctx.isStaff) return no(rule, "not_visible", "The promotion is for staff orders only");
  if (rule.visibility === "roles" && !(ctx.role && rule.visibleRoles.includes(ctx.role))) {
    return no(rule, "not_visible", `The promotion is visible to roles ${rule.visibleRoles.join(", ")} only`);
  }
  let couponCode: string | undefined;
  if (rule.type === "coupon") {
    let firstProblem: Eligibility | null = null;
    for (const c of rule.coupons) {
      if (!cart.couponCodes.has(c.code)) continue;
      if (c.startsAt !== undefined && now < c.startsAt) {
        firstProblem ??= no(rule, "coupon_not_started", `Coupon ${c.code} is not valid yet`, { coupon: c.code });
      } else if (c.endsAt !== undefined && now >= c.endsAt) {
        firstProblem ??= no(rule, "coupon_expired", `Coupon ${c.code} has expired`, { coupon: c.code });
      } else if (c.maxUses !== undefined && (ctx.couponUsage?.[c.code] ?? 0) >= c.maxUses) {
        firstProblem ??= no(rule, "coupon_used_up", `Coupon ${c.code} has been used up`, { coupon: c.code, limit: c.maxUses });
      } else {
        couponCode = c.code;
        break;
      }
    }
    if (couponCode === undefined) return firstProblem ?? no(rule, "coupon_required", "The promotion needs a coupon code");
  }
  const cap = capReached(rule, ctx.usage?.[rule.id], cart);
  if (cap) return no(rule, "cap_reached", `Usage cap ${cap.cap} reached (${cap.used}/${cap.limit})`, cap);
  const failed = firstFailure(rule.condition, cart);
  if (failed) {
    const name = describeNode(failed);
    return no(rule, "condition_failed", `Condition ${name} at ${failed.path} is not met`, { condition: name, path: failed.path });
  }
  return couponCode !== undefined ? { ok: true, couponCode } : { ok: true };
}
