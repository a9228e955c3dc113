/**
 * Fills ONE box from what is left to pack: a block-building heuristic on maximal free spaces, in the
 * EB-AFIT family (layers/walls of identical items) but choosing, at every step, the free space to
 * fill next and the best block of identical units for it (Parreño et al. 2008 style). Gravity is
 * enforced: a block's bottom units must each rest on at least `minSupport` of their base.
 */
import { carve as carveSpaces, EPS as TOLERANCE, type Cuboid, type MinExtents, type Space } from "./free-spaces";
import type { Orient } from "./orientations";
import * as support from "./support";
import type { PlacedUnit } from "./support";

// plain locals: hot loops read them millions of times, and a module binding can cost a getter call per read
const EPS = TOLERANCE;
const carve = carveSpaces;
const { canCarry, supportAreaOf, supportOf } = support;

export interface PackType {
  orients: Orient[];
  weight: number;
  fragile: boolean;
  /** Infinity when unlimited */
  maxLoad: number;
  volume: number;
}

export interface BinSpec {
  W: number;
  H: number;
  D: number;
  /** Infinity when unlimited */
  maxWeight: number;
}

/** Which free space to fill first (lexicographic keys) and how blocks are scored. */
export interface Variant {
  order: "yzx" | "yxz" | "zyx" | "xyz";
  score: "volume" | "fit";
  /** randomized (GRASP) variant: pick at random among blocks scoring within `delta` of the best */
  seed?: number;
  delta?: number;
}

const ORDERS: readonly Variant["order"][] = ["zyx", "yzx", "xyz", "yxz"];

/** 8 deterministic variants, then seeded randomized ones (deterministic too: fixed seeds). */
export const VARIANTS: readonly Variant[] = [
  { order: "zyx", score: "volume" },
  { order: "yzx", score: "volume" },
  { order: "xyz", score: "volume" },
  { order: "yxz", score: "volume" },
  { order: "zyx", score: "fit" },
  { order: "yzx", score: "fit" },
  { order: "xyz", score: "fit" },
  { order: "yxz", score: "fit" },
  ...Array.from({ length: 56 }, (_, i): Variant => ({ order: ORDERS[i % 4]!, score: "volume", seed: 7919 * (i + 1), delta: [0.1, 0.25, 0.4][i % 3]! })),
];

/** xorshift32: tiny deterministic generator for the randomized variants */
function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    return x / 4294967296;
  };
}

export interface FillContext {
  minSupport: number;
  /** some item is fragile or load-limited: contacts must be tracked */
  constrained: boolean;
}

export interface BinFill {
  placed: PlacedUnit[];
  volume: number;
  weight: number;
  /** units taken per type */
  used: number[];
}

interface Candidate {
  t: number;
  o: Orient;
  nx: number;
  ny: number;
  nz: number;
  score: number;
}

/**
 * The space to fill next: lowest key, compared lexicographically within EPS. The key of a space is
 * its floor height y0 and its distances gx, gz to the nearest box wall along x and z (its anchor
 * corner hugs those walls), in the variant's order.
 */
function pickSpace(spaces: Space[], bin: BinSpec, order: Variant["order"]): number {
  let best = -1;
  let b0 = Infinity, b1 = Infinity, b2 = Infinity;
  for (let i = 0; i < spaces.length; i++) {
    const s = spaces[i]!;
    const gx = Math.min(s.x0, bin.W - s.x1), gz = Math.min(s.z0, bin.D - s.z1);
    let k0: number, k1: number, k2: number;
    switch (order) {
      case "yzx": k0 = s.y0; k1 = gz; k2 = gx; break;
      case "yxz": k0 = s.y0; k1 = gx; k2 = gz; break;
      case "zyx": k0 = gz; k1 = s.y0; k2 = gx; break;
      default: k0 = gx; k1 = s.y0; k2 = gz;
    }
    if (k0 < b0 - EPS || (Math.abs(k0 - b0) <= EPS && (k1 < b1 - EPS || (Math.abs(k1 - b1) <= EPS && k2 < b2 - EPS)))) {
      best = i;
      b0 = k0; b1 = k1; b2 = k2;
    }
  }
  return best;
}

