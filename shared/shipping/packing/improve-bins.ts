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
import { emptyBin, packOne, placeUnit, type EpBin } from "./extreme-points";
import { orderUnits, ORDERINGS, POINT_RULES } from "./multi-bin";
import type { PlacedUnit } from "./support";

function unitsOf(bin: EpBin): number[] {
  return bin.placed.map((p) => p.t);
}

/** A copy of `bin` that can take more units without touching the original. */
function cloneBin(bin: EpBin): EpBin {
  return {
    ...bin,
    placed: bin.placed.map((p) => ({ ...p, below: p.below.slice() })),
    eps: bin.eps.slice(),
    used: bin.used.slice(),
  };
}

/** Rebuild a bin from placed units (e.g. from block building): extreme points from every unit's corners. */
export function binFromPlaced(box: number, spec: EpBin["spec"], placed: readonly PlacedUnit[], types: readonly PackType[]): EpBin {
  const bin = emptyBin(box, spec, types.length);
  bin.placed = placed.map((p) => ({ ...p, below: p.below.slice() }));
  for (const p of placed) {
    bin.volume += types[p.t]!.volume;
    bin.weight += types[p.t]!.weight;
    bin.used[p.t]!++;
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
      const donors = bins.filter((b) => !stuck.has(b)).sort((a, b) => a.volume - b.volume || bins.indexOf(a) - bins.indexOf(b));
      const donor = donors[0];
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
    const receivers = bins.filter((b) => b !== donor && b.volume >= donor.volume).sort((a, b) => b.volume - a.volume || bins.indexOf(a) - bins.indexOf(b));
    for (const recv of receivers) {
      if (pending.length === 0 || this.exhausted) break;
      const offer = this.bestOffer(recv, pending);
      if (!offer) continue;
      next[next.indexOf(recv)] = offer.bin;
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
    const need = recv.used;
    for (const ordering of REPACK_ORDERINGS) for (const rule of REPACK_RULES) {
      if (this.exhausted) return best;
      this.work += all.length;
      const r = packOne(recv.box, recv.spec, orderUnits(this.types, all, recv.spec, ordering), this.types, this.ctx, rule);
      if (need.some((n, t) => r.bin.used[t]! < n)) continue;
      const got: number[] = [];
      const extra = r.bin.used.map((n, t) => n - need[t]!);
      for (const t of pending) if (extra[t]! > 0) { extra[t]!--; got.push(t); }
      consider(r.bin, got);
      if (got.length === pending.length) return best;
    }
    return best;
  }
}

/** Re-packing a receiver is the costly move: a few strong variants only. */
const REPACK_ORDERINGS = ["volume", "clusteredArea"] as const;
const REPACK_RULES = ["rs", "yzx"] as const;

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
