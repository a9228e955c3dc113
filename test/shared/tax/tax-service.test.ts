/**
 * TaxService against the seeded Postgres tables (scripts/seed/tax.seed.ts): Postgres RateSource
 * and JurisdictionLookup, exemption certificates read from accounts/locations, strategy by channel.
 */
import { describe, expect, it, vi } from "vitest";
import { AddressCodeError } from "../../../shared/geo";
import { TaxService, TaxStrategyRegistry, tableStrategyFactory, type RateSource, type TaxResult } from "../../../shared/tax";
import { withDb } from "../../helpers/db";
import { ADDRESS, GUEST_PRINCIPAL, makeChannel, makeEmployee } from "./tax-db-fixtures";

const NOW = new Date("2025-06-01T12:00:00Z");

/** A service whose Postgres RateSource is wrapped in a spy, so tests see every rate look-up. */
function service(db: Parameters<Parameters<typeof withDb>[0]>[0]["db"], over: { strategies?: TaxStrategyRegistry } = {}) {
  const calls: unknown[] = [];
  const s = new TaxService({
    db, now: NOW, ...over,
    wrapRates: (inner: RateSource): RateSource => ({ ratesFor: (q) => (calls.push(q), inner.ratesFor(q)) }),
  });
  return { s, calls };
}

const byKey = (r: TaxResult) => Object.fromEntries(r.jurisdictions.map((j) => [`${j.kind}:${j.jurisdictionKey}`, j.tax]));

describe("sales tax cascade from the stored jurisdictions", () => {
  it("a city-level address sums state + county + city (7.25 + 1.75 + 0.5 %), in 2 queries for 40 lines", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db);
      const { s, calls } = service(h.db);
      const lines = Array.from({ length: 40 }, (_, i) => ({ id: `l${i}`, quantity: 1, amount: 10000 }));
      const before = h.queryCount();
      const r = await s.calculate({ channel, principal: GUEST_PRINCIPAL, shipTo: ADDRESS.laCity, lines });
      // geo check + jurisdictions + rates; a guest has no certificates to read
      expect(h.queryCount() - before).toBe(3);
      expect(calls).toHaveLength(1);
      expect(r.lines[0]!.jurisdictionKeys).toEqual(["US", "US-CA", "US-CA-LOS_ANGELES", "US-CA-LOS_ANGELES-LOS_ANGELES"]);
      expect(r.lines[0]!.components.map((c) => [c.jurisdictionKey, c.rate, c.tax])).toEqual([
        ["US-CA", "0.0725", 725], ["US-CA-LOS_ANGELES", "0.0175", 175], ["US-CA-LOS_ANGELES-LOS_ANGELES", "0.005", 50],
      ]);
      expect(r.totals).toMatchObject({ net: 400000, tax: 38000, gross: 438000 });
      expect(byKey(r)).toEqual({ "sales:US-CA": 29000, "sales:US-CA-LOS_ANGELES": 7000, "sales:US-CA-LOS_ANGELES-LOS_ANGELES": 2000 });
    });
  });

  it("an address matching only the state level gets the state rate", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db);
      const { s } = service(h.db);
      const r = await s.calculate({ channel, principal: GUEST_PRINCIPAL, shipTo: ADDRESS.fresno, lines: [{ id: "a", quantity: 2, amount: 12345 }] });
      expect(r.lines[0]!.jurisdictionKeys).toEqual(["US", "US-CA"]);
      // 123.45 × 7.25 % = 8.9501… → 895
      expect(r.totals.tax).toBe(895);
    });
  });

  it("Oregon (no sales tax) charges nothing; Texas intrastate sales are taxed at the origin", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db);
      const { s } = service(h.db);
      const or = await s.calculate({ channel, principal: GUEST_PRINCIPAL, shipTo: ADDRESS.portland, lines: [{ id: "a", quantity: 1, amount: 10000 }] });
      expect(or.totals.tax).toBe(0);
      const tx = await s.calculate({ channel, principal: GUEST_PRINCIPAL, shipTo: ADDRESS.houston, shipFrom: ADDRESS.austin, lines: [{ id: "a", quantity: 1, amount: 10000 }], shipping: { amount: 1000 } });
      expect(tx.lines[0]!.sourcing).toBe("origin");
      // Austin: 6.25 + 1 (city) + 1 (CapMetro) = 8.25 %, shipping taxable in Texas
      expect(tx.lines[0]!.tax).toBe(825);
      expect(tx.shipping!.tax).toBe(83);
    });
  });
});