function minExtents(types: PackType[], remaining: number[]): MinExtents {
  const m = { x: Infinity, y: Infinity, z: Infinity };
  for (let t = 0; t < types.length; t++) {
    if (remaining[t]! <= 0) continue;
    for (const o of types[t]!.orients) {
      if (o.dx < m.x) m.x = o.dx;
      if (o.dy < m.y) m.y = o.dy;
      if (o.dz < m.z) m.z = o.dz;
    }
  }
  return m;
}

function blockScore(v: Variant, s: Space, o: Orient, nx: number, ny: number, nz: number): number {
  const vol = nx * ny * nz * o.dx * o.dy * o.dz;
  if (v.score === "volume") return vol;
  // "fit": prefer blocks that close the space off in more dimensions, then bigger ones
  const sw = s.x1 - s.x0, sh = s.y1 - s.y0, sd = s.z1 - s.z0;
  const exact = (sw - nx * o.dx < EPS ? 1 : 0) + (sh - ny * o.dy < EPS ? 1 : 0) + (sd - nz * o.dz < EPS ? 1 : 0);
  return exact * 4 + vol / (sw * sh * sd);
}

/** Adds an nx×ny×nz block unless this type+orientation (candidates from `first` on) already has it. */
function pushCandidate(out: Candidate[], first: number, v: Variant, s: Space, t: number, o: Orient, nx: number, ny: number, nz: number): void {
  for (let k = first; k < out.length; k++) {
    const c = out[k]!;
    if (c.nx === nx && c.ny === ny && c.nz === nz) return;
  }
  out.push(candidate(t, o, nx, ny, nz, blockScore(v, s, o, nx, ny, nz)));
}

/**
 * Candidate objects are recycled: a fill scores thousands of blocks and keeps one per step, so
 * allocating each would mostly feed the garbage collector. Valid until the next candidatesFor.
 */
const POOL: Candidate[] = [];
let pooled = 0;

function candidate(t: number, o: Orient, nx: number, ny: number, nz: number, score: number): Candidate {
  if (pooled === POOL.length) POOL.push({ t, o, nx, ny, nz, score });
  const c = POOL[pooled++]!;
  c.t = t; c.o = o; c.nx = nx; c.ny = ny; c.nz = nz; c.score = score;
  return c;
}

function candidatesFor(
  v: Variant, s: Space, types: PackType[], remaining: number[], weightLeft: number, out: Candidate[],
): void {
  const sw = s.x1 - s.x0, sh = s.y1 - s.y0, sd = s.z1 - s.z0;
  pooled = 0;
  for (let t = 0; t < types.length; t++) {
    let r = remaining[t]!;
    if (r <= 0) continue;
    const ty = types[t]!;
    if (ty.weight > 0) r = Math.min(r, Math.floor((weightLeft + EPS) / ty.weight));
    if (r <= 0) continue;
    let yCap = ty.fragile ? 1 : r;
    if (ty.maxLoad !== Infinity && ty.weight > 0) yCap = Math.min(yCap, Math.floor(ty.maxLoad / ty.weight + EPS) + 1);
    const orients = ty.orients;
    for (let j = 0; j < orients.length; j++) {
      const o = orients[j]!;
      if (o.dx > sw + EPS || o.dy > sh + EPS || o.dz > sd + EPS) continue;
      if (r === 1) {
        out.push(candidate(t, o, 1, 1, 1, blockScore(v, s, o, 1, 1, 1)));
        continue;
      }
      const mx = Math.min(r, Math.floor((sw + EPS) / o.dx));
      const my = Math.min(r, yCap, Math.floor((sh + EPS) / o.dy));
      const mz = Math.min(r, Math.floor((sd + EPS) / o.dz));
      const first = out.length;
      let nx = mx, nz = Math.min(mz, Math.floor(r / nx)), ny = Math.min(my, Math.floor(r / (nx * nz)));
      pushCandidate(out, first, v, s, t, o, nx, ny, nz);
      nz = mz; nx = Math.min(mx, Math.floor(r / nz)); ny = Math.min(my, Math.floor(r / (nx * nz)));
      pushCandidate(out, first, v, s, t, o, nx, ny, nz);
      ny = my; nx = Math.min(mx, Math.floor(r / ny)); nz = Math.min(mz, Math.floor(r / (nx * ny)));
      pushCandidate(out, first, v, s, t, o, nx, ny, nz);
      // single layers, which the "fit" score may prefer to a bigger but ragged block
      pushCandidate(out, first, v, s, t, o, mx, Math.min(my, Math.floor(r / mx)), 1);
      pushCandidate(out, first, v, s, t, o, 1, Math.min(my, Math.floor(r / mz)), mz);
      pushCandidate(out, first, v, s, t, o, mx, 1, Math.min(mz, Math.floor(r / mx)));
      pushCandidate(out, first, v, s, t, o, 1, 1, 1);
    }
  }
}

