/**
 * Entry points over a snapshot: a batch resolver for carts, a single-line resolver, the admin's
 * "what would X pay and why" explainer, and the buyer's visible tier ladder.
 */
import { formatMoney } from "../kernel/money";
import { indexSnapshot, type PriceIndex } from "./price-index";
import { fiveLevelPriceStrategy, type PriceStrategy } from "./price-strategy";
import { assertQuantity, currencyPlan, levelOutcome, resolveThroughLevels } from "./resolve-price";
import { PRICE_LEVELS, type PriceLevel, type PriceLine, type PriceResolution, type PriceSnapshot, type PricingContext, type VisibleTier } from "./types";

export type SnapshotOrIndex = PriceSnapshot | PriceIndex;

/** Accepts a ready index (a Durable Object keeps one) or a raw snapshot (indexed once here). */
export function asIndex(s: SnapshotOrIndex): PriceIndex {
  return "converters" in s ? s : indexSnapshot(s);
}

/** Resolve all lines of a cart: the index is built at most once, then one pass over the lines. */
export function resolveCart(
  lines: readonly PriceLine[],
  context: PricingContext,
  snapshot: SnapshotOrIndex,
  now: Date,
  strategy: PriceStrategy = fiveLevelPriceStrategy,
): PriceResolution[] {
  return strategy.resolveLines(lines, context, asIndex(snapshot), now);
}

export function resolvePrice(
  line: PriceLine,
  context: PricingContext,
  snapshot: SnapshotOrIndex,
  now: Date,
  strategy: PriceStrategy = fiveLevelPriceStrategy,
): PriceResolution {
  return strategy.resolveLines([line], context, asIndex(snapshot), now)[0]!;
}

export interface LevelExplanation {
  readonly level: PriceLevel;
  /** "price": this level would price the line; "no_rate": only a base price and no rate; "none": no rule */
  readonly outcome: "price" | "no_rate" | "none";
  readonly unitPrice: number | null;
  /** override or price list id that would apply at this level */
  readonly ruleId: string | null;
  readonly tierMinQty: number | null;
  readonly method: "direct" | "converted" | null;
}

export interface PriceExplanation {
  readonly resolution: PriceResolution;
  /** every one of the five levels, in rank order, whatever won */
  readonly levels: readonly LevelExplanation[];
}

/**
 * For the admin API ("what would account X at location Y pay for SKU Z at quantity Q in currency
 * C, and why"): the five-level resolution plus what each level on its own would have given.
 */
export function explainPrice(line: PriceLine, context: PricingContext, snapshot: SnapshotOrIndex, now: Date): PriceExplanation {
  const index = asIndex(snapshot);
  assertQuantity(line.quantity);
  const plan = currencyPlan(index, context);
  const nowMs = now.getTime();
  const levels = PRICE_LEVELS.map((level): LevelExplanation => {
    const o = levelOutcome(level, index, context, line.variantId, line.quantity, nowMs, plan);
    if (o.kind !== "price") return { level, outcome: o.kind, unitPrice: null, ruleId: null, tierMinQty: null, method: null };
    return { level, outcome: "price", unitPrice: o.unitPrice, ruleId: o.id, tierMinQty: o.tier.minQty, method: o.converter ? "converted" : "direct" };
  });
  const resolution = resolveThroughLevels(PRICE_LEVELS, line.variantId, line.quantity, context, index, nowMs, plan);
  return { resolution, levels };
}

/**
 * The tier ladder a buyer sees for a variant, in its own context and currency. Resolution is a
 * step function of quantity whose steps can only sit at some rule's minQty, so resolving at every
 * minQty the snapshot knows for the variant gives the exact ladder. Consecutive rungs with the
 * same unit price are merged (the buyer sees no break there); quantities below the first priced
 * rung are omitted.
 */
export function tiersFor(
  variantId: string,
  context: PricingContext,
  snapshot: SnapshotOrIndex,
  now: Date,
  strategy: PriceStrategy = fiveLevelPriceStrategy,
): VisibleTier[] {
  const index = asIndex(snapshot);
  const points = index.breakpoints.get(variantId) ?? [];
  const lines = points.map((quantity) => ({ variantId, quantity }));
  const resolved = strategy.resolveLines(lines, context, index, now);
  const out: VisibleTier[] = [];
  for (const r of resolved) {
    const prev = out[out.length - 1];
    if (r.ok) {
      if (prev && prev.unitPrice === r.unitPrice) continue;
      out.push({ minQty: r.quantity, unitPrice: r.unitPrice, currency: r.currency, source: r.source });
    } else if (prev && prev.unitPrice !== null) {
      out.push({ minQty: r.quantity, unitPrice: null, currency: r.currency, source: null });
    }
  }
  return out;
}

/** "10+ at 9.00 USD" — for logs and simple clients; storefronts format money themselves. */
export function formatTierLabel(t: VisibleTier): string {
  if (t.unitPrice === null) return `${t.minQty}+ unavailable`;
  return `${t.minQty}+ at ${formatMoney({ amount: t.unitPrice, currency: t.currency })}`;
}
