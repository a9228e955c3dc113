import { describe, expect, it } from "vitest";
import type { TaxLineInput, TaxResult, TaxRounding } from "../../../shared/tax";
import { ADDR, excise, RATES, request, sales } from "./fixtures";
import { makeStrategy } from "./tax-test-kit";

const tenCentLines = (n: number): TaxLineInput[] => Array.from({ length: n }, (_, i) => ({ id: `l${i}`, quantity: 1, amount: 10 }));
const fivePercent = [sales("US", "0.05")];

/** Invariants every result must satisfy, whatever the mode. */
function assertConsistent(r: TaxResult) {
  const all = r.shipping ? [...r.lines, r.shipping] : r.lines;
  for (const l of all) {
    expect(l.net + l.tax).toBe(l.gross);
    expect(l.components.reduce((s, c) => s + c.tax, 0)).toBe(l.tax);
  }
  expect(all.reduce((s, l) => s + l.tax, 0)).toBe(r.totals.tax);
  expect(all.reduce((s, l) => s + l.net, 0)).toBe(r.totals.net);
  expect(r.totals.net + r.totals.tax).toBe(r.totals.gross);
  expect(r.jurisdictions.reduce((s, j) => s + j.tax, 0)).toBe(r.totals.tax);
  expect(r.totals.byKind.sales + r.totals.byKind.excise).toBe(r.totals.tax);
}

describe("rounding modes (hand-computed)", () => {
  const run = async (lines: TaxLineInput[], rounding: TaxRounding) => {
    const { strategy } = makeStrategy({}, fivePercent);
    const r = await strategy.resolveAll(request({ shipTo: { country: "US" }, lines, rounding }));
    assertConsistent(r);
    return r;
  };

  it("three 0.10 lines at 5 % (0.5 cent each)", async () => {
    expect((await run(tenCentLines(3), { level: "line", mode: "half_up" })).totals.tax).toBe(3); // 1 + 1 + 1
    expect((await run(tenCentLines(3), { level: "line", mode: "half_even" })).totals.tax).toBe(0); // 0 + 0 + 0
    const inv = await run(tenCentLines(3), { level: "invoice", mode: "half_up" }); // 1.5 → 2
    expect(inv.totals.tax).toBe(2);
    expect(inv.lines.map((l) => l.tax)).toEqual([1, 1, 0]);
    expect((await run(tenCentLines(3), { level: "invoice", mode: "half_even" })).totals.tax).toBe(2); // 1.5 → 2 (even)
  });

  it("five 0.10 lines at 5 % (2.5 cents on the invoice)", async () => {
    expect((await run(tenCentLines(5), { level: "invoice", mode: "half_up" })).totals.tax).toBe(3);
    expect((await run(tenCentLines(5), { level: "invoice", mode: "half_even" })).totals.tax).toBe(2);
    expect((await run(tenCentLines(5), { level: "line", mode: "half_up" })).totals.tax).toBe(5);
  });

  it("per-invoice rounding rounds per jurisdiction, then spreads back within one cent of each exact share", async () => {
    const { strategy } = makeStrategy();
    // LA: 7.25 % + 1 % + 0.75 % on three lines of 33.33
    const lines = [1, 2, 3].map((i) => ({ id: `l${i}`, quantity: 1, amount: 3333 }));
    const perLine = await strategy.resolveAll(request({ lines, rounding: { level: "line", mode: "half_up" } }));
    const perInvoice = await strategy.resolveAll(request({ lines, rounding: { level: "invoice", mode: "half_up" } }));
    assertConsistent(perLine);
    assertConsistent(perInvoice);
    // per line: state 241.6425 → 242 ×3 = 726; county 33.33 → 33 ×3 = 99; city 24.9975 → 25 ×3 = 75
    expect(perLine.jurisdictions.map((j) => j.tax)).toEqual([726, 99, 75]);
    // per invoice: state 724.9275 → 725; county 99.99 → 100; city 74.9925 → 75
    expect(perInvoice.jurisdictions.map((j) => j.tax)).toEqual([725, 100, 75]);
    for (const l of perInvoice.lines) {
      const state = l.components.find((c) => c.jurisdictionKey === "US-CA")!.tax;
      expect(Math.abs(state - 241.6425)).toBeLessThan(1);
    }
  });
});

