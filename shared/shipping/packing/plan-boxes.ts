/**
 * Chooses which boxes to use and how many. Boxes are filled one at a time (each by the best of
 * several fill heuristics); several plans are built and the cheapest kept:
 * - "only T, then greedy" for every template T;
 * - greedy: each next box is the template with the lowest cost per packed volume;
 * then every box of a plan is swapped for a cheaper template that still holds all its units.
 * Plans are ranked by units left unpacked, total cost (box cost + rate estimate), box count.
 */
import { fillBin, VARIANTS, type BinFill, type BinSpec, type FillContext } from "./fill-bin";
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

  constructor(private readonly n: Normalized) {
    this.specs = n.boxes.map((b) => ({ W: b.inner.w, H: b.inner.h, D: b.inner.d, maxWeight: b.maxWeight ?? Infinity }));
    this.ctx = { minSupport: n.minSupport, constrained: n.constrained };
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
    const box = this.n.boxes[b]!;
    return box.cost + this.n.rate({ boxId: box.id, outer: box.outer ?? box.inner, weight: fill.weight + (box.tareWeight ?? 0) });
  }

  /** The cheapest plan found for `remaining` (units per type), respecting box counts. */
  plan(remaining: readonly number[]): Plan {
    const plans: Plan[] = [];
    const templates = this.n.boxes.length;
    if (templates > 1) plans.push(this.build(remaining, -1));
    // "only T first" plans matter when one template is clearly best; they are costly with many templates
    if (templates <= MAX_SINGLE_TEMPLATE_PLANS) for (let b = 0; b < templates; b++) plans.push(this.build(remaining, b));
    else plans.push(...this.singleBoxPlans(remaining));
    let best: Plan | null = null;
    for (const p of plans) {
      const q = templates > 1 ? this.downsize(p) : p;
      if (!best || better(q, best)) best = q;
    }
    return best!;
  }

  /** Every unit in one box, for each template that could hold them by volume, weight and size. */
  private singleBoxPlans(remaining: readonly number[]): Plan[] {
    const t = this.n.types;
    let vol = 0, wgt = 0;
    remaining.forEach((r, i) => { vol += r * t[i]!.volume; wgt += r * t[i]!.weight; });
    const out: Plan[] = [];
    this.specs.forEach((s, b) => {
      if (this.n.boxes[b]!.count === 0 || s.W * s.H * s.D < vol || s.maxWeight < wgt) return;
      const f = this.fillBest(b, remaining);
      if (sum(f.used) === sum(remaining)) out.push({ bins: [{ box: b, fill: f, cost: this.packageCost(b, f) }], left: remaining.map(() => 0), cost: this.packageCost(b, f) });
    });
    return out;
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

  private greedyStep(left: readonly number[], counts: readonly number[]): PlannedBin | null {
    let best: PlannedBin | null = null;
    let bestRatio = Infinity;
    for (let b = 0; b < this.specs.length; b++) {
      if (counts[b]! <= 0) continue;
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
        const f = this.fillBest(b, bin.fill.used);
        if (sum(f.used) !== need) continue;
        const cost = this.packageCost(b, f);
        if (cost < cur.cost || (cost === cur.cost && vol(this.specs[b]!) < vol(this.specs[cur.box]!))) {
          counts[cur.box]!++;
          counts[b]!--;
          cur = { box: b, fill: f, cost };
        }
      }
      return cur;
    });
    return { bins, left: p.left, cost: sum(bins.map((x) => x.cost)) };
  }
}

const EXPLORE_EFFORT = 2;
const MAX_SINGLE_TEMPLATE_PLANS = 3;
const vol = (s: BinSpec) => s.W * s.H * s.D;

function better(a: Plan, b: Plan): boolean {
  const la = sum(a.left), lb = sum(b.left);
  if (la !== lb) return la < lb;
  if (a.cost !== b.cost) return a.cost < b.cost;
  return a.bins.length < b.bins.length;
}
