import { describe, expect, it } from "vitest";
import { DomainError } from "../../../shared/kernel/errors";
import { convertMinor } from "../../../shared/kernel/money";
import { convertForWizard, runConversionWizard } from "../../../shared/pricing";
import { BRIEF_TIERS, prng } from "./fixtures";

describe("conversion wizard roundings", () => {
  it.each([
    // [from, amount, to, rate, none, nearest_whole, charm_99] — hand-computed
    ["USD", 1000, "MXN", "17.2345", 17235, 17200, 17299], // 172.345 MXN
    ["USD", 999, "JPY", "151.37", 1512, 1512, 1519], // ¥1512.1863: JPY has no .99 → next ending in 9, rounded UP from the exact value
    ["USD", 1000, "JPY", "151.37", 1514, 1514, 1519], // ¥1513.7
    ["USD", 999, "KWD", "0.3071", 3068, 3000, 3990], // 3.067929 KWD → charm x.990
    ["USD", 1650, "KWD", "1", 16500, 17000, 16990], // exactly 16.5 KWD → nearest whole half-up 17
  ] as const)("%s %i → %s @ %s", (from, amount, to, rate, none, whole, charm) => {
    expect(convertForWizard(amount, from, to, rate, "none")).toBe(none);
    expect(convertForWizard(amount, from, to, rate, "nearest_whole")).toBe(whole);
    expect(convertForWizard(amount, from, to, rate, "charm_99")).toBe(charm);
  });

  it("charm .99 keeps an exact x.99, rounds x.00 up to x.99 and never goes below the exact value", () => {
    expect(convertForWizard(1299, "MXN", "USD", "1", "charm_99")).toBe(1299);
    expect(convertForWizard(1300, "MXN", "USD", "1", "charm_99")).toBe(1399);
    expect(convertForWizard(50, "MXN", "USD", "1", "charm_99")).toBe(99);
    expect(convertForWizard(0, "MXN", "USD", "1", "charm_99")).toBe(0);
    // 12.989 exact (not representable) must go UP to 12.99, not down
    expect(convertForWizard(12989, "KWD", "USD", "1", "charm_99")).toBe(1299);
    const rnd = prng(7);
    for (let i = 0; i < 500; i++) {
      const amount = Math.floor(rnd() * 1_000_000);
      const r = `${Math.floor(rnd() * 200)}.${Math.floor(rnd() * 10000)}`;
      if (Number(r) === 0) continue;
      for (const [to, step, ending] of [["MXN", 100, 99], ["JPY", 10, 9], ["KWD", 1000, 990]] as const) {
        const v = convertForWizard(amount, "USD", to, r, "charm_99");
        const exactCeil = convertMinor(amount, "USD", to, r, "ceil");
        if (amount === 0) continue;
        expect(v % step).toBe(ending);
        expect(v).toBeGreaterThanOrEqual(exactCeil);
        expect(v - exactCeil).toBeLessThan(step);
      }
    }
  });

  it("nearest whole never turns a positive price into zero", () => {
    expect(convertForWizard(40, "USD", "MXN", "1", "nearest_whole")).toBe(100);
    expect(convertForWizard(0, "USD", "MXN", "1", "nearest_whole")).toBe(0);
  });

  it("produces real entries for the target list, keeping quantities and the source price", () => {
    const out = runConversionWizard({ entries: [{ variantId: "V", tiers: BRIEF_TIERS }], from: "USD", to: "MXN", rate: "17.2345", rounding: "charm_99", targetPriceListId: "pl-mxn" });
    expect(out).toEqual([
      {
        priceListId: "pl-mxn",
        variantId: "V",
        tiers: [
          { minQty: 1, unitPrice: 17299, sourceUnitPrice: 1000 }, // 172.345
          { minQty: 10, unitPrice: 15599, sourceUnitPrice: 900 }, // 155.1105
          { minQty: 50, unitPrice: 12999, sourceUnitPrice: 750 }, // 129.25875
          { minQty: 100, unitPrice: 10399, sourceUnitPrice: 600 }, // 103.407
        ],
      },
    ]);
  });

  it.each([
    [{ to: "USD" }, "to"],
    [{ rate: "0" }, "rate"],
    [{ rate: "-1" }, "rate"],
    [{ to: "XXX" }, "currency"],
  ])("bad input %j → BAD_USER_INPUT on %s", (patch, field) => {
    try {
      runConversionWizard({ entries: [{ variantId: "V", tiers: BRIEF_TIERS }], from: "USD", to: "MXN", rate: "17", rounding: "none", targetPriceListId: "x", ...patch });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).details.field).toBe(field);
    }
  });
});
