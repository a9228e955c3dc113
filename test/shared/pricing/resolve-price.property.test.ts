/**
 * Property-style check over many random snapshots (seeded, reproducible): the engine never picks
 * a lower level while a higher one matches, and its price equals a naive reference computed
 * straight from the rules (filter, sort, convert with kernel convertMinor).
 */
import { describe, expect, it } from "vitest";
import { convertMinor } from "../../../shared/kernel/money";
import {
  indexSnapshot,
  resolveCart,
  type ExchangeRate,
  type PriceLevel,
  type PriceList,
  type PriceListEntry,
  type PriceOverride,
  type PriceSnapshot,
  type PriceTier,
  type PricingContext,
} from "../../../shared/pricing";
import { CH, prng } from "./fixtures";

/** the spec's order, written out here so the test does not trust the engine's constant */
const ORDER: readonly PriceLevel[] = ["managed", "location", "account", "group", "default"];

const NOW = Date.parse("2025-06-01T00:00:00Z");
const DAY = 86_400_000;
const VARIANTS = ["v0", "v1", "v2"];

function randomSnapshot(rnd: () => number): PriceSnapshot {
  const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const randTiers = (): PriceTier[] => {
    let q = pick([1, 1, 1, 2, 5, 10]);
    const out: PriceTier[] = [];
    for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
      out.push({ minQty: q, unitPrice: Math.floor(rnd() * 5000) });
      q += 1 + Math.floor(rnd() * 20);
    }
    return out;
  };
  const schedule = () =>
    pick([
      {},
      {},
      { validFrom: new Date(NOW - DAY), validTo: new Date(NOW + DAY) },
      { validFrom: new Date(NOW) }, // boundary: inclusive → active
      { validTo: new Date(NOW) }, // boundary: exclusive → inactive
      { validFrom: new Date(NOW + 1) },
      { validFrom: new Date(NOW - 2 * DAY), validTo: new Date(NOW - DAY) },
    ]);
  const currencies = ["USD", "USD", "MXN", "JPY", "EUR"];
  const overrides: PriceOverride[] = [];
  for (let i = 0, n = Math.floor(rnd() * 14); i < n; i++) {
    const level = pick(["managed", "location", "account", "group"] as const);
    const scopeId = level === "managed" ? null : level === "location" ? pick(["L0", "L1"]) : level === "account" ? pick(["A0", "A1"]) : pick(["G0", "G1", "G2", "G3"]);
    overrides.push({ id: `o${i}`, level, scopeId, variantId: pick(VARIANTS), channelId: pick([CH, CH, CH, null, "other"]), currency: pick(currencies), tiers: randTiers(), ...schedule() });
  }
  const priceLists: PriceList[] = [];
  const priceListEntries: PriceListEntry[] = [];
  for (let i = 0, n = Math.floor(rnd() * 5); i < n; i++) {
    const id = `pl${Math.floor(rnd() * 100)}-${i}`;
    priceLists.push({ id, channelId: pick([CH, CH, null, "other"]), currency: pick(currencies), priority: Math.floor(rnd() * 3), ...schedule() });
    for (const v of VARIANTS) if (rnd() < 0.6) priceListEntries.push({ priceListId: id, variantId: v, tiers: randTiers() });
  }
  const exchangeRates: ExchangeRate[] = [{ from: "USD", to: "MXN", rate: `${10 + Math.floor(rnd() * 10)}.${Math.floor(rnd() * 9999)}` }];
  if (rnd() < 0.5) exchangeRates.push({ from: "USD", to: "JPY", rate: `${100 + Math.floor(rnd() * 60)}.${Math.floor(rnd() * 99)}` });
  return { channel: { channelId: CH, baseCurrency: "USD", supportedCurrencies: ["USD", "MXN", "JPY"] }, overrides, priceLists, priceListEntries, exchangeRates };
}

type Cand = { id: string; scope: string | null; tier: PriceTier; direct: boolean; from: number };

