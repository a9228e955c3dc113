/**
 * Multi-bin packing with every bin open at once: first-fit decreasing on extreme points
 * (Crainic–Perboli–Tadei's EP-FFD) for several unit orderings and point rules, best kept. Used for
 * one template with many boxes (the academic MPV setting and large single-template orders), where
 * filling bins one by one strands small gaps that later items could have used.
 */
import type { BinSpec, FillContext, PackType } from "./fill-bin";
import { bestMerit, emptyBin, placeUnit, type EpBin, type PointRule } from "./extreme-points";

export type Ordering = "volume" | "height" | "area" | "maxSide" | "clusteredArea";

export const ORDERINGS: readonly Ordering[] = ["volume", "clusteredArea", "height", "area", "maxSide"];

/** Units of `remaining` (count per type) as a list of type indices, largest first by `ordering`. */
export function orderUnits(types: readonly PackType[], unitTypes: readonly number[], spec: BinSpec, ordering: Ordering): number[] {
  const dims = types.map((ty) => ty.orients[0]!);
  const baseCell = (spec.W * spec.D) / 10;
  const k = (t: number): [number, number] => {
    const o = dims[t]!;
    const vol = types[t]!.volume;
    switch (ordering) {
      case "height": return [o.dy, o.dx * o.dz];
      case "area": return [o.dx * o.dz, o.dy];
      case "maxSide": return [Math.max(o.dx, o.dy, o.dz), vol];
      // CPT's clustered area-height: bases grouped in bands of a tenth of the bin floor, then tallest first
      case "clusteredArea": return [Math.floor((o.dx * o.dz) / baseCell), o.dy];
      default: return [vol, o.dy];
    }
  };
  const keys = new Map<number, [number, number]>();
  for (const t of unitTypes) if (!keys.has(t)) keys.set(t, k(t));
  // stable on ties (type index), so the result is deterministic
  return unitTypes
    .map((t, i) => ({ t, i }))
    .sort((a, b) => {
      const ka = keys.get(a.t)!, kb = keys.get(b.t)!;
      return kb[0] - ka[0] || kb[1] - ka[1] || types[b.t]!.volume - types[a.t]!.volume || a.t - b.t || a.i - b.i;
    })
    .map((x) => x.t);
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
  for (const t of units) {
    let done = false;
    if (rule === "rs") {
      let bi = -1, bk = Infinity;
      for (let i = 0; i < bins.length; i++) {
        const k = bestMerit(bins[i]!, t, types, ctx, rule);
        if (k < bk) { bk = k; bi = i; }
      }
      if (bi >= 0 && placeUnit(bins[bi]!, t, types, ctx, rule)) continue;
    }
    for (const bin of bins) if (placeUnit(bin, t, types, ctx, rule)) { done = true; break; }
    if (done) continue;
    if (bins.length < count) {
      const bin = emptyBin(box, spec, types.length);
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
