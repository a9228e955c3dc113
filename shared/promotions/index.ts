/** Promotions: pure rules engine (no I/O). Caps counters, coupons storage and the admin API live elsewhere. */
export type * from "./types";
export { buildCartIndex, hasKey, indexKey, KeyTable, normalizeCoupon, traitKey, type CartIndex, type IndexKey, type IndexKeyKind } from "./cart-index";
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
