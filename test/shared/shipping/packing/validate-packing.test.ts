import { describe, expect, it } from "vitest";
import { packItems, validatePacking, type PackingInput, type PackingResult, type Placement } from "../../../../shared/shipping/packing";

const input: PackingInput = {
  boxes: [{ id: "B", inner: { w: 100, h: 100, d: 100 }, maxWeight: 30, tareWeight: 1, cost: 5, count: 1 }],
  items: [
    { id: "a", w: 50, h: 50, d: 50, weight: 10, qty: 1, rotation: "fixed" },
    { id: "b", w: 50, h: 50, d: 50, weight: 10, qty: 1, rotation: "fixed" },
  ],
};
const pl = (itemId: string, x: number, y: number, z: number, extra: Partial<Placement> = {}): Placement => ({
  itemId, unit: 0, x, y, z, w: 50, h: 50, d: 50, orientation: "whd", ...extra,
});
function result(placements: Placement[], weight = 20): PackingResult {
  return {
    packages: [{ boxId: "B", oversize: false, outer: { w: 100, h: 100, d: 100 }, placements, itemsWeight: weight, weight: weight + 1, fillRatio: 0.25, cost: 5 }],
    unpacked: [], oversize: [], totalCost: 5,
  };
}

describe("validatePacking catches broken packings", () => {
  it("accepts a correct one", () => {
    expect(validatePacking(input, result([pl("a", 0, 0, 0), pl("b", 0, 50, 0)]))).toEqual([]);
  });
  it.each([
    ["overlap", [pl("a", 0, 0, 0), pl("b", 25, 0, 0)], /overlap/],
    ["outside", [pl("a", 0, 0, 0), pl("b", 60, 0, 0)], /outside/],
    ["floating", [pl("a", 0, 0, 0), pl("b", 50, 50, 0)], /supported on 0\.0%/],
    ["poorly supported", [pl("a", 0, 0, 0), pl("b", 30, 50, 0)], /supported on 40\.0%/],
    ["turned fixed item", [pl("a", 0, 0, 0), pl("b", 50, 0, 0, { orientation: "dhw" })], /not allowed/],
    ["wrong extents", [pl("a", 0, 0, 0), pl("b", 50, 0, 0, { w: 40 })], /extents/],
    ["missing unit", [pl("a", 0, 0, 0)], /b: 0 of 1/],
    ["duplicate unit", [pl("a", 0, 0, 0), pl("a", 50, 0, 0), pl("b", 0, 50, 0)], /twice/],
  ])("%s", (_name, placements, re) => {
    const errors = validatePacking(input, result(placements as Placement[]));
    expect(errors.join("\n")).toMatch(re as RegExp);
  });
  it("fragile, load, weight and box count rules", () => {
    const fragile = { ...input, items: input.items.map((i) => (i.id === "a" ? { ...i, fragile: true } : i)) };
    expect(validatePacking(fragile, result([pl("a", 0, 0, 0), pl("b", 0, 50, 0)])).join()).toMatch(/fragile/);
    const weak = { ...input, items: input.items.map((i) => (i.id === "a" ? { ...i, maxLoad: 5 } : i)) };
    expect(validatePacking(weak, result([pl("a", 0, 0, 0), pl("b", 0, 50, 0)])).join()).toMatch(/maxLoad/);
    const light = { ...input, boxes: [{ ...input.boxes[0]!, maxWeight: 15 }] };
    expect(validatePacking(light, result([pl("a", 0, 0, 0), pl("b", 50, 0, 0)])).join()).toMatch(/maxWeight/);
    const r = result([pl("a", 0, 0, 0)], 10);
    r.packages.push({ ...r.packages[0]!, placements: [pl("b", 0, 0, 0)] });
    expect(validatePacking(input, r).join()).toMatch(/used 2 times/);
  });
  it("load counts everything above, through several levels", () => {
    const tower: PackingInput = {
      boxes: [{ id: "B", inner: { w: 10, h: 30, d: 10 }, maxWeight: null, cost: 1, count: null }],
      items: [{ id: "c", w: 10, h: 10, d: 10, weight: 4, qty: 3, maxLoad: 7 }],
    };
    const r: PackingResult = {
      packages: [{ boxId: "B", oversize: false, outer: { w: 10, h: 30, d: 10 }, itemsWeight: 12, weight: 12, fillRatio: 1, cost: 1,
        placements: [0, 1, 2].map((k) => ({ itemId: "c", unit: k, x: 0, y: 10 * k, z: 0, w: 10, h: 10, d: 10, orientation: "whd" as const })) }],
      unpacked: [], oversize: [], totalCost: 1,
    };
    expect(validatePacking(tower, r)).toEqual(["package 0: placement 0 carries 8 > maxLoad 7"]);
    expect(validatePacking(tower, packItems(tower))).toEqual([]);
  });
});
