/**
 * Turns a PriceSnapshot into lookup maps once, so resolving a cart is O(lines) map lookups.
 * The index is independent of `now` and of the buyer's target currency: a Durable Object can keep
 * one index for a context and resolve against it at any time (schedules are checked per call).
 */
import { DomainError } from "../kernel/errors";
import { currencyExponent, divRound, parseDecimal, type CurrencyCode, type RoundingMode } from "../kernel/money";
import { boundMs } from "./tiers";
import type { ChannelCurrencies, OverrideLevel, PriceSnapshot, PriceTier } from "./types";

export interface IndexedOverride {
  readonly id: string;
  readonly level: OverrideLevel;
  readonly scopeId: string | null;
  readonly currency: CurrencyCode;
  readonly tiers: readonly PriceTier[];
  readonly fromMs: number;
  readonly toMs: number;
}

export interface IndexedListEntry {
  readonly priceListId: string;
  readonly currency: CurrencyCode;
  readonly priority: number;
  readonly tiers: readonly PriceTier[];
  readonly fromMs: number;
  readonly toMs: number;
}

/** A base→target conversion with the rate parsed once. Equal to convertMinor(amount, from, to, rate, mode). */
export interface Converter {
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
  readonly rate: string;
  readonly updatedAt: Date | null;
  convert(amount: number): number;
}

export interface PriceIndex {
  readonly channel: ChannelCurrencies;
  readonly supported: ReadonlySet<CurrencyCode>;
  /** key: variantId; within it rules per level and scope, ordered latest validFrom first, then id. */
  readonly overrides: ReadonlyMap<string, VariantOverrides>;
  /** key: variantId; entries ordered priority desc, then price list id asc. */
  readonly listEntries: ReadonlyMap<string, readonly IndexedListEntry[]>;
  /** key: `${from}>${to}` */
  readonly converters: ReadonlyMap<string, Converter>;
  /** every variant that appears anywhere in the snapshot, with all the minQty breakpoints seen */
  readonly breakpoints: ReadonlyMap<string, readonly number[]>;
}

/**
 * Nested by variant, then scope, rather than one composite string key: resolving a line then costs
 * one hash lookup per level on strings V8 has already hashed, with no per-line string building.
 */
export interface VariantOverrides {
  managed: IndexedOverride[] | undefined;
  location: Map<string, IndexedOverride[]> | undefined;
  account: Map<string, IndexedOverride[]> | undefined;
  group: Map<string, IndexedOverride[]> | undefined;
}

/** The rules of one (variant, level, scope); undefined when there are none. */
export function overridesFor(index: PriceIndex, variantId: string, level: OverrideLevel, scopeId: string | null): readonly IndexedOverride[] | undefined {
  const v = index.overrides.get(variantId);
  if (!v) return undefined;
  if (level === "managed") return v.managed;
  return scopeId === null ? undefined : v[level]?.get(scopeId);
}

export const rateKey = (from: CurrencyCode, to: CurrencyCode): string => `${from}>${to}`;

const cmpStr = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function makeConverter(from: CurrencyCode, to: CurrencyCode, rate: string, updatedAt: Date | null, mode: RoundingMode): Converter {
  const { num, den } = parseDecimal(rate, "rate");
  if (num <= 0n) throw new DomainError("BAD_USER_INPUT", `Exchange rate ${from}→${to} must be greater than zero`, { field: "rate" });
  const fe = currencyExponent(from);
  const te = currencyExponent(to);
  const n = te > fe ? num * 10n ** BigInt(te - fe) : num;
  const d = fe > te ? den * 10n ** BigInt(fe - te) : den;
  // Most rates and prices fit in doubles exactly; then integer arithmetic in Number is exact and
  // ~10× cheaper than BigInt. Fall back to BigInt whenever a product could exceed 2^53.
  const nNum = Number(n);
  const dNum = Number(d);
  const smallFactors = Number.isSafeInteger(nNum) && Number.isSafeInteger(dNum);
  const convert = (amount: number): number => {
    const p = amount * nNum;
    if (smallFactors && amount >= 0 && Number.isSafeInteger(p)) {
      const r = p % dNum;
      const q = (p - r) / dNum;
      if (r === 0) return q;
      switch (mode) {
        case "down":
        case "floor":
          return q;
        case "up":
        case "ceil":
          return q + 1;
        case "half_up":
          return 2 * r >= dNum ? q + 1 : q;
        case "half_even":
          return 2 * r > dNum || (2 * r === dNum && q % 2 === 1) ? q + 1 : q;
      }
    }
    return Number(divRound(BigInt(amount) * n, d, mode));
  };
  return { from, to, rate, updatedAt, convert };
}

