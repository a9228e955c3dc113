/**
 * The built-in conditions and actions. `defaultConditions` / `defaultActions` are the registries
 * rules are compiled against unless a caller passes its own; a plugin adds an operation with
 * `defaultConditions.register(defineCondition({...}))`.
 */
import { OperationRegistry } from "../kernel/configurable-operation";
import { discountActions } from "./actions/discount-actions";
import { quantityActions } from "./actions/quantity-actions";
import { cartConditions } from "./conditions/cart-conditions";
import { customerConditions } from "./conditions/customer-conditions";
import { lineConditions } from "./conditions/line-conditions";
import { timeConditions } from "./conditions/time-conditions";
import type { ActionDefinition, ActionRegistry, ConditionDefinition, ConditionRegistry } from "./operations";

/** Reserved for combinators; no operation may use them. */
export const COMBINATOR_TYPES = ["all", "any", "not"] as const;

export function createConditionRegistry(): ConditionRegistry {
  const r = new OperationRegistry<ConditionDefinition>("condition");
  for (const c of [...cartConditions, ...lineConditions, ...customerConditions, ...timeConditions]) r.register(c);
  return r;
}

export function createActionRegistry(): ActionRegistry {
  const r = new OperationRegistry<ActionDefinition>("action");
  for (const a of [...discountActions, ...quantityActions]) r.register(a);
  return r;
}

export interface PromotionRegistries {
  conditions: ConditionRegistry;
  actions: ActionRegistry;
}

export const defaultRegistries: PromotionRegistries = {
  conditions: createConditionRegistry(),
  actions: createActionRegistry(),
};
