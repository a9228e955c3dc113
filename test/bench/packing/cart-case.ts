/** A realistic cart: up to 30 units over several SKUs, 10 box sizes (the cart-size benchmark). */
import type { BoxTemplate, PackingInput, PackItem } from "../../../shared/shipping/packing";

export function cartInstance(seed: number): PackingInput {
  let s = seed >>> 0 || 1;
  const r = () => { s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0; return s / 4294967296; };
  const int = (a: number, b: number) => a + Math.floor(r() * (b - a + 1));
  const boxes: BoxTemplate[] = Array.from({ length: 10 }, (_, i) => {
    const k = 15 + 6 * i;
    return { id: `box${i}`, inner: { w: k + 10, h: k, d: k + 5 }, maxWeight: 20000 + 3000 * i, tareWeight: 100 + 40 * i, cost: 60 + 25 * i, count: null };
  });
  const items: PackItem[] = [];
  let units = 0;
  for (let i = 0; units < 30; i++) {
    const qty = Math.min(30 - units, int(1, 6));
    units += qty;
    items.push({
      id: `sku${i}`, w: int(3, 30), h: int(2, 20), d: int(3, 25), weight: int(50, 2500), qty,
      rotation: (["free", "this_side_up", "free", "fixed"] as const)[int(0, 3)], fragile: r() < 0.1, maxLoad: r() < 0.15 ? int(500, 5000) : null,
    });
  }
  return { boxes, items, options: { rateEstimate: (p) => 500 + Math.ceil(p.weight / 1000) * 120 } };
}
