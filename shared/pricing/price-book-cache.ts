/**
 * The state a PriceBook Durable Object keeps for one pricing context: the rules of the variants it
 * has been asked about, loaded lazily in batches, indexed once, and invalidated by variant or whole.
 * Pure (no I/O, time passed in): the Durable Object is a thin shell that loads what `missing()`
 * names and hands it to `absorb()`.
 */
import { indexSnapshot, type PriceIndex } from "./price-index";
import type { ChannelCurrencies, ExchangeRate, PriceList, PriceListEntry, PriceOverride, PriceSnapshot } from "./types";

/** A lost invalidation can leave a book stale at most this long. */
export const PRICE_BOOK_MAX_AGE_MS = 10 * 60_000;

export class PriceBookCache {
  private overrides = new Map<string, PriceOverride[]>();
  private entries = new Map<string, PriceListEntry[]>();
  private lists = new Map<string, PriceList>();
  private rates: ExchangeRate[] = [];
  private ratesLoaded = false;
  private loaded = new Set<string>();
  private hidden = new Set<string>();
  private built: PriceIndex | null = null;
  private loadedAtMs = 0;

  constructor(private channel: ChannelCurrencies) {}

  /** Variant ids this book must load before it can resolve them (all of them when expired). */
  missing(variantIds: readonly string[], nowMs: number): string[] {
    if (this.loadedAtMs && nowMs - this.loadedAtMs > PRICE_BOOK_MAX_AGE_MS) this.invalidate(null);
    const out = new Set<string>();
    for (const v of variantIds) if (!this.loaded.has(v)) out.add(v);
    return [...out];
  }

  needsRates(): boolean {
    return !this.ratesLoaded;
  }

  /** Take in a snapshot loaded for `variantIds`; rows for those variants replace what was held. */
  absorb(snapshot: PriceSnapshot, variantIds: readonly string[], nowMs: number, visible?: ReadonlySet<string>): void {
    if (this.loaded.size === 0) this.loadedAtMs = nowMs;
    this.channel = snapshot.channel;
    for (const v of variantIds) {
      this.overrides.delete(v);
      this.entries.delete(v);
      this.loaded.add(v);
      if (visible && !visible.has(v)) this.hidden.add(v);
      else this.hidden.delete(v);
    }
    for (const o of snapshot.overrides) {
      const list = this.overrides.get(o.variantId);
      if (list) list.push(o);
      else this.overrides.set(o.variantId, [o]);
    }
    for (const e of snapshot.priceListEntries) {
      const list = this.entries.get(e.variantId);
      if (list) list.push(e);
      else this.entries.set(e.variantId, [e]);
    }
    for (const l of snapshot.priceLists) this.lists.set(l.id, l);
    if (snapshot.exchangeRates.length > 0 || !this.ratesLoaded) {
      this.rates = [...snapshot.exchangeRates];
      this.ratesLoaded = true;
    }
    this.built = null;
  }

  /** Forget some variants (a price of theirs changed) or everything (lists, rates, schedules). */
  invalidate(variantIds: readonly string[] | null): void {
    if (variantIds === null) {
      this.overrides.clear();
      this.entries.clear();
      this.lists.clear();
      this.loaded.clear();
      this.hidden.clear();
      this.rates = [];
      this.ratesLoaded = false;
      this.loadedAtMs = 0;
    } else {
      for (const v of variantIds) {
        this.overrides.delete(v);
        this.entries.delete(v);
        this.loaded.delete(v);
        this.hidden.delete(v);
      }
    }
    this.built = null;
  }

  /** Variants among these that the book's buyer may not see (as loaded with their rules). */
  hiddenAmong(variantIds: readonly string[]): string[] {
    return variantIds.filter((v) => this.hidden.has(v));
  }

  index(): PriceIndex {
    if (!this.built) {
      this.built = indexSnapshot({
        channel: this.channel,
        overrides: [...this.overrides.values()].flat(),
        priceLists: [...this.lists.values()],
        priceListEntries: [...this.entries.values()].flat(),
        exchangeRates: this.rates,
      });
    }
    return this.built;
  }

  stats(): { variants: number; rules: number } {
    let rules = 0;
    for (const l of this.overrides.values()) rules += l.length;
    for (const l of this.entries.values()) rules += l.length;
    return { variants: this.loaded.size, rules };
  }
}
