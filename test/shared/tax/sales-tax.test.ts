import { describe, expect, it } from "vitest";
import { JurisdictionIndex, normalizeTaxAddress, type TaxResult } from "../../../shared/tax";
import { ADDR, JURISDICTIONS, request } from "./fixtures";
import { makeStrategy } from "./tax-test-kit";

const byJurisdiction = (r: TaxResult) => Object.fromEntries(r.jurisdictions.map((j) => [j.jurisdictionKey, j.tax]));

describe("cascading jurisdiction match", () => {
  const index = new JurisdictionIndex(JURISDICTIONS);
  const keys = (a: Parameters<typeof normalizeTaxAddress>[0]) => index.match(normalizeTaxAddress(a)).map((j) => j.key);

  it("matches country, state, county and city for a fully named address", () => {
    expect(keys(ADDR.laCity)).toEqual(["US", "US-CA", "US-CA-LA", "US-CA-LA-LAC"]);
  });

  it("matches the county by postal code when the address does not name it, and a district by postal code", () => {
    expect(keys(ADDR.santaMonicaTransit)).toEqual(["US", "US-CA", "US-CA-LA", "US-CA-LA-SM", "US-CA-LA-SMD"]);
    // 90405 is in Santa Monica but outside the transit district
    expect(keys({ ...ADDR.santaMonicaTransit, postalCode: "90405" })).toEqual(["US", "US-CA", "US-CA-LA", "US-CA-LA-SM"]);
  });

  it("refuses a named city whose postal code contradicts it", () => {
    // Los Angeles city range is 90001..90099; 90405 lies in the county but not in the city
    expect(keys({ ...ADDR.laCity, postalCode: "90405" })).toEqual(["US", "US-CA", "US-CA-LA"]);
  });

  it("stops at the state when nothing below matches", () => {
    expect(keys(ADDR.caStateOnly)).toEqual(["US", "US-CA"]);
    expect(keys(ADDR.nv)).toEqual(["US", "US-NV"]);
  });

  it("finds a city that sits directly under the state", () => {
    expect(keys(ADDR.chicago)).toEqual(["US", "US-IL", "US-IL-CHICAGO"]);
  });

  it("ignores case, accents and punctuation in names and spaces in ZIP+4", () => {
    expect(keys({ country: "us", subdivision: "us-ca", county: "los  angeles", city: "Los-Ángeles", postalCode: "90012-3456" })).toEqual([
      "US", "US-CA", "US-CA-LA", "US-CA-LA-LAC",
    ]);
  });

  it("matches nothing for a country without a jurisdiction", () => {
    expect(keys({ country: "FR", postalCode: "75001" })).toEqual([]);
  });

  it("rejects a broken tree", () => {
    expect(() => new JurisdictionIndex([...JURISDICTIONS, { key: "X", level: "county", code: "X", name: "X", parentKey: "NOPE" }])).toThrow(/unknown parent/);
    expect(() => new JurisdictionIndex([...JURISDICTIONS, { key: "US-CA-X", level: "county", code: "X", name: "X", parentKey: "US-CA-LA" }])).toThrow(/cannot sit under county/);
    expect(() => new JurisdictionIndex([...JURISDICTIONS, { key: "MX-CA", level: "state", code: "MX-CA", name: "?", parentKey: "US" }])).toThrow(/not a subdivision of US/);
    expect(() => new JurisdictionIndex([...JURISDICTIONS, { key: "US", level: "country", code: "US", name: "dup", parentKey: null }])).toThrow(/Duplicate/);
  });
});

