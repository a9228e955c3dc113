/**
 * Extreme-point placement (Crainic, Perboli & Tadei 2008): a bin keeps the points where the next
 * item may go, generated from every placed item's corners projected back onto the nearest item or
 * wall. Unlike block building it packs unit by unit into bins that stay open, which is what lets
 * the multi-bin packer and the bin-emptying phase move items between bins. Same rules as fill-bin:
 * inside the box, no overlap, weight limit, support under items (unless minSupport is 0), nothing
 * on a fragile item, load limits.
 */
import type { BinSpec, FillContext, PackType } from "./fill-bin";
import { EPS as TOLERANCE } from "./free-spaces";

// a plain local: hot loops read it millions of times, and a module binding can cost a getter call per read
const EPS = TOLERANCE;
import type { Orient } from "./orientations";
import { canCarry, supportOf, type PlacedUnit } from "./support";

export interface EpBin {
  /** template index */
  box: number;
  spec: BinSpec;
  placed: PlacedUnit[];
  /** extreme points, flat [x, y, z, x, y, z, …] */
  eps: number[];
  volume: number;
  weight: number;
  /** units taken per type */
  used: number[];
}

/** Which extreme point wins: lowest (y, z, x) fills floor first; (z, y, x) builds walls from the back. */
export type PointRule = "yzx" | "zyx" | "rs";

export interface Spot {
  x: number;
  y: number;
  z: number;
  o: Orient;
}

export function emptyBin(box: number, spec: BinSpec, typeCount: number): EpBin {
  return { box, spec, placed: [], eps: [0, 0, 0], volume: 0, weight: 0, used: new Array<number>(typeCount).fill(0) };
}

function overlapsAny(placed: readonly PlacedUnit[], x0: number, y0: number, z0: number, x1: number, y1: number, z1: number): boolean {
  for (let i = 0; i < placed.length; i++) {
    const p = placed[i]!;
    if (x0 < p.x1 - EPS && p.x0 < x1 - EPS && y0 < p.y1 - EPS && p.y0 < y1 - EPS && z0 < p.z1 - EPS && p.z0 < z1 - EPS) return true;
  }
  return false;
}

function key(rule: PointRule, x: number, y: number, z: number, W: number, H: number, D: number): number {
  // one number so candidates compare fast; coordinates are bounded by the box
  if (rule === "zyx") return (z * (H + 1) + y) * (W + 1) + x;
  return (y * (D + 1) + z) * (W + 1) + x;
}

/** Free run from a point along +x, +y, +z until an item or a wall (CPT's residual space). */
function residual(placed: readonly PlacedUnit[], x: number, y: number, z: number, W: number, H: number, D: number): [number, number, number] {
  let rx = W, ry = H, rz = D;
  for (const p of placed) {
    const inY = p.y0 <= y + EPS && y < p.y1 - EPS, inZ = p.z0 <= z + EPS && z < p.z1 - EPS, inX = p.x0 <= x + EPS && x < p.x1 - EPS;
    if (inY && inZ && p.x0 >= x - EPS && p.x0 < rx) rx = p.x0;
    if (inX && inZ && p.y0 >= y - EPS && p.y0 < ry) ry = p.y0;
    if (inX && inY && p.z0 >= z - EPS && p.z0 < rz) rz = p.z0;
  }
  return [rx - x, ry - y, rz - z];
}

/**
 * Merit of the best feasible point of `bin` for one unit of `t` (lower is better), ignoring load
 * limits; Infinity when none fits. Lets a best-fit packer compare bins before committing.
 */
export function bestMerit(bin: EpBin, t: number, types: readonly PackType[], ctx: FillContext, rule: PointRule): number {
  const ty = types[t]!;
  if (bin.weight + ty.weight > bin.spec.maxWeight + EPS) return Infinity;
  let best = Infinity;
  scan(bin, ty, ctx, rule, (k) => { if (k < best) best = k; return best; });
  return best;
}

/** Calls `visit` with the merit of every geometrically feasible (point, orientation); it returns the bound to beat. */
function scan(bin: EpBin, ty: PackType, ctx: FillContext, rule: PointRule, visit: (k: number, s: Spot) => number): void {
  const { W, H, D } = bin.spec;
  const checkBelow = ctx.minSupport > 0 || ctx.constrained;
  let bound = Infinity;
  const eps = bin.eps;
  for (let e = 0; e < eps.length; e += 3) {
    const x = eps[e]!, y = eps[e + 1]!, z = eps[e + 2]!;
    const rs = rule === "rs" ? residual(bin.placed, x, y, z, W, H, D) : null;
    for (const o of ty.orients) {
      if (x + o.dx > W + EPS || y + o.dy > H + EPS || z + o.dz > D + EPS) continue;
      const k = rs ? rs[0] - o.dx + (rs[1] - o.dy) + (rs[2] - o.dz) : key(rule, x, y, z, W, H, D);
      if (rs && (rs[0] < o.dx - EPS || rs[1] < o.dy - EPS || rs[2] < o.dz - EPS)) continue;
      if (!ctx.constrained && k >= bound) continue;
      if (overlapsAny(bin.placed, x, y, z, x + o.dx, y + o.dy, z + o.dz)) continue;
      if (checkBelow && y > EPS) {
        const sup = supportOf(bin.placed, x, z, x + o.dx, z + o.dz, y, false);
        if (sup.touchesFragile || sup.area < ctx.minSupport * o.dx * o.dz - EPS) continue;
      }
      bound = visit(k, { x, y, z, o });
    }
  }
}

