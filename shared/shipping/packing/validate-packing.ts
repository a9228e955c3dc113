/**
 * Independent checker of a packing (shares no geometry code with the packer on purpose). Rules:
 * - every unit of every item appears exactly once: placed, in an oversize package, or unpacked;
 * - placements lie inside the box's inner dimensions and do not overlap;
 * - placed extents match an orientation the item allows;
 * - gravity: a placement above the floor has at least minSupportRatio of its base on top faces of
 *   placements whose top is exactly at its bottom;
 * - nothing rests on a fragile item;
 * - load: the weight of everything above an item via the rests-on relation (each counted once)
 *   is at most its maxLoad;
 * - item weight per box is within maxWeight; reported weights and fill ratios are right;
 * - box counts are respected; oversize packages only hold items that fit no box.
 * Returns the violations found (empty = valid).
 */
import { DEFAULT_MIN_SUPPORT } from "./normalize-input";
import { allowedOrientationCodes, extentsOf } from "./orientations";
import type { PackingInput, PackingResult, Placement } from "./types";

const TOL = 1e-6;

function restsOn(upper: Placement, lower: Placement): number {
  if (Math.abs(upper.y - (lower.y + lower.h)) > TOL) return 0;
  const w = Math.min(upper.x + upper.w, lower.x + lower.w) - Math.max(upper.x, lower.x);
  const d = Math.min(upper.z + upper.d, lower.z + lower.d) - Math.max(upper.z, lower.z);
  return w > TOL && d > TOL ? w * d : 0;
}

function overlap(a: Placement, b: Placement): boolean {
  return (
    a.x < b.x + b.w - TOL && b.x < a.x + a.w - TOL &&
    a.y < b.y + b.h - TOL && b.y < a.y + a.h - TOL &&
    a.z < b.z + b.d - TOL && b.z < a.z + a.d - TOL
  );
}

function fitsAnyBox(input: PackingInput, item: PackingInput["items"][number]): boolean {
  return input.boxes.some((b) =>
    allowedOrientationCodes(item.rotation).some((code) => {
      const [x, y, z] = extentsOf(item, code);
      return x <= b.inner.w + TOL && y <= b.inner.h + TOL && z <= b.inner.d + TOL && (b.maxWeight === null || item.weight <= b.maxWeight + TOL);
    }),
  );
}

