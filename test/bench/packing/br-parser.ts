/**
 * Bischoff & Ratcliff BR1–7 in the OR-Library layout (see ../shared/notes/packing-benchmarks.md).
 * A box type line is `type dim1 flag1 dim2 flag2 dim3 flag3 qty`, flag = 1 when that dimension may
 * stand vertical; we read dim1/dim2/dim3 as w/h/d. The container is length × width × height, so
 * its height is our vertical h.
 */
import type { Axis, PackingInput, PackItem } from "../../../shared/shipping/packing";

export interface BrInstance {
  name: string;
  set: number;
  /** EB-AFIT's utilization (%) on this instance, from line 2 */
  ebAfit: number;
  container: { L: number; W: number; H: number };
  types: { dims: [number, number, number]; vertical: [boolean, boolean, boolean]; qty: number }[];
}

export function parseBr(text: string): BrInstance[] {
  const tok = text.split(/\s+/).filter(Boolean).map(Number);
  let p = 0;
  const out: BrInstance[] = [];
  while (p < tok.length) {
    const num = tok[p]!;
    p += 2;
    const ebAfit = tok[p + 3]!;
    p += 6;
    const container = { L: tok[p]!, W: tok[p + 1]!, H: tok[p + 2]! };
    p += 3;
    const n = tok[p++]!;
    const types: BrInstance["types"] = [];
    for (let k = 0; k < n; k++) {
      const r = tok.slice(p, p + 8);
      p += 8;
      types.push({ dims: [r[1]!, r[3]!, r[5]!], vertical: [r[2] === 1, r[4] === 1, r[6] === 1], qty: r[7]! });
    }
    const idx = out.length;
    out.push({ name: `BR${Math.floor(idx / 100) + 1}-${num}`, set: Math.floor(idx / 100) + 1, ebAfit, container, types });
  }
  return out;
}

export function brToInput(inst: BrInstance): PackingInput {
  const items: PackItem[] = inst.types.map((t, i) => {
    const axes: Axis[] = (["w", "h", "d"] as const).filter((_, k) => t.vertical[k]);
    return { id: `t${i + 1}`, w: t.dims[0], h: t.dims[1], d: t.dims[2], weight: 0, qty: t.qty, rotation: axes };
  });
  const { L, W, H } = inst.container;
  return { boxes: [{ id: "container", inner: { w: L, h: H, d: W }, maxWeight: null, cost: 0, count: 1 }], items };
}

export function containerVolume(inst: BrInstance): number {
  return inst.container.L * inst.container.W * inst.container.H;
}
