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
import type { Explanation, PromotionCart, PromotionContext, PromotionLineResult, PromotionResult } from "./types";

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

function run(cart: CartIndex, considered: readonly Considered[], unknownCoupons: string[], opts: EvaluateOptions): PromotionResult {
  const explanations: Array<Explanation & { ordinal: number }> = [];
  const scored: ScoredCandidate[] = [];
  for (const { rule, ordinal } of considered) {
    const e = checkRule(rule, cart);
    if (!e.ok) {
      explanations.push({ ...e.explanation, ordinal });
      continue;
    }
    const cand: Candidate = { rule, ordinal, lines: matchingLines(rule.lineFilters, cart), ...(e.couponCode ? { couponCode: e.couponCode } : {}) };
    const standalone = applyCombination([cand], cart).saving;
    if (standalone <= 0) {
      explanations.push({ ruleId: rule.id, ordinal, reason: "no_discount", message: "Its conditions are met but it gives no discount on this cart" });
      continue;
    }
    scored.push({ ...cand, standalone });
  }
  const best = bestCombination(scored, cart, opts);
  const chosenIds = new Set(best.chosen.map((c) => c.rule.id));
  for (const c of scored) if (!chosenIds.has(c.rule.id)) explanations.push({ ...conflictExplanation(best.chosen, c, opts.maxPromotionsPerCart), ordinal: c.ordinal });
  explanations.sort((a, b) => a.ordinal - b.ordinal);

  const detail = applyCombination(best.chosen, cart, true);
  const orderTotal = detail.orderDiscounts.reduce((a, d) => a + d.amount, 0);
  const shares = shareByWeight(orderTotal, detail.lineNetBeforeOrder);
  const lines: PromotionLineResult[] = cart.lines.map((line, index) => {
    const discounts = [...(detail.lineDiscounts.get(index) ?? [])].map(([ruleId, amount]) => ({ ruleId, amount }));
    const lineDiscount = discounts.reduce((a, d) => a + d.amount, 0);
    const lineTotal = cart.lineTotals[index]!;
    const share = shares[index] ?? 0;
    return {
      index,
      ...(line.lineId !== undefined ? { lineId: line.lineId } : {}),
      variantId: line.variantId,
      lineTotal,
      discounts,
      lineDiscount,
      orderDiscountShare: share,
      net: Math.max(0, lineTotal - lineDiscount - share),
    };
  });
  const shippingDiscount = detail.shippingDiscounts.reduce((a, d) => a + d.amount, 0);
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
    explanations: explanations.map(({ ordinal: _ordinal, ...e }) => e),
    unknownCoupons,
    subtotal: cart.subtotal,
    totalDiscount: lines.reduce((a, l) => a + l.lineDiscount, 0) + orderTotal + shippingDiscount,
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