/**
 * Pack as much as possible of `remaining` (units per type) into one empty box. Does not modify
 * `remaining`; returns what was placed and how many units of each type it took.
 */
export function fillBin(bin: BinSpec, types: PackType[], remaining0: readonly number[], v: Variant, ctx: FillContext): BinFill {
  const remaining = remaining0.slice();
  const used = new Array<number>(types.length).fill(0);
  const placed: PlacedUnit[] = [];
  let spaces: Space[] = [{ x0: 0, y0: 0, z0: 0, x1: bin.W, y1: bin.H, z1: bin.D }];
  let volume = 0, weight = 0;
  const cands: Candidate[] = [];
  let min = minExtents(types, remaining);
  const rand = v.seed !== undefined ? rng(v.seed) : null;
  const delta = v.delta ?? 0;
  while (spaces.length > 0) {
    const si = pickSpace(spaces, bin, v.order);
    const s = spaces[si]!;
    cands.length = 0;
    // a space floating over nothing usable (air or fragile tops) can hold nothing: drop it at once
    if (ctx.minSupport > 0 && s.y0 > EPS && !hasFooting(placed, s)) {
      spaces.splice(si, 1);
      continue;
    }
    candidatesFor(v, s, types, remaining, bin.maxWeight - weight, cands);
    unsupportedEnd = 0;
    let chosen: Candidate | null = null;
    let units: PlacedUnit[] | null = null;
    // best-first, a failed candidate scored -Infinity: the highest score, the first one on ties. A
    // randomized variant picks by list position, so after a miss it sorts (stable) the list once.
    let misses = 0;
    for (;;) {
      let bi = -1;
      if (rand && misses === 1) cands.sort((a, b) => b.score - a.score);
      if (rand && misses >= 1) {
        for (let k = 0; k < cands.length; k++) if (cands[k]!.score !== -Infinity) { bi = k; break; }
      } else {
        for (let k = 0; k < cands.length; k++) {
          const c = cands[k]!;
          if (c.score !== -Infinity && (bi < 0 || c.score > cands[bi]!.score)) bi = k;
        }
      }
      if (bi < 0) break;
      if (rand) {
        const floor = cands[bi]!.score * (1 - delta);
        let n = 0;
        for (const c of cands) if (c.score >= floor) n++;
        let pick = Math.floor(rand() * n);
        for (let k = 0; k < cands.length; k++) if (cands[k]!.score >= floor && pick-- === 0) { bi = k; break; }
      }
      const c = cands[bi]!;
      units = tryBlock(c, anchorX(s, bin, c), anchorZ(s, bin, c), s.y0, types, placed, ctx);
      if (units) { chosen = c; break; }
      c.score = -Infinity;
      misses++;
    }
    if (!chosen || !units) {
      spaces.splice(si, 1);
      continue;
    }
    const c = chosen;
    const ty = types[c.t]!;
    const n = units.length;
    for (const u of units) placed.push(u);
    remaining[c.t]! -= n;
    used[c.t]! += n;
    volume += n * ty.volume;
    weight += n * ty.weight;
    if (remaining[c.t] === 0) min = minExtents(types, remaining);
    if (min.x === Infinity) break;
    const ax = anchorX(s, bin, c), az = anchorZ(s, bin, c);
    const block: Cuboid = { x0: ax, y0: s.y0, z0: az, x1: ax + c.nx * c.o.dx, y1: s.y0 + c.ny * c.o.dy, z1: az + c.nz * c.o.dz };
    spaces = carve(spaces, block, min);
  }
  return { placed, volume, weight, used };
}

