import type { Axis, Orientation, Rotation } from "./types";

/** One allowed way to place an item: extents along x, y, z and its orientation code. */
export interface Orient {
  dx: number;
  dy: number;
  dz: number;
  code: Orientation;
}

const ALL: readonly Orientation[] = ["whd", "dhw", "hwd", "dwh", "wdh", "hdw"];

/** The orientations that keep `vertical` standing up (the item dimension along y). */
const BY_VERTICAL: Record<Axis, readonly Orientation[]> = {
  h: ["whd", "dhw"],
  w: ["hwd", "dwh"],
  d: ["wdh", "hdw"],
};

export function allowedOrientationCodes(rotation: Rotation | undefined): Orientation[] {
  if (rotation === undefined || rotation === "free") return [...ALL];
  if (rotation === "fixed") return ["whd"];
  if (rotation === "this_side_up") return [...BY_VERTICAL.h];
  const out: Orientation[] = [];
  for (const axis of ["h", "w", "d"] as const) if (rotation.includes(axis)) out.push(...BY_VERTICAL[axis]);
  return out;
}

export function extentsOf(dims: { w: number; h: number; d: number }, code: Orientation): [number, number, number] {
  const pick = (c: string) => (c === "w" ? dims.w : c === "h" ? dims.h : dims.d);
  return [pick(code[0]!), pick(code[1]!), pick(code[2]!)];
}

/** Distinct orientations (a cube has one), in a stable order. */
export function orientsOf(dims: { w: number; h: number; d: number }, rotation: Rotation | undefined): Orient[] {
  const out: Orient[] = [];
  const seen = new Set<string>();
  for (const code of allowedOrientationCodes(rotation)) {
    const [dx, dy, dz] = extentsOf(dims, code);
    const key = `${dx}|${dy}|${dz}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ dx, dy, dz, code });
  }
  return out;
}
