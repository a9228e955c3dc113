import { describe, expect, it } from "vitest";
import { decodeLines, decodeResolutions, encodeLines, encodeResolutions, type PriceLevel, type PriceResolution, type PriceSource } from "../../../shared/pricing";
import { mulberry32, type Rng } from "../../helpers/prng";

const LEVELS: PriceLevel[] = ["managed", "location", "account", "group", "default"];
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)]!;
const id = (rng: Rng) => `00000000-0000-4000-8000-${String(Math.floor(rng() * 1e12)).padStart(12, "0")}`;

function randomResolution(rng: Rng): PriceResolution {
  const variantId = id(rng);
  const quantity = 1 + Math.floor(rng() * 10_000);
  const currency = pick(rng, ["USD", "JPY", "KWD", "MXN"]);
  const r = rng();
  if (r < 0.1) return { ok: false, variantId, quantity, currency, reason: "NO_PRICE" };
  if (r < 0.2) return { ok: false, variantId, quantity, currency, reason: "NO_EXCHANGE_RATE", level: pick(rng, LEVELS) };
  const level = pick(rng, LEVELS);
  const converted = rng() < 0.3;
  // up to 2^53: the wire carries doubles, so every safe integer must come back exactly
  const unitPrice = rng() < 0.05 ? Math.floor(Number.MAX_SAFE_INTEGER / quantity) : Math.floor(rng() * 1_000_000);
  const source: PriceSource = {
    level,
    rank: (LEVELS.indexOf(level) + 1) as PriceSource["rank"],
    priceListId: level === "default" ? id(rng) : null,
    overrideId: level === "default" ? null : id(rng),
    scopeId: level === "default" || level === "managed" ? null : id(rng),
    tierMinQty: pick(rng, [1, 10, 144]),
    method: converted ? "converted" : "direct",
    rate: converted ? pick(rng, ["17.0512", "0.0067", "1"]) : null,
    rateUpdatedAt: converted ? new Date(Date.UTC(2026, 0, 1) + Math.floor(rng() * 1e10)) : null,
    sourceCurrency: converted ? "USD" : currency,
    sourceUnitPrice: Math.floor(rng() * 1_000_000),
  };
  return { ok: true, variantId, quantity, currency, unitPrice, lineTotal: unitPrice * quantity, source };
}

describe("the PriceBook wire format", () => {
  it("gives back every resolution equal, keys in the same order, over random priced and unpriced lines", () => {
    const rng = mulberry32(20261122);
    for (let round = 0; round < 20; round++) {
      const input = Array.from({ length: Math.floor(rng() * 300) }, () => randomResolution(rng));
      const wire = encodeResolutions(input);
      // what structured clone does to it on the way through the Durable Object
      const back = decodeResolutions(structuredClone(wire));
      expect(back).toEqual(input);
      expect(JSON.stringify(back)).toBe(JSON.stringify(input));
      // an unpriced line without a level has no `level` key at all, as the engine builds it
      back.forEach((r, i) => expect(Object.keys(r)).toEqual(Object.keys(input[i]!)));
    }
  });

  it("stores each distinct string once", () => {
    const rng = mulberry32(7);
    const one = randomResolution(rng);
    const wire = encodeResolutions([one, one, one]);
    expect(new Set(wire.strings).size).toBe(wire.strings.length);
    expect(decodeResolutions(wire)).toEqual([one, one, one]);
  });

  it("carries lines (variant, quantity) both ways and an empty list", () => {
    const lines = [{ variantId: "a", quantity: 3 }, { variantId: "b", quantity: Number.MAX_SAFE_INTEGER }];
    expect(decodeLines(structuredClone(encodeLines(lines)))).toEqual(lines);
    expect(decodeLines(encodeLines([]))).toEqual([]);
    expect(decodeResolutions(encodeResolutions([]))).toEqual([]);
  });
});