function hasFooting(placed: readonly PlacedUnit[], s: Space): boolean {
  for (const p of placed) {
    if (p.fragile || Math.abs(p.y1 - s.y0) > EPS) continue;
    if (p.x0 < s.x1 - EPS && s.x0 < p.x1 - EPS && p.z0 < s.z1 - EPS && s.z0 < p.z1 - EPS) return true;
  }
  return false;
}

/** Where a block goes in its space: on the floor of the space, in the corner nearest the box walls. */
function anchorX(s: Space, bin: BinSpec, c: Candidate): number {
  return s.x0 <= bin.W - s.x1 ? s.x0 : s.x1 - c.nx * c.o.dx;
}
function anchorZ(s: Space, bin: BinSpec, c: Candidate): number {
  return s.z0 <= bin.D - s.z1 ? s.z0 : s.z1 - c.nz * c.o.dz;
}

/**
 * Column footprints [x0, z0, x1, z1, …] found unsupported in the current step: the placed units do
 * not change while one space's candidates are tried, and most candidates share their first column.
 */
const UNSUPPORTED: number[] = [];
let unsupportedEnd = 0;

function knownUnsupported(x0: number, z0: number, x1: number, z1: number): boolean {
  const u = UNSUPPORTED;
  for (let i = 0; i < unsupportedEnd; i += 4) if (u[i] === x0 && u[i + 1] === z0 && u[i + 2] === x1 && u[i + 3] === z1) return true;
  return false;
}

function markUnsupported(x0: number, z0: number, x1: number, z1: number): void {
  const u = UNSUPPORTED, n = unsupportedEnd;
  u[n] = x0; u[n + 1] = z0; u[n + 2] = x1; u[n + 3] = z1;
  unsupportedEnd = n + 4;
}

/** The units of a block at (ax, y, az), or null when gravity or load limits forbid it. */
function tryBlock(c: Candidate, ax: number, az: number, y: number, types: PackType[], placed: PlacedUnit[], ctx: FillContext): PlacedUnit[] | null {
  const ty = types[c.t]!;
  const { dx, dy, dz } = c.o;
  const base = placed.length;
  const units: PlacedUnit[] = [];
  for (let ix = 0; ix < c.nx; ix++) {
    for (let iz = 0; iz < c.nz; iz++) {
      const x0 = ax + ix * dx, z0 = az + iz * dz, x1 = x0 + dx, z1 = z0 + dz;
      let below: number[] = [];
      if (y > EPS && (ctx.constrained || ctx.minSupport > 0)) {
        if (knownUnsupported(x0, z0, x1, z1)) return null;
        if (ctx.constrained) {
          const sup = supportOf(placed, x0, z0, x1, z1, y, true);
          if (sup.touchesFragile || sup.area < ctx.minSupport * dx * dz - EPS) return unsupported(x0, z0, x1, z1);
          below = sup.below;
        } else {
          // no contact list needed (and no fragile units: only their area counts)
          const area = supportAreaOf(placed, x0, z0, x1, z1, y);
          if (area < 0 || area < ctx.minSupport * dx * dz - EPS) return unsupported(x0, z0, x1, z1);
        }
      }
      for (let iy = 0; iy < c.ny; iy++) {
        const y0 = y + iy * dy;
        units.push({
          t: c.t, code: c.o.code,
          x0, y0, z0, x1, y1: y0 + dy, z1,
          weight: ty.weight, fragile: ty.fragile, maxLoad: ty.maxLoad,
          load: (c.ny - 1 - iy) * ty.weight,
          below: iy === 0 ? below : [base + units.length - 1],
        });
      }
    }
  }
  if (ctx.constrained && !canCarry(placed, units)) return null;
  return units;
}

function unsupported(x0: number, z0: number, x1: number, z1: number): null {
  markUnsupported(x0, z0, x1, z1);
  return null;
}
