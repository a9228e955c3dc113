import { expect } from "vitest";
import {
  compileRules, evaluatePromotions, evaluatePromotionsPlain, PromotionRuleIndex,
  type EvaluateOptions, type PromotionCart, type PromotionCartLine, type PromotionContext, type PromotionResult,
} from "../../../shared/promotions";

/** Wednesday 2026-03-11 15:30 UTC (Thursday 00:30 in Tokyo). */
export const NOW = Date.UTC(2026, 2, 11, 15, 30);

export function line(sku: string, unitPrice: number, quantity: number, extra: Partial<PromotionCartLine> = {}): PromotionCartLine {
  return { variantId: `v-${sku}`, productId: `p-${sku}`, sku, quantity, unitPrice, ...extra };
}

export function cart(lines: PromotionCartLine[], shippingAmount = 0, currency = "USD"): PromotionCart {
  return { currency, lines, shippingAmount };
}

export function ctx(over: Partial<PromotionContext> = {}): PromotionContext {
  return { channelCode: "b2c", now: NOW, ...over };
}

type Json = Record<string, unknown>;

export function promo(id: string, conditions: Json[], actions: Json[] = [{ type: "percent_off", config: { percent: 10 } }], extra: Json = {}): Json {
  return { id, name: `Promo ${id}`, conditions, actions, ...extra };
}

/**
 * Evaluates with the indexed engine and checks the plain loop agrees exactly (explainAll makes
 * the indexed evaluator explain every rule too).
 */
export function evaluate(rules: Json[], c: PromotionCart, x: PromotionContext, opts: EvaluateOptions = {}): PromotionResult {
  const compiled = compileRules(rules);
  const index = new PromotionRuleIndex(compiled);
  const plain = evaluatePromotionsPlain(compiled, c, x, opts);
  const full = evaluatePromotions(index, c, x, { ...opts, explainAll: true });
  expect(full).toEqual(plain);
  const indexed = evaluatePromotions(index, c, x, opts);
  expect({ ...indexed, explanations: [] }).toEqual({ ...plain, explanations: [] });
  for (const e of indexed.explanations) expect(plain.explanations).toContainEqual(e);
  return plain;
}

export const appliedIds = (r: PromotionResult) => r.applied.map((a) => a.ruleId);
export const explanation = (r: PromotionResult, id: string) => r.explanations.find((e) => e.ruleId === id);
export const lineDiscount = (r: PromotionResult, i: number) => r.lines[i]!.lineDiscount;
