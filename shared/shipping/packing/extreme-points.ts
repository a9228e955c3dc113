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
import type { Orient } from "./orientations";
import * as support from "./support";
import type { PlacedUnit } from "./support";

// plain locals: hot loops read them millions of times, and a module binding can cost a getter call per read
const EPS = TOLERANCE;
const { canCarry, supportAreaOf, supportOf } = support;

export interface EpBin {
  /** template index */
  box: number;
  spec: BinSpec;
  placed: PlacedUnit[];
  /** extreme points, flat [x, y, z, x, y, z, …] */
  eps: number[];
  /**
   * Per extreme point, where its free run along +x, +y, +z ends (CPT's residual space, as absolute
   * coordinates), aligned with `eps`. Kept up to date unit by unit: a scan then rejects most points
   * an item cannot take without walking every placed unit.
   */
  reach: number[];
  /** `eps` holds no two points within EPS of each other (false after a rebuild from placements) */
  distinct: boolean;
  /** smallest extent of any placed unit (the reach shortcut needs units thicker than the tolerance) */
  thinnest: number;
  /**
   * Over all extreme points, the largest shortest run, longest run and run sum: a unit whose
   * shortest side, longest side or side sum exceeds them fits no point (in any orientation).
   */
  roomMin: number;
  roomMax: number;
  roomSum: number;
  volume: number;
  weight: number;
}

/** Which extreme point wins: lowest (y, z, x) fills floor first; (z, y, x) builds walls from the back. */
export type PointRule = "yzx" | "zyx" | "rs";

export interface Spot {
  x: number;
  y: number;
  z: number;
  o: Orient;
}

export function emptyBin(box: number, spec: BinSpec): EpBin {
  const bin: EpBin = {
    box, spec, placed: [], eps: [0, 0, 0], reach: [spec.W, spec.H, spec.D], distinct: true, thinnest: Infinity,
    roomMin: -Infinity, roomMax: -Infinity, roomSum: -Infinity, volume: 0, weight: 0,
  };
  measureRoom(bin);
  return bin;
}

function measureRoom(bin: EpBin): void {
  const eps = bin.eps, reach = bin.reach;
  let lo = -Infinity, hi = -Infinity, sum = -Infinity;
  for (let e = 0; e < eps.length; e += 3) {
    const ax = reach[e]! - eps[e]!, ay = reach[e + 1]! - eps[e + 1]!, az = reach[e + 2]! - eps[e + 2]!;
    lo = Math.max(lo, Math.min(ax, ay, az));
    hi = Math.max(hi, ax, ay, az);
    sum = Math.max(sum, ax + ay + az);
  }
  bin.roomMin = lo;
  bin.roomMax = hi;
  bin.roomSum = sum;
}

