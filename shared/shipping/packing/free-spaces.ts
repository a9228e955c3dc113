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

/** Minimum extents a space needs along each axis to hold anything still to pack. */
export interface MinExtents {
  x: number;
  y: number;
  z: number;
}

function usable(s: Space, min: MinExtents): boolean {
  return s.x1 - s.x0 >= min.x - EPS && s.y1 - s.y0 >= min.y - EPS && s.z1 - s.z0 >= min.z - EPS;
}

/**
 * Pieces of the spaces a block cuts, flat [x0, y0, z0, x1, y1, z1, side, …], side = which face of
 * the block the piece lies beyond (0…5). Reused: carve runs once per block placed.
 */
const PIECES: number[] = [];
const STRIDE = 7;
let pieceEnd = 0;

function piece(side: number, x0: number, y0: number, z0: number, x1: number, y1: number, z1: number): void {
  const pc = PIECES, n = pieceEnd;
  pc[n] = x0; pc[n + 1] = y0; pc[n + 2] = z0; pc[n + 3] = x1; pc[n + 4] = y1; pc[n + 5] = z1; pc[n + 6] = side;
  pieceEnd = n + STRIDE;
}

/** Split `spaces` around `block`; returns the new list of maximal, usable spaces. */
export function carve(spaces: Space[], block: Cuboid, min: MinExtents): Space[] {
  const kept: Space[] = [];
  const bx0 = block.x0, by0 = block.y0, bz0 = block.z0, bx1 = block.x1, by1 = block.y1, bz1 = block.z1;
  pieceEnd = 0;
  for (let k = 0; k < spaces.length; k++) {
    const s = spaces[k]!;
    if (!overlaps(s, block)) {
      if (usable(s, min)) kept.push(s);
      continue;
    }
    if (bx0 > s.x0 + EPS) piece(0, s.x0, s.y0, s.z0, bx0, s.y1, s.z1);
    if (bx1 < s.x1 - EPS) piece(1, bx1, s.y0, s.z0, s.x1, s.y1, s.z1);
    if (by0 > s.y0 + EPS) piece(2, s.x0, s.y0, s.z0, s.x1, by0, s.z1);
    if (by1 < s.y1 - EPS) piece(3, s.x0, by1, s.z0, s.x1, s.y1, s.z1);
    if (bz0 > s.z0 + EPS) piece(4, s.x0, s.y0, s.z0, s.x1, s.y1, bz0);
    if (bz1 < s.z1 - EPS) piece(5, s.x0, s.y0, bz1, s.x1, s.y1, s.z1);
  }
  // A piece lies inside the space it came from, so only pieces can be non-maximal: an old space
  // inside a piece would already have been inside that piece's parent. A piece inside an earlier
  // kept piece is caught by the piece-against-piece test, so old spaces alone are tested first.
  // Pieces beyond different faces of the block never contain each other: each spans its parent's
  // full extent across the block, and every parent reaches into the block.
  const old = kept.length;
  const pc = PIECES, n = pieceEnd;
  const mx = min.x - EPS, my = min.y - EPS, mz = min.z - EPS;
  for (let i = 0; i < n; i += STRIDE) {
    const x0 = pc[i]!, y0 = pc[i + 1]!, z0 = pc[i + 2]!, x1 = pc[i + 3]!, y1 = pc[i + 4]!, z1 = pc[i + 5]!, side = pc[i + 6]!;
    if (x1 - x0 < mx || y1 - y0 < my || z1 - z0 < mz) continue;
    let dominated = false;
    for (let k = 0; k < old; k++) {
      const o = kept[k]!;
      if (o.x0 <= x0 + EPS && o.y0 <= y0 + EPS && o.z0 <= z0 + EPS && o.x1 >= x1 - EPS && o.y1 >= y1 - EPS && o.z1 >= z1 - EPS) { dominated = true; break; }
    }
    if (!dominated) {
      for (let j = 0; j < n; j += STRIDE) {
        if (j === i || pc[j + 6] !== side) continue;
        const qx0 = pc[j]!, qy0 = pc[j + 1]!, qz0 = pc[j + 2]!, qx1 = pc[j + 3]!, qy1 = pc[j + 4]!, qz1 = pc[j + 5]!;
        if (!(qx0 <= x0 + EPS && qy0 <= y0 + EPS && qz0 <= z0 + EPS && qx1 >= x1 - EPS && qy1 >= y1 - EPS && qz1 >= z1 - EPS)) continue;
        // equal pieces: keep the first only
        if (j < i || !(x0 <= qx0 + EPS && y0 <= qy0 + EPS && z0 <= qz0 + EPS && x1 >= qx1 - EPS && y1 >= qy1 - EPS && z1 >= qz1 - EPS)) { dominated = true; break; }
      }
    }
    if (!dominated) kept.push({ x0, y0, z0, x1, y1, z1 });
  }
  return kept;
}

export function pruneSpaces(spaces: Space[], min: MinExtents): Space[] {
  return spaces.filter((s) => usable(s, min));
}