describe("short-circuits: no rate query at all", () => {
  it("an exempt account (certificate for its state) pays none and the RateSource is never called", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db);
      const exempt = await makeEmployee(h.db, { taxExempt: true, taxExemptCertificate: "CA-RESALE-9", taxExemptJurisdiction: "US-CA", taxExemptExpiresOn: "2030-12-31" });
      const payer = await makeEmployee(h.db, { taxExempt: false });
      const { s, calls } = service(h.db);
      const lines = [{ id: "a", quantity: 3, amount: 30000 }, { id: "b", quantity: 1, amount: 999, exciseClass: "vapor", unitVolumeMl: 10 }];
      let before = h.queryCount();
      const paying = await s.calculate({ channel, principal: payer, shipTo: ADDRESS.laCity, lines });
      const payingQueries = h.queryCount() - before;
      expect(paying.totals.tax).toBeGreaterThan(0);
      expect(calls).toHaveLength(1);

      before = h.queryCount();
      const r = await s.calculate({ channel, principal: exempt, shipTo: ADDRESS.laCity, lines });
      expect(r.totals.tax).toBe(0);
      expect(r.rateLookup).toBe("skipped");
      expect(r.exemption).toMatchObject({ reason: "certificate", certificateNumber: "CA-RESALE-9", jurisdictionKey: "US-CA" });
      expect(calls).toHaveLength(1); // still only the paying order's look-up
      // exactly the rate query fewer than the same order for a paying employee
      expect(h.queryCount() - before).toBe(payingQueries - 1);
    });
  });

  it("a location certificate exempts too; a certificate for another state does not", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db);
      const byLocation = await makeEmployee(h.db, { taxExempt: false }, { taxExempt: true, taxExemptCertificate: "LOC-1", taxExemptJurisdiction: "US-CA", taxExemptExpiresOn: null });
      const elsewhere = await makeEmployee(h.db, { taxExempt: true, taxExemptCertificate: "NY-1", taxExemptJurisdiction: "US-NY", taxExemptExpiresOn: null });
      const { s } = service(h.db);
      const lines = [{ id: "a", quantity: 1, amount: 10000 }];
      expect((await s.calculate({ channel, principal: byLocation, shipTo: ADDRESS.laCity, lines })).totals.tax).toBe(0);
      expect((await s.calculate({ channel, principal: elsewhere, shipTo: ADDRESS.laCity, lines })).totals.tax).toBe(950);
    });
  });

  it("an expired certificate pays: the expiry date is the last exempt day (UTC)", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db);
      const lastDay = await makeEmployee(h.db, { taxExempt: true, taxExemptCertificate: "C-1", taxExemptJurisdiction: "US-CA", taxExemptExpiresOn: "2025-06-01" });
      const expired = await makeEmployee(h.db, { taxExempt: true, taxExemptCertificate: "C-2", taxExemptJurisdiction: "US-CA", taxExemptExpiresOn: "2025-05-31" });
      const { s, calls } = service(h.db);
      const lines = [{ id: "a", quantity: 1, amount: 10000 }];
      expect((await s.calculate({ channel, principal: lastDay, shipTo: ADDRESS.laCity, lines })).totals.tax).toBe(0);
      expect(calls).toHaveLength(0);
      const r = await s.calculate({ channel, principal: expired, shipTo: ADDRESS.laCity, lines });
      expect(r.totals.tax).toBe(950);
      expect(r.exemption).toBeNull();
      expect(calls).toHaveLength(1);
    });
  });

  it("a tax-free channel pays none, runs only the address check, and never builds the channel's own strategy", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db, { taxFree: true, tax: "external-provider" });
      const external = vi.fn(tableStrategyFactory);
      const registry = new TaxStrategyRegistry().register("table", tableStrategyFactory).register("external-provider", external);
      const { s, calls } = service(h.db, { strategies: registry });
      const payer = await makeEmployee(h.db, { taxExempt: false });
      const before = h.queryCount();
      const r = await s.calculate({ channel, principal: payer, shipTo: ADDRESS.chicago, lines: [{ id: "a", quantity: 2, amount: 2000, exciseClass: "tobacco" }] });
      expect(r.totals).toMatchObject({ tax: 0, net: 2000, gross: 2000 });
      expect(r.exemption).toEqual({ reason: "channel_tax_free", channel: channel.code });
      expect(r.rateLookup).toBe("skipped");
      expect(calls).toHaveLength(0);
      expect(external).not.toHaveBeenCalled();
      expect(h.queryCount() - before).toBe(1); // the geo check only
    });
  });
});

