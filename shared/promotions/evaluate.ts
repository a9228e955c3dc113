/**
 * The engine's entry points. Both evaluators share every step after candidate selection, so
 * they give the same applied rules and discounts; the indexed one only skips rules that cannot
 * apply (and, unless explainAll, does not explain those).
 */
import { shareByWeight } from "./amounts";
import { applyCombination, type Candidate } from "./apply-rules";
import { bestCombination, conflictWith, type ScoredCandidate, type SearchOptions } from "./best-combination";
import { buildCartIndex, type CartIndex } from "./cart-index";
import { matchingLines } from "./condition-tree";
import { checkRule } from "./eligibility";
import { PromotionRuleIndex } from "./rule-index";
import { compareRules, type PromotionRule } from "./rule-schema";
import type { Explanation, LineDiscount, PromotionCart, PromotionContext, PromotionLineResult, PromotionResult } from "./types";

export interface EvaluateOptions extends SearchOptions {
  /** indexed evaluator: also explain rules the index skipped (costs a check per rule) */
  explainAll?: boolean;
}

interface Considered {
  rule: PromotionRule;
  ordinal: number;
}

function conflictExplanation(chosen: readonly Candidate[], c: Candidate, globalMax: number | undefined): Explanation {
  const conflict = conflictWith(chosen.filter((m) => m !== c), c, globalMax);
  const ruleId = c.rule.id;
  if (!conflict) {
    return { ruleId, reason: "not_in_best_combination", message: "Applying it together with the chosen promotions saves nothing more" };
  }
  switch (conflict.kind) {
    case "exclusive":
      return conflict.by === ruleId
        ? { ruleId, reason: "not_in_best_combination", message: "This exclusive promotion saves less than the chosen combination", detail: { by: chosen.map((m) => m.rule.id).join(",") } }
        : { ruleId, reason: "excluded_by_exclusive", message: `Excluded by exclusive promotion ${conflict.by}`, detail: { by: conflict.by } };
    case "coupon_only":
      return { ruleId, reason: "excluded_by_coupon_only", message: `Cannot stack with ${conflict.by}: coupon-only stacking`, detail: { by: conflict.by } };
    case "list":
      return { ruleId, reason: "excluded_by_list", message: `Mutually exclusive list ${conflict.list}: ${conflict.by} saves more`, detail: { by: conflict.by, list: conflict.list } };
    case "max_per_cart":
      return { ruleId, reason: "excluded_by_max_per_cart", message: `Too many promotions in the cart (limit set by ${conflict.by})`, detail: { by: conflict.by } };
  }
}

interface Explained {
  ordinal: number;
  explanation: Explanation;
}

const byOrdinal = (a: Explained, b: Explained) => a.ordinal - b.ordinal;
const toExplanation = (e: Explained) => e.explanation;

