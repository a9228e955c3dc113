/**
 * What happens after every change: price the whole cart, then the adjustment steps in order
 * (promotions, shipping estimate, later others), then totals. Pricing is special — its result
 * decides which new lines can stay — so it runs first through a port; the steps after it share
 * one small interface so promotions, shipping and the like plug in without touching the cart.
 */
import type { PriceLine, PriceResolution } from "../pricing";
import { evaluatePromotions, type PromotionRuleIndex } from "../promotions";
import type { PromotionCartLine, PromotionContext, PromotionResult } from "../promotions";
import type { StockLookup } from "./cart-rules";
import type { CartCoupon, CartDiscount, CartLine, CartTotals, PricedCartLine, PromotionNote } from "./cart.types";

/** Prices lines in the cart's currency (null: let pricing choose); returns the currency used. */
export interface CartPricingPort {
  price(lines: PriceLine[], currency: string | null): Promise<{ currency: string; resolutions: PriceResolution[] }>;
}

/** The promotions that apply on a channel now (shared/promotions CartPromotions: cached active rules from Postgres). */
export interface ActiveRulesProvider {
  rulesFor(channelCode: string, nowMs: number): PromotionRuleIndex | null | Promise<PromotionRuleIndex | null>;
  /** usage counts behind the caps of the rules the cart's coupons unlock (none: caps read as unused) */
  usageFor?(index: PromotionRuleIndex, ctx: PromotionContext): Promise<Pick<PromotionContext, "usage" | "couponUsage">>;
}
export const noActiveRules: ActiveRulesProvider = { rulesFor: () => null };

/**
 * Starts the rules lookup now so that its occasional I/O (the version re-check, ≤ 1 per 5 s per
 * isolate, or a reload) overlaps the PriceBook round trip instead of following it. A failure is
 * reported where the promotions step awaits it, not here.
 */
export function lookAheadRules(rules: ActiveRulesProvider, channelCode: string, nowMs: number): Promise<PromotionRuleIndex | null> {
  const p = Promise.resolve().then(() => rules.rulesFor(channelCode, nowMs));
  p.catch(() => {});
  return p;
}

export interface PipelineState {
  /** sorted by position */
  lines: CartLine[];
  currency: string;
  prices: Map<string, PriceResolution>;
  promotionContext: PromotionContext;
  promotion: PromotionResult | null;
  /** the active rules, when looked up ahead (in parallel with pricing) rather than by the step */
  rules?: Promise<PromotionRuleIndex | null>;
  /** coupon code → ids of the rules it unlocks (set by the promotions step) */
  couponRules?: Map<string, string[]>;
  shippingEstimate: number | null;
  warnings: string[];
}

export interface CartStep {
  readonly name: string;
  run(state: PipelineState): void | Promise<void>;
}

export function promotionsStep(rules: ActiveRulesProvider): CartStep {
  return {
    name: "promotions",
    async run(state) {
      const index = await (state.rules ?? rules.rulesFor(state.promotionContext.channelCode, Number(state.promotionContext.now)));
      if (!index || index.rules.length === 0) return;
      const promoLines: PromotionCartLine[] = [];
      for (const l of state.lines) {
        const p = state.prices.get(l.variantId);
        if (!p?.ok) continue;
        promoLines.push({
          lineId: l.lineId,
          variantId: l.variantId,
          productId: l.facts.productId,
          sku: l.facts.sku,
          categoryIds: l.facts.categoryIds,
          collectionIds: l.facts.collectionIds,
          brandId: l.facts.brandId,
          traits: l.facts.traits,
          quantity: l.quantity,
          unitPrice: p.unitPrice,
          ...(l.facts.weightG !== null ? { weight: l.facts.weightG } : {}),
        });
      }
      if (promoLines.length === 0) return;
      if (rules.usageFor && (state.promotionContext.couponCodes?.length ?? 0) > 0) {
        state.promotionContext = { ...state.promotionContext, ...(await rules.usageFor(index, state.promotionContext)) };
      }
      state.couponRules = new Map((state.promotionContext.couponCodes ?? []).map((c) => [c, index.rulesWithCoupon(c).map((r) => r.id)]));
      state.promotion = evaluatePromotions(index, { currency: state.currency, lines: promoLines, shippingAmount: state.shippingEstimate ?? 0 }, state.promotionContext);
    },
  };
}

/** Shipping estimates need the shipping domain's rates; until then the estimate stays unknown. */
export const noShippingEstimate: CartStep = { name: "shipping", run: () => {} };

export async function runSteps(state: PipelineState, steps: readonly CartStep[]): Promise<void> {
  for (const step of steps) await step.run(state);
}