describe("sales tax over the cascade", () => {
  it("a city-level address pays state + county + city, itemized", async () => {
    const { strategy } = makeStrategy();
    const r = await strategy.resolveAll(request({ lines: [{ id: "a", quantity: 2, amount: 10000 }] }));
    // 7.25 % + 1 % + 0.75 % of 100.00
    expect(byJurisdiction(r)).toEqual({ "US-CA": 725, "US-CA-LA": 100, "US-CA-LA-LAC": 75 });
    expect(r.lines[0]).toMatchObject({ net: 10000, tax: 900, gross: 10900, jurisdictionKeys: ["US", "US-CA", "US-CA-LA", "US-CA-LA-LAC"] });
    expect(r.lines[0]!.components.map((c) => [c.level, c.rate, c.taxableAmount, c.tax])).toEqual([
      ["state", "0.0725", 10000, 725],
      ["county", "0.01", 10000, 100],
      ["city", "0.0075", 10000, 75],
    ]);
    expect(r.totals).toEqual({ net: 10000, tax: 900, gross: 10900, byKind: { sales: 900, excise: 0 } });
    expect(r.rateLookup).toBe("performed");
  });

  it("an address matching only the state pays the state rate", async () => {
    const { strategy } = makeStrategy();
    const ca = await strategy.resolveAll(request({ shipTo: ADDR.caStateOnly, lines: [{ id: "a", quantity: 1, amount: 10000 }] }));
    expect(ca.totals.tax).toBe(725);
    expect(ca.jurisdictions.map((j) => j.jurisdictionKey)).toEqual(["US-CA"]);
    const nv = await strategy.resolveAll(request({ shipTo: ADDR.nv, lines: [{ id: "a", quantity: 1, amount: 12345 }] }));
    expect(nv.totals.tax).toBe(846); // 123.45 × 6.85 % = 8.456325
  });

  it("adds a special district matched by postal code", async () => {
    const { strategy } = makeStrategy();
    const r = await strategy.resolveAll(request({ shipTo: ADDR.santaMonicaTransit, lines: [{ id: "a", quantity: 1, amount: 20000 }] }));
    expect(byJurisdiction(r)).toEqual({ "US-CA": 1450, "US-CA-LA": 200, "US-CA-LA-SM": 300, "US-CA-LA-SMD": 100 });
  });

  it("uses the category rate, falls back to standard where a jurisdiction has none, and never taxes 'exempt'", async () => {
    const { strategy } = makeStrategy();
    const r = await strategy.resolveAll(request({
      shipTo: ADDR.chicago,
      lines: [
        { id: "std", quantity: 1, amount: 10000 },
        { id: "red", quantity: 1, amount: 10000, taxCategory: "reduced" },
        { id: "ex", quantity: 1, amount: 10000, taxCategory: "exempt" },
      ],
    }));
    const tax = Object.fromEntries(r.lines.map((l) => [l.lineId, l.components.map((c) => [c.jurisdictionKey, c.tax])]));
    expect(tax.std).toEqual([["US-IL", 625], ["US-IL-CHICAGO", 125]]);
    expect(tax.red).toEqual([["US-IL", 100], ["US-IL-CHICAGO", 125]]); // Chicago has no reduced rate → standard
    expect(tax.ex).toEqual([]);
  });

  it("picks the rate in force at `now` (not the expired nor the future one)", async () => {
    const { strategy } = makeStrategy();
    const at = async (now: Date) => (await strategy.resolveAll(request({ now, shipTo: { country: "US", subdivision: "US-IL" }, lines: [{ id: "a", quantity: 1, amount: 10000 }] }))).totals.tax;
    expect(await at(new Date("2015-01-01T00:00:00Z"))).toBe(500);
    expect(await at(new Date("2025-01-01T00:00:00Z"))).toBe(625);
    expect(await at(new Date("2030-01-01T00:00:00Z"))).toBe(900); // the new rate starts at its validFrom, inclusive
  });

  it("items to several destinations are matched per destination", async () => {
    const { strategy, ratesFor } = makeStrategy();
    const r = await strategy.resolveAll(request({
      lines: [
        { id: "la", quantity: 1, amount: 10000 },
        { id: "nv", quantity: 1, amount: 10000, shipTo: ADDR.nv },
      ],
    }));
    expect(r.lines.map((l) => l.tax)).toEqual([900, 685]);
    expect(ratesFor).toHaveBeenCalledTimes(1); // one batched look-up for the whole order
    expect(ratesFor.mock.calls[0]![0].jurisdictionKeys).toEqual(["US", "US-CA", "US-CA-LA", "US-CA-LA-LAC", "US-NV"]);
  });

  it("an address outside every configured country pays nothing and needs no rates", async () => {
    const { strategy, ratesFor } = makeStrategy();
    const r = await strategy.resolveAll(request({ shipTo: { country: "FR", postalCode: "75001" } }));
    expect(r.totals.tax).toBe(0);
    expect(r.rateLookup).toBe("skipped");
    expect(ratesFor).not.toHaveBeenCalled();
  });
});

