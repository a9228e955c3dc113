/**
 * Bin-level improvement: try to empty the least-filled bins. The donor (least item volume) offers
 * its units to every other bin in turn; a receiver is either kept as is with donor units inserted
 * at its extreme points, or re-packed from scratch with its own units plus the donor's (several
 * orderings and point rules). The candidate that absorbs the most donor volume while keeping all
 * of the receiver's units wins. A donor left empty disappears: one box fewer. Moves only shift
 * volume from emptier to fuller bins, so the search ends; a work budget (units placed) keeps it
 * bounded and deterministic.
 */
import type { FillContext, PackType } from "./fill-bin";
import { EPS } from "./free-spaces";
import * as points from "./extreme-points";
import type { EpBin, PointRule } from "./extreme-points";
import { orderUnits as orderUnitsBinding, ORDERINGS, POINT_RULES } from "./multi-bin";
import type { PlacedUnit } from "./support";

// plain locals: hot loops call these millions of times, and a module binding can cost a getter call per use
const { emptyBin, packOne, placeUnit, resetReach } = points;
const orderUnits = orderUnitsBinding;

function unitsOf(bin: EpBin): number[] {
  return bin.placed.map((p) => p.t);
}

/**
 * A copy of `bin` that can take more units without touching the original. Spelled out field by
 * field in emptyBin's order: a spread copy gets another hidden class, and the hot loops reading
 * bins then deoptimize.
 */
function cloneBin(bin: EpBin): EpBin {
  return {
    box: bin.box, spec: bin.spec,
    placed: bin.placed.map((p) => ({ ...p, below: p.below.slice() })),
    eps: bin.eps.slice(), reach: bin.reach.slice(), distinct: bin.distinct, thinnest: bin.thinnest,
    roomMin: bin.roomMin, roomMax: bin.roomMax, roomSum: bin.roomSum, volume: bin.volume, weight: bin.weight,
  };
}

/** Rebuild a bin from placed units (e.g. from block building): extreme points from every unit's corners. */
export function binFromPlaced(box: number, spec: EpBin["spec"], placed: readonly PlacedUnit[], types: readonly PackType[]): EpBin {
  const bin = emptyBin(box, spec);
  bin.placed = placed.map((p) => ({ ...p, below: p.below.slice() }));
  for (const p of placed) {
    bin.volume += types[p.t]!.volume;
    bin.weight += types[p.t]!.weight;
  }
  const pts: number[] = [0, 0, 0];
  for (const u of placed) pts.push(u.x1, u.y0, u.z0, u.x0, u.y1, u.z0, u.x0, u.y0, u.z1);
  bin.eps = [];
  for (let i = 0; i < pts.length; i += 3) {
    const x = pts[i]!, y = pts[i + 1]!, z = pts[i + 2]!;
    if (x >= spec.W - EPS || y >= spec.H - EPS || z >= spec.D - EPS) continue;
    if (placed.some((p) => x >= p.x0 - EPS && x < p.x1 - EPS && y >= p.y0 - EPS && y < p.y1 - EPS && z >= p.z0 - EPS && z < p.z1 - EPS)) continue;
    bin.eps.push(x, y, z);
  }
  bin.distinct = false;
  resetReach(bin);
  return bin;
}

export interface ImproveOptions {
  /** most unit placements the phase may attempt */
  budget: number;
}

interface Offer {
  bin: EpBin;
  /** donor units (type indices) the receiver took */
  taken: number[];
  volume: number;
}

export class BinImprover {
  private work = 0;

  constructor(
    private readonly types: readonly PackType[],
    private readonly ctx: FillContext,
    private readonly opts: ImproveOptions,
  ) {}

  private get exhausted(): boolean {
    return this.work >= this.opts.budget;
  }

  /** Returns an improved list of bins (never more bins, every unit kept); `bins` is not modified. */
  improve(bins0: readonly EpBin[]): EpBin[] {
    let bins = bins0.slice();
    const stuck = new Set<EpBin>();
    while (bins.length > 1 && !this.exhausted) {
      // the emptiest bin not yet stuck (the first one on ties)
      let donor: EpBin | undefined;
      for (const b of bins) if (!stuck.has(b) && (!donor || b.volume < donor.volume)) donor = b;
      if (!donor) break;
      const r = this.drain(donor, bins);
      if (r === null) {
        stuck.add(donor);
        continue;
      }
      bins = r.bins;
      // receivers changed: anything may have become drainable again
      if (r.emptied) stuck.clear();
      else stuck.add(r.donor);
    }
    return bins;
  }