/** Naive reference for one level: null = does not match; "no_rate"; or the expected price and rule. */
function reference(snap: PriceSnapshot, ctx: PricingContext, level: PriceLevel, variant: string, q: number) {
  const target = ctx.currency;
  const base = snap.channel.baseCurrency;
  const active = (f?: Date | null, t?: Date | null) => (f == null || f.getTime() <= NOW) && (t == null || NOW < t.getTime());
  const tierAt = (ts: readonly PriceTier[]) => ts.filter((t) => t.minQty <= q).sort((a, b) => b.minQty - a.minQty)[0];
  const rateRow = snap.exchangeRates.find((r) => r.from === base && r.to === target);
  const cands: Cand[] = [];
  if (level === "default") {
    for (const e of snap.priceListEntries) {
      const l = snap.priceLists.find((x) => x.id === e.priceListId)!;
      const tier = tierAt(e.tiers);
      if (e.variantId !== variant || !tier || !active(l.validFrom, l.validTo) || (l.channelId !== null && l.channelId !== CH)) continue;
      if (l.currency === target || l.currency === base) cands.push({ id: l.id, scope: null, tier, direct: l.currency === target, from: l.priority });
    }
  } else {
    const scopes: readonly (string | null)[] = level === "managed" ? [null] : level === "location" ? [ctx.locationId ?? "-"] : level === "account" ? [ctx.accountId ?? "-"] : (ctx.groupIds ?? []);
    for (const o of snap.overrides) {
      const tier = tierAt(o.tiers);
      if (o.level !== level || o.variantId !== variant || !tier || !active(o.validFrom, o.validTo) || (o.channelId !== null && o.channelId !== CH)) continue;
      if (!scopes.includes(o.scopeId)) continue;
      if (o.currency === target || o.currency === base) cands.push({ id: o.id, scope: o.scopeId, tier, direct: o.currency === target, from: o.validFrom?.getTime() ?? -Infinity });
    }
  }
  if (cands.length === 0) return null;
  // per scope (a group; or the single scope of other levels): direct first, then newest/highest, then id
  const perScope = new Map<string | null, Cand>();
  for (const c of cands) {
    const cur = perScope.get(c.scope);
    const better = !cur || (c.direct !== cur.direct ? c.direct : c.from !== cur.from ? c.from > cur.from : c.id < cur.id);
    if (better) perScope.set(c.scope, c);
  }
  const priced = [...perScope.values()].flatMap((c) => {
    if (c.direct) return [{ ...c, price: c.tier.unitPrice }];
    return rateRow ? [{ ...c, price: convertMinor(c.tier.unitPrice, base, target, rateRow.rate) }] : [];
  });
  if (priced.length === 0) return "no_rate" as const;
  priced.sort((a, b) => a.price - b.price || (a.direct === b.direct ? 0 : a.direct ? -1 : 1) || ((a.scope ?? "") < (b.scope ?? "") ? -1 : 1));
  return priced[0]!;
}

describe("property: the engine never picks a lower level while a higher one matches", () => {
  it("holds over 600 random snapshots × contexts × quantities", () => {
    const rnd = prng(20250601);
    let priced = 0;
    const levelsSeen = new Set<string>();
    for (let s = 0; s < 600; s++) {
      const snap = randomSnapshot(rnd);
      const index = indexSnapshot(snap);
      for (let c = 0; c < 3; c++) {
        const ctx: PricingContext = {
          channelId: CH,
          currency: ["USD", "MXN", "JPY"][Math.floor(rnd() * 3)]!,
          locationId: [null, "L0", "L1"][Math.floor(rnd() * 3)],
          accountId: [null, "A0", "A1"][Math.floor(rnd() * 3)],
          groupIds: ["G0", "G1", "G2", "G3"].filter(() => rnd() < 0.4),
        };
        const lines = VARIANTS.flatMap((variantId) => [1, 2, 7, 15, 40].map((quantity) => ({ variantId, quantity })));
        const got = resolveCart(lines, ctx, index, new Date(NOW));
        lines.forEach((line, i) => {
          const r = got[i]!;
          const refs = ORDER.map((l) => [l, reference(snap, ctx, l, line.variantId, line.quantity)] as const);
          const first = refs.find(([, o]) => o !== null);
          let expected: unknown;
          let actual: unknown;
          if (!first) {
            expected = { ok: false, reason: "NO_PRICE" };
            actual = r.ok ? r.source : { ok: false, reason: r.reason };
          } else if (first[1] === "no_rate") {
            expected = { ok: false, reason: "NO_EXCHANGE_RATE", level: first[0] };
            actual = r.ok ? r.source : { ok: false, reason: r.reason, level: r.level };
          } else {
            const o = first[1]!;
            expected = { level: first[0], unitPrice: o.price, tierMinQty: o.tier.minQty, method: o.direct ? "direct" : "converted" };
            actual = r.ok ? { level: r.source.level, unitPrice: r.unitPrice, tierMinQty: r.source.tierMinQty, method: r.source.method } : r;
            if (r.ok) {
              priced++;
              levelsSeen.add(r.source.level);
            }
          }
          // build the (costly) message only on a mismatch, so 45k comparisons stay fast
          if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            expect(actual, `snapshot ${s} ctx ${JSON.stringify(ctx)} line ${JSON.stringify(line)}`).toEqual(expected);
          }
        });
      }
    }
    // the generator must actually exercise every level, otherwise the property is vacuous
    expect(levelsSeen).toEqual(new Set(ORDER));
    expect(priced).toBeGreaterThan(5000);
  });
});
