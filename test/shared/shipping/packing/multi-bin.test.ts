import { describe, expect, it } from "vitest";
import { packItems, validatePacking, type PackingInput, type PackItem, type Rotation } from "../../../../shared/shipping/packing";
import { packOne, type EpBin } from "../../../../shared/shipping/packing/extreme-points";
import type { BinSpec, PackType } from "../../../../shared/shipping/packing/fill-bin";
import { BinImprover } from "../../../../shared/shipping/packing/improve-bins";
import { bestFirstFit, MAX_FIRST_FIT_VARIANTS } from "../../../../shared/shipping/packing/multi-bin";
import { orientsOf } from "../../../../shared/shipping/packing/orientations";
import { mulberry32 as rng } from "../../../helpers/prng";


/** One template, unlimited count, many distinct items: the multi-bin (extreme point) path. */
function heterogeneous(seed: number): PackingInput {
  const r = rng(seed);
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const rotations: Rotation[] = ["free", "fixed", "this_side_up"];
  const items: PackItem[] = Array.from({ length: int(41, 70) }, (_, i) => ({
    id: `i${i}`, w: int(2, 30), h: int(2, 30), d: int(2, 30), weight: int(0, 5), qty: 1,
    rotation: rotations[int(0, 2)]!, fragile: r() < 0.15, maxLoad: r() < 0.2 ? int(0, 10) : null,
  }));
  return {
    boxes: [{ id: "B", inner: { w: 40, h: 40, d: 40 }, maxWeight: r() < 0.5 ? 60 : null, cost: 100, count: null }],
    items,
    options: { minSupportRatio: [0, 0.75, 1][seed % 3]! },
  };
}

const typeOf = (w: number, h: number, d: number, extra: Partial<PackType> = {}): PackType => ({
  orients: orientsOf({ w, h, d }, "fixed"), weight: 1, fragile: false, maxLoad: Infinity, volume: w * h * d, ...extra,
});
const spec: BinSpec = { W: 100, H: 100, D: 100, maxWeight: Infinity };

describe("multi-bin packing (extreme points, all bins open)", () => {
  it("every packing of 60 heterogeneous single-template instances passes the validator, support on or off", () => {
    let bins = 0, floating = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const input = heterogeneous(seed);
      const res = packItems(input);
      const errors = validatePacking(input, res);
      if (errors.length) throw new Error(`seed ${seed}: ${errors.slice(0, 3).join("; ")}`);
      expect(res.unpacked).toEqual([]);
      bins += res.packages.length;
      if (seed % 3 === 0) floating += res.packages.flatMap((p) => p.placements).filter((p) => p.y > 0).length;
    }
    expect(bins).toBeGreaterThan(60);
    expect(floating).toBeGreaterThan(0);
  });

  it("never uses more bins than the volume bound allows to waste on a perfect fit: 64 cubes of 25 fill one 100-cube", () => {
    const items: PackItem[] = Array.from({ length: 64 }, (_, i) => ({ id: `c${i}`, w: 25, h: 25, d: 25, weight: 1, qty: 1, rotation: "fixed" }));
    const input: PackingInput = { boxes: [{ id: "B", inner: { w: 100, h: 100, d: 100 }, maxWeight: null, cost: 1, count: null }], items, options: { minSupportRatio: 0 } };
    const res = packItems(input);
    expect(validatePacking(input, res)).toEqual([]);
    expect(res.packages).toHaveLength(1);
  });

  it("first fit keeps every bin open: small items fill the gaps of earlier bins", () => {
    // four 60-wide slabs need four bins; each leaves a 40x100x100 gap holding 4 of the 40-cubes, so
    // 16 cubes go into gaps and the other 12 need ceil(12 / 8) = 2 more bins: 6 is optimal
    const types = [typeOf(60, 100, 100), typeOf(40, 40, 40)];
    const units = [0, 0, 0, 0, ...Array.from({ length: 28 }, () => 1)];
    const r = bestFirstFit(0, spec, Infinity, units, types, { minSupport: 0, constrained: false }, MAX_FIRST_FIT_VARIANTS);
    expect(r.rest).toEqual([]);
    expect(r.bins).toHaveLength(6);
    expect(r.bins.reduce((s, b) => s + b.placed.length, 0)).toBe(32);
  });

  it("is deterministic", () => {
    const input = heterogeneous(7);
    expect(packItems(input)).toEqual(packItems(input));
  });
});

describe("bin-emptying improvement", () => {
  const ctx = { minSupport: 0.75, constrained: false };

  it("merges two half-full bins into one", () => {
    const types = [typeOf(50, 100, 100), typeOf(50, 100, 100)];
    const bins: EpBin[] = [packOne(0, spec, [0], types, ctx, "yzx").bin, packOne(0, spec, [1], types, ctx, "yzx").bin];
    const out = new BinImprover(types, ctx, { budget: 1000 }).improve(bins);
    expect(out).toHaveLength(1);
    const [a, b] = out[0]!.placed;
    expect(a!.x1 <= b!.x0 || b!.x1 <= a!.x0).toBe(true);
    // the input bins are left untouched
    expect(bins.map((b) => b.placed.length)).toEqual([1, 1]);
  });

  it("re-packs the receiver when inserting would break a rule: the brick goes under the fragile slab", () => {
    const fctx = { minSupport: 1, constrained: true };
    const types = [typeOf(100, 50, 100, { fragile: true }), typeOf(100, 50, 100)];
    // fragile slab alone in the fuller bin (ties broken by order), brick alone in the other
    const bins: EpBin[] = [packOne(0, spec, [0], types, fctx, "yzx").bin, packOne(0, spec, [1], types, fctx, "yzx").bin];
    const out = new BinImprover(types, fctx, { budget: 1000 }).improve(bins);
    expect(out).toHaveLength(1);
    const fragile = out[0]!.placed.find((p) => p.t === 0)!;
    const brick = out[0]!.placed.find((p) => p.t === 1)!;
    expect(brick.y0).toBe(0);
    expect(fragile.y0).toBe(50);
  });

  it("keeps the bins when the donor cannot be emptied, and respects its budget", () => {
    const types = [typeOf(60, 60, 60), typeOf(60, 60, 60)];
    const bins: EpBin[] = [packOne(0, spec, [0], types, ctx, "yzx").bin, packOne(0, spec, [1], types, ctx, "yzx").bin];
    expect(new BinImprover(types, ctx, { budget: 1000 }).improve(bins)).toHaveLength(2);
    const half = [typeOf(50, 100, 100), typeOf(50, 100, 100)];
    const two: EpBin[] = [packOne(0, spec, [0], half, ctx, "yzx").bin, packOne(0, spec, [1], half, ctx, "yzx").bin];
    expect(new BinImprover(half, ctx, { budget: 0 }).improve(two)).toHaveLength(2);
  });
});
