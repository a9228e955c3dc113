/**
 * Chooses which boxes to use and how many. Boxes are filled one at a time (each by the best of
 * several fill heuristics); several plans are built and the cheapest kept:
 * - "only T, then greedy" for every template T;
 * - greedy: each next box is the template with the lowest cost per packed volume;
 * then every box of a plan is swapped for a cheaper template that still holds all its units.
 * Plans are ranked by units left unpacked, total cost (box cost + rate estimate), box count.
 */
import { fillBin, VARIANTS, type BinFill, type BinSpec, type FillContext } from "./fill-bin";
import { unitsPerType, type EpBin } from "./extreme-points";
import { binFromPlaced, BinImprover } from "./improve-bins";
import { bestFirstFit, MAX_FIRST_FIT_VARIANTS } from "./multi-bin";
import type { Normalized } from "./normalize-input";

export interface PlannedBin {
  box: number;
  fill: BinFill;
  cost: number;
}

export interface Plan {
  bins: PlannedBin[];
  /** units per type not placed */
  left: number[];
  cost: number;
}

const sum = (a: readonly number[]) => a.reduce((s, x) => s + x, 0);

export class BoxPlanner {
  private readonly specs: BinSpec[];
  private readonly ctx: FillContext;
  private readonly cache = new Map<string, BinFill>();
  /**
   * Integer weights, small enough that every sum of them is exact: a box holding given units then
   * weighs the same whatever the packing order, so its package cost is known before filling it.
   */
  private readonly exactWeights: boolean;

  constructor(private readonly n: Normalized) {
    this.specs = n.boxes.map((b) => ({ W: b.inner.w, H: b.inner.h, D: b.inner.d, maxWeight: b.maxWeight ?? Infinity }));
    this.ctx = { minSupport: n.minSupport, constrained: n.constrained };
    const totalWeight = n.items.reduce((s, it) => s + it.weight * it.qty, 0);
    this.exactWeights = n.items.every((it) => Number.isInteger(it.weight)) && Number.isSafeInteger(totalWeight);
  }

  /** Best single-box fill of `remaining` into template `b` (most volume; first variant wins ties). */
  fillBest(b: number, remaining: readonly number[]): BinFill {
    const useCache = this.n.boxes.length > 1;
    const key = useCache ? `${b}:${remaining.join(",")}` : "";
    const hit = useCache ? this.cache.get(key) : undefined;
    if (hit) return hit;
    let best: BinFill | null = null;
    const total = sum(remaining);
    // With several templates most fills are exploratory: few variants each keeps carts fast.
    const effort = useCache ? Math.min(this.n.effort, EXPLORE_EFFORT) : this.n.effort;
    for (let v = 0; v < effort; v++) {
      const f = fillBin(this.specs[b]!, this.n.types, remaining, VARIANTS[v]!, this.ctx);
      if (!best || f.volume > best.volume) best = f;
      if (sum(f.used) === total) break; // everything fits: no variant can do better
    }
    if (useCache) this.cache.set(key, best!);
    return best!;
  }

  packageCost(b: number, fill: BinFill): number {
    return this.packageCostAt(b, fill.weight);
  }

  private packageCostAt(b: number, itemsWeight: number): number {
    const box = this.n.boxes[b]!;
    return box.cost + this.n.rate({ boxId: box.id, outer: box.outer ?? box.inner, weight: itemsWeight + (box.tareWeight ?? 0) });
  }

  /** The cheapest plan found for `remaining` (units per type), respecting box counts. */
  plan(remaining: readonly number[]): Plan {
    const templates = this.n.boxes.length;
    const units = sum(remaining);
    // With many templates, the cheapest single box that holds everything is found fast; when no
    // plan of two or more boxes can cost less, the costly multi-box search is skipped.
    const single = templates > MAX_SINGLE_TEMPLATE_PLANS ? this.singleBoxPlans(remaining) : [];
    if (single.length > 0 && single[0]!.cost <= this.twoBoxLowerBound()) return single[0]!;
    const plans: Plan[] = [...single];
    if (templates > 1) plans.push(this.build(remaining, -1));
    const multi = templates === 1 && this.n.boxes[0]!.count !== 1 && units > 1;
    // Block building shines with many units per type; on strongly heterogeneous multi-bin input it
    // is slow and the extreme-point packer does better.
    const heterogeneous = multi && units > HETEROGENEOUS_MIN_UNITS && units < HETEROGENEOUS_UNITS_PER_TYPE * remaining.filter((r) => r > 0).length;
    if (multi) plans.push(this.multiBinPlan(remaining));
    // "only T first" plans matter when one template is clearly best; they are costly with many templates
    if (!heterogeneous && templates <= MAX_SINGLE_TEMPLATE_PLANS) for (let b = 0; b < templates; b++) plans.push(this.build(remaining, b));
    let best: Plan | null = null;
    for (const p of plans) {
      const q = templates > 1 && p.bins.length > 1 ? this.downsize(p) : p;
      if (!best || better(q, best)) best = q;
    }
    return this.improve(best!);
  }

