import { describe, expect, it } from "vitest";
import { packItems, validatePacking, type Axis, type BoxTemplate, type PackingInput, type PackItem, type Rotation } from "../../../../shared/shipping/packing";
import { mulberry32 as rng } from "../../../helpers/prng";


function randomInstance(seed: number): PackingInput {
  const r = rng(seed);
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const rotations: Rotation[] = ["free", "fixed", "this_side_up", ["w"], ["d", "h"] as Axis[]];
  const boxes: BoxTemplate[] = Array.from({ length: int(1, 3) }, (_, i) => {
    const inner = { w: int(10, 40), h: int(10, 40), d: int(10, 40) };
    return {
      id: `b${i}`, inner, outer: r() < 0.5 ? { w: inner.w + 1, h: inner.h + 1, d: inner.d + 1 } : null,
      maxWeight: r() < 0.3 ? int(20, 60) : null, tareWeight: int(0, 2), cost: int(50, 500), count: r() < 0.2 ? int(0, 3) : null,
    };
  });
  const items: PackItem[] = Array.from({ length: int(1, 5) }, (_, i) => ({
    id: `i${i}`, w: int(2, 25), h: int(2, 25), d: int(2, 25), weight: int(0, 8), qty: int(1, 4),
    rotation: rotations[int(0, rotations.length - 1)]!,
    fragile: r() < 0.2, maxLoad: r() < 0.25 ? int(0, 12) : null,
  }));
  // keep it valid input: too-heavy items would be BAD_USER_INPUT, tested elsewhere
  const lightest = Math.min(...boxes.map((b) => b.maxWeight ?? Infinity));
  for (const it of items) it.weight = Math.min(it.weight, lightest);
  return { boxes, items, options: { minSupportRatio: [0.5, 0.75, 1][int(0, 2)]!, effort: int(1, 8) } };
}

describe("random instances", () => {
  it("every packing of 2000 random instances passes the validator", () => {
    let placed = 0, oversize = 0, stacked = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const input = randomInstance(seed);
      const res = packItems(input);
      const errors = validatePacking(input, res);
      if (errors.length) throw new Error(`seed ${seed}: ${errors.slice(0, 3).join("; ")}`);
      for (const p of res.packages) {
        placed += p.placements.length;
        if (p.oversize) oversize++;
        stacked += p.placements.filter((q) => q.y > 0).length;
      }
    }
    // the instances must exercise the interesting paths, not only trivial ones
    expect(placed).toBeGreaterThan(5000);
    expect(oversize).toBeGreaterThan(50);
    expect(stacked).toBeGreaterThan(1000);
  });

  it("unlimited boxes leave nothing unpacked", () => {
    for (let seed = 5000; seed < 5300; seed++) {
      const input = randomInstance(seed);
      const unlimited = { ...input, boxes: input.boxes.map((b) => ({ ...b, count: null })) };
      expect(packItems(unlimited).unpacked).toEqual([]);
    }
  });
});