describe("tax-inclusive prices", () => {
  const berlin = (lines: TaxLineInput[], rounding?: TaxRounding) =>
    request({ currency: "EUR", shipTo: ADDR.berlin, channel: { code: "de", pricesIncludeTax: true }, lines, ...(rounding ? { rounding } : {}) });

  it("extracts VAT from gross prices, net + tax = gross to the cent", async () => {
    const { strategy } = makeStrategy();
    const r = await strategy.resolveAll(berlin([
      { id: "a", quantity: 1, amount: 11900 }, // 100.00 + 19.00
      { id: "b", quantity: 1, amount: 1000 }, // 1000 × 0.19 / 1.19 = 159.66 → 160, net 840
      { id: "c", quantity: 1, amount: 999, taxCategory: "reduced" }, // 999 × 0.07 / 1.07 = 65.355 → 65, net 934
    ]));
    assertConsistent(r);
    expect(r.lines.map((l) => [l.net, l.tax, l.gross])).toEqual([[10000, 1900, 11900], [840, 160, 1000], [934, 65, 999]]);
    expect(r.lines[1]!.components[0]).toMatchObject({ jurisdictionKey: "DE", rate: "0.19", taxableAmount: 840, tax: 160 });
    expect(r.pricesIncludeTax).toBe(true);
  });

  it("per-invoice extraction: 3 × 10.00 gross at 19 %", async () => {
    const { strategy } = makeStrategy();
    const lines = [1, 2, 3].map((i) => ({ id: `l${i}`, quantity: 1, amount: 1000 }));
    const perLine = await strategy.resolveAll(berlin(lines, { level: "line", mode: "half_up" }));
    const perInvoice = await strategy.resolveAll(berlin(lines, { level: "invoice", mode: "half_up" }));
    expect(perLine.totals).toMatchObject({ tax: 480, net: 2520, gross: 3000 });
    expect(perInvoice.totals).toMatchObject({ tax: 479, net: 2521, gross: 3000 }); // 478.99 → 479
    expect(perInvoice.lines.map((l) => l.tax)).toEqual([160, 160, 159]);
    assertConsistent(perInvoice);
  });

  it("extracts a per-unit excise and the VAT charged on it", async () => {
    const { strategy } = makeStrategy();
    // gross 10.00 for 2 packs with 1.00/pack excise: net = (1000 − 200 × 1.19) / 1.19 = 640.336…; VAT = 0.19 × 840.336… = 159.66 → 160
    const r = await strategy.resolveAll(berlin([{ id: "t", quantity: 2, amount: 1000, exciseClass: "tobacco" }]));
    expect(r.lines[0]!.components.map((c) => [c.kind, c.tax, c.taxableAmount])).toEqual([["excise", 200, 640], ["sales", 160, 840]]);
    expect(r.lines[0]).toMatchObject({ net: 640, tax: 360, gross: 1000 });
  });

  it("extracts a retail-percentage excise with sales tax on it (Chicago cigars, USD, gross prices)", async () => {
    const { strategy } = makeStrategy();
    // net = 1000 / (1 + 0.36 + 0.075 × 1.36) = 683.99…; excise 246.24 → 246; IL 0.0625 × 930.23 = 58.14 → 58; Chicago 11.63 → 12
    const r = await strategy.resolveAll(request({ shipTo: ADDR.chicago, channel: { code: "us-gross", pricesIncludeTax: true }, lines: [{ id: "c", quantity: 1, amount: 1000, exciseClass: "cigar" }] }));
    expect(r.lines[0]!.components.map((c) => c.tax)).toEqual([246, 58, 12]);
    expect(r.lines[0]).toMatchObject({ net: 684, tax: 316, gross: 1000 });
  });

  it("refuses a gross price smaller than the excise it must include", async () => {
    const { strategy } = makeStrategy();
    await expect(strategy.resolveAll(berlin([{ id: "t", quantity: 2, amount: 150, exciseClass: "tobacco" }]))).rejects.toMatchObject({ code: "BAD_USER_INPUT", details: { field: "lines.0.amount" } });
  });

  it("stays consistent for many random gross lines, both rounding levels, with shipping", async () => {
    const { strategy } = makeStrategy({}, [...RATES, excise("US-CA", "tobacco", "per_unit", "87")]);
    let seed = 42;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const cats = ["standard", "food", "exempt", "reduced"];
    for (const level of ["line", "invoice"] as const) {
      const lines: TaxLineInput[] = Array.from({ length: 60 }, (_, i) => ({
        id: `l${i}`, quantity: 1 + rnd(5), amount: 200 + rnd(100000), taxCategory: cats[rnd(4)]!, exciseClass: rnd(5) === 0 ? "tobacco" : null,
      }));
      const r = await strategy.resolveAll(request({ channel: { code: "g", pricesIncludeTax: true }, shipTo: ADDR.santaMonicaTransit, lines, shipping: { amount: 999 }, rounding: { level, mode: "half_even" } }));
      assertConsistent(r);
      expect(r.totals.gross).toBe(lines.reduce((s, l) => s + l.amount, 0) + 999);
      for (const [i, l] of r.lines.entries()) {
        expect(l.gross).toBe(lines[i]!.amount);
        // re-applying each rate forward to the extracted net gives the extracted tax within a cent per component
        if (lines[i]!.exciseClass) continue;
        const forward = l.components.reduce((s, c) => s + Math.round(l.net * Number(c.rate)), 0);
        expect(Math.abs(forward - l.tax)).toBeLessThanOrEqual(l.components.length);
      }
      expect(r.totals.tax).toBeGreaterThan(0);
    }
  });
});

