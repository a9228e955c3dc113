import { DurableObject } from "cloudflare:workers";
import {
  loadSnapshot,
  PriceBookCache,
  priceStrategyFor,
  tiersFor,
  type PriceBookRequest,
  type PriceBookResolveResult,
  type PriceLine,
  type VisibleTier,
} from "../../shared/pricing";
import { openDbFromEnv } from "../../shared/platform";

/**
 * The resolved-price cache of one pricing context (channel, currency, location, account, groups).
 * Keeps the rules of the variants it has been asked about in memory; a miss loads the missing
 * variants' rules in at most three SQL statements, whatever their number. Requests to one book are
 * serialized by the runtime, so a load is never done twice concurrently.
 */
export class PriceBookObject extends DurableObject<Env> {
  private cache: PriceBookCache | null = null;

  private async ensure(req: PriceBookRequest, variantIds: readonly string[]): Promise<{ cache: PriceBookCache; sql: number }> {
    const cache = (this.cache ??= new PriceBookCache(req.channel));
    const missing = cache.missing(variantIds, req.nowMs);
    const withRates = cache.needsRates();
    if (missing.length === 0 && !withRates) return { cache, sql: 0 };
    const handle = openDbFromEnv(this.env, { max: 1 });
    try {
      const { snapshot, visible } = await loadSnapshot(
        handle.db,
        { ...req.scope, variantIds: missing },
        req.channel,
        { withRates, register: withRates ? { key: req.key, now: new Date(req.nowMs) } : undefined },
      );
      cache.absorb(snapshot, missing, req.nowMs, visible);
      return { cache, sql: handle.queryCount() };
    } finally {
      this.ctx.waitUntil(handle.close());
    }
  }

  async resolve(req: PriceBookRequest & { lines: PriceLine[] }): Promise<PriceBookResolveResult> {
    const ids = req.lines.map((l) => l.variantId);
    const { cache, sql } = await this.ensure(req, ids);
    const hidden = cache.hiddenAmong(ids);
    const hiddenSet = new Set(hidden);
    const lines = hidden.length ? req.lines.filter((l) => !hiddenSet.has(l.variantId)) : req.lines;
    const strategy = priceStrategyFor(req.strategyCode);
    return { resolutions: strategy.resolveLines(lines, req.context, cache.index(), new Date(req.nowMs)), hidden: [...hiddenSet], sqlStatements: sql };
  }

  async tiers(req: PriceBookRequest & { variantIds: string[] }): Promise<{ tiers: Record<string, VisibleTier[]>; hidden: string[] }> {
    const { cache } = await this.ensure(req, req.variantIds);
    const hidden = cache.hiddenAmong(req.variantIds);
    const strategy = priceStrategyFor(req.strategyCode);
    const out: Record<string, VisibleTier[]> = {};
    for (const v of req.variantIds) if (!hidden.includes(v)) out[v] = tiersFor(v, req.context, cache.index(), new Date(req.nowMs), strategy);
    return { tiers: out, hidden };
  }

  invalidate(variantIds: string[] | null): void {
    this.cache?.invalidate(variantIds);
  }
}
