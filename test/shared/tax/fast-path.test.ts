/**
 * The plain-number fast path must agree exactly with the BigInt path: random orders (rates with up
 * to 12 decimals, huge and tiny amounts, excise of every method, inclusive and exclusive prices,
 * line and invoice rounding) are computed both ways and compared field by field.
 */
import { describe, expect, it } from "vitest";
import {
  add, allocateExact, decimalFraction, div, fractionsEqual, fromInt, mul, mulInt, roundFraction, sub, withExactArithmetic,
} from "../../../shared/tax/exact-fraction";
import { computeTax, InMemoryRateSource, JurisdictionIndex, planTax, type TaxLineInput, type TaxRate, type TaxRequest } from "../../../shared/tax";
import { ADDR, excise, JURISDICTIONS, NOW, RATES, sales } from "./fixtures";
import { mulberry32 } from "../../helpers/prng";
import { indexRates, TemplateCache } from "../../../shared/tax/line-components";
import { roundLineFast } from "../../../shared/tax/line-fast";

function rng(seed: number) {
  let s = seed >>> 0;
  return (n: number) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

const randomDecimal = (r: (n: number) => number) => {
  const scale = r(13);
  const int = r(4) === 0 ? String(r(1000)) : "0";
  return scale === 0 ? int : `${int}.${String(r(10 ** Math.min(scale, 9))).padStart(Math.min(scale, 9), "0")}${scale > 9 ? String(r(1000)).padStart(scale - 9, "0") : ""}`;
};

const randomDecimalOf = (int: (n: number) => number) => randomDecimal((n) => int(n));

/** The result, or the error message, so the fast and exact paths can be compared either way. */
function computeOrError(plan: Parameters<typeof computeTax>[0], set: Parameters<typeof computeTax>[1]) {
  try {
    return computeTax(plan, set, { strategy: "t", salesTaxOnExcise: true });
  } catch (e) {
    return { error: (e as Error).message };
  }
}

describe("fast path vs exact BigInt path", () => {
  it("each operation agrees on random operands, including ones that overflow 2^53", () => {
    const r = rng(42);
    for (let i = 0; i < 3000; i++) {
      const a = mulInt(decimalFraction(randomDecimal(r)), r(3) === 0 ? r(2 ** 30) * 2 ** 20 + r(1000) : r(10 ** 7));
      const b = add(decimalFraction(randomDecimal(r)), fromInt(1 + r(5)));
      const fast = { s: add(a, b), d: sub(a, b), m: mul(a, b), q: div(a, b) };
      const exact = withExactArithmetic(() => ({ s: add(a, b), d: sub(a, b), m: mul(a, b), q: div(a, b) }));
      for (const k of ["s", "d", "m", "q"] as const) {
        expect(fractionsEqual(fast[k], exact[k])).toBe(true);
        for (const mode of ["half_up", "half_even"] as const) {
          expect(roundFraction(fast[k], mode)).toBe(withExactArithmetic(() => roundFraction(exact[k], mode)));
        }
      }
    }
  });

  it("invoice allocation agrees: plain-number spread vs BigInt, ties, signs, zero sums and overflow", () => {
    const rnd = mulberry32(2024);
    const int = (n: number) => Math.floor(rnd() * n);
    let spread = 0;
    for (let i = 0; i < 400; i++) {
      const n = 1 + int(i % 10 === 0 ? 600 : 12);
      const fractions = Array.from({ length: n }, () => {
        const kind = int(10);
        // equal parts (ties), zero parts, negative parts, huge parts that leave 2^53, odd denominators
        if (kind === 0) return decimalFraction("0.0725");
        if (kind === 1) return fromInt(0);
        const f = mulInt(decimalFraction(randomDecimalOf(int)), kind === 2 ? 2 ** 28 + int(1000) : 1 + int(100_000));
        return kind === 3 ? sub(fromInt(0), f) : kind === 4 ? div(f, fromInt(3 + int(7))) : f;
      });
      let sum = fromInt(0);
      for (const f of fractions) sum = add(sum, f);
      const mode = i % 2 === 0 ? "half_up" : "half_even";
      // the rounded total of the parts, and totals off it (allocation must still sum exactly)
      const total = roundFraction(sum, mode) + (i % 3 === 0 ? int(5) - 2 : 0);
      const fast = allocateExact(total, fractions);
      const exact = withExactArithmetic(() => allocateExact(total, fractions));
      expect(fast).toEqual(exact);
      expect(fast.reduce((a, b) => a + BigInt(b), 0n)).toBe(BigInt(total));
      if (fast.some((x) => x !== 0)) spread++;
    }
    expect(spread).toBeGreaterThan(300);
  });

  it("whole orders agree to the minor unit, line by line and component by component", async () => {
    const r = rng(7);
    const index = new JurisdictionIndex(JURISDICTIONS);
    let computed = 0;
    const dests = [ADDR.laCity, ADDR.santaMonicaTransit, ADDR.chicago, ADDR.austin, ADDR.houston, ADDR.nv, ADDR.caStateOnly];
    for (let round = 0; round < 60; round++) {
      // odd rates with many decimals on top of the fixtures, and excise of every method
      const rates: TaxRate[] = RATES.filter((x) => !(x.kind === "sales" && x.jurisdictionKey === "US-CA-LA" && x.category === "standard"));
      rates.push(sales("US-CA-LA", `0.${String(r(10 ** 9)).padStart(9, "0")}${String(r(1000)).padStart(3, "0")}`));
      rates.push(excise("US-CA-LA", "vapor", "percent_retail", `0.${String(r(10 ** 6)).padStart(6, "0")}`, null));
      const lines: TaxLineInput[] = Array.from({ length: 25 }, (_, i) => {
        const exciseClass = [null, "tobacco", "vapor", "cigar"][r(4)] ?? null;
        const quantity = 1 + r(50);
        const unit = r(5) === 0 ? 2 ** 33 + r(10 ** 6) : 900 + r(50_000);
        return {
          id: `l${i}`, quantity, amount: quantity * unit, taxCategory: ["standard", "reduced", "food"][r(3)]!, exciseClass,
          unitVolumeMl: exciseClass === "vapor" ? randomDecimal(r) : null, wholesaleUnitAmount: exciseClass === "vapor" ? r(1000) : null, shipTo: dests[r(dests.length)]!,
        };
      });
      const request: TaxRequest = {
        currency: "USD", now: NOW, channel: { code: "x", pricesIncludeTax: r(2) === 0 }, shipTo: ADDR.laCity, lines, shipping: { amount: r(5000) },
        rounding: { level: r(2) === 0 ? "line" : "invoice", mode: r(2) === 0 ? "half_up" : "half_even" },
      };
      const plan = await planTax(request, index, ["sales", "excise"], { level: "line", mode: "half_up" });
      const set = await new InMemoryRateSource(rates).ratesFor(plan.query!);
      const run = () => computeOrError(plan, set);
      const fast = run();
      const exact = withExactArithmetic(run);
      expect(fast).toEqual(exact);
      if (!("error" in fast)) computed++;
    }
    // the comparison must mostly be of real results, not of two identical errors
    expect(computed).toBeGreaterThan(40);
  });

  it("line and invoice rounding agree near 2^53: plain-number lines and the Fraction fallback, side by side", async () => {
    const r = rng(99);
    const index = new JurisdictionIndex(JURISDICTIONS);
    const dests = [ADDR.laCity, ADDR.chicago, ADDR.santaMonicaTransit, ADDR.nv];
    let fastLines = 0;
    let fallbackLines = 0;
    let computed = 0;
    for (let round = 0; round < 24; round++) {
      // long decimal rates (12 places) push products past 2^53 sooner than the 4-place fixtures
      const rates: TaxRate[] = RATES.filter((x) => !(x.kind === "sales" && (x.jurisdictionKey === "US-CA-LA" || x.jurisdictionKey === "US-IL")));
      rates.push(sales("US-CA-LA", `0.${String(r(10 ** 9)).padStart(9, "0")}${String(1 + r(999)).padStart(3, "0")}`));
      rates.push(sales("US-IL", `0.0${String(r(10 ** 8)).padStart(8, "0")}${String(1 + r(999)).padStart(3, "0")}`));
      const lines: TaxLineInput[] = Array.from({ length: 20 }, (_, i) => {
        const kind = r(4);
        const exciseClass = [null, "tobacco", "vapor", "cigar"][r(4)] ?? null;
        // ordinary lines, amounts near 2^53, and huge quantities of cheap units (per-unit excise overflows)
        const quantity = kind === 2 ? 2 ** 30 + r(10 ** 6) : 1 + r(20);
        const amount = kind === 1 ? 2 ** 53 - 1 - r(10 ** 9) : kind === 2 ? quantity * (1 + r(3)) * 1000 : quantity * (900 + r(50_000));
        return {
          id: `l${i}`, quantity, amount: Math.min(amount, Number.MAX_SAFE_INTEGER), taxCategory: ["standard", "reduced"][r(2)]!, exciseClass,
          unitVolumeMl: exciseClass === "vapor" ? `${r(10)}.${String(r(10 ** 6)).padStart(6, "0")}` : null,
          wholesaleUnitAmount: exciseClass === "vapor" ? r(1000) : null, shipTo: dests[r(dests.length)]!,
        };
      });
      const pricesIncludeTax = round % 3 === 0;
      const request: TaxRequest = {
        currency: "USD", now: NOW, channel: { code: "x", pricesIncludeTax }, shipTo: ADDR.laCity, lines, shipping: { amount: r(5000) },
        rounding: { level: round % 2 === 0 ? "line" : "invoice", mode: r(2) === 0 ? "half_up" : "half_even" },
      };
      const plan = await planTax(request, index, ["sales", "excise"], { level: "line", mode: "half_up" });
      const set = await new InMemoryRateSource(rates).ratesFor(plan.query!);
      const run = () => computeOrError(plan, set);
      const fast = run();
      expect(fast).toEqual(withExactArithmetic(run));
      if ("error" in fast) continue;
      computed++;
      // which lines the plain-number path took on, and which it handed to the Fraction path
      const cache = new TemplateCache(indexRates(set, NOW, "USD"), true);
      const out: number[] = [];
      for (const planned of plan.lines) {
        const template = cache.templateOf(planned);
        if (template.specs.length === 0) continue;
        if (roundLineFast(planned, template, pricesIncludeTax, true, "half_up", out)) fastLines++;
        else fallbackLines++;
      }
    }
    expect(computed).toBeGreaterThan(12);
    expect(fastLines).toBeGreaterThan(50);
    expect(fallbackLines).toBeGreaterThan(50);
  });
});