describe("excise, inclusive prices, currencies", () => {
  it("Chicago tobacco per pack (IL 2.98 + Cook 3.00 + Chicago 1.18) and vapor per ml (0.80/ml) + IL 15 % of wholesale", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db);
      const { s } = service(h.db);
      const r = await s.calculate({
        channel, principal: GUEST_PRINCIPAL, shipTo: ADDRESS.chicago,
        lines: [
          { id: "cig", quantity: 10, amount: 9000, exciseClass: "tobacco" },
          { id: "vape", quantity: 3, amount: 6000, exciseClass: "vapor", unitVolumeMl: "2.5", wholesaleUnitAmount: 700 },
        ],
      });
      const cig = r.lines[0]!;
      expect(cig.components.filter((c) => c.kind === "excise").map((c) => [c.jurisdictionKey, c.method, c.tax])).toEqual([
        ["US-IL", "per_unit", 2980], ["US-IL-COOK", "per_unit", 3000], ["US-IL-COOK-CHICAGO", "per_unit", 1180],
      ]);
      // sales tax (6.25 + 1.75 + 1.25 %) applies to the price including the 71.60 excise: 90 + 71.60 = 161.60
      expect(cig.components.filter((c) => c.kind === "sales").map((c) => c.tax)).toEqual([1010, 283, 202]);
      const vape = r.lines[1]!;
      expect(vape.components.filter((c) => c.kind === "excise").map((c) => [c.jurisdictionKey, c.method, c.tax])).toEqual([
        ["US-IL", "percent_wholesale", 315], // 3 × 7.00 × 15 %
        ["US-IL-COOK-CHICAGO", "per_volume", 600], // 3 × 2.5 ml × 80 ¢
      ]);
      expect(r.totals.byKind.excise).toBe(2980 + 3000 + 1180 + 315 + 600);
    });
  });

  it("tax-inclusive (German VAT): 119.00 gross extracts 19.00, 107.00 reduced extracts 7.00, totals add up to the cent", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db, { pricesIncludeTax: true, baseCurrency: "EUR", supportedCurrencies: ["EUR"] });
      const { s } = service(h.db);
      const r = await s.calculate({
        channel, principal: GUEST_PRINCIPAL, shipTo: ADDRESS.berlin,
        lines: [{ id: "a", quantity: 1, amount: 11900 }, { id: "b", quantity: 1, amount: 10700, taxCategory: "reduced" }, { id: "c", quantity: 3, amount: 999 }],
        shipping: { amount: 495 },
      });
      expect(r.currency).toBe("EUR");
      expect(r.lines.map((l) => [l.net, l.tax])).toEqual([[10000, 1900], [10000, 700], [839, 160]]);
      expect(r.shipping).toMatchObject({ net: 416, tax: 79, gross: 495 });
      expect(r.totals.gross).toBe(11900 + 10700 + 999 + 495);
      expect(r.totals.net + r.totals.tax).toBe(r.totals.gross);
    });
  });

  it("rounds in the order currency: the same order in JPY is whole yen", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db);
      const { s } = service(h.db);
      // ¥1,234 × 9.5 % = 117.23 → 117 (line rounding per component: 89.465→89, 21.595→22, 6.17→6)
      const r = await s.calculate({ channel, principal: GUEST_PRINCIPAL, currency: "JPY", shipTo: ADDRESS.laCity, lines: [{ id: "a", quantity: 1, amount: 1234 }] });
      expect(r.lines[0]!.components.map((c) => c.tax)).toEqual([89, 22, 6]);
      await expect(s.calculate({ channel, principal: GUEST_PRINCIPAL, currency: "GBP", shipTo: ADDRESS.laCity, lines: [{ id: "a", quantity: 1, amount: 1 }] }))
        .rejects.toMatchObject({ code: "BAD_USER_INPUT", details: { field: "currency" } });
    });
  });
});

describe("bad addresses are refused with typed errors", () => {
  it("unknown country, unknown subdivision, subdivision of another country", async () => {
    await withDb(async (h) => {
      const channel = await makeChannel(h.db);
      const { s, calls } = service(h.db);
      const lines = [{ id: "a", quantity: 1, amount: 100 }];
      const run = (shipTo: { country: string; subdivision?: string }) => s.calculate({ channel, principal: GUEST_PRINCIPAL, shipTo, lines });
      const unknownCountry = await run({ country: "XQ" }).catch((e) => e);
      expect(unknownCountry).toBeInstanceOf(AddressCodeError);
      expect(unknownCountry).toMatchObject({ code: "BAD_USER_INPUT", reason: "unknown_country", details: { field: "shipTo.country" } });
      await expect(run({ country: "US", subdivision: "US-ZZ" })).rejects.toMatchObject({ reason: "unknown_subdivision", details: { field: "shipTo.subdivision" } });
      await expect(run({ country: "US", subdivision: "CA-ON" })).rejects.toMatchObject({ reason: "subdivision_outside_country" });
      await expect(run({ country: "USA" })).rejects.toMatchObject({ reason: "malformed_country" });
      await expect(s.calculate({ channel, principal: GUEST_PRINCIPAL, shipTo: ADDRESS.laCity, lines: [{ id: "a", quantity: 1, amount: 100, shipTo: { country: "US", subdivision: "US-QQ" } }] }))
        .rejects.toMatchObject({ details: { field: "lines.0.shipTo.subdivision" } });
      expect(calls).toHaveLength(0);
    });
  });
});
