/** Promotions: the pure rules engine plus its storage, admin API, active-rules cache and redemption caps. */
import { registerEventHandler } from "../events";
import { clearActiveRulesCache } from "./active-rules";
import type { PromotionsService } from "./promotions.service";
import "./promotions.graphql";

export type * from "./types";
export { buildCartIndex, hasKey, indexKey, KeyTable, normalizeCoupon, traitKey, type CartIndex, type IndexKey, type IndexKeyKind, type LineKeyUniverse } from "./cart-index";
export {
  amountSchema, defineAction, defineCondition, idListSchema, idSchema, percentSchema, qtySchema,
  type ActionDefinition, type ActionEffect, type ActionInput, type ActionRegistry, type ApplyState,
  type ConditionDefinition, type ConditionRegistry, type GiftSpec, type Phase,
} from "./operations";
export { createActionRegistry, createConditionRegistry, defaultRegistries, type PromotionRegistries } from "./registry";
export { compareRules, compileRule, compileRules, promotionRuleSchema, type PromotionRule, type PromotionRuleInput } from "./rule-schema";
export { PromotionRuleIndex } from "./rule-index";
export { evaluatePromotions, evaluatePromotionsPlain, type EvaluateOptions } from "./evaluate";
export { bestCombination, type SearchOptions } from "./best-combination";
export { checkRule } from "./eligibility";
export { tierPercent } from "./actions/discount-actions";
export { zonedTime } from "./conditions/time-conditions";
export { promotionRules, promotionCoupons, promotionCouponBatches, promotionsVersion } from "./promotions.tables";
export { PromotionsService, type PromotionsDeps, type PromotionRuleView, type CouponBatchResult, type RuleUsageReport } from "./promotions.service";
export { ActiveRules, postgresRulesSource, clearActiveRulesCache, activeRulesLoads, RECHECK_MS, type RulesSource } from "./active-rules";
export {
  reserveRedemptions, releaseRedemptions, readUsage, redemptionKeys, ruleKeys, usageCounterRedemptions,
  type RedemptionCounters, type RedemptionBuyer, type RedemptionRequest, type Reservation, type ReserveResult,
} from "./redemptions";
export { CartPromotions, guessLimiterOver, GUESS_LIMIT, type CouponGuessLimiter } from "./cart-promotions";
export { drawCodes, parseTemplate, templateCapacity, toCsv } from "./coupon-codes";
export { prepareRule, compileStoredRule } from "./stored-rules";

// promotions.changed: the consuming isolate drops its cached rule index at once (others re-check within RECHECK_MS)
registerEventHandler({
  name: "promotions.clear-active-rules",
  eventType: "promotions.changed",
  handle: async () => {
    clearActiveRulesCache();
  },
});

declare module "../kernel/graphql/context" {
  interface Services {
    promotions: PromotionsService;
  }
}