/** Units taken per type. */
export function unitsPerType(bin: EpBin, typeCount: number): number[] {
  const used = new Array<number>(typeCount).fill(0);
  for (const p of bin.placed) used[p.t]!++;
  return used;
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

/** Shortens the free runs from point `e` (reach[e..e+2]) by unit `p`. */
function cutReach(reach: number[], e: number, x: number, y: number, z: number, p: PlacedUnit): void {
  const inY = p.y0 <= y + EPS && y < p.y1 - EPS, inZ = p.z0 <= z + EPS && z < p.z1 - EPS, inX = p.x0 <= x + EPS && x < p.x1 - EPS;
  if (inY && inZ && p.x0 >= x - EPS && p.x0 < reach[e]!) reach[e] = p.x0;
  if (inX && inZ && p.y0 >= y - EPS && p.y0 < reach[e + 1]!) reach[e + 1] = p.y0;
  if (inX && inY && p.z0 >= z - EPS && p.z0 < reach[e + 2]!) reach[e + 2] = p.z0;
}

/** Appends the free runs from (x, y, z) until an item or a wall. */
function pushReach(reach: number[], placed: readonly PlacedUnit[], x: number, y: number, z: number, spec: BinSpec): void {
  const e = reach.length;
  reach.push(spec.W, spec.H, spec.D);
  for (let i = 0; i < placed.length; i++) cutReach(reach, e, x, y, z, placed[i]!);
}

/** Rebuilds `reach` from scratch (after `eps` or `placed` were replaced wholesale). */
export function resetReach(bin: EpBin): void {
  bin.reach = [];
  bin.thinnest = Infinity;
  for (const p of bin.placed) bin.thinnest = Math.min(bin.thinnest, p.x1 - p.x0, p.y1 - p.y0, p.z1 - p.z0);
  for (let e = 0; e < bin.eps.length; e += 3) pushReach(bin.reach, bin.placed, bin.eps[e]!, bin.eps[e + 1]!, bin.eps[e + 2]!, bin.spec);
  measureRoom(bin);
}

/**
 * False when `bin` certainly cannot take one more unit of `ty`: over the weight limit, or less
 * free volume than the unit (with slack for the tolerated overlaps, so no feasible point is lost).
 */
function hasRoom(bin: EpBin, ty: PackType): boolean {
  const { W, H, D, maxWeight } = bin.spec;
  if (bin.weight + ty.weight > maxWeight + EPS) return false;
  const slack = 2 * EPS * (W * H + H * D + W * D) * (bin.placed.length + 1);
  return bin.volume + ty.volume <= W * H * D + slack;
}

/** The best spot a scan found (reused: scans run millions of times). */
export interface SpotHit {
  k: number;
  x: number;
  y: number;
  z: number;
  o: Orient | null;
}

export function newHit(): SpotHit {
  return { k: Infinity, x: 0, y: 0, z: 0, o: null };
}

/** Candidate lists of the load-checked path: merits and spots side by side. */
interface Candidates {
  k: number[];
  x: number[];
  y: number[];
  z: number[];
  o: Orient[];
}

/**
 * Scans every (extreme point, orientation) of `bin` for `ty`. With `all` null, keeps in `hit` the
 * geometrically feasible spot of lowest merit (the first one scanned on ties) and returns whether
 * one exists; otherwise appends every feasible spot to `all` (for load checks in merit order).
 */
function scan(bin: EpBin, ty: PackType, ctx: FillContext, rule: PointRule, hit: SpotHit, all: Candidates | null): boolean {
  const { W, H, D } = bin.spec;
  const checkBelow = ctx.minSupport > 0 || ctx.constrained;
  const eps = bin.eps, reach = bin.reach, placed = bin.placed;
  const orients = ty.orients;
  const rs = rule === "rs";
  // the reach test equals the overlap test for units thicker than the tolerance (CPT's own check)
  const useReach = rs || bin.thinnest > 2 * EPS;
  const o0 = orients[0]!;
  const lo = Math.min(o0.dx, o0.dy, o0.dz);
  // whole-bin reach test first (sides in any orientation): most bins of a multi-bin packing are full
  if (useReach && (rs || lo > 2 * EPS)) {
    if (bin.roomMin < lo - EPS || bin.roomMax < Math.max(o0.dx, o0.dy, o0.dz) - EPS || bin.roomSum + 4 * EPS < o0.dx + o0.dy + o0.dz) return false;
  }
  let bound = Infinity;
  let found = false;
  for (let e = 0; e < eps.length; e += 3) {
    const x = eps[e]!, y = eps[e + 1]!, z = eps[e + 2]!;
    const pk = rs ? 0 : key(rule, x, y, z, W, H, D);
    if (!rs && all === null && pk >= bound) continue;
    const ax = reach[e]! - x, ay = reach[e + 1]! - y, az = reach[e + 2]! - z;
    for (let j = 0; j < orients.length; j++) {
      const o = orients[j]!;
      // the reach test first: it turns most spots down
      if (useReach && (ax < o.dx - EPS || ay < o.dy - EPS || az < o.dz - EPS) && (rs || o.dx > 2 * EPS && o.dy > 2 * EPS && o.dz > 2 * EPS)) continue;
      if (x + o.dx > W + EPS || y + o.dy > H + EPS || z + o.dz > D + EPS) continue;
      const k = rs ? ax - o.dx + (ay - o.dy) + (az - o.dz) : pk;
      if (all === null && k >= bound) continue;
      if (overlapsAny(placed, x, y, z, x + o.dx, y + o.dy, z + o.dz)) continue;
      if (checkBelow && y > EPS) {
        const area = supportAreaOf(placed, x, z, x + o.dx, z + o.dz, y);
        if (area < 0 || area < ctx.minSupport * o.dx * o.dz - EPS) continue;
      }
      found = true;
      if (all !== null) {
        all.k.push(k); all.x.push(x); all.y.push(y); all.z.push(z); all.o.push(o);
        continue;
      }
      bound = k;
      hit.k = k; hit.x = x; hit.y = y; hit.z = z; hit.o = o;
    }
  }
  return found;
}

const scratch = newHit();

/**
 * Merit of the best feasible point of `bin` for one unit of `t` (lower is better), ignoring load
 * limits; Infinity when none fits. Lets a best-fit packer compare bins before committing; `into`
 * receives that spot (see placeAt).
 */
export function bestMerit(bin: EpBin, t: number, types: readonly PackType[], ctx: FillContext, rule: PointRule, into: SpotHit = scratch): number {
  const ty = types[t]!;
  if (!hasRoom(bin, ty)) return Infinity;
  return scan(bin, ty, ctx, rule, into, null) ? into.k : Infinity;
}

/** Places one unit of `t` at a spot bestMerit found in this very bin state (no load limits in play). */
export function placeAt(bin: EpBin, t: number, types: readonly PackType[], hit: SpotHit): void {
  const ty = types[t]!;
  commit(bin, makeUnit(t, ty, hit.x, hit.y, hit.z, hit.o!, []), ty);
}

/**
 * Place one unit of type `t` at the best feasible extreme point of `bin`; false when none fits.
 * Feasibility is geometric first; load limits (which mutate loads) are checked on the winner only,
 * falling back to the next candidate when they refuse.
 */
export function placeUnit(bin: EpBin, t: number, types: readonly PackType[], ctx: FillContext, rule: PointRule): boolean {
  const ty = types[t]!;
  if (!hasRoom(bin, ty)) return false;
  if (!scan(bin, ty, ctx, rule, scratch, null)) return false;
  if (!ctx.constrained) {
    placeAt(bin, t, types, scratch);
    return true;
  }
  // the best spot nearly always carries; only when it does not are all spots ranked
  if (tryCarry(bin, t, ty, scratch.x, scratch.y, scratch.z, scratch.o!)) return true;
  const all: Candidates = { k: [], x: [], y: [], z: [], o: [] };
  scan(bin, ty, ctx, rule, scratch, all);
  // merit order, scan order on ties
  const order = all.k.map((_, i) => i).sort((a, b) => all.k[a]! - all.k[b]! || a - b);
  for (const i of order) if (tryCarry(bin, t, ty, all.x[i]!, all.y[i]!, all.z[i]!, all.o[i]!)) return true;
  return false;
}

/** Places the unit at (x, y, z) when the units below can carry it (a refusal changes nothing). */
function tryCarry(bin: EpBin, t: number, ty: PackType, x: number, y: number, z: number, o: Orient): boolean {
  const below = y > EPS ? supportOf(bin.placed, x, z, x + o.dx, z + o.dz, y, true).below : [];
  const unit = makeUnit(t, ty, x, y, z, o, below);
  if (!canCarry(bin.placed, [unit])) return false;
  commit(bin, unit, ty);
  return true;
}

function makeUnit(t: number, ty: PackType, x: number, y: number, z: number, o: Orient, below: number[]): PlacedUnit {
  return {
    t, code: o.code, x0: x, y0: y, z0: z, x1: x + o.dx, y1: y + o.dy, z1: z + o.dz,
    weight: ty.weight, fragile: ty.fragile, maxLoad: ty.maxLoad, load: 0, below,
  };
}

function commit(bin: EpBin, unit: PlacedUnit, ty: PackType): void {
  bin.placed.push(unit);
  bin.volume += ty.volume;
  bin.weight += ty.weight;
  bin.thinnest = Math.min(bin.thinnest, unit.x1 - unit.x0, unit.y1 - unit.y0, unit.z1 - unit.z0);
  updatePoints(bin, unit);
}

/** The six new points of a placed unit (reused: one commit per unit placed) */
const FRESH = new Float64Array(18);

/**
 * CPT's new points of unit `u`: its three far corners, each projected back along the two other
 * axes onto the nearest face below/behind it (an item's top, side or back face, or the wall at 0).
 */
function freshPoints(placed: readonly PlacedUnit[], u: PlacedUnit, f: Float64Array): void {
  // one pass over the units for all six projections (each is a max, so order does not matter)
  let yA = 0, zA = 0, xB = 0, zB = 0, xC = 0, yC = 0;
  const ax = u.x1, ay = u.y0, az = u.z0; // corner A, projected along -y and -z
  const bx = u.x0, by = u.y1, bz = u.z0; // corner B, projected along -x and -z
  const cx = u.x0, cy = u.y0, cz = u.z1; // corner C, projected along -x and -y
  for (let i = 0; i < placed.length; i++) {
    const p = placed[i]!;
    if (p.y1 <= ay + EPS && p.y1 > yA && p.x0 <= ax + EPS && ax < p.x1 - EPS && p.z0 <= az + EPS && az < p.z1 - EPS) yA = p.y1;
    if (p.z1 <= az + EPS && p.z1 > zA && p.x0 <= ax + EPS && ax < p.x1 - EPS && p.y0 <= ay + EPS && ay < p.y1 - EPS) zA = p.z1;
    if (p.x1 <= bx + EPS && p.x1 > xB && p.y0 <= by + EPS && by < p.y1 - EPS && p.z0 <= bz + EPS && bz < p.z1 - EPS) xB = p.x1;
    if (p.z1 <= bz + EPS && p.z1 > zB && p.x0 <= bx + EPS && bx < p.x1 - EPS && p.y0 <= by + EPS && by < p.y1 - EPS) zB = p.z1;
    if (p.x1 <= cx + EPS && p.x1 > xC && p.y0 <= cy + EPS && cy < p.y1 - EPS && p.z0 <= cz + EPS && cz < p.z1 - EPS) xC = p.x1;
    if (p.y1 <= cy + EPS && p.y1 > yC && p.x0 <= cx + EPS && cx < p.x1 - EPS && p.z0 <= cz + EPS && cz < p.z1 - EPS) yC = p.y1;
  }
  f[0] = ax; f[1] = yA; f[2] = az;
  f[3] = ax; f[4] = ay; f[5] = zA;
  f[6] = xB; f[7] = by; f[8] = bz;
  f[9] = bx; f[10] = by; f[11] = zB;
  f[12] = xC; f[13] = cy; f[14] = cz;
  f[15] = cx; f[16] = yC; f[17] = cz;
}

function updatePoints(bin: EpBin, u: PlacedUnit): void {
  const pl = bin.placed;
  const f = FRESH;
  freshPoints(pl, u, f);
  const spec = bin.spec;
  const { W, H, D } = spec;
  const eps = bin.eps, reach = bin.reach;
  // old points are already pairwise distinct (unless rebuilt): only the fresh ones need the dedup walk
  const dedupOld = !bin.distinct;
  let w = 0;
  for (let i = 0; i < eps.length; i += 3) {
    const x = eps[i]!, y = eps[i + 1]!, z = eps[i + 2]!;
    if (!keepPoint(u, x, y, z, W, H, D) || (dedupOld && hasPoint(eps, w, x, y, z))) continue;
    eps[w] = x; eps[w + 1] = y; eps[w + 2] = z;
    reach[w] = reach[i]!; reach[w + 1] = reach[i + 1]!; reach[w + 2] = reach[i + 2]!;
    cutReach(reach, w, x, y, z, u);
    w += 3;
  }
  eps.length = w;
  reach.length = w;
  for (let i = 0; i < 18; i += 3) {
    const x = f[i]!, y = f[i + 1]!, z = f[i + 2]!;
    if (!keepPoint(u, x, y, z, W, H, D) || hasPoint(eps, eps.length, x, y, z)) continue;
    eps.push(x, y, z);
    reach.push(W, H, D);
  }
  // the new points' free runs, in one pass over the units
  for (let k = 0; k < pl.length; k++) {
    const p = pl[k]!;
    for (let e = w; e < eps.length; e += 3) cutReach(reach, e, eps[e]!, eps[e + 1]!, eps[e + 2]!, p);
  }
  bin.distinct = true;
  measureRoom(bin);
}

/** Inside the box and not inside the new unit (a point there is occupied). */
function keepPoint(u: PlacedUnit, x: number, y: number, z: number, W: number, H: number, D: number): boolean {
  if (x >= W - EPS || y >= H - EPS || z >= D - EPS) return false;
  return !(x >= u.x0 - EPS && x < u.x1 - EPS && y >= u.y0 - EPS && y < u.y1 - EPS && z >= u.z0 - EPS && z < u.z1 - EPS);
}

/** Whether pts[0, end) holds a point within EPS of (x, y, z). */
function hasPoint(pts: readonly number[], end: number, x: number, y: number, z: number): boolean {
  for (let i = 0; i < end; i += 3) if (Math.abs(pts[i]! - x) <= EPS && Math.abs(pts[i + 1]! - y) <= EPS && Math.abs(pts[i + 2]! - z) <= EPS) return true;
  return false;
}

/** Pack `units` (type indices, in order) into ONE new bin; returns the bin and the units left out. */
export function packOne(box: number, spec: BinSpec, units: readonly number[], types: readonly PackType[], ctx: FillContext, rule: PointRule): { bin: EpBin; rest: number[] } {
  const bin = emptyBin(box, spec);
  const rest: number[] = [];
  for (const t of units) if (!placeUnit(bin, t, types, ctx, rule)) rest.push(t);
  return { bin, rest };
}