/**
 * Place one unit of type `t` at the best feasible extreme point of `bin`; false when none fits.
 * Feasibility is geometric first; load limits (which mutate loads) are checked on the winner only,
 * falling back to the next candidate when they refuse.
 */
export function placeUnit(bin: EpBin, t: number, types: readonly PackType[], ctx: FillContext, rule: PointRule): boolean {
  const ty = types[t]!;
  if (bin.weight + ty.weight > bin.spec.maxWeight + EPS) return false;
  if (!ctx.constrained) {
    let best: Spot | null = null;
    let bestK = Infinity;
    scan(bin, ty, ctx, rule, (k, s) => {
      if (k < bestK) { bestK = k; best = s; }
      return bestK;
    });
    if (!best) return false;
    commit(bin, t, ty, best, []);
    return true;
  }
  const cands: { k: number; s: Spot }[] = [];
  scan(bin, ty, ctx, rule, (k, s) => { cands.push({ k, s }); return Infinity; });
  cands.sort((a, b) => a.k - b.k);
  for (const { s } of cands) {
    const below = s.y > EPS ? supportOf(bin.placed, s.x, s.z, s.x + s.o.dx, s.z + s.o.dz, s.y, true).below : [];
    const unit = makeUnit(t, ty, s, below);
    if (!canCarry(bin.placed, [unit])) continue;
    commit(bin, t, ty, s, below, unit);
    return true;
  }
  return false;
}

function makeUnit(t: number, ty: PackType, s: Spot, below: number[]): PlacedUnit {
  return {
    t, code: s.o.code, x0: s.x, y0: s.y, z0: s.z, x1: s.x + s.o.dx, y1: s.y + s.o.dy, z1: s.z + s.o.dz,
    weight: ty.weight, fragile: ty.fragile, maxLoad: ty.maxLoad, load: 0, below,
  };
}

function commit(bin: EpBin, t: number, ty: PackType, s: Spot, below: number[], unit = makeUnit(t, ty, s, below)): void {
  bin.placed.push(unit);
  bin.volume += ty.volume;
  bin.weight += ty.weight;
  bin.used[t]!++;
  updatePoints(bin, unit);
}

/** Highest face at or below `y` under (x, z), or the floor. */
function projectY(placed: readonly PlacedUnit[], x: number, y: number, z: number): number {
  let best = 0;
  for (const p of placed) if (p.y1 <= y + EPS && p.y1 > best && p.x0 <= x + EPS && x < p.x1 - EPS && p.z0 <= z + EPS && z < p.z1 - EPS) best = p.y1;
  return best;
}
function projectX(placed: readonly PlacedUnit[], x: number, y: number, z: number): number {
  let best = 0;
  for (const p of placed) if (p.x1 <= x + EPS && p.x1 > best && p.y0 <= y + EPS && y < p.y1 - EPS && p.z0 <= z + EPS && z < p.z1 - EPS) best = p.x1;
  return best;
}
function projectZ(placed: readonly PlacedUnit[], x: number, y: number, z: number): number {
  let best = 0;
  for (const p of placed) if (p.z1 <= z + EPS && p.z1 > best && p.x0 <= x + EPS && x < p.x1 - EPS && p.y0 <= y + EPS && y < p.y1 - EPS) best = p.z1;
  return best;
}

function updatePoints(bin: EpBin, u: PlacedUnit): void {
  const pl = bin.placed;
  const fresh = [
    u.x1, projectY(pl, u.x1, u.y0, u.z0), u.z0,
    u.x1, u.y0, projectZ(pl, u.x1, u.y0, u.z0),
    projectX(pl, u.x0, u.y1, u.z0), u.y1, u.z0,
    u.x0, u.y1, projectZ(pl, u.x0, u.y1, u.z0),
    projectX(pl, u.x0, u.y0, u.z1), u.y0, u.z1,
    u.x0, projectY(pl, u.x0, u.y0, u.z1), u.z1,
  ];
  const { W, H, D } = bin.spec;
  const out: number[] = [];
  const add = (x: number, y: number, z: number) => {
    if (x >= W - EPS || y >= H - EPS || z >= D - EPS) return;
    // a point inside the new unit is occupied
    if (x >= u.x0 - EPS && x < u.x1 - EPS && y >= u.y0 - EPS && y < u.y1 - EPS && z >= u.z0 - EPS && z < u.z1 - EPS) return;
    for (let i = 0; i < out.length; i += 3) if (Math.abs(out[i]! - x) <= EPS && Math.abs(out[i + 1]! - y) <= EPS && Math.abs(out[i + 2]! - z) <= EPS) return;
    out.push(x, y, z);
  };
  const old = bin.eps;
  for (let i = 0; i < old.length; i += 3) add(old[i]!, old[i + 1]!, old[i + 2]!);
  for (let i = 0; i < fresh.length; i += 3) add(fresh[i]!, fresh[i + 1]!, fresh[i + 2]!);
  bin.eps = out;
}

/** Pack `units` (type indices, in order) into ONE new bin; returns the bin and the units left out. */
export function packOne(box: number, spec: BinSpec, units: readonly number[], types: readonly PackType[], ctx: FillContext, rule: PointRule): { bin: EpBin; rest: number[] } {
  const bin = emptyBin(box, spec, types.length);
  const rest: number[] = [];
  for (const t of units) if (!placeUnit(bin, t, types, ctx, rule)) rest.push(t);
  return { bin, rest };
}
