import { describe, expect, it } from "vitest";
import { CompositeTaxStrategy } from "../../../shared/tax";
import { ADDR, request } from "./fixtures";
import { makeStrategy } from "./tax-test-kit";

describe("composite strategy (one provider per tax kind)", () => {
  const order = request({
    shipTo: ADDR.chicago,
    lines: [{ id: "cig", quantity: 10, amount: 9000, exciseClass: "tobacco" }, { id: "x", quantity: 1, amount: 1234 }],
  });

  it("merges a sales provider and an excise provider into one itemized result", async () => {
    const salesSide = makeStrategy({ kinds: ["sales"], code: "sales-provider", salesTaxOnExcise: false });
    const exciseSide = makeStrategy({ kinds: ["excise"], code: "excise-provider" });
    const composite = new CompositeTaxStrategy("split", { sales: salesSide.strategy, excise: exciseSide.strategy });
    const r = await composite.resolveAll(order);
    expect(salesSide.ratesFor.mock.calls[0]![0].kinds).toEqual(["sales"]);
    expect(exciseSide.ratesFor.mock.calls[0]![0].kinds).toEqual(["excise"]);
    // same figures as the single table strategy with sales tax not charged on excise
    const single = await makeStrategy({ salesTaxOnExcise: false }).strategy.resolveAll(order);
    expect(r.totals).toEqual(single.totals);
    expect(r.lines.map((l) => [l.lineId, l.tax, l.components.length])).toEqual(single.lines.map((l) => [l.lineId, l.tax, l.components.length]));
    expect(r.strategy).toBe("split");
  });

  it("refuses split providers for tax-inclusive prices, and a provider that does not handle its kind", async () => {
    const s = makeStrategy({ kinds: ["sales"] }).strategy;
    const e = makeStrategy({ kinds: ["excise"] }).strategy;
    await expect(new CompositeTaxStrategy("split", { sales: s, excise: e }).resolveAll({ ...order, channel: { code: "g", pricesIncludeTax: true } })).rejects.toMatchObject({ code: "BAD_USER_INPUT" });
    expect(() => new CompositeTaxStrategy("bad", { excise: s })).toThrow(/does not handle excise/);
  });
});
