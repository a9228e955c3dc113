/**
 * Pure price resolution of a 500-line cart over a realistic snapshot: all five levels populated
 * for some lines, 4-tier volume breaks, a scheduled higher-priority list, and a buyer in MXN on a
 * USD-base channel (direct MXN entries for some variants, conversion for the rest).
 * Figures: resolving over a ready index (what a warm PriceBook does) and index + resolve (a
 * freshly loaded snapshot). Goal from issue 5: p50 ≤ 0.5 ms for pure resolution.
 */
import { indexSnapshot, resolveCart, type PriceLine, type PriceList, type PriceListEntry, type PriceOverride, type PriceSnapshot, type PricingContext } from "../../shared/pricing";
import { latencyFigures, timeIt, type BenchSuite, type Figure } from "./bench-kit";

const CH = "ch-bench";
const NOW = new Date("2025-12-22T12:00:00Z");

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ladder = (base: number) => [
  { minQty: 1, unitPrice: base },
  { minQty: 10, unitPrice: Math.round(base * 0.9) },
  { minQty: 50, unitPrice: Math.round(base * 0.75) },
  { minQty: 100, unitPrice: Math.round(base * 0.6) },
];

export function buildBenchSnapshot(lines = 500): { snapshot: PriceSnapshot; context: PricingContext; cart: PriceLine[] } {
  const r = rng(500);
  const variants = Array.from({ length: lines }, (_, i) => `var-${String(i).padStart(5, "0")}`);
  const priceLists: PriceList[] = [
    { id: "pl-usd", channelId: CH, currency: "USD", priority: 0 },
    { id: "pl-holiday", channelId: CH, currency: "USD", priority: 10, validFrom: new Date("2025-12-20T00:00:00Z"), validTo: new Date("2025-12-26T00:00:00Z") },
    { id: "pl-spring", channelId: CH, currency: "USD", priority: 20, validFrom: new Date("2026-03-01T00:00:00Z") },
    { id: "pl-mxn", channelId: CH, currency: "MXN", priority: 0 },
  ];
  const entries: PriceListEntry[] = [];
  const overrides: PriceOverride[] = [];
  const groups = Array.from({ length: 10 }, (_, i) => `grp-${i}`);
  variants.forEach((v, i) => {
    const base = 500 + Math.floor(r() * 20000);
    entries.push({ priceListId: "pl-usd", variantId: v, tiers: ladder(base) });
    if (i % 5 === 0) entries.push({ priceListId: "pl-holiday", variantId: v, tiers: ladder(Math.round(base * 0.85)) });
    if (i % 7 === 0) entries.push({ priceListId: "pl-spring", variantId: v, tiers: ladder(base) });
    if (i % 3 === 0) entries.push({ priceListId: "pl-mxn", variantId: v, tiers: ladder(base * 17) });
    const ov = (level: PriceOverride["level"], scopeId: string | null, factor: number, currency = "USD"): void => {
      overrides.push({ id: `ov-${overrides.length}`, level, scopeId, variantId: v, channelId: CH, currency, tiers: ladder(Math.round(base * factor)) });
    };
    if (i % 20 === 0) ov("managed", null, 0.5);
    if (i % 10 === 1) ov("location", "loc-1", 0.7);
    if (i % 10 === 2) ov("location", "loc-2", 0.7); // another location of the account: must not apply
    if (i % 6 === 3) ov("account", "acct-1", 0.8, i % 12 === 3 ? "MXN" : "USD");
    if (i % 4 === 0) for (const g of groups.slice(0, 4)) ov("group", g, 0.82 + r() * 0.1);
    if (i % 4 === 1) ov("group", groups[5]!, 0.85);
    // every level at once on some lines: the resolver must stop at the managed price
  });
  const snapshot: PriceSnapshot = {
    channel: { channelId: CH, baseCurrency: "USD", supportedCurrencies: ["USD", "MXN"] },
    overrides,
    priceLists,
    priceListEntries: entries,
    exchangeRates: [
      { from: "USD", to: "MXN", rate: "17.2345", updatedAt: new Date("2025-12-01T00:00:00Z") },
      { from: "MXN", to: "USD", rate: "0.058", updatedAt: new Date("2025-12-01T00:00:00Z") },
    ],
  };
  const context: PricingContext = { channelId: CH, currency: "MXN", locationId: "loc-1", accountId: "acct-1", groupIds: ["grp-0", "grp-2", "grp-5", "grp-8"] };
  const cart = variants.map((variantId) => ({ variantId, quantity: 1 + Math.floor(r() * 150) }));
  return { snapshot, context, cart };
}

const suite: BenchSuite = {
  cases: [
    {
      name: "pricing.pure.cart500",
      async run(): Promise<Figure[]> {
        const { snapshot, context, cart } = buildBenchSnapshot(500);
        const index = indexSnapshot(snapshot);
        const warm = await timeIt(() => resolveCart(cart, context, index, NOW), 2000, 200);
        const cold = await timeIt(() => resolveCart(cart, context, indexSnapshot(snapshot), NOW), 300, 30);
        const byLevel = new Map<string, number>();
        let converted = 0;
        for (const res of resolveCart(cart, context, index, NOW)) {
          const key = res.ok ? res.source.level : res.reason;
          byLevel.set(key, (byLevel.get(key) ?? 0) + 1);
          if (res.ok && res.source.method === "converted") converted++;
        }
        return [
          ...latencyFigures("pricing.pure.cart500", warm, {}, { p50: "≤ 0.5 ms" }),
          ...latencyFigures("pricing.pure.cart500.index+resolve", cold),
          ...[...byLevel].map(([level, n]): Figure => ({ bench: "pricing.pure.cart500", metric: `lines.${level}`, value: n, unit: "lines" })),
          { bench: "pricing.pure.cart500", metric: "lines.converted", value: converted, unit: "lines" },
          { bench: "pricing.pure.cart500", metric: "snapshot.rules", value: snapshot.overrides.length + snapshot.priceListEntries.length, unit: "rows" },
        ];
      },
    },
  ],
};

export default suite;
