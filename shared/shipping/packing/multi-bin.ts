/**
 * Multi-bin packing with every bin open at once: first-fit decreasing on extreme points
 * (Crainic–Perboli–Tadei's EP-FFD) for several unit orderings and point rules, best kept. Used for
 * one template with many boxes (the academic MPV setting and large single-template orders), where
 * filling bins one by one strands small gaps that later items could have used.
 */
import type { BinSpec, FillContext, PackType } from "./fill-bin";
import * as points from "./extreme-points";
import { newHit, type EpBin, type PointRule } from "./extreme-points";

// plain locals: hot loops call these millions of times, and a module binding can cost a getter call per use
const { bestMerit, emptyBin, placeAt, placeUnit } = points;

export type Ordering = "volume" | "height" | "area" | "maxSide" | "clusteredArea";

export const ORDERINGS: readonly Ordering[] = ["volume", "clusteredArea", "height", "area", "maxSide"];

/** Units of `remaining` (count per type) as a list of type indices, largest first by `ordering`. */
export function orderUnits(types: readonly PackType[], unitTypes: readonly number[], spec: BinSpec, ordering: Ordering): number[] {
  const rank = typeRanks(types, spec, ordering);
  // units of one type are interchangeable, so ordering by type rank alone is the full order
  return unitTypes.slice().sort((a, b) => rank[a]! - rank[b]!);
}

/** Position of every type in the `ordering` sort, memoized per type list and bin floor: packers re-order units many times. */
const RANKS = new WeakMap<readonly PackType[], Map<number, Int32Array>>();
const ORDINAL: Record<Ordering, number> = { volume: 0, clusteredArea: 1, height: 2, area: 3, maxSide: 4 };

function typeRanks(types: readonly PackType[], spec: BinSpec, ordering: Ordering): Int32Array {
  let byKey = RANKS.get(types);
  if (!byKey) RANKS.set(types, (byKey = new Map()));
  // only clusteredArea depends on the bin, through its floor area
  const memo = ordering === "clusteredArea" ? spec.W * spec.D : -1 - ORDINAL[ordering];
  const hit = byKey.get(memo);
  if (hit) return hit;
  const baseCell = (spec.W * spec.D) / 10;
  const k0 = new Float64Array(types.length), k1 = new Float64Array(types.length);
  types.forEach((ty, t) => {
    const o = ty.orients[0]!;
    const [a, b] = sortKey(ordering, o, ty.volume, baseCell);
    k0[t] = a;
    k1[t] = b;
  });
  const order = types.map((_, t) => t).sort((a, b) => k0[b]! - k0[a]! || k1[b]! - k1[a]! || types[b]!.volume - types[a]!.volume || a - b);
  const rank = new Int32Array(types.length);
  order.forEach((t, i) => { rank[t] = i; });
  byKey.set(memo, rank);
  return rank;
}

function sortKey(ordering: Ordering, o: PackType["orients"][number], vol: number, baseCell: number): [number, number] {
  switch (ordering) {
    case "height": return [o.dy, o.dx * o.dz];
    case "area": return [o.dx * o.dz, o.dy];
    case "maxSide": return [Math.max(o.dx, o.dy, o.dz), vol];
    // CPT's clustered area-height: bases grouped in bands of a tenth of the bin floor, then tallest first
    case "clusteredArea": return [Math.floor((o.dx * o.dz) / baseCell), o.dy];
    default: return [vol, o.dy];
  }
}

export interface MultiBinResult {
  bins: EpBin[];
  /** units (type indices) no bin could take: the template's count ran out */
  rest: number[];
}

/**
 * First fit over open bins (or, for the residual-space rule, best fit: the bin whose best point has
 * the lowest merit), opening a new one (while `count` allows) when no bin takes the unit.
 */
export function firstFit(box: number, spec: BinSpec, count: number, units: readonly number[], types: readonly PackType[], ctx: FillContext, rule: PointRule): MultiBinResult {
  const bins: EpBin[] = [];
  const rest: number[] = [];
  // the best bin's spot, so it is placed without scanning that bin again (no load limits to re-check)
  let probe = newHit(), best = newHit();
  for (const t of units) {
    let done = false;
    if (rule === "rs") {
      let bi = -1, bk = Infinity;
      for (let i = 0; i < bins.length; i++) {
        const k = bestMerit(bins[i]!, t, types, ctx, rule, probe);
        if (k < bk) { bk = k; bi = i; [best, probe] = [probe, best]; }
      }
      if (bi >= 0 && !ctx.constrained) { placeAt(bins[bi]!, t, types, best); continue; }
      if (bi >= 0 && placeUnit(bins[bi]!, t, types, ctx, rule)) continue;
    }
    for (const bin of bins) if (placeUnit(bin, t, types, ctx, rule)) { done = true; break; }
    if (done) continue;
    if (bins.length < count) {
      const bin = emptyBin(box, spec);
      if (placeUnit(bin, t, types, ctx, rule)) { bins.push(bin); continue; }
    }
    rest.push(t);
  }
  return { bins, rest };
}

/** Fewer units left, then fewer bins, then fuller bins first (sum of squared volumes: easier to empty the last). */
export function betterResult(a: MultiBinResult, b: MultiBinResult): boolean {
  if (a.rest.length !== b.rest.length) return a.rest.length < b.rest.length;
  if (a.bins.length !== b.bins.length) return a.bins.length < b.bins.length;
  return squares(a.bins) > squares(b.bins);
}

function squares(bins: readonly EpBin[]): number {
  let s = 0;
  for (const b of bins) s += b.volume * b.volume;
  return s;
}

export const POINT_RULES: readonly PointRule[] = ["rs", "yzx", "zyx"];

/** Best first-fit over `variants` (ordering × point rule) pairs, in a fixed order. */
export function bestFirstFit(box: number, spec: BinSpec, count: number, unitTypes: readonly number[], types: readonly PackType[], ctx: FillContext, variants: number): MultiBinResult {
  let best: MultiBinResult | null = null;
  for (let v = 0; v < variants; v++) {
    const ordering = ORDERINGS[Math.floor(v / POINT_RULES.length) % ORDERINGS.length]!;
    const rule = POINT_RULES[v % POINT_RULES.length]!;
    const r = firstFit(box, spec, count, orderUnits(types, unitTypes, spec, ordering), types, ctx, rule);
    if (!best || betterResult(r, best)) best = r;
  }
  return best!;
}

export const MAX_FIRST_FIT_VARIANTS = ORDERINGS.length * POINT_RULES.length;
