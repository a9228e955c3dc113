/**
 * Pricing is a swappable business rule: a channel names a strategy code in its config and the
 * service resolves through it. Every strategy works over the same PriceIndex (built from a
 * PriceSnapshot), so caching and loading do not depend on the strategy.
 */
import { DomainError } from "../kernel/errors";
import type { PriceIndex } from "./price-index";
import { assertQuantity, currencyPlan, resolveThroughLevels } from "./resolve-price";
import { PRICE_LEVELS, type PriceLevel, type PriceLine, type PriceResolution, type PricingContext } from "./types";

export interface PriceStrategy {
  readonly code: string;
  readonly description: string;
  /** Resolve every line (same order, same length). Must be pure and O(lines) over the index. */
  resolveLines(lines: readonly PriceLine[], context: PricingContext, index: PriceIndex, now: Date): PriceResolution[];
}

/**
 * A strategy that walks a fixed ordered subset of the five levels, first match wins. The default
 * walks all five; a retail-only channel could, e.g., drop location and account prices.
 */
export function createLevelStrategy(code: string, description: string, levels: readonly PriceLevel[]): PriceStrategy {
  const seen = new Set<PriceLevel>();
  for (const l of levels) {
    if (!PRICE_LEVELS.includes(l) || seen.has(l)) throw new Error(`pricing: bad level list for strategy ${code}`);
    seen.add(l);
  }
  const ordered = [...levels];
  return {
    code,
    description,
    resolveLines(lines, context, index, now) {
      const plan = currencyPlan(index, context);
      const nowMs = now.getTime();
      const out = new Array<PriceResolution>(lines.length);
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        assertQuantity(line.quantity, `lines.${i}.quantity`);
        out[i] = resolveThroughLevels(ordered, line.variantId, line.quantity, context, index, nowMs, plan);
      }
      return out;
    },
  };
}

export const fiveLevelPriceStrategy: PriceStrategy = createLevelStrategy(
  "five-level",
  "Managed price, then location, account, best customer-group price, then the highest-priority price list; volume tiers at every level",
  PRICE_LEVELS,
);

const registry = new Map<string, PriceStrategy>([[fiveLevelPriceStrategy.code, fiveLevelPriceStrategy]]);

export const DEFAULT_PRICE_STRATEGY_CODE = fiveLevelPriceStrategy.code;

/** Register an extra strategy (at module load, by the code that defines it). */
export function registerPriceStrategy(strategy: PriceStrategy): void {
  if (registry.has(strategy.code)) throw new Error(`pricing: strategy ${strategy.code} already registered`);
  registry.set(strategy.code, strategy);
}

/** The strategy a channel's config names; null/undefined means the default. */
export function priceStrategyFor(code: string | null | undefined): PriceStrategy {
  if (code == null) return fiveLevelPriceStrategy;
  const s = registry.get(code);
  if (!s) throw new DomainError("BAD_USER_INPUT", `Unknown pricing strategy "${code}"`, { field: "pricingStrategy" });
  return s;
}

export function listPriceStrategies(): { code: string; description: string }[] {
  return [...registry.values()].map((s) => ({ code: s.code, description: s.description }));
}
