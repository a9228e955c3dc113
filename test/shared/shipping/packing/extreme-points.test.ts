import { describe, expect, it } from "vitest";
import { bestMerit, newHit, packOne, resetReach, type EpBin, type PointRule } from "../../../../shared/shipping/packing/extreme-points";
import type { BinSpec, PackType } from "../../../../shared/shipping/packing/fill-bin";
import { carve, EPS, type Cuboid, type MinExtents, type Space } from "../../../../shared/shipping/packing/free-spaces";
import { orientsOf } from "../../../../shared/shipping/packing/orientations";
import { mulberry32 as rng } from "../../../helpers/prng";

const spec: BinSpec = { W: 40, H: 30, D: 50, maxWeight: Infinity };
const unconstrained = { minSupport: 0, constrained: false };

function randomTypes(seed: number, count: number): PackType[] {
  const r = rng(seed);
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  return Array.from({ length: count }, () => {
    const w = int(2, 25), h = int(2, 20), d = int(2, 25);
    return { orients: orientsOf({ w, h, d }, r() < 0.5 ? "free" : "fixed"), weight: 0, fragile: false, maxLoad: Infinity, volume: w * h * d };
  });
}

/** Some units packed one by one: the bins the incremental bookkeeping has to keep right. */
function packedBins(seed: number): { bin: EpBin; types: PackType[] }[] {
  const types = randomTypes(seed, 12);
  const r = rng(seed + 1);
  const out: { bin: EpBin; types: PackType[] }[] = [];
  for (const rule of ["yzx", "zyx", "rs"] as PointRule[]) {
    const units = Array.from({ length: 6 + Math.floor(r() * 20) }, () => Math.floor(r() * types.length));
    out.push({ bin: packOne(0, spec, units, types, unconstrained, rule).bin, types });
  }
  return out;
}

/** Brute force: does `o` at point (x, y, z) stay in the box and clear of every placed unit? */
function fitsAt(bin: EpBin, x: number, y: number, z: number, o: { dx: number; dy: number; dz: number }): boolean {
  if (x + o.dx > spec.W + EPS || y + o.dy > spec.H + EPS || z + o.dz > spec.D + EPS) return false;
  return !bin.placed.some((p) =>
    x < p.x1 - EPS && p.x0 < x + o.dx - EPS && y < p.y1 - EPS && p.y0 < y + o.dy - EPS && z < p.z1 - EPS && p.z0 < z + o.dz - EPS);
}

describe("extreme points: incremental bookkeeping", () => {
  it("free runs and room figures kept unit by unit equal a rebuild from scratch", () => {
    for (let seed = 1; seed <= 40; seed++) {
      for (const { bin } of packedBins(seed)) {
        const fresh: EpBin = { ...bin, eps: bin.eps.slice(), reach: [] };
        resetReach(fresh);
        expect(bin.reach).toEqual(fresh.reach);
        expect([bin.roomMin, bin.roomMax, bin.roomSum]).toEqual([fresh.roomMin, fresh.roomMax, fresh.roomSum]);
      }
    }
  });

  it("the run shortcuts pick the same point as testing every point against every unit (yzx)", () => {
    let found = 0, none = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const probes = randomTypes(seed + 1000, 15);
      for (const { bin } of packedBins(seed)) {
        for (let t = 0; t < probes.length; t++) {
          let bestK = Infinity;
          let best: number[] | null = null;
          for (let e = 0; e < bin.eps.length; e += 3) {
            const [x, y, z] = [bin.eps[e]!, bin.eps[e + 1]!, bin.eps[e + 2]!];
            const k = (y * (spec.D + 1) + z) * (spec.W + 1) + x;
            for (const o of probes[t]!.orients) {
              if (k < bestK && fitsAt(bin, x, y, z, o)) { bestK = k; best = [x, y, z, o.dx, o.dy, o.dz]; }
            }
          }
          const hit = newHit();
          const k = bestMerit(bin, t, probes, unconstrained, "yzx", hit);
          expect(k).toBe(bestK);
          if (best) {
            found++;
            expect([hit.x, hit.y, hit.z, hit.o!.dx, hit.o!.dy, hit.o!.dz]).toEqual(best);
          } else none++;
        }
      }
    }
    // both outcomes were exercised
    expect(found).toBeGreaterThan(100);
    expect(none).toBeGreaterThan(100);
  });
});

/** Maximal-space carving without shortcuts: every piece tested against every kept space and piece. */
function carveReference(spaces: Space[], block: Cuboid, min: MinExtents): Space[] {
  const overlaps = (a: Cuboid, b: Cuboid) => a.x0 < b.x1 - EPS && b.x0 < a.x1 - EPS && a.y0 < b.y1 - EPS && b.y0 < a.y1 - EPS && a.z0 < b.z1 - EPS && b.z0 < a.z1 - EPS;
  const contains = (o: Space, i: Space) => o.x0 <= i.x0 + EPS && o.y0 <= i.y0 + EPS && o.z0 <= i.z0 + EPS && o.x1 >= i.x1 - EPS && o.y1 >= i.y1 - EPS && o.z1 >= i.z1 - EPS;
  const usable = (s: Space) => s.x1 - s.x0 >= min.x - EPS && s.y1 - s.y0 >= min.y - EPS && s.z1 - s.z0 >= min.z - EPS;
  const kept: Space[] = [];
  const pieces: Space[] = [];
  for (const s of spaces) {
    if (!overlaps(s, block)) { if (usable(s)) kept.push(s); continue; }
    if (block.x0 > s.x0 + EPS) pieces.push({ ...s, x1: block.x0 });
    if (block.x1 < s.x1 - EPS) pieces.push({ ...s, x0: block.x1 });
    if (block.y0 > s.y0 + EPS) pieces.push({ ...s, y1: block.y0 });
    if (block.y1 < s.y1 - EPS) pieces.push({ ...s, y0: block.y1 });
    if (block.z0 > s.z0 + EPS) pieces.push({ ...s, z1: block.z0 });
    if (block.z1 < s.z1 - EPS) pieces.push({ ...s, z0: block.z1 });
  }
  pieces.forEach((p, i) => {
    if (!usable(p) || kept.some((k) => contains(k, p))) return;
    if (pieces.some((q, j) => j !== i && contains(q, p) && (!contains(p, q) || j < i))) return;
    kept.push(p);
  });
  return kept;
}

describe("maximal free spaces", () => {
  it("carving keeps exactly the maximal usable spaces (same as testing every pair of pieces)", () => {
    const r = rng(7);
    const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
    for (let run = 0; run < 300; run++) {
      let spaces: Space[] = [{ x0: 0, y0: 0, z0: 0, x1: 30, y1: 30, z1: 30 }];
      const min = { x: int(1, 3), y: int(1, 3), z: int(1, 3) };
      for (let step = 0; step < 12 && spaces.length > 0; step++) {
        const s = spaces[int(0, spaces.length - 1)]!;
        const x0 = int(s.x0, s.x1 - 1), y0 = s.y0, z0 = int(s.z0, s.z1 - 1);
        const block = { x0, y0, z0, x1: int(x0 + 1, s.x1), y1: int(y0 + 1, s.y1), z1: int(z0 + 1, s.z1) };
        const want = carveReference(spaces, block, min);
        spaces = carve(spaces, block, min);
        expect(spaces).toEqual(want);
      }
    }
  });
});