  /** No plan with two or more packages costs less: the two cheapest empty packages (rates grow with weight). */
  private twoBoxLowerBound(): number {
    const costs: number[] = [];
    this.n.boxes.forEach((b, i) => {
      const c = this.packageCostAt(i, 0);
      for (let k = 0; k < Math.min(2, b.count ?? 2); k++) costs.push(c);
    });
    costs.sort((a, b) => a - b);
    return costs.length < 2 ? Infinity : costs[0]! + costs[1]!;
  }

  /** Try to empty the least-filled boxes into the others; kept only when the plan gets better. */
  private improve(p: Plan): Plan {
    if (p.bins.length < 2) return p;
    // improving pays only when a box empties, into the other boxes of the plan (same templates):
    // when the k-1 largest of them cannot even hold the volume or weight, skip the search
    const k1 = p.bins.length - 1;
    const caps = p.bins.map((b) => vol(this.specs[b.box]!)).sort((a, b) => b - a);
    const loads = p.bins.map((b) => this.specs[b.box]!.maxWeight).sort((a, b) => b - a);
    if (sum(p.bins.map((b) => b.fill.volume)) > sum(caps.slice(0, k1)) || sum(p.bins.map((b) => b.fill.weight)) > sum(loads.slice(0, k1))) return p;
    const units = sum(p.bins.map((b) => b.fill.placed.length));
    const bins = p.bins.map((b) => binFromPlaced(b.box, this.specs[b.box]!, b.fill.placed, this.n.types));
    const improved = new BinImprover(this.n.types, this.ctx, { budget: IMPROVE_BUDGET_PER_UNIT * units }).improve(bins);
    if (improved.length === p.bins.length) return p;
    const q = this.planOf(improved, p.left);
    return better(q, p) ? q : p;
  }

  /** One template, all bins open at once (extreme-point first fit, best of several orderings). */
  private multiBinPlan(remaining: readonly number[]): Plan {
    const units: number[] = [];
    remaining.forEach((r, t) => { for (let k = 0; k < r; k++) units.push(t); });
    const count = this.n.boxes[0]!.count ?? Infinity;
    const r = bestFirstFit(0, this.specs[0]!, count, units, this.n.types, this.ctx, MAX_FIRST_FIT_VARIANTS);
    const left = remaining.map(() => 0);
    for (const t of r.rest) left[t]!++;
    return this.planOf(r.bins, left);
  }

  planOf(bins: readonly EpBin[], left: number[]): Plan {
    const out = bins.map((b): PlannedBin => {
      const fill: BinFill = { placed: b.placed, volume: b.volume, weight: b.weight, used: unitsPerType(b, this.n.types.length) };
      return { box: b.box, fill, cost: this.packageCost(b.box, fill) };
    });
    return { bins: out, left, cost: sum(out.map((x) => x.cost)) };
  }

  /**
   * Every unit in one box. The cost of such a package is known before packing (box cost + rate at
   * the full weight), so templates are tried cheapest first and the first that holds everything
   * ends the search: no more expensive single box can win.
   */
  private singleBoxPlans(remaining: readonly number[]): Plan[] {
    const t = this.n.types;
    let need = 0, wgt = 0;
    remaining.forEach((r, i) => { need += r * t[i]!.volume; wgt += r * t[i]!.weight; });
    const order: { b: number; cost: number }[] = [];
    this.specs.forEach((s, b) => {
      if (this.n.boxes[b]!.count === 0 || s.W * s.H * s.D < need || s.maxWeight < wgt) return;
      order.push({ b, cost: this.packageCostAt(b, wgt) });
    });
    order.sort((x, y) => x.cost - y.cost || vol(this.specs[x.b]!) - vol(this.specs[y.b]!) || x.b - y.b);
    const total = sum(remaining);
    for (const { b } of order) {
      const f = this.fillBest(b, remaining);
      if (sum(f.used) === total) {
        const cost = this.packageCost(b, f);
        return [{ bins: [{ box: b, fill: f, cost }], left: remaining.map(() => 0), cost }];
      }
    }
    return [];
  }

  private countsLeft(): number[] {
    return this.n.boxes.map((b) => (b.count === null ? Infinity : b.count));
  }

