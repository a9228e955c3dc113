/**
 * Tier selection and schedules: the two small rules every level shares.
 */
import type { PriceTier } from "./types";

/**
 * The tier for a quantity is the one with the highest minQty ≤ quantity. Tiers are stored
 * strictly increasing (validated on write), so a backwards scan stops at the first fit.
 * Returns undefined when the quantity is below the first tier: the entry then does NOT match at
 * that quantity and resolution falls through to the next level (an account price "from 10 units"
 * does not hide the list price for 1–9 units).
 */
export function selectTier(tiers: readonly PriceTier[], quantity: number): PriceTier | undefined {
  for (let i = tiers.length - 1; i >= 0; i--) {
    const t = tiers[i]!;
    if (t.minQty <= quantity) return t;
  }
  return undefined;
}

/** Epoch milliseconds, or ±Infinity for an open bound. */
export function boundMs(d: Date | null | undefined, open: number): number {
  return d == null ? open : d.getTime();
}

/**
 * Schedule rule: active when validFrom ≤ now < validTo (from inclusive, to exclusive), with null
 * bounds open. A holiday list valid_to 2025-12-26T00:00Z is no longer active at that instant, and
 * a list that starts then is — so back-to-back schedules never overlap nor leave a gap.
 */
export function isActiveAt(fromMs: number, toMs: number, nowMs: number): boolean {
  return fromMs <= nowMs && nowMs < toMs;
}