describe("multi-currency rounding in the order currency's minor unit", () => {
  it("JPY (no minor unit): yen are rounded whole", async () => {
    const { strategy } = makeStrategy();
    const lines = [{ id: "a", quantity: 1, amount: 1999 }, { id: "b", quantity: 1, amount: 12345 }];
    const up = await strategy.resolveAll(request({ currency: "JPY", shipTo: ADDR.tokyo, lines }));
    expect(up.lines.map((l) => l.tax)).toEqual([200, 1235]); // 199.9 → 200, 1234.5 → 1235
    const even = await strategy.resolveAll(request({ currency: "JPY", shipTo: ADDR.tokyo, lines, rounding: { level: "line", mode: "half_even" } }));
    expect(even.lines.map((l) => l.tax)).toEqual([200, 1234]);
    const gross = await strategy.resolveAll(request({ currency: "JPY", shipTo: ADDR.tokyo, channel: { code: "jp", pricesIncludeTax: true }, lines: [{ id: "a", quantity: 1, amount: 1100 }] }));
    expect(gross.totals).toMatchObject({ net: 1000, tax: 100, gross: 1100 });
  });

  it("KWD (three decimals): fils are the unit", async () => {
    const { strategy } = makeStrategy();
    const lines = [{ id: "a", quantity: 1, amount: 1234 }, { id: "b", quantity: 1, amount: 10 }]; // 1.234 KWD, 0.010 KWD
    const r = await strategy.resolveAll(request({ currency: "KWD", shipTo: ADDR.kuwait, lines, rounding: { level: "line", mode: "half_even" } }));
    expect(r.lines.map((l) => l.tax)).toEqual([62, 0]); // 61.7 → 62, 0.5 → 0
    const inv = await strategy.resolveAll(request({ currency: "KWD", shipTo: ADDR.kuwait, lines, rounding: { level: "invoice", mode: "half_up" } }));
    expect(inv.totals.tax).toBe(62); // 62.2 → 62
    expect(inv.currency).toBe("KWD");
  });
});