function run(cart: CartIndex, considered: readonly Considered[], unknownCoupons: string[], opts: EvaluateOptions): PromotionResult {
  const explanations: Explained[] = [];
  const scored: ScoredCandidate[] = [];
  for (let k = 0; k < considered.length; k++) {
    const { rule, ordinal } = considered[k]!;
    const e = checkRule(rule, cart);
    if (!e.ok) {
      explanations.push({ ordinal, explanation: e.explanation });
      continue;
    }
    const lines = matchingLines(rule.lineFilters, cart);
    const cand: ScoredCandidate = e.couponCode
      ? { rule, ordinal, lines, couponCode: e.couponCode, standalone: 0 }
      : { rule, ordinal, lines, standalone: 0 };
    const standalone = applyCombination([cand], cart).saving;
    if (standalone <= 0) {
      explanations.push({ ordinal, explanation: { ruleId: rule.id, reason: "no_discount", message: "Its conditions are met but it gives no discount on this cart" } });
      continue;
    }
    cand.standalone = standalone;
    scored.push(cand);
  }
  const best = bestCombination(scored, cart, opts);
  const chosenIds = new Set<string>();
  for (const c of best.chosen) chosenIds.add(c.rule.id);
  for (const c of scored) {
    if (!chosenIds.has(c.rule.id)) explanations.push({ ordinal: c.ordinal, explanation: conflictExplanation(best.chosen, c, opts.maxPromotionsPerCart) });
  }
  explanations.sort(byOrdinal);

  const detail = applyCombination(best.chosen, cart, true);
  let orderTotal = 0;
  for (const d of detail.orderDiscounts) orderTotal += d.amount;
  const shares = shareByWeight(orderTotal, detail.lineNetBeforeOrder);
  // one plain loop and one object literal per line: this runs for every line of every cart
  const lines: PromotionLineResult[] = new Array<PromotionLineResult>(cart.lines.length);
  let lineDiscountTotal = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = cart.lines[index]!;
    const byRule = detail.lineDiscounts[index];
    const discounts: LineDiscount[] = [];
    let lineDiscount = 0;
    if (byRule) {
      for (const [ruleId, amount] of byRule) {
        discounts.push({ ruleId, amount });
        lineDiscount += amount;
      }
    }
    lineDiscountTotal += lineDiscount;
    const lineTotal = cart.lineTotals[index]!;
    const share = shares[index] ?? 0;
    const net = Math.max(0, lineTotal - lineDiscount - share);
    lines[index] = line.lineId !== undefined
      ? { index, lineId: line.lineId, variantId: line.variantId, lineTotal, discounts, lineDiscount, orderDiscountShare: share, net }
      : { index, variantId: line.variantId, lineTotal, discounts, lineDiscount, orderDiscountShare: share, net };
  }
  let shippingDiscount = 0;
  for (const d of detail.shippingDiscounts) shippingDiscount += d.amount;
  const gifts = detail.gifts.map((g) => ({ ...g, discount: g.quantity * g.unitPrice }));
  return {
    currency: cart.cart.currency,
    lines,
    orderDiscounts: detail.orderDiscounts,
    shippingDiscount,
    shippingDiscounts: detail.shippingDiscounts,
    gifts,
    applied: best.chosen.map((c, k) => ({
      ruleId: c.rule.id,
      name: c.rule.name,
      saving: detail.perRule[k]!,
      ...(c.couponCode ? { couponCode: c.couponCode } : {}),
    })),
    explanations: explanations.map(toExplanation),
    unknownCoupons,
    subtotal: cart.subtotal,
    totalDiscount: lineDiscountTotal + orderTotal + shippingDiscount,
    searchExhaustive: best.exhaustive,
    searchEvaluations: best.evaluations,
  };
}

function unknownCoupons(cart: CartIndex, known: (code: string) => boolean): string[] {
  return [...cart.couponCodes].filter((c) => !known(c)).sort();
}

/** Indexed evaluation: only the rules whose required keys the cart holds are checked. */
export function evaluatePromotions(
  index: PromotionRuleIndex,
  cart: PromotionCart,
  ctx: PromotionContext,
  opts: EvaluateOptions = {},
): PromotionResult {
  const ci = buildCartIndex(cart, ctx, index.universe);
  let ordinals = index.candidates(ci);
  if (opts.explainAll) ordinals = index.rules.map((_, o) => o);
  const considered = ordinals.map((ordinal) => ({ rule: index.rules[ordinal]!, ordinal }));
  return run(ci, considered, unknownCoupons(ci, (c) => index.couponCodes.has(c)), opts);
}

/** Plain loop over every rule: the reference the indexed evaluator is checked against. */
export function evaluatePromotionsPlain(
  rules: readonly PromotionRule[],
  cart: PromotionCart,
  ctx: PromotionContext,
  opts: EvaluateOptions = {},
): PromotionResult {
  const ci = buildCartIndex(cart, ctx);
  let ordered = rules;
  for (let i = 1; i < rules.length; i++) {
    if (compareRules(rules[i - 1]!, rules[i]!) > 0) {
      ordered = [...rules].sort(compareRules);
      break;
    }
  }
  const considered = ordered.map((rule, ordinal) => ({ rule, ordinal }));
  const codes = new Set<string>();
  for (const r of ordered) for (const c of r.coupons) codes.add(c.code);
  return run(ci, considered, unknownCoupons(ci, (c) => codes.has(c)), opts);
}

export { PromotionRuleIndex };