  /** Fill with template `first` while it packs something, then greedily (first = -1: greedy only). */
  private build(remaining0: readonly number[], first: number): Plan {
    const left = remaining0.slice();
    const counts = this.countsLeft();
    const bins: PlannedBin[] = [];
    while (sum(left) > 0) {
      let step: PlannedBin | null = null;
      if (first >= 0 && counts[first]! > 0) {
        const f = this.fillBest(first, left);
        if (f.placed.length > 0) step = { box: first, fill: f, cost: this.packageCost(first, f) };
      }
      step ??= this.greedyStep(left, counts);
      if (!step) break;
      bins.push(step);
      counts[step.box]!--;
      for (let t = 0; t < left.length; t++) left[t]! -= step.fill.used[t]!;
    }
    return { bins, left, cost: sum(bins.map((x) => x.cost)) };
  }

  /**
   * The template with the lowest cost per packed volume. A template's ratio is at least its cost
   * when empty (box + rate at tare weight; rates grow with weight) over the most volume it could
   * take, so templates are tried by that bound and the search stops once the bound cannot win.
   */
  private greedyStep(left: readonly number[], counts: readonly number[]): PlannedBin | null {
    let leftVol = 0;
    left.forEach((r, t) => { leftVol += r * this.n.types[t]!.volume; });
    const order: { b: number; bound: number }[] = [];
    for (let b = 0; b < this.specs.length; b++) {
      if (counts[b]! <= 0) continue;
      order.push({ b, bound: (this.packageCostAt(b, 0) + 1e-9) / Math.min(vol(this.specs[b]!), leftVol) });
    }
    order.sort((x, y) => x.bound - y.bound || x.b - y.b);
    let best: PlannedBin | null = null;
    let bestRatio = Infinity;
    for (const { b, bound } of order) {
      if (bound > bestRatio + 1e-12) break;
      const f = this.fillBest(b, left);
      if (f.placed.length === 0) continue;
      const cost = this.packageCost(b, f);
      const ratio = (cost + 1e-9) / f.volume;
      if (ratio < bestRatio - 1e-12 || (best && Math.abs(ratio - bestRatio) <= 1e-12 && f.volume > best.fill.volume)) {
        best = { box: b, fill: f, cost };
        bestRatio = ratio;
      }
    }
    return best;
  }

  /** Swap each box for the cheapest template (then the smallest) that still holds all its units. */
  private downsize(p: Plan): Plan {
    const counts = this.countsLeft();
    for (const bin of p.bins) counts[bin.box]!--;
    const order = this.n.boxes.map((_, i) => i).sort((a, b) => this.n.boxes[a]!.cost - this.n.boxes[b]!.cost || vol(this.specs[a]!) - vol(this.specs[b]!) || a - b);
    const bins = p.bins.map((bin) => {
      const need = sum(bin.fill.used);
      let cur = bin;
      for (const b of order) {
        if (b === cur.box || counts[b]! <= 0) continue;
        if (this.n.boxes[b]!.cost > cur.cost) break;
        if (vol(this.specs[b]!) < bin.fill.volume || this.specs[b]!.maxWeight < bin.fill.weight) continue;
        // holding all the units, b would cost exactly this: skip the fill when that cannot win
        if (this.exactWeights && !this.cheaper(this.packageCostAt(b, bin.fill.weight), b, cur)) continue;
        const f = this.fillBest(b, bin.fill.used);
        if (sum(f.used) !== need) continue;
        const cost = this.packageCost(b, f);
        if (this.cheaper(cost, b, cur)) {
          counts[cur.box]!++;
          counts[b]!--;
          cur = { box: b, fill: f, cost };
        }
      }
      return cur;
    });
    return { bins, left: p.left, cost: sum(bins.map((x) => x.cost)) };
  }

  /** Whether template `b` at package cost `cost` beats `cur` (cheaper, or as cheap and smaller). */
  private cheaper(cost: number, b: number, cur: PlannedBin): boolean {
    return cost < cur.cost || (cost === cur.cost && vol(this.specs[b]!) < vol(this.specs[cur.box]!));
  }
}

const EXPLORE_EFFORT = 1;
const HETEROGENEOUS_MIN_UNITS = 40;
const HETEROGENEOUS_UNITS_PER_TYPE = 3;
const IMPROVE_BUDGET_PER_UNIT = 60;
const MAX_SINGLE_TEMPLATE_PLANS = 3;
const vol = (s: BinSpec) => s.W * s.H * s.D;

function better(a: Plan, b: Plan): boolean {
  const la = sum(a.left), lb = sum(b.left);
  if (la !== lb) return la < lb;
  if (a.cost !== b.cost) return a.cost < b.cost;
  return a.bins.length < b.bins.length;
}
