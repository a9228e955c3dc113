import { describe, expect, it } from "vitest";
import type { TaxLineInput } from "../../../shared/tax";
import { ADDR, excise, RATES, request } from "./fixtures";
import { makeStrategy } from "./tax-test-kit";

const chicago = (lines: TaxLineInput[], opts = {}) => request({ shipTo: ADDR.chicago, lines, ...opts });

describe("excise", () => {
  it("per unit: state and city amounts per pack, itemized as their own lines, with sales tax on the excise-inclusive price", async () => {
    const { strategy } = makeStrategy();
    const r = await strategy.resolveAll(chicago([{ id: "cig", quantity: 10, amount: 9000, exciseClass: "tobacco" }]));
    const comps = r.lines[0]!.components.map((c) => [c.kind, c.jurisdictionKey, c.method, c.rate, c.taxableAmount, c.tax]);
    // excise: IL 2.98 × 10 = 29.80; Chicago 1.18 × 10 = 11.80; sales base = 90.00 + 41.60 = 131.60
    expect(comps).toEqual([
      ["excise", "US-IL", "per_unit", "298", 9000, 2980],
      ["excise", "US-IL-CHICAGO", "per_unit", "118", 9000, 1180],
      ["sales", "US-IL", "percent", "0.0625", 13160, 823], // 8.225
      ["sales", "US-IL-CHICAGO", "percent", "0.0125", 13160, 165], // 1.645
    ]);
    expect(r.totals).toEqual({ net: 9000, tax: 2980 + 1180 + 823 + 165, gross: 9000 + 5148, byKind: { sales: 988, excise: 4160 } });
    expect(r.jurisdictions.filter((j) => j.kind === "excise").map((j) => [j.jurisdictionKey, j.tax])).toEqual([["US-IL", 2980], ["US-IL-CHICAGO", 1180]]);
  });

  it("sales tax on excise can be turned off", async () => {
    const { strategy } = makeStrategy({ salesTaxOnExcise: false });
    const r = await strategy.resolveAll(chicago([{ id: "cig", quantity: 10, amount: 9000, exciseClass: "tobacco" }]));
    expect(r.totals.byKind).toEqual({ sales: 563 + 113, excise: 4160 }); // 5.625 → 563, 1.125 → 113
  });

  it("per ml and percent of wholesale", async () => {
    const { strategy } = makeStrategy({ salesTaxOnExcise: false });
    // 3 bottles of 2.5 ml: Chicago 0.80/ml → 3 × 2.5 × 80 = 600; IL 15 % of wholesale 4.99 × 3 = 14.97 → 224.55 → 225
    const r = await strategy.resolveAll(chicago([{ id: "v", quantity: 3, amount: 2997, exciseClass: "vapor", unitVolumeMl: "2.5", wholesaleUnitAmount: 499 }]));
    const ex = r.lines[0]!.components.filter((c) => c.kind === "excise").map((c) => [c.jurisdictionKey, c.method, c.taxableAmount, c.tax]);
    expect(ex).toEqual([
      ["US-IL", "percent_wholesale", 1497, 225],
      ["US-IL-CHICAGO", "per_volume", 2997, 600],
    ]);
  });

  it("percent of retail price", async () => {
    const { strategy } = makeStrategy();
    // IL cigars 36 % of 12.34 = 4.4424 → 444; sales on 12.34 + 4.4424 (exact) = 16.7824: 6.25 % → 1.0489 → 105, 1.25 % → 0.20978 → 21
    const r = await strategy.resolveAll(chicago([{ id: "c", quantity: 2, amount: 1234, exciseClass: "cigar" }]));
    expect(r.lines[0]!.components.map((c) => c.tax)).toEqual([444, 105, 21]);
  });

  it("a class with no rule in the matched jurisdictions pays only sales tax", async () => {
    const { strategy } = makeStrategy();
    const r = await strategy.resolveAll(request({ shipTo: ADDR.nv, lines: [{ id: "cig", quantity: 10, amount: 9000, exciseClass: "tobacco" }] }));
    expect(r.totals.byKind).toEqual({ sales: 617, excise: 0 }); // 6.85 % of 90.00 = 6.165
  });

  it("refuses a per-ml rule without the unit volume, and a per-unit amount in another currency", async () => {
    const { strategy } = makeStrategy();
    await expect(strategy.resolveAll(chicago([{ id: "v", quantity: 1, amount: 100, exciseClass: "vapor", wholesaleUnitAmount: 50 }]))).rejects.toMatchObject({
      code: "BAD_USER_INPUT",
      details: { field: "lines.0.unitVolumeMl" },
    });
    await expect(strategy.resolveAll(chicago([{ id: "v", quantity: 1, amount: 100, exciseClass: "vapor", unitVolumeMl: 1 }]))).rejects.toMatchObject({
      details: { field: "lines.0.wholesaleUnitAmount" },
    });
    const { strategy: eur } = makeStrategy({}, [...RATES, excise("US-NV", "tobacco", "per_unit", "50", "EUR")]);
    await expect(eur.resolveAll(request({ shipTo: ADDR.nv, lines: [{ id: "c", quantity: 1, amount: 100, exciseClass: "tobacco" }] }))).rejects.toThrow(/EUR but the order is in USD/);
  });

  it("excise rules that do not apply (another class) are never requested", async () => {
    const { strategy, ratesFor } = makeStrategy();
    await strategy.resolveAll(chicago([{ id: "cig", quantity: 1, amount: 900, exciseClass: "tobacco" }, { id: "x", quantity: 1, amount: 100 }]));
    expect(ratesFor.mock.calls[0]![0].exciseClasses).toEqual(["tobacco"]);
    expect(ratesFor.mock.calls[0]![0].kinds).toEqual(["sales", "excise"]);
  });
});
