import { describe, expect, it } from "vitest";
import { allocate, mulDiv, percentOf } from "../../../shared/kernel/money";
import { mulDivHalfUp, percentOfAmount, shareByWeight } from "../../../shared/promotions/amounts";
import { mulberry32 } from "../../bench/promotions-fixtures";

describe("engine money helpers agree with kernel/money", () => {
  const rng = mulberry32(99);
  const int = (hi: number) => Math.floor(rng() * hi);

  it("percentOfAmount = percentOf half-up, including 4-decimal percents and huge amounts", () => {
    for (let k = 0; k < 3_000; k++) {
      const amount = k % 10 === 0 ? int(2 ** 52) : int(1_000_000);
      const percent = [int(100) + 1, (int(1_000_000) + 1) / 10_000, 12.5, 33.3333, 0.0001][k % 5]!;
      expect(percentOfAmount(amount, percent)).toBe(percentOf(amount, percent));
    }
    expect(percentOfAmount(1, 50)).toBe(1); // .5 rounds up
    expect(percentOfAmount(3, 50)).toBe(2);
  });

  it("shareByWeight = allocate (largest remainder, ties to the lower index)", () => {
    for (let k = 0; k < 1_000; k++) {
      const weights = Array.from({ length: 1 + int(12) }, () => (k % 7 === 0 ? int(3) : int(100_000)));
      const total = k % 11 === 0 ? int(2 ** 40) : int(weights.reduce((a, b) => a + b, 0) + 1);
      expect(shareByWeight(total, weights)).toEqual(allocate(total, weights));
    }
    expect(shareByWeight(5, [1, 1, 1])).toEqual([2, 2, 1]);
    expect(shareByWeight(5, [0, 0])).toEqual([5, 0]);
  });

  it("shareByWeight = allocate on long carts: many equal remainders, totals up to the weight sum", () => {
    for (let k = 0; k < 150; k++) {
      const n = 50 + int(750);
      // equal weights and small weights make remainders tie, so the lower-index rule decides
      const weights = Array.from({ length: n }, (_, i) => (k % 3 === 0 ? 7 : k % 3 === 1 ? 1 + (i % 4) : int(20_000)));
      const sum = weights.reduce((a, b) => a + b, 0);
      const total = k % 5 === 0 ? sum - 1 : int(sum + 1);
      expect(shareByWeight(total, weights)).toEqual(allocate(total, weights));
    }
  });

  it("mulDivHalfUp = mulDiv half-up", () => {
    for (let k = 0; k < 2_000; k++) {
      const a = k % 9 === 0 ? int(2 ** 50) : int(10_000_000);
      const den = 1 + int(500);
      const num = int(den + 1);
      expect(mulDivHalfUp(a, num, den)).toBe(mulDiv(a, num, den, "half_up"));
    }
  });
});
