import { describe, expect, it } from "vitest";
import { buildCartIndex, indexKey, traitKey, type IndexKey, type LineKeyUniverse, type PromotionCartLine } from "../../../shared/promotions";
import { linesWithAnyKey, quantityWithAnyKey, type LineKeyKind } from "../../../shared/promotions/cart-index";
import { mulberry32, type Rng } from "../../helpers/prng";

const NOW = Date.UTC(2026, 5, 15, 14, 0);
const KINDS: readonly LineKeyKind[] = ["sku", "variant", "product", "brand", "category", "collection"];
// values that stress a hash filter and an object dictionary: near-identical ids, numeric strings,
// Object.prototype names, non-ASCII
const SPECIAL = ["__proto__", "constructor", "toString", "hasOwnProperty", "0", "00", "1e3", "-1", "4294967295", "ü", "é-1", " x"];

function pool(rng: Rng, prefix: string, n: number): string[] {
  const out = [...SPECIAL];
  for (let i = 0; i < n; i++) out.push(rng() < 0.5 ? `${prefix}${i}` : String(Math.floor(rng() * 100_000)));
  return out;
}

const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;

describe("restricted key tables (one pass, filtered probes) against unrestricted tables", () => {
  it("answer every question alike on random carts and universes", () => {
    const rng = mulberry32(20260615);
    let held = 0;
    for (let round = 0; round < 25; round++) {
      const values = Object.fromEntries(KINDS.map((k) => [k, pool(rng, `${k}-`, 20 + Math.floor(rng() * 400))])) as Record<LineKeyKind, string[]>;
      const flavors = pool(rng, "f", 10);
      const lines: PromotionCartLine[] = Array.from({ length: 1 + Math.floor(rng() * 80) }, () => ({
        sku: pick(rng, values.sku),
        variantId: pick(rng, values.variant),
        productId: pick(rng, values.product),
        brandId: rng() < 0.8 ? pick(rng, values.brand) : null,
        categoryIds: Array.from({ length: Math.floor(rng() * 4) }, () => pick(rng, values.category)),
        ...(rng() < 0.8 ? { collectionIds: Array.from({ length: Math.floor(rng() * 3) }, () => pick(rng, values.collection)) } : {}),
        ...(rng() < 0.7 ? { traits: { flavor: pick(rng, flavors) } } : {}),
        quantity: 1 + Math.floor(rng() * 20),
        unitPrice: 100,
      }));
      // each kind's universe: a random part of its pool (sometimes none, sometimes all)
      const part = (xs: readonly string[]) => {
        const share = [0, 0.05, 0.5, 1][Math.floor(rng() * 4)]!;
        return new Set(xs.filter(() => rng() < share));
      };
      const universe: LineKeyUniverse = {
        kinds: new Map(KINDS.map((k) => [k, part(values[k])])),
        traits: new Map([["flavor", part(flavors)]]),
      };
      const cart = { currency: "USD", lines };
      const ctx = { channelCode: "b2b", now: NOW };
      const restricted = buildCartIndex(cart, ctx, universe);
      const full = buildCartIndex(cart, ctx);
      for (const kind of KINDS) {
        const only = universe.kinds.get(kind)!;
        const expected = [...full.tables[kind].values()].filter((v) => only.has(v)).sort();
        expect([...restricted.tables[kind].values()].sort()).toEqual(expected);
        held += expected.length;
        for (const v of values[kind]) {
          expect(restricted.tables[kind].has(v)).toBe(full.tables[kind].has(v));
          expect(restricted.tables[kind].lines(v)).toEqual(full.tables[kind].lines(v));
          expect(restricted.tables[kind].qty(v)).toBe(full.tables[kind].qty(v));
        }
      }
      const onlyFlavors = universe.traits.get("flavor")!;
      expect([...restricted.tables.traitTable("flavor").values()].sort())
        .toEqual([...full.tables.traitTable("flavor").values()].filter((v) => onlyFlavors.has(v)).sort());
      for (const v of flavors) {
        expect(restricted.tables.traitTable("flavor").lines(v)).toEqual(full.tables.traitTable("flavor").lines(v));
        expect(restricted.tables.traitTable("flavor").qty(v)).toBe(full.tables.traitTable("flavor").qty(v));
      }
      // lines / units carrying any of several keys (disjoint single-valued keys skip de-duplication)
      const carries = (l: PromotionCartLine, k: IndexKey): boolean => {
        switch (k.kind) {
          case "sku": return l.sku === k.value;
          case "brand": return l.brandId === k.value;
          case "category": return (l.categoryIds ?? []).includes(k.value);
          case "trait": return l.traits?.[k.trait!] === k.value;
          default: throw new Error(k.kind);
        }
      };
      for (let q = 0; q < 20; q++) {
        const n = 1 + Math.floor(rng() * 4);
        const r = rng();
        const keys: IndexKey[] = Array.from({ length: n }, () =>
          r < 0.3 ? indexKey("sku", pick(rng, lines).sku)
          : r < 0.5 ? indexKey("brand", pick(rng, values.brand))
          : r < 0.7 ? traitKey("flavor", pick(rng, flavors))
          : r < 0.9 ? indexKey("category", pick(rng, values.category))
          : rng() < 0.5 ? indexKey("sku", pick(rng, values.sku)) : indexKey("category", pick(rng, values.category)));
        const expectedLines = lines.flatMap((l, i) => (keys.some((k) => carries(l, k)) ? [i] : []));
        const expectedQty = expectedLines.reduce((a, i) => a + lines[i]!.quantity, 0);
        for (const index of [restricted, full]) {
          expect(linesWithAnyKey(index, keys)).toEqual(expectedLines);
          expect(quantityWithAnyKey(index, keys)).toBe(expectedQty);
        }
      }
    }
    expect(held).toBeGreaterThan(500); // restricted tables really hold values
  });
});
