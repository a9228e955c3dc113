/**
 * Gravity and stacking bookkeeping for the packer. The rules (same as validate-packing.ts):
 * - A unit RESTS ON another when its bottom face lies in the other's top face plane and their
 *   footprints overlap with positive area.
 * - Support: a unit not on the floor must have at least `minSupport` of its base area over the
 *   top faces of the units it rests on.
 * - Fragile: nothing rests on a fragile unit.
 * - Load: the load on a unit is the total weight of every unit above it through the rests-on
 *   relation (its upward closure), each counted once. Counting the whole weight on every supporter
 *   overstates real loads, which is the safe side for a limit.
 */
import { EPS as TOLERANCE, type Space } from "./free-spaces";

// a plain local: hot loops read it millions of times, and a module binding can cost a getter call per read
const EPS = TOLERANCE;
import type { Orientation } from "./types";

export interface PlacedUnit extends Space {
  t: number;
  code: Orientation;
  weight: number;
  fragile: boolean;
  maxLoad: number;
  /** weight currently resting on this unit (upward closure) */
  load: number;
  /** indices (in the bin's placed list) of the units this one rests on */
  below: number[];
}

export interface Support {
  area: number;
  touchesFragile: boolean;
  below: number[];
}

function overlapArea(ax0: number, az0: number, ax1: number, az1: number, b: PlacedUnit): number {
  const w = Math.min(ax1, b.x1) - Math.max(ax0, b.x0);
  if (w <= EPS) return 0;
  const d = Math.min(az1, b.z1) - Math.max(az0, b.z0);
  if (d <= EPS) return 0;
  return w * d;
}

// whether the last scanSupport touched a fragile top: a second result without an object (synchronous use only)
let lastTouchesFragile = false;

/** The area a footprint at height `y` rests on; contacts' indices go to `below` when given. */
function scanSupport(placed: readonly PlacedUnit[], x0: number, z0: number, x1: number, z1: number, y: number, below: number[] | null): number {
  let area = 0;
  let touchesFragile = false;
  for (let i = 0; i < placed.length; i++) {
    const p = placed[i]!;
    if (Math.abs(p.y1 - y) > EPS) continue;
    const a = overlapArea(x0, z0, x1, z1, p);
    if (a === 0) continue;
    area += a;
    if (p.fragile) touchesFragile = true;
    if (below) below.push(i);
  }
  lastTouchesFragile = touchesFragile;
  return area;
}

/** What a footprint at height `y` would rest on. */
export function supportOf(placed: readonly PlacedUnit[], x0: number, z0: number, x1: number, z1: number, y: number, track: boolean): Support {
  const below: number[] = [];
  const area = scanSupport(placed, x0, z0, x1, z1, y, track ? below : null);
  return { area, touchesFragile: lastTouchesFragile, below };
}

/** supportOf's area without allocating, for checks that need no contact list: -1 when a fragile top is touched. */
export function supportAreaOf(placed: readonly PlacedUnit[], x0: number, z0: number, x1: number, z1: number, y: number): number {
  const area = scanSupport(placed, x0, z0, x1, z1, y, null);
  return lastTouchesFragile ? -1 : area;
}

/**
 * Whether the existing units can carry the new ones (which are appended after `placed`, indices
 * continuing from placed.length). On success the loads are applied to `placed`.
 */
export function canCarry(placed: PlacedUnit[], units: readonly PlacedUnit[]): boolean {
  // A new unit slid under an existing one would start carrying it; the packer never does that
  // when stacking rules are in play.
  for (const u of units) {
    for (const p of placed) {
      if (Math.abs(p.y0 - u.y1) <= EPS && overlapArea(u.x0, u.z0, u.x1, u.z1, p) > 0) return false;
    }
    if (u.load > u.maxLoad + EPS) return false;
  }
  const base = placed.length;
  const add = new Map<number, number>();
  // column weight per bottom unit: the bottom unit and the block units stacked on it
  for (let k = 0; k < units.length; k++) {
    const u = units[k]!;
    if (u.below.length === 0 || (u.below.length === 1 && u.below[0]! >= base)) continue;
    const column = u.weight + u.load;
    if (column === 0) continue;
    const seen = new Set<number>();
    const stack = [...u.below];
    while (stack.length > 0) {
      const i = stack.pop()!;
      if (seen.has(i)) continue;
      seen.add(i);
      add.set(i, (add.get(i) ?? 0) + column);
      for (const j of placed[i]!.below) stack.push(j);
    }
  }
  for (const [i, w] of add) {
    const p = placed[i]!;
    if (p.load + w > p.maxLoad + EPS) return false;
  }
  for (const [i, w] of add) placed[i]!.load += w;
  return true;
}