export interface PricedCart {
  lines: PricedCartLine[];
  totals: CartTotals;
  discounts: CartDiscount[];
  coupons: CartCoupon[];
  promotionNotes: PromotionNote[];
  warnings: string[];
}

/** Each code entered on the cart: applied, or why not (the first reason of the rules it unlocks). */
function couponStatuses(state: PipelineState): CartCoupon[] {
  const promo = state.promotion;
  const codes = state.promotionContext.couponCodes ?? [];
  return codes.map((code): CartCoupon => {
    const applied = promo?.applied.find((a) => a.couponCode === code);
    if (applied) return { code, status: "APPLIED", ruleId: applied.ruleId, reason: null, message: null };
    if (!promo) return { code, status: "NOT_APPLIED", ruleId: null, reason: "not_applicable", message: "No priced line to apply it to, or no active promotion" };
    if (promo.unknownCoupons.includes(code)) return { code, status: "UNKNOWN", ruleId: null, reason: "unknown", message: "No active promotion has this code" };
    const why = promo.explanations.find((e) => e.detail?.coupon === code) ??
      promo.explanations.find((e) => e.reason !== "coupon_required" && couponRule(state, e.ruleId, code));
    return { code, status: "NOT_APPLIED", ruleId: why?.ruleId ?? null, reason: why?.reason ?? "not_applicable", message: why?.message ?? "It does not apply to this cart" };
  });
}

function couponRule(state: PipelineState, ruleId: string, code: string): boolean {
  return state.couponRules?.get(code)?.includes(ruleId) ?? false;
}

/** Lines with unit price, source level and tier, discounts; then the totals. Pure. */
export function priceCartView(state: PipelineState, stock: StockLookup): PricedCart {
  const discountByLine = new Map<string, number>();
  for (const pl of state.promotion?.lines ?? []) {
    if (pl.lineId) discountByLine.set(pl.lineId, pl.lineDiscount + pl.orderDiscountShare);
  }
  const stockStatus = stock.statusOf(state.lines.map((l) => l.variantId));
  let subtotal = 0;
  let totalQuantity = 0;
  const warnings = [...state.warnings];
  const lines = state.lines.map((l): PricedCartLine => {
    const p = state.prices.get(l.variantId);
    const priced = p?.ok === true;
    const lineTotal = p?.ok ? p.lineTotal : 0;
    subtotal += lineTotal;
    totalQuantity += l.quantity;
    const discount = discountByLine.get(l.lineId) ?? 0;
    const stockState = stockStatus.get(l.variantId) ?? "UNKNOWN";
    if (stockState === "OUT_OF_STOCK" || stockState === "LOW_STOCK") warnings.push(`${l.facts.sku}: ${stockState === "OUT_OF_STOCK" ? "out of stock" : "low stock"}`);
    if (!priced) warnings.push(`${l.facts.sku}: no price in ${state.currency}${p && !p.ok ? ` (${p.reason})` : ""}; it is not counted in the totals`);
    return {
      lineId: l.lineId,
      variantId: l.variantId,
      productId: l.facts.productId,
      sku: l.facts.sku,
      name: l.facts.name,
      productName: l.facts.productName,
      quantity: l.quantity,
      casePack: l.facts.casePack,
      priced,
      unpricedReason: p && !p.ok ? p.reason : priced ? null : "NO_PRICE",
      unitPrice: p?.ok ? p.unitPrice : null,
      lineTotal,
      priceLevel: p?.ok ? p.source.level : null,
      tierMinQty: p?.ok ? p.source.tierMinQty : null,
      discount,
      net: Math.max(0, lineTotal - discount),
      addedBy: l.addedBy,
      updatedBy: l.updatedBy,
      stock: stockState,
      position: l.position,
    };
  });
  const promo = state.promotion;
  const discountTotal = promo?.totalDiscount ?? 0;
  const discounts: CartDiscount[] = (promo?.applied ?? []).map((a) => ({ ruleId: a.ruleId, name: a.name, amount: a.saving, couponCode: a.couponCode ?? null }));
  const shipping = state.shippingEstimate;
  const promotionNotes: PromotionNote[] = (promo?.explanations ?? []).map((e) => ({ ruleId: e.ruleId, reason: e.reason, message: e.message, couponCode: typeof e.detail?.coupon === "string" ? e.detail.coupon : null }));
  return {
    lines,
    discounts,
    coupons: couponStatuses(state),
    promotionNotes,
    warnings,
    totals: {
      currency: state.currency,
      lineCount: lines.length,
      totalQuantity,
      subtotal,
      discountTotal,
      shippingEstimate: shipping,
      total: Math.max(0, subtotal - discountTotal + (shipping ?? 0)),
    },
  };
}
