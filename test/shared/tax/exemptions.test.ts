import { describe, expect, it } from "vitest";
import type { ExemptionCertificate } from "../../../shared/tax";
import { ADDR, NOW, request } from "./fixtures";
import { makeStrategy } from "./tax-test-kit";

const cert = (over: Partial<ExemptionCertificate> = {}): ExemptionCertificate => ({
  number: "CA-RESALE-001",
  jurisdictionKey: "US-CA",
  expiresAt: new Date("2026-01-01T00:00:00Z"),
  ...over,
});

const lines = [
  { id: "a", quantity: 3, amount: 30000 },
  { id: "b", quantity: 1, amount: 4999, taxCategory: "reduced" },
];

describe("exemption short-circuit", () => {
  it("an exempt account pays nothing and no rate query runs", async () => {
    const { strategy, ratesFor, source } = makeStrategy();
    const r = await strategy.resolveAll(request({ lines, certificates: [cert()], shipping: { amount: 900 } }));
    expect(r.totals).toEqual({ net: 30000 + 4999 + 900, tax: 0, gross: 30000 + 4999 + 900, byKind: { sales: 0, excise: 0 } });
    expect(r.rateLookup).toBe("skipped");
    expect(r.exemption).toEqual({ reason: "certificate", certificateNumber: "CA-RESALE-001", jurisdictionKey: "US-CA", kinds: ["sales", "excise"] });
    expect(r.lines.every((l) => l.exemption?.reason === "certificate" && l.components.length === 0)).toBe(true);
    expect(ratesFor).not.toHaveBeenCalled();
    expect(source.queries).toHaveLength(0);
  });

  it("a certificate covers the jurisdictions below its own (county and city of its state)", async () => {
    const { strategy, ratesFor } = makeStrategy();
    const r = await strategy.resolveAll(request({ shipTo: ADDR.santaMonicaTransit, lines, certificates: [cert()] }));
    expect(r.totals.tax).toBe(0);
    expect(ratesFor).not.toHaveBeenCalled();
  });

  it("an expired certificate stops exempting at its expiry instant", async () => {
    const { strategy, ratesFor } = makeStrategy();
    const expired = await strategy.resolveAll(request({ lines, certificates: [cert({ expiresAt: NOW })] }));
    // 300.00 at 7.25 + 1 + 0.75 % = 27.00; 49.99 per component, in cents: 362.4275 → 362, 49.99 → 50, 37.4925 → 37
    expect(expired.totals.tax).toBe(2700 + 362 + 50 + 37);
    expect(expired.exemption).toBeNull();
    expect(expired.lines[0]!.exemption).toBeNull();
    expect(ratesFor).toHaveBeenCalledTimes(1);
    const stillValid = await strategy.resolveAll(request({ lines, certificates: [cert({ expiresAt: new Date(NOW.getTime() + 1) })] }));
    expect(stillValid.totals.tax).toBe(0);
  });

  it("a certificate for another jurisdiction does not exempt", async () => {
    const { strategy } = makeStrategy();
    const r = await strategy.resolveAll(request({ shipTo: ADDR.nv, lines, certificates: [cert()] }));
    expect(r.totals.tax).toBe(2055 + 342); // 6.85 % of 300.00 and of 49.99 (342.43 → 342)
    // a county certificate does not reach a city in another county of the same state
    const other = await strategy.resolveAll(request({ shipTo: ADDR.caStateOnly, lines, certificates: [cert({ jurisdictionKey: "US-CA-LA" })] }));
    expect(other.totals.tax).toBe(2175 + 362);
  });

  it("a tax-free channel pays nothing and no rate query runs, certificates or not", async () => {
    const { strategy, ratesFor } = makeStrategy();
    const r = await strategy.resolveAll(request({ channel: { code: "wholesale-export", taxFree: true }, shipTo: ADDR.chicago, lines: [...lines, { id: "t", quantity: 10, amount: 9000, exciseClass: "tobacco" }], shipping: { amount: 500 } }));
    expect(r.totals.tax).toBe(0);
    expect(r.totals.gross).toBe(30000 + 4999 + 9000 + 500);
    expect(r.exemption).toEqual({ reason: "channel_tax_free", channel: "wholesale-export" });
    expect(r.rateLookup).toBe("skipped");
    expect(ratesFor).not.toHaveBeenCalled();
  });

  it("only exempt lines are spared in a multi-destination order, and only their jurisdictions are left out of the query", async () => {
    const { strategy, ratesFor } = makeStrategy();
    const r = await strategy.resolveAll(request({
      lines: [{ id: "ca", quantity: 1, amount: 10000 }, { id: "nv", quantity: 1, amount: 10000, shipTo: ADDR.nv }],
      certificates: [cert()],
    }));
    expect(r.lines.map((l) => l.tax)).toEqual([0, 685]);
    expect(r.exemption).toBeNull();
    expect(ratesFor.mock.calls[0]![0].jurisdictionKeys).toEqual(["US", "US-NV"]);
  });

  it("a sales-only certificate still charges excise, and queries excise only", async () => {
    const { strategy, ratesFor } = makeStrategy();
    const r = await strategy.resolveAll(request({
      shipTo: ADDR.chicago,
      lines: [{ id: "cig", quantity: 10, amount: 9000, exciseClass: "tobacco" }],
      certificates: [cert({ jurisdictionKey: "US-IL", kinds: ["sales"] })],
    }));
    expect(r.totals.byKind).toEqual({ sales: 0, excise: 2980 + 1180 });
    expect(ratesFor.mock.calls[0]![0].kinds).toEqual(["excise"]);
    expect(ratesFor.mock.calls[0]![0].categories).toEqual([]);
  });

  it("only 'exempt' category lines: no rate query at all", async () => {
    const { strategy, ratesFor } = makeStrategy();
    const r = await strategy.resolveAll(request({ lines: [{ id: "x", quantity: 1, amount: 500, taxCategory: "exempt" }] }));
    expect(r.totals.tax).toBe(0);
    expect(r.rateLookup).toBe("skipped");
    expect(ratesFor).not.toHaveBeenCalled();
  });
});
