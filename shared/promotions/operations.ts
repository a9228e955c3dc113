/**
 * Contracts for promotion conditions and actions, both registered configurable operations.
 *
 * Action contract (the combination search relies on it, see best-combination.ts):
 *  1. an action never raises an amount: its discounts are ≥ 0 and the engine clamps them to what
 *     is left, so every amount stays in [0, original];
 *  2. its total discount is monotone: given amounts that are each ≤ the amounts it saw before,
 *     it never returns a larger total discount;
 *  3. what it leaves is monotone: smaller amounts in never give a larger amount out on any line,
 *     the order or shipping (so a further rule can never make the buyer pay more).
 * Percent, fixed amount, fixed price, tiers, buy-x-get-y (units chosen by catalogue price), gifts
 * and free shipping satisfy all three. bundle_discount with a bundle_price satisfies 1 and 2 but
 * not always 3 (a fixed bundle price spreads a discount that shrinks when a component gets cheaper);
 * in that contrived case the search may miss the optimum, never misprice the set it returns.
 * A third-party action must satisfy them for the combination search to stay exact.
 */
import { z } from "zod";
import { OperationRegistry, type ConfigurableOperation } from "../kernel/configurable-operation";
import type { CartIndex, IndexKey } from "./cart-index";

export interface ConditionDefinition<C = unknown> extends ConfigurableOperation<C> {
  evaluate(config: C, cart: CartIndex): boolean;
  /**
   * Keys of which the cart must hold at least one for the condition to pass (used to bucket
   * rules in the rule index). Omit when the condition can pass without any specific key.
   */
  indexKeys?(config: C): readonly IndexKey[] | undefined;
  /** Line predicate: a line matches when it carries one of these keys ("matching lines"). */
  lineKeys?(config: C): readonly IndexKey[];
  /** Lower is rarer in carts; the rule index buckets a rule under its rarest requirement. */
  readonly selectivity?: number;
}

export type Phase = "line" | "order" | "shipping";

/** Running amounts while a combination of rules is applied. */
export interface ApplyState {
  /** per cart line: what is left to pay for the line after discounts so far */
  lineNet: Float64Array;
  /** sum of lineNet minus order-level discounts so far */
  orderNet: number;
  shippingNet: number;
}

export interface ActionInput<C> {
  config: C;
  cart: CartIndex;
  /** lines selected by the rule's line predicates (all lines when it has none), ascending */
  lines: readonly number[];
  state: Readonly<ApplyState>;
  /** 1 when the rule is once-per-order, else undefined (the action's own limit applies) */
  maxApplications: number | undefined;
}

export interface GiftSpec {
  variantId: string;
  productId?: string;
  sku: string;
  quantity: number;
  unitPrice: number;
}

export interface ActionEffect {
  lines?: Array<{ index: number; amount: number }>;
  order?: number;
  shipping?: number;
  gifts?: GiftSpec[];
}

export interface ActionDefinition<C = unknown> extends ConfigurableOperation<C> {
  phase(config: C): Phase;
  /**
   * Line keys the action looks up in cart.tables (e.g. a bundle's SKUs). Declaring them keeps the
   * rule index's restricted key tables complete for it; undeclared lookups still answer correctly
   * through the unrestricted fallback, only slower.
   */
  readKeys?(config: C): readonly IndexKey[];
  apply(input: ActionInput<C>): ActionEffect;
}

export type ConditionRegistry = OperationRegistry<ConditionDefinition>;
export type ActionRegistry = OperationRegistry<ActionDefinition>;

/** Typed helpers so each definition's methods see its parsed config type. */
export function defineCondition<S extends z.ZodType>(def: ConditionDefinition<z.output<S>> & { schema: S }): ConditionDefinition {
  return def as unknown as ConditionDefinition;
}

export function defineAction<S extends z.ZodType>(def: ActionDefinition<z.output<S>> & { schema: S }): ActionDefinition {
  return def as unknown as ActionDefinition;
}

/** Ids arrive as numbers in hand-written JSON ([42]) and as strings from the database. */
export const idSchema = z.union([z.string().trim().min(1), z.number().int()]).transform((v) => String(v));
export const idListSchema = z.array(idSchema).min(1);
export const amountSchema = z.number().int().nonnegative();
export const percentSchema = z
  .number()
  .gt(0, "percent must be greater than 0")
  .max(100, "percent must be at most 100")
  .refine((v) => /^\d+(\.\d{1,4})?$/.test(String(v)), "percent allows at most 4 decimals");
export const qtySchema = z.number().int().positive();
