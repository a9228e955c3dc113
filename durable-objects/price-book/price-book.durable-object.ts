import { DurableObject } from "cloudflare:workers";
import {
  decodeLines,
  encodeResolutions,
  loadSnapshot,
  PriceBookCache,
  priceStrategyFor,
  tiersFor,
  type PriceBookRequest,
  type PriceBookResolveResult,
  type VisibleTier,
  type WireLines,
  type WireResolutions,
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

  /** Lines in and resolutions out in the compact wire format (price-book-wire.ts); the client decodes them. */
  async resolve(req: PriceBookRequest & { lines: WireLines }): Promise<Omit<PriceBookResolveResult, "resolutions"> & { resolutions: WireResolutions }> {
    const ids = req.lines.variantIds;
    const { cache, sql } = await this.ensure(req, ids);
    const hidden = cache.hiddenAmong(ids);
    const hiddenSet = new Set(hidden);
    const all = decodeLines(req.lines);
    const lines = hidden.length ? all.filter((l) => !hiddenSet.has(l.variantId)) : all;
    const strategy = priceStrategyFor(req.strategyCode);
    const resolutions = strategy.resolveLines(lines, req.context, cache.index(), new Date(req.nowMs));
    return { resolutions: encodeResolutions(resolutions), hidden: [...hiddenSet], sqlStatements: sql };
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