function addBreakpoints(map: Map<string, Set<number>>, variantId: string, tiers: readonly PriceTier[]): void {
  let set = map.get(variantId);
  if (!set) map.set(variantId, (set = new Set()));
  for (const t of tiers) set.add(t.minQty);
}

export interface IndexOptions {
  /** rounding of converted prices (default half_up, the retail rule) */
  readonly conversionRounding?: RoundingMode;
}

export function indexSnapshot(snapshot: PriceSnapshot, options: IndexOptions = {}): PriceIndex {
  const channelId = snapshot.channel.channelId;
  const inChannel = (c: string | null) => c === null || c === channelId;
  const points = new Map<string, Set<number>>();

  const overrides = new Map<string, VariantOverrides>();
  const allRuleLists: IndexedOverride[][] = [];
  for (const o of snapshot.overrides) {
    if (!inChannel(o.channelId)) continue;
    if (o.level !== "managed" && o.scopeId === null) continue; // unscoped non-managed rule: applies to no one
    let v = overrides.get(o.variantId);
    if (!v) overrides.set(o.variantId, (v = { managed: undefined, location: undefined, account: undefined, group: undefined }));
    let arr: IndexedOverride[] | undefined;
    if (o.level === "managed") {
      if (!v.managed) allRuleLists.push((v.managed = []));
      arr = v.managed;
    } else {
      const byScope = v[o.level] ?? (v[o.level] = new Map());
      arr = byScope.get(o.scopeId!);
      if (!arr) {
        byScope.set(o.scopeId!, (arr = []));
        allRuleLists.push(arr);
      }
    }
    arr.push({
      id: o.id,
      level: o.level,
      scopeId: o.level === "managed" ? null : o.scopeId,
      currency: o.currency,
      tiers: o.tiers,
      fromMs: boundMs(o.validFrom, -Infinity),
      toMs: boundMs(o.validTo, Infinity),
    });
    addBreakpoints(points, o.variantId, o.tiers);
  }
  // Two overrides for the same variant, scope and currency can overlap in time (an open-ended
  // account price and a one-week deal): the one that started most recently wins, then lowest id.
  for (const arr of allRuleLists) arr.sort((a, b) => b.fromMs - a.fromMs || cmpStr(a.id, b.id));

  const lists = new Map(snapshot.priceLists.filter((l) => inChannel(l.channelId)).map((l) => [l.id, l]));
  const listEntries = new Map<string, IndexedListEntry[]>();
  for (const e of snapshot.priceListEntries) {
    const list = lists.get(e.priceListId);
    if (!list) continue;
    let arr = listEntries.get(e.variantId);
    if (!arr) listEntries.set(e.variantId, (arr = []));
    arr.push({
      priceListId: list.id,
      currency: list.currency,
      priority: list.priority,
      tiers: e.tiers,
      fromMs: boundMs(list.validFrom, -Infinity),
      toMs: boundMs(list.validTo, Infinity),
    });
    addBreakpoints(points, e.variantId, e.tiers);
  }
  // Priority ties are broken by price list id ascending, so the answer never depends on row order.
  for (const arr of listEntries.values()) arr.sort((a, b) => b.priority - a.priority || cmpStr(a.priceListId, b.priceListId));

  // Several rows for one pair: the most recently updated wins (then the later row).
  const converters = new Map<string, Converter>();
  const mode = options.conversionRounding ?? "half_up";
  for (const r of snapshot.exchangeRates) {
    const key = rateKey(r.from, r.to);
    const prev = converters.get(key);
    const t = r.updatedAt?.getTime() ?? -Infinity;
    if (prev && (prev.updatedAt?.getTime() ?? -Infinity) > t) continue;
    converters.set(key, makeConverter(r.from, r.to, r.rate, r.updatedAt ?? null, mode));
  }

  const breakpoints = new Map<string, number[]>();
  for (const [v, set] of points) breakpoints.set(v, [...set].sort((a, b) => a - b));

  const supported = new Set(snapshot.channel.supportedCurrencies);
  supported.add(snapshot.channel.baseCurrency);
  return { channel: snapshot.channel, supported, overrides, listEntries, converters, breakpoints };
}
