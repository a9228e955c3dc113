/**
 * Martello–Pisinger–Vigo (2000) 3D bin packing instance classes, written from the published recipe
 * (see ../shared/notes/packing-benchmarks.md), not from Pisinger's code.
 */
import type { PackingInput, PackItem } from "../../../shared/shipping/packing";

/** C's lrand48 in 32-bit arithmetic: state h = seed, l = 0x330E. */
export function lrand48(seed: number): () => number {
  let h = seed >>> 0;
  let l = 0x330e;
  return () => {
    const nh = (Math.imul(h, 0xdeece66d) + Math.imul(l, 0x5deec)) >>> 0;
    l = (Math.imul(l, 0xe66d) + 0xb) >>> 0;
    h = (nh + (l >>> 16)) >>> 0;
    l &= 0xffff;
    return h >>> 1;
  };
}

export const MPV_CLASSES = [1, 4, 5, 6, 7, 8] as const;

export function binSide(cls: number): number {
  return cls === 6 ? 10 : cls === 7 ? 40 : 100;
}

export interface MpvInstance {
  name: string;
  side: number;
  items: { w: number; h: number; d: number }[];
}

export function generateMpv(cls: number, n: number, v: number): MpvInstance {
  const next = lrand48(v + n);
  const rint = (a: number, b: number) => (next() % (b - a + 1)) + a;
  const S = binSide(cls);
  const half = Math.trunc(S / 2), twoThirds = Math.trunc((2 * S) / 3);
  const items: MpvInstance["items"] = [];
  for (let i = 0; i < n; i++) {
    if (cls <= 5) {
      const t0 = rint(1, 10);
      const type = t0 <= 5 ? t0 : cls;
      switch (type) {
        case 1: items.push({ w: rint(1, half), h: rint(twoThirds, S), d: rint(twoThirds, S) }); break;
        case 2: items.push({ w: rint(twoThirds, S), h: rint(1, half), d: rint(twoThirds, S) }); break;
        case 3: items.push({ w: rint(twoThirds, S), h: rint(twoThirds, S), d: rint(1, half) }); break;
        case 4: items.push({ w: rint(half, S), h: rint(half, S), d: rint(half, S) }); break;
        default: items.push({ w: rint(1, half), h: rint(1, half), d: rint(1, half) });
      }
    } else {
      const hi = cls === 6 ? 10 : cls === 7 ? 35 : 100;
      items.push({ w: rint(1, hi), h: rint(1, hi), d: rint(1, hi) });
    }
  }
  return { name: `mpv-c${cls}-n${n}-v${v}`, side: S, items };
}

/** max(ceil(volume / bin volume), items larger than half the bin in all three dimensions) */
export function mpvLowerBound(inst: MpvInstance): number {
  const S = inst.side;
  const vol = inst.items.reduce((s, it) => s + it.w * it.h * it.d, 0);
  const big = inst.items.filter((it) => it.w > S / 2 && it.h > S / 2 && it.d > S / 2).length;
  return Math.max(Math.ceil(vol / S ** 3), big);
}

export function mpvToInput(inst: MpvInstance): PackingInput {
  const items: PackItem[] = inst.items.map((it, i) => ({ id: `i${i + 1}`, ...it, weight: 0, qty: 1, rotation: "fixed" }));
  return {
    boxes: [{ id: "bin", inner: { w: inst.side, h: inst.side, d: inst.side }, maxWeight: null, cost: 1, count: null }],
    items,
  };
}
