import { describe, expect, it } from "vitest";
import { packItems, validatePacking, type BoxTemplate, type PackingInput, type PackItem } from "../../../../shared/shipping/packing";

const box = (id: string, w: number, h: number, d: number, cost: number, extra: Partial<BoxTemplate> = {}): BoxTemplate => ({
  id, inner: { w, h, d }, maxWeight: null, cost, count: null, ...extra,
});
const item = (id: string, w: number, h: number, d: number, qty = 1, extra: Partial<PackItem> = {}): PackItem => ({
  id, w, h, d, weight: 1, qty, ...extra,
});

function packValid(input: PackingInput) {
  const r = packItems(input);
  expect(validatePacking(input, r)).toEqual([]);
  return r;
}

describe("packItems: small cases with an obvious optimum", () => {
  it("packs 8 cubes of 50 into one 100-cube, completely full", () => {
    const r = packValid({ boxes: [box("B", 100, 100, 100, 100)], items: [item("c", 50, 50, 50, 8)] });
    expect(r.packages).toHaveLength(1);
    expect(r.packages[0]!.fillRatio).toBe(1);
    expect(r.unpacked).toEqual([]);
  });

  it("packs 27 cubes of 10 plus nothing else into a 30-cube", () => {
    const r = packValid({ boxes: [box("B", 30, 30, 30, 1)], items: [item("c", 10, 10, 10, 27)] });
    expect(r.packages).toHaveLength(1);
  });

  it("needs exactly two boxes for 9 cubes of 50 in 100-cubes", () => {
    const r = packValid({ boxes: [box("B", 100, 100, 100, 100)], items: [item("c", 50, 50, 50, 9)] });
    expect(r.packages).toHaveLength(2);
    expect(r.totalCost).toBe(200);
  });

  it("picks the cheaper of two boxes of the same size, in either order", () => {
    for (const boxes of [[box("A", 60, 60, 60, 500), box("B", 60, 60, 60, 300)], [box("B", 60, 60, 60, 300), box("A", 60, 60, 60, 500)]]) {
      const r = packValid({ boxes, items: [item("x", 20, 30, 40, 2)] });
      expect(r.packages.map((p) => p.boxId)).toEqual(["B"]);
    }
  });

  it("picks the small cheap box over a big one when everything fits the small one", () => {
    const r = packValid({ boxes: [box("big", 100, 100, 100, 400), box("small", 40, 40, 40, 150)], items: [item("x", 20, 20, 20, 8)] });
    expect(r.packages.map((p) => p.boxId)).toEqual(["small"]);
    expect(r.packages[0]!.fillRatio).toBe(1);
  });

  it("uses two small boxes when cheaper than one big, and one big once a per-box rate makes it cheaper", () => {
    const input: PackingInput = { boxes: [box("big", 100, 50, 50, 500), box("small", 50, 50, 50, 100)], items: [item("c", 50, 50, 50, 2)] };
    const r1 = packValid(input);
    expect(r1.packages.map((p) => p.boxId)).toEqual(["small", "small"]);
    expect(r1.totalCost).toBe(200);
    const r2 = packValid({ ...input, options: { rateEstimate: () => 400 } });
    expect(r2.packages.map((p) => p.boxId)).toEqual(["big"]);
    expect(r2.totalCost).toBe(900);
  });

  it("passes weight (items + tare) and outer size to the rate estimate", () => {
    const seen: unknown[] = [];
    const input: PackingInput = {
      boxes: [box("B", 10, 10, 10, 0, { tareWeight: 2, outer: { w: 12, h: 12, d: 12 } })],
      items: [item("x", 5, 5, 5, 3, { weight: 4 })],
      options: { rateEstimate: (p) => { seen.push(p); return p.weight * 10; } },
    };
    const r = packValid(input);
    expect(r.packages).toHaveLength(1);
    expect(r.packages[0]!.weight).toBe(14);
    expect(r.packages[0]!.cost).toBe(140);
    expect(seen).toContainEqual({ boxId: "B", outer: { w: 12, h: 12, d: 12 }, weight: 14 });
  });

  it("respects limited box counts and reports what did not fit", () => {
    const r = packValid({ boxes: [box("B", 50, 50, 50, 10, { count: 2 })], items: [item("c", 50, 50, 50, 3)] });
    expect(r.packages).toHaveLength(2);
    expect(r.unpacked).toEqual([{ itemId: "c", unit: 2, reason: "no_box_left" }]);
  });

  it("ships an item that fits no box alone as a flagged oversize package", () => {
    const r = packValid({ boxes: [box("B", 100, 100, 100, 10)], items: [item("pole", 300, 10, 10, 1, { weight: 7 }), item("c", 10, 10, 10, 2)] });
    expect(r.oversize).toEqual(["pole"]);
    const over = r.packages.filter((p) => p.oversize);
    expect(over).toHaveLength(1);
    expect(over[0]).toMatchObject({ boxId: null, weight: 7, outer: { w: 300, h: 10, d: 10 } });
    expect(r.packages.filter((p) => !p.oversize)).toHaveLength(1);
  });

  it("turns a free item to fit, but never a fixed one", () => {
    const boxes = [box("tall", 10, 100, 10, 1)];
    const free = packValid({ boxes, items: [item("rod", 100, 10, 10, 1, { rotation: "free" })] });
    expect(free.packages[0]!.placements[0]).toMatchObject({ w: 10, h: 100, d: 10, orientation: "hwd" });
    const fixed = packValid({ boxes, items: [item("rod", 100, 10, 10, 1, { rotation: "fixed" })] });
    expect(fixed.oversize).toEqual(["rod"]);
    const upright = packValid({ boxes, items: [item("rod", 100, 10, 10, 1, { rotation: "this_side_up" })] });
    expect(upright.oversize).toEqual(["rod"]);
    const axes = packValid({ boxes, items: [item("rod", 100, 10, 10, 1, { rotation: ["w"] })] });
    expect(axes.packages[0]!.placements[0]!.h).toBe(100);
  });

  it("splits by weight limit", () => {
    const r = packValid({ boxes: [box("B", 100, 100, 100, 1, { maxWeight: 20 })], items: [item("x", 10, 10, 10, 10, { weight: 5 })] });
    expect(r.packages).toHaveLength(3);
    for (const p of r.packages) expect(p.itemsWeight).toBeLessThanOrEqual(20);
  });

  it("puts nothing on a fragile item: one fragile fits on top, two fragile need two towers", () => {
    const tower = [box("tower", 50, 100, 50, 1)];
    const one = packValid({ boxes: tower, items: [item("glass", 50, 50, 50, 1, { fragile: true }), item("brick", 50, 50, 50, 1)] });
    expect(one.packages).toHaveLength(1);
    const glass = one.packages[0]!.placements.find((p) => p.itemId === "glass")!;
    expect(glass.y).toBe(50);
    const two = packValid({ boxes: tower, items: [item("glass", 50, 50, 50, 2, { fragile: true })] });
    expect(two.packages).toHaveLength(2);
  });

  it("respects load-bearing limits when stacking", () => {
    const tower = [box("tower", 50, 150, 50, 1)];
    const weak = packValid({ boxes: tower, items: [item("c", 50, 50, 50, 3, { weight: 10, maxLoad: 10 })] });
    expect(weak.packages).toHaveLength(2);
    const strong = packValid({ boxes: tower, items: [item("c", 50, 50, 50, 3, { weight: 10, maxLoad: 20 })] });
    expect(strong.packages).toHaveLength(1);
  });

  it("never leaves an item floating: a small item cannot hold up a wide one", () => {
    // a 10-cube on the floor cannot support a 100x10x100 slab (1% of its base); the slab goes on the floor
    const r = packValid({ boxes: [box("B", 100, 20, 100, 1)], items: [item("cube", 10, 10, 10, 1), item("slab", 100, 10, 100, 1, { rotation: "fixed" })] });
    expect(r.packages).toHaveLength(1);
    const slab = r.packages[0]!.placements.find((p) => p.itemId === "slab")!;
    expect(slab.y).toBe(0);
  });

  it("is deterministic", () => {
    const input: PackingInput = {
      boxes: [box("S", 30, 20, 30, 100), box("M", 50, 40, 40, 180), box("L", 80, 60, 60, 260)],
      items: [item("a", 12, 7, 9, 5), item("b", 25, 15, 5, 3, { fragile: true }), item("c", 9, 9, 9, 7, { weight: 3, maxLoad: 6 })],
    };
    expect(packItems(input)).toEqual(packItems(input));
  });
});
