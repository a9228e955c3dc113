/**
 * Maximal free spaces of one box (Lai & Chan; Parreño et al. 2008): every empty cuboid that cannot
 * grow in any direction. They overlap; placing a block splits each space it cuts into up to six
 * maximal remainders, and remainders inside another space are dropped.
 */
export const EPS = 1e-6;

export interface Space {
  x0: number;
  y0: number;
  z0: number;
  x1: number;
  y1: number;
  z1: number;
}

export interface Cuboid {
  x0: number;
  y0: number;
  z0: number;
  x1: number;
  y1: number;
  z1: number;
}

function overlaps(a: Cuboid, b: Cuboid): boolean {
  return a.x0 < b.x1 - EPS && b.x0 < a.x1 - EPS && a.y0 < b.y1 - EPS && b.y0 < a.y1 - EPS && a.z0 < b.z1 - EPS && b.z0 < a.z1 - EPS;
}

function contains(outer: Space, inner: Space): boolean {
  return (
    outer.x0 <= inner.x0 + EPS && outer.y0 <= inner.y0 + EPS && outer.z0 <= inner.z0 + EPS &&
    outer.x1 >= inner.x1 - EPS && outer.y1 >= inner.y1 - EPS && outer.z1 >= inner.z1 - EPS
  );
}

/** Minimum extents a space needs along each axis to hold anything still to pack. */
export interface MinExtents {
  x: number;
  y: number;
  z: number;
}

function usable(s: Space, min: MinExtents): boolean {
  return s.x1 - s.x0 >= min.x - EPS && s.y1 - s.y0 >= min.y - EPS && s.z1 - s.z0 >= min.z - EPS;
}

/** Split `spaces` around `block`; returns the new list of maximal, usable spaces. */
export function carve(spaces: Space[], block: Cuboid, min: MinExtents): Space[] {
  const kept: Space[] = [];
  const pieces: Space[] = [];
  for (const s of spaces) {
    if (!overlaps(s, block)) {
      if (usable(s, min)) kept.push(s);
      continue;
    }
    // explicit literals: one object shape throughout (spreads are markedly slower in this hot loop)
    if (block.x0 > s.x0 + EPS) pieces.push({ x0: s.x0, y0: s.y0, z0: s.z0, x1: block.x0, y1: s.y1, z1: s.z1 });
    if (block.x1 < s.x1 - EPS) pieces.push({ x0: block.x1, y0: s.y0, z0: s.z0, x1: s.x1, y1: s.y1, z1: s.z1 });
    if (block.y0 > s.y0 + EPS) pieces.push({ x0: s.x0, y0: s.y0, z0: s.z0, x1: s.x1, y1: block.y0, z1: s.z1 });
    if (block.y1 < s.y1 - EPS) pieces.push({ x0: s.x0, y0: block.y1, z0: s.z0, x1: s.x1, y1: s.y1, z1: s.z1 });
    if (block.z0 > s.z0 + EPS) pieces.push({ x0: s.x0, y0: s.y0, z0: s.z0, x1: s.x1, y1: s.y1, z1: block.z0 });
    if (block.z1 < s.z1 - EPS) pieces.push({ x0: s.x0, y0: s.y0, z0: block.z1, x1: s.x1, y1: s.y1, z1: s.z1 });
  }
  // A piece lies inside the space it came from, so only pieces can be non-maximal: an old space
  // inside a piece would already have been inside that piece's parent.
  const out = kept;
  for (let i = 0; i < pieces.length; i++) {
    const p = pieces[i]!;
    if (!usable(p, min)) continue;
    let dominated = false;
    for (const k of kept) if (contains(k, p)) { dominated = true; break; }
    if (!dominated) {
      for (let j = 0; j < pieces.length; j++) {
        if (j === i) continue;
        const q = pieces[j]!;
        // equal pieces: keep the first only
        if (contains(q, p) && (!contains(p, q) || j < i)) { dominated = true; break; }
      }
    }
    if (!dominated) out.push(p);
  }
  return out;
}

export function pruneSpaces(spaces: Space[], min: MinExtents): Space[] {
  return spaces.filter((s) => usable(s, min));
}