  /**
   * Offer the donor's units to every other bin. Null when nothing moved; otherwise the new bins and
   * whether the donor disappeared (when it did not, it was rebuilt from what it kept).
   */
  private drain(donor: EpBin, bins: readonly EpBin[]): { bins: EpBin[]; emptied: boolean; donor: EpBin } | null {
    let pending = orderUnits(this.types, unitsOf(donor), donor.spec, "volume");
    const next = bins.slice();
    let moved = false;
    // only towards fuller bins: volume flows one way, so the search cannot cycle
    const receivers: number[] = [];
    bins.forEach((b, i) => { if (b !== donor && b.volume >= donor.volume) receivers.push(i); });
    receivers.sort((a, b) => bins[b]!.volume - bins[a]!.volume || a - b);
    for (const ri of receivers) {
      if (pending.length === 0 || this.exhausted) break;
      const offer = this.bestOffer(bins[ri]!, pending);
      if (!offer) continue;
      next[ri] = offer.bin;
      pending = removeUnits(pending, offer.taken);
      moved = true;
    }
    if (!moved) return null;
    const di = next.indexOf(donor);
    if (pending.length === 0) {
      next.splice(di, 1);
      return { bins: next, emptied: true, donor };
    }
    const rebuilt = this.rebuild(donor, pending);
    if (!rebuilt) return null;
    next[di] = rebuilt;
    return { bins: next, emptied: false, donor: rebuilt };
  }

  /** The donor with only `keep` left: its own placements when removing units breaks no rule, else re-packed. */
  private rebuild(donor: EpBin, keep: readonly number[]): EpBin | null {
    if (this.ctx.minSupport === 0 && !this.ctx.constrained) {
      const want = new Map<number, number>();
      for (const t of keep) want.set(t, (want.get(t) ?? 0) + 1);
      const placed = donor.placed.filter((p) => {
        const n = want.get(p.t) ?? 0;
        if (n === 0) return false;
        want.set(p.t, n - 1);
        return true;
      });
      return binFromPlaced(donor.box, donor.spec, placed, this.types);
    }
    for (const ordering of ORDERINGS) for (const rule of POINT_RULES) {
      this.work += keep.length;
      const r = packOne(donor.box, donor.spec, orderUnits(this.types, keep, donor.spec, ordering), this.types, this.ctx, rule);
      if (r.rest.length === 0) return r.bin;
    }
    return null;
  }

  private bestOffer(recv: EpBin, pending: readonly number[]): Offer | null {
    let best: Offer | null = null;
    const consider = (bin: EpBin, taken: number[]) => {
      let volume = 0;
      for (const t of taken) volume += this.types[t]!.volume;
      if (volume > EPS && (!best || volume > best.volume + EPS)) best = { bin, taken, volume };
    };
    // 1) keep the receiver's layout, insert donor units at its extreme points
    const kept = cloneBin(recv);
    const taken: number[] = [];
    for (const t of pending) {
      this.work++;
      if (placeUnit(kept, t, this.types, this.ctx, "yzx")) taken.push(t);
    }
    consider(kept, taken);
    if (taken.length === pending.length) return best;
    // 2) re-pack receiver + donor units from scratch; every receiver unit must fit again
    const own = unitsOf(recv);
    const all = own.concat(pending);
    const offered = countOf(pending);
    const orders: number[][] = [];
    for (const ordering of REPACK_ORDERINGS) {
      const order = orderUnits(this.types, all, recv.spec, ordering);
      // the same order re-packs into the same bins: nothing new to consider (the work still counts)
      const repeated = orders.some((o) => sameList(o, order));
      orders.push(order);
      for (const rule of REPACK_RULES) {
        if (this.exhausted) return best;
        this.work += all.length;
        if (repeated) continue;
        const r = this.repack(recv, order, rule, pending, offered);
        if (!r) continue;
        consider(r.bin, r.got);
        if (r.got.length === pending.length) return best;
      }
    }
    return best;
  }

  /**
   * The receiver re-packed from scratch with the donor's `pending` units, in `order`, and the donor
   * units it took; null once a receiver unit is left out (more of a type left than were offered).
   */
  private repack(recv: EpBin, order: readonly number[], rule: PointRule, pending: readonly number[], offered: ReadonlyMap<number, number>): { bin: EpBin; got: number[] } | null {
    const bin = emptyBin(recv.box, recv.spec);
    const left = new Map<number, number>();
    for (const t of order) {
      if (placeUnit(bin, t, this.types, this.ctx, rule)) continue;
      const n = (left.get(t) ?? 0) + 1;
      if (n > (offered.get(t) ?? 0)) return null;
      left.set(t, n);
    }
    const got: number[] = [];
    const extra = new Map<number, number>();
    for (const [t, n] of offered) extra.set(t, n - (left.get(t) ?? 0));
    for (const t of pending) {
      const e = extra.get(t)!;
      if (e > 0) { extra.set(t, e - 1); got.push(t); }
    }
    return { bin, got };
  }
}

/** Re-packing a receiver is the costly move: a few strong variants only. */
const REPACK_ORDERINGS = ["volume", "clusteredArea"] as const;
const REPACK_RULES = ["rs", "yzx"] as const;

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function countOf(units: readonly number[]): Map<number, number> {
  const count = new Map<number, number>();
  for (const t of units) count.set(t, (count.get(t) ?? 0) + 1);
  return count;
}

function removeUnits(list: readonly number[], taken: readonly number[]): number[] {
  const count = new Map<number, number>();
  for (const t of taken) count.set(t, (count.get(t) ?? 0) + 1);
  return list.filter((t) => {
    const n = count.get(t) ?? 0;
    if (n === 0) return true;
    count.set(t, n - 1);
    return false;
  });
}