export function validatePacking(input: PackingInput, result: PackingResult): string[] {
  const errors: string[] = [];
  const minSupport = input.options?.minSupportRatio ?? DEFAULT_MIN_SUPPORT;
  const items = new Map(input.items.map((it) => [it.id, it]));
  const boxes = new Map(input.boxes.map((b) => [b.id, b]));
  const seen = new Map<string, Set<number>>();
  const mark = (itemId: string, unit: number, where: string) => {
    const it = items.get(itemId);
    if (!it) return errors.push(`${where}: unknown item ${itemId}`);
    if (!Number.isInteger(unit) || unit < 0 || unit >= it.qty) return errors.push(`${where}: ${itemId} unit ${unit} out of range`);
    const s = seen.get(itemId) ?? new Set<number>();
    if (s.has(unit)) errors.push(`${where}: ${itemId} unit ${unit} appears twice`);
    s.add(unit);
    seen.set(itemId, s);
  };
  const used = new Map<string, number>();

  result.packages.forEach((pkg, pi) => {
    const at = `package ${pi}`;
    if (pkg.oversize) {
      if (pkg.placements.length !== 1) errors.push(`${at}: an oversize package holds exactly one unit`);
      for (const p of pkg.placements) {
        mark(p.itemId, p.unit, at);
        const it = items.get(p.itemId);
        if (it && fitsAnyBox(input, it)) errors.push(`${at}: ${p.itemId} fits a box but was shipped as oversize`);
      }
      return;
    }
    const box = pkg.boxId === null ? undefined : boxes.get(pkg.boxId);
    if (!box) return errors.push(`${at}: unknown box ${pkg.boxId}`);
    used.set(box.id, (used.get(box.id) ?? 0) + 1);
    const ps = pkg.placements;
    let weight = 0, volume = 0;
    ps.forEach((p, k) => {
      const w = `${at} placement ${k} (${p.itemId}#${p.unit})`;
      mark(p.itemId, p.unit, at);
      const it = items.get(p.itemId);
      if (!it) return;
      weight += it.weight;
      volume += it.w * it.h * it.d;
      if (p.x < -TOL || p.y < -TOL || p.z < -TOL || p.x + p.w > box.inner.w + TOL || p.y + p.h > box.inner.h + TOL || p.z + p.d > box.inner.d + TOL) {
        errors.push(`${w}: outside the box`);
      }
      if (!allowedOrientationCodes(it.rotation).includes(p.orientation)) errors.push(`${w}: orientation ${p.orientation} not allowed`);
      const [ex, ey, ez] = extentsOf(it, p.orientation);
      if (Math.abs(ex - p.w) > TOL || Math.abs(ey - p.h) > TOL || Math.abs(ez - p.d) > TOL) errors.push(`${w}: extents do not match orientation ${p.orientation}`);
    });
    for (let a = 0; a < ps.length; a++) for (let b = a + 1; b < ps.length; b++) {
      if (overlap(ps[a]!, ps[b]!)) errors.push(`${at}: placements ${a} and ${b} overlap`);
    }
    // rests-on graph: below[a] = placements a rests on
    const below: number[][] = ps.map(() => []);
    ps.forEach((p, a) => {
      if (p.y <= TOL) return;
      let area = 0;
      ps.forEach((q, b) => {
        const s = restsOn(p, q);
        if (s > 0) {
          area += s;
          below[a]!.push(b);
          if (items.get(q.itemId)?.fragile) errors.push(`${at}: placement ${a} rests on fragile placement ${b}`);
        }
      });
      if (area < minSupport * p.w * p.d - TOL) errors.push(`${at}: placement ${a} is supported on ${((100 * area) / (p.w * p.d)).toFixed(1)}% of its base`);
    });
    // loads: each placement's weight goes to every placement in its downward closure, once
    const load = ps.map(() => 0);
    ps.forEach((p, a) => {
      const wgt = items.get(p.itemId)?.weight ?? 0;
      const visited = new Set<number>();
      const stack = [...below[a]!];
      while (stack.length) {
        const b = stack.pop()!;
        if (visited.has(b)) continue;
        visited.add(b);
        load[b]! += wgt;
        stack.push(...below[b]!);
      }
    });
    ps.forEach((p, a) => {
      const max = items.get(p.itemId)?.maxLoad;
      if (max != null && load[a]! > max + TOL) errors.push(`${at}: placement ${a} carries ${load[a]} > maxLoad ${max}`);
    });
    if (box.maxWeight !== null && weight > box.maxWeight + TOL) errors.push(`${at}: items weigh ${weight} > box maxWeight ${box.maxWeight}`);
    if (Math.abs(pkg.itemsWeight - weight) > TOL) errors.push(`${at}: itemsWeight ${pkg.itemsWeight} should be ${weight}`);
    if (Math.abs(pkg.weight - weight - (box.tareWeight ?? 0)) > TOL) errors.push(`${at}: weight should include tare`);
    const fill = volume / (box.inner.w * box.inner.h * box.inner.d);
    if (Math.abs(pkg.fillRatio - fill) > 1e-9) errors.push(`${at}: fillRatio ${pkg.fillRatio} should be ${fill}`);
  });
  for (const [id, n] of used) {
    const c = boxes.get(id)!.count;
    if (c !== null && n > c) errors.push(`box ${id} used ${n} times, only ${c} available`);
  }
  for (const u of result.unpacked) {
    mark(u.itemId, u.unit, "unpacked");
    const it = items.get(u.itemId);
    const unlimited = it && input.boxes.some((b) => b.count === null && fitsAnyBox({ ...input, boxes: [b] }, it));
    if (unlimited) errors.push(`unpacked: ${u.itemId}#${u.unit} fits an unlimited box`);
  }
  for (const it of input.items) {
    const n = seen.get(it.id)?.size ?? 0;
    if (n !== it.qty) errors.push(`item ${it.id}: ${n} of ${it.qty} units accounted for`);
  }
  return errors;
}