describe("shipping and sourcing", () => {
  it("taxes shipping only in jurisdictions that tax it", async () => {
    const { strategy } = makeStrategy();
    const ca = await strategy.resolveAll(request({ shipping: { amount: 1500 } }));
    expect(ca.shipping).toMatchObject({ net: 1500, tax: 0, gross: 1500, components: [] });
    // Harris County, TX: state 6.25 % + county 2 %, both tax shipping: 15.00 × 8.25 % = 1.2375
    const tx = await strategy.resolveAll(request({ shipTo: ADDR.houston, shipping: { amount: 1500 } }));
    expect(tx.shipping!.tax).toBe(124);
    expect(tx.totals.tax).toBe(825 + 124);
  });

  it("origin-based state: an intrastate sale is taxed at the ship-from address", async () => {
    const { strategy } = makeStrategy();
    const r = await strategy.resolveAll(request({ shipTo: ADDR.houston, shipFrom: ADDR.austin }));
    expect(r.lines[0]!.sourcing).toBe("origin");
    expect(r.lines[0]!.jurisdictionKeys).toEqual(["US", "US-TX", "US-TX-TRAVIS", "US-TX-TRAVIS-AUSTIN"]);
    expect(r.totals.tax).toBe(625 + 50 + 100);
  });

  it("origin-based state: an interstate sale stays destination-based; destination states ignore ship-from", async () => {
    const { strategy } = makeStrategy();
    const inbound = await strategy.resolveAll(request({ shipTo: ADDR.houston, shipFrom: ADDR.laCity }));
    expect(inbound.lines[0]!.sourcing).toBe("destination");
    expect(inbound.totals.tax).toBe(825);
    const ca = await strategy.resolveAll(request({ shipTo: ADDR.caStateOnly, shipFrom: ADDR.laCity }));
    expect(ca.totals.tax).toBe(725);
  });
});

describe("bad addresses and lines", () => {
  const bad = async (overrides: Parameters<typeof request>[0], field: string) => {
    const { strategy } = makeStrategy();
    await expect(strategy.resolveAll(request(overrides))).rejects.toMatchObject({ code: "BAD_USER_INPUT", details: { field } });
  };
  it("refuses malformed or mismatched ISO codes", async () => {
    await bad({ shipTo: { country: "USA" } }, "shipTo.country");
    await bad({ shipTo: { country: "US", subdivision: "CA" } }, "shipTo.subdivision");
    await bad({ shipTo: { country: "US", subdivision: "MX-CMX" } }, "shipTo.subdivision");
    await bad({ lines: [{ id: "a", quantity: 1, amount: 1, shipTo: { country: "" } }] }, "lines.0.shipTo.country");
  });
  it("refuses unknown codes when a geo registry is given", async () => {
    const { strategy } = makeStrategy({ geo: { isCountry: (c) => c === "US", isSubdivision: (s) => s === "US-CA" } });
    await expect(strategy.resolveAll(request({ shipTo: { country: "US", subdivision: "US-ZZ" } }))).rejects.toMatchObject({ details: { field: "shipTo.subdivision" } });
    await expect(strategy.resolveAll(request({ shipTo: { country: "QQ" } }))).rejects.toMatchObject({ details: { field: "shipTo.country" } });
  });
  it("refuses bad lines", async () => {
    await bad({ lines: [{ id: "a", quantity: 0, amount: 1 }] }, "lines.0.quantity");
    await bad({ lines: [{ id: "a", quantity: 1, amount: -5 }] }, "lines.0.amount");
    await bad({ lines: [{ id: "a", quantity: 1, amount: 1.5 }] }, "lines.0.amount");
    await bad({ lines: [{ id: "a", quantity: 1, amount: 1 }, { id: "a", quantity: 1, amount: 1 }] }, "lines.1.id");
    await bad({ lines: [{ id: "a", quantity: 1, amount: 1, taxCategory: "Bad Cat" }] }, "lines.0.taxCategory");
    await bad({ currency: "XXX" }, "currency");
    await bad({ now: new Date("nope") }, "now");
  });
});
