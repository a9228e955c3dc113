import { normalizeInput, type Normalized } from "./normalize-input";
import { BoxPlanner } from "./plan-boxes";
import type { PackedPackage, PackingInput, PackingResult, PackingStrategy, Placement, UnpackedUnit } from "./types";

/** Deterministic: the same input always gives the same packing. */
export function packItems(input: PackingInput): PackingResult {
  const n = normalizeInput(input);
  const nextUnit = n.items.map(() => 0);
  const packages: PackedPackage[] = [];
  const oversize: string[] = [];

  const remaining = n.items.map((it, i) => (n.fitsSomeBox[i] ? it.qty : 0));
  const plan = new BoxPlanner(n).plan(remaining);
  for (const bin of plan.bins) {
    const box = n.boxes[bin.box]!;
    const placements: Placement[] = bin.fill.placed.map((u) => {
      const item = n.items[u.t]!;
      return {
        itemId: item.id, unit: nextUnit[u.t]!++,
        x: u.x0, y: u.y0, z: u.z0, w: u.x1 - u.x0, h: u.y1 - u.y0, d: u.z1 - u.z0,
        orientation: u.code,
      };
    });
    const tare = box.tareWeight ?? 0;
    packages.push({
      boxId: box.id, oversize: false, outer: { ...(box.outer ?? box.inner) }, placements,
      itemsWeight: bin.fill.weight, weight: bin.fill.weight + tare,
      fillRatio: bin.fill.volume / (box.inner.w * box.inner.h * box.inner.d),
      cost: bin.cost,
    });
  }

  const unpacked: UnpackedUnit[] = [];
  n.items.forEach((it, t) => {
    if (n.fitsSomeBox[t]) {
      for (let k = 0; k < plan.left[t]!; k++) unpacked.push({ itemId: it.id, unit: nextUnit[t]!++, reason: "no_box_left" });
      return;
    }
    oversize.push(it.id);
    for (let k = 0; k < it.qty; k++) packages.push(oversizePackage(n, t, nextUnit[t]!++));
  });
  return { packages, unpacked, oversize, totalCost: packages.reduce((s, p) => s + p.cost, 0) };
}

function oversizePackage(n: Normalized, t: number, unit: number): PackedPackage {
  const it = n.items[t]!;
  const outer = { w: it.w, h: it.h, d: it.d };
  return {
    boxId: null, oversize: true, outer,
    placements: [{ itemId: it.id, unit, x: 0, y: 0, z: 0, ...outer, orientation: "whd" }],
    itemsWeight: it.weight, weight: it.weight, fillRatio: 1,
    cost: n.rate({ boxId: null, outer, weight: it.weight }),
  };
}

/** The default strategy: block building on maximal spaces, best of several variants, cost-driven box choice. */
export const blockBuildingStrategy: PackingStrategy = {
  name: "block-building",
  pack: packItems,
};
