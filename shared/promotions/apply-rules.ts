/**
 * Applies a set of eligible rules to the cart: phase by phase (line → order → shipping), rules in
 * rule order within a phase, each action seeing the amounts left by everything before it.
 * Amounts never go below zero, and a rule's max_discount_amount caps everything it gives
 * (gift lines excepted: they carry their own value).
 */
import { shareByWeight } from "./amounts";
import type { CartIndex } from "./cart-index";
import type { ActionEffect, ApplyState, GiftSpec, Phase } from "./operations";
import type { PromotionRule } from "./rule-schema";

export interface Candidate {
  rule: PromotionRule;
  /** position in rule order (priority desc, id asc); sets are applied in this order */
  ordinal: number;
  /** lines matched by the rule's line predicates (shared with the cart index: read only) */
  lines: readonly number[];
  couponCode?: string;
}

export interface AppliedGift extends GiftSpec {
  ruleId: string;
}

export interface ApplyOutcome {
  saving: number;
  /** saving per member of the set, same order */
  perRule: number[];
}

export interface DetailedOutcome extends ApplyOutcome {
  /** per line index: rule id → discount (undefined: no line discount) */
  lineDiscounts: Array<Map<string, number> | undefined>;
  orderDiscounts: Array<{ ruleId: string; amount: number }>;
  shippingDiscounts: Array<{ ruleId: string; amount: number }>;
  gifts: AppliedGift[];
  /** line amounts when the order phase began (weights for sharing order discounts) */
  lineNetBeforeOrder: Float64Array;
}

const PHASES: readonly Phase[] = ["line", "order", "shipping"];

function toInt(x: number | undefined): number {
  return x !== undefined && x > 0 ? Math.floor(x) : 0;
}

// The search applies many combinations to one cart; reuse one buffer per cart for the line amounts.
function freshLineAmounts(cart: CartIndex, detailed: boolean): Float64Array {
  if (detailed) return cart.lineTotals.slice();
  let buf = cart.lineScratch;
  if (!buf || buf.length !== cart.lineTotals.length) cart.lineScratch = buf = new Float64Array(cart.lineTotals.length);
  buf.set(cart.lineTotals);
  return buf;
}

interface Run {
  set: readonly Candidate[];
  state: ApplyState;
  perRule: number[];
  budget: number[];
  detailed: boolean;
  lineDiscounts: DetailedOutcome["lineDiscounts"];
  orderDiscounts: DetailedOutcome["orderDiscounts"];
  shippingDiscounts: DetailedOutcome["shippingDiscounts"];
  gifts: AppliedGift[];
}

// module level, not a closure per call: bundlers that keep function names wrap every closure
function applyEffect(run: Run, k: number, effect: ActionEffect): void {
  const { state, perRule, budget, detailed } = run;
  const ruleId = run.set[k]!.rule.id;
  if (effect.lines && effect.lines.length > 0) {
    const idx: number[] = [];
    const amt: number[] = [];
    let sum = 0;
    for (const e of effect.lines) {
      const a = Math.min(toInt(e.amount), state.lineNet[e.index] ?? 0);
      if (a > 0) {
        idx.push(e.index);
        amt.push(a);
        sum += a;
      }
    }
    const scaled = sum > budget[k]! ? shareByWeight(budget[k]!, amt) : amt;
    for (let j = 0; j < idx.length; j++) {
      const i = idx[j]!;
      const a = Math.min(scaled[j]!, state.lineNet[i]!);
      if (a <= 0) continue;
      state.lineNet[i] = state.lineNet[i]! - a;
      state.orderNet -= a;
      perRule[k]! += a;
      budget[k]! -= a;
      if (detailed) {
        let m = run.lineDiscounts[i];
        if (!m) run.lineDiscounts[i] = m = new Map();
        m.set(ruleId, (m.get(ruleId) ?? 0) + a);
      }
    }
  }
  if (effect.order !== undefined) {
    const a = Math.min(toInt(effect.order), state.orderNet, budget[k]!);
    if (a > 0) {
      state.orderNet -= a;
      perRule[k]! += a;
      budget[k]! -= a;
      if (detailed) run.orderDiscounts.push({ ruleId, amount: a });
    }
  }
  if (effect.shipping !== undefined) {
    const a = Math.min(toInt(effect.shipping), state.shippingNet, budget[k]!);
    if (a > 0) {
      state.shippingNet -= a;
      perRule[k]! += a;
      budget[k]! -= a;
      if (detailed) run.shippingDiscounts.push({ ruleId, amount: a });
    }
  }
  if (effect.gifts) {
    for (const g of effect.gifts) {
      perRule[k]! += g.quantity * g.unitPrice;
      if (detailed) run.gifts.push({ ...g, ruleId });
    }
  }
}

export function applyCombination(set: readonly Candidate[], cart: CartIndex, detailed: true): DetailedOutcome;
export function applyCombination(set: readonly Candidate[], cart: CartIndex, detailed?: false): ApplyOutcome;
export function applyCombination(set: readonly Candidate[], cart: CartIndex, detailed = false): ApplyOutcome | DetailedOutcome {
  const state: ApplyState = { lineNet: freshLineAmounts(cart, detailed), orderNet: cart.subtotal, shippingNet: cart.shipping };
  const perRule = new Array<number>(set.length);
  const budget = new Array<number>(set.length);
  for (let k = 0; k < set.length; k++) {
    perRule[k] = 0;
    budget[k] = set[k]!.rule.maxDiscount ?? Number.MAX_SAFE_INTEGER;
  }
  const run: Run = { set, state, perRule, budget, detailed, lineDiscounts: detailed ? new Array<Map<string, number> | undefined>(cart.lines.length) : [], orderDiscounts: [], shippingDiscounts: [], gifts: [] };
  let lineNetBeforeOrder = state.lineNet;

  for (const phase of PHASES) {
    if (phase === "order" && detailed) lineNetBeforeOrder = state.lineNet.slice();
    for (let k = 0; k < set.length; k++) {
      const c = set[k]!;
      for (const action of c.rule.actions) {
        if (action.phase !== phase) continue;
        const effect = action.def.apply({
          config: action.config,
          cart,
          lines: c.lines,
          state,
          maxApplications: c.rule.oncePerOrder ? 1 : undefined,
        });
        applyEffect(run, k, effect);
      }
    }
  }
  let saving = 0;
  for (let k = 0; k < perRule.length; k++) saving += perRule[k]!;
  if (!detailed) return { saving, perRule };
  return { saving, perRule, lineDiscounts: run.lineDiscounts, orderDiscounts: run.orderDiscounts, shippingDiscounts: run.shippingDiscounts, gifts: run.gifts, lineNetBeforeOrder };
}
