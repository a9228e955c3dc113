/**
 * What a cart needs from promotions: the active rule index of its channel (cached, see
 * active-rules.ts), the usage counts behind the caps of the coupons entered on it, and the gate
 * that admits a coupon code onto a cart (unknown codes count against a guessing limit).
 */
import { DomainError } from "../kernel/errors";
import type { ActiveRules } from "./active-rules";
import { normalizeCoupon } from "./cart-index";
import { readUsage, ruleKeys, type RedemptionCounters } from "./redemptions";
import type { PromotionRuleIndex } from "./rule-index";
import type { PromotionContext, RuleUsage } from "./types";

/** true while `key` may still guess (one call = one wrong guess). */
export interface CouponGuessLimiter {
  hit(key: string, nowMs: number): Promise<boolean>;
}

export const GUESS_LIMIT = 10;
export const GUESS_WINDOW_MS = 10 * 60_000;

export class CartPromotions {
  constructor(
    private readonly rules: ActiveRules,
    private readonly counters: RedemptionCounters | null,
    private readonly guesses: CouponGuessLimiter | null = null,
  ) {}

  rulesFor(channelCode: string, nowMs: number): Promise<PromotionRuleIndex | null> {
    return this.rules.rulesFor(channelCode, nowMs);
  }

  /**
   * Usage for the rules unlocked by the coupons entered on the cart (their caps explain "cap
   * reached" / "used up" on the cart). Automatic rules' caps are enforced when checkout reserves.
   * Counter reads: one per capped key of those rules, in parallel; none without coupons.
   */
  async usageFor(index: PromotionRuleIndex, ctx: PromotionContext): Promise<Pick<PromotionContext, "usage" | "couponUsage">> {
    const codes = [...new Set((ctx.couponCodes ?? []).map(normalizeCoupon))];
    if (!this.counters || codes.length === 0) return {};
    const counters = this.counters;
    const nowMs = Number(ctx.now);
    const buyer = { customerId: ctx.customerId ?? null, accountId: ctx.accountId ?? null, locationId: ctx.locationId ?? null, groupIds: ctx.customerGroupIds ?? [] };
    const usage: Record<string, RuleUsage> = { ...(ctx.usage ?? {}) };
    const couponUsage: Record<string, number> = { ...(ctx.couponUsage ?? {}) };
    await Promise.all(
      codes.map(async (code) => {
        const rules = index.rulesWithCoupon(code);
        const capped = rules.some((r) => r.coupons.some((c) => c.code === code && c.maxUses !== undefined));
        const [used, ...perRule] = await Promise.all([
          capped ? counters.peek(ruleKeys.coupon(code), nowMs) : Promise.resolve(undefined),
          ...rules.map((r) => readUsage(counters, r, buyer, nowMs)),
        ]);
        if (used !== undefined) couponUsage[code] = used;
        rules.forEach((r, i) => {
          usage[r.id] = perRule[i]!;
        });
      }),
    );
    return { usage, couponUsage };
  }

  /**
   * The normalized code if some active rule of the channel knows it. An unknown code is a wrong
   * guess: GUESS_LIMIT per GUESS_WINDOW_MS per `who`, then RATE_LIMITED.
   */
  async admit(code: string, who: string, channelCode: string, nowMs: number, field = "input.code"): Promise<string> {
    const normalized = normalizeCoupon(code);
    if (normalized.length === 0 || normalized.length > 64) throw new DomainError("BAD_USER_INPUT", `${field}: not a coupon code`, { field });
    const index = await this.rules.rulesFor(channelCode, nowMs);
    if (index?.couponCodes.has(normalized)) return normalized;
    if (this.guesses && !(await this.guesses.hit(`coupon-guess:${who}`, nowMs))) {
      throw new DomainError("RATE_LIMITED", "Too many unknown coupon codes; try again later", { field });
    }
    throw new DomainError("BAD_USER_INPUT", `${field}: unknown coupon code "${normalized}"`, { field });
  }
}

/** The guessing limit over a windowed attempt counter (the platform's USAGE_COUNTER client). */
export function guessLimiterOver(counter: { hit(key: string, req: { limit: number | null; windowMs: number; nowMs: number }): Promise<{ allowed: boolean }> }): CouponGuessLimiter {
  return { hit: async (key, nowMs) => (await counter.hit(key, { limit: GUESS_LIMIT, windowMs: GUESS_WINDOW_MS, nowMs })).allowed };
}
