import { describe, expect, it } from "vitest";
import {
  assertNoRateOverlaps, findRateOverlaps, importRateCsv, parseCsvRows, parseJurisdiction, parseTaxRate, type TaxRate,
} from "../../../shared/tax";
import type { DomainError } from "../../../shared/kernel/errors";

const catchErr = (fn: () => unknown): DomainError => {
  try {
    fn();
  } catch (e) {
    return e as DomainError;
  }
  throw new Error("expected a throw");
};

const salesInput = (over: Record<string, unknown> = {}) => ({ kind: "sales", jurisdictionKey: "US-CA", category: "standard", rate: "0.0725", validFrom: "2024-01-01T00:00:00Z", ...over });

describe("rate input validation", () => {
  it("accepts a valid sales rate and gives it a natural id", () => {
    const r = parseTaxRate(salesInput());
    expect(r).toMatchObject({ kind: "sales", rate: "0.0725", validTo: null, id: "sales:US-CA:standard:2024-01-01T00:00:00.000Z" });
    expect(r.validFrom).toBeInstanceOf(Date);
  });

  it.each([
    [{ rate: "-0.05" }, "rate"],
    [{ rate: "1e-2" }, "rate"],
    [{ rate: ".5" }, "rate"],
    [{ rate: "0,07" }, "rate"],
    [{ rate: "1.5" }, "rate"],
    [{ rate: 0.07 }, "rate"],
    [{ category: "Standard Rate" }, "category"],
    [{ jurisdictionKey: "us-ca" }, "jurisdictionKey"],
    [{ validFrom: "not a date" }, "validFrom"],
    [{ validTo: "2023-01-01T00:00:00Z" }, "validTo"],
    [{ validTo: "2024-01-01T00:00:00Z" }, "validTo"],
  ])("refuses %o naming %s", (over, field) => {
    const e = catchErr(() => parseTaxRate(salesInput(over)));
    expect(e.code).toBe("BAD_USER_INPUT");
    expect(e.details.field).toBe(field);
  });

  it("validates excise rules by method", () => {
    const base = { kind: "excise", jurisdictionKey: "US-IL", productClass: "tobacco", validFrom: "2024-01-01" };
    expect(parseTaxRate({ ...base, method: "per_unit", value: "298", currency: "USD" })).toMatchObject({ method: "per_unit", currency: "USD" });
    expect(parseTaxRate({ ...base, method: "percent_wholesale", value: "0.95" })).toMatchObject({ currency: null });
    expect(catchErr(() => parseTaxRate({ ...base, method: "per_volume", value: "5" })).details.field).toBe("currency");
    expect(catchErr(() => parseTaxRate({ ...base, method: "per_litre", value: "5", currency: "USD" })).details.field).toBe("method");
    expect(catchErr(() => parseTaxRate({ ...base, method: "per_unit", value: "-1", currency: "USD" })).details.field).toBe("value");
    expect(catchErr(() => parseTaxRate({ ...base, kind: "vat", method: "per_unit", value: "1" })).details.field).toBe("kind");
  });

  it("validates jurisdictions: unknown level, ISO codes, parents, postal patterns", () => {
    const j = { key: "US-CA-LA", level: "county", code: "LOS ANGELES", name: "LA County", parentKey: "US-CA", postalPatterns: ["900*", "90001..90099"] };
    expect(parseJurisdiction(j)).toMatchObject({ shippingTaxable: false });
    expect(catchErr(() => parseJurisdiction({ ...j, level: "province" })).details.field).toBe("level");
    expect(catchErr(() => parseJurisdiction({ ...j, level: "state", code: "California" })).details.field).toBe("code");
    expect(catchErr(() => parseJurisdiction({ ...j, parentKey: null })).details.field).toBe("parentKey");
    expect(catchErr(() => parseJurisdiction({ ...j, postalPatterns: ["900*", "90099..90001"] })).details.field).toBe("postalPatterns.1");
    expect(catchErr(() => parseJurisdiction({ ...j, postalPatterns: ["9001..90099"] })).details.field).toBe("postalPatterns.0");
  });
});

const rate = (id: string, from: string, to: string | null, over: Partial<TaxRate> = {}): TaxRate =>
  ({ id, kind: "sales", jurisdictionKey: "US-CA", category: "standard", rate: "0.07", validFrom: new Date(from), validTo: to ? new Date(to) : null, ...over }) as TaxRate;

describe("overlapping rates", () => {
  it("allows back-to-back periods and different slots, refuses overlaps", () => {
    const ok = [rate("a", "2020-01-01", "2024-01-01"), rate("b", "2024-01-01", null), rate("c", "2020-01-01", null, { category: "food" } as Partial<TaxRate>)];
    expect(findRateOverlaps(ok)).toEqual([]);
    const bad = [rate("a", "2020-01-01", "2024-06-01"), rate("b", "2024-01-01", null)];
    expect(findRateOverlaps(bad)).toEqual([{ index: 1, conflictsWith: { index: 0 } }]);
    const e = catchErr(() => assertNoRateOverlaps(bad));
    expect(e).toMatchObject({ code: "BAD_USER_INPUT", details: { field: "rates.1.validFrom" } });
  });

  it("an open-ended rate overlaps everything after it; a long rate overlaps one nested far later", () => {
    expect(findRateOverlaps([rate("a", "2020-01-01", null), rate("b", "2030-01-01", "2031-01-01")])).toHaveLength(1);
    expect(findRateOverlaps([rate("a", "2020-01-01", "2029-01-01"), rate("b", "2021-01-01", "2022-01-01"), rate("c", "2025-01-01", "2026-01-01")]).map((o) => o.index)).toEqual([1, 2]);
  });

  it("checks incoming rates against stored ones, ignoring stored rates the import replaces", () => {
    const stored = [rate("old", "2020-01-01", null)];
    expect(findRateOverlaps([rate("new", "2024-01-01", null)], stored)).toEqual([{ index: 0, conflictsWith: { id: "old" } }]);
    expect(findRateOverlaps([rate("old", "2020-01-01", "2024-01-01"), rate("new", "2024-01-01", null)], stored)).toEqual([]);
  });
});

describe("CSV import", () => {
  const header = "kind,jurisdiction_key,category,method,rate,currency,valid_from,valid_to";

  it("parses a well-formed table with quotes, CRLF, BOM and blank lines", () => {
    const csv = `\uFEFF${header}\r\nsales,US-CA,standard,,0.0725,,2024-01-01,\r\n\r\n"sales","US-CA","food",,"0",,2024-01-01,\r\nexcise,US-IL,tobacco,per_unit,298,USD,2024-01-01,2025-01-01\r\n`;
    const rates = importRateCsv(csv);
    expect(rates.map((r) => [r.kind, r.jurisdictionKey, r.kind === "sales" ? r.rate : r.value])).toEqual([
      ["sales", "US-CA", "0.0725"], ["sales", "US-CA", "0"], ["excise", "US-IL", "298"],
    ]);
    expect(parseCsvRows('a,"b ""quoted"", c"\n1,2')).toEqual([["a", 'b "quoted", c'], ["1", "2"]]);
  });

  it("reports every bad row with its row number and column, and imports nothing", () => {
    const csv = [header,
      "sales,US-CA,standard,,0.0725,,2024-01-01,", // row 2 ok
      "sales,US-CA,reduced,,-0.01,,2024-01-01,", // row 3 negative
      "sales,us-ca,standard,,0.05,,2024-01-01,", // row 4 bad key
      "sales,US-NV,standard,,0.05,,yesterday,", // row 5 bad date
      "excise,US-IL,tobacco,per_gram,1,USD,2024-01-01,", // row 6 bad method
      "sales,US-NV,standard,0.05", // row 7 wrong field count
    ].join("\n");
    const e = catchErr(() => importRateCsv(csv));
    expect(e.code).toBe("BAD_USER_INPUT");
    expect(e.details.errors).toEqual([
      { row: 3, column: "rate", message: expect.stringMatching(/non-negative/) },
      { row: 4, column: "jurisdiction_key", message: expect.any(String) },
      { row: 5, column: "valid_from", message: expect.any(String) },
      { row: 6, column: "method", message: expect.any(String) },
      { row: 7, column: null, message: "has 4 fields, the header has 8" },
    ]);
    expect(e.details.field).toBe("csv.3.rate");
    expect(e.message).toMatch(/5 errors/);
  });

  it("refuses overlapping periods inside the file and against stored rates", () => {
    const csv = [header, "sales,US-CA,standard,,0.0725,,2024-01-01,2025-01-01", "sales,US-CA,standard,,0.08,,2024-06-01,"].join("\n");
    expect(catchErr(() => importRateCsv(csv)).details.errors).toEqual([{ row: 3, column: "valid_from", message: expect.stringMatching(/overlaps row 2/) }]);
    const stored = [rate("existing", "2020-01-01", null, { jurisdictionKey: "US-NV" } as Partial<TaxRate>)];
    const e = catchErr(() => importRateCsv([header, "sales,US-NV,standard,,0.05,,2024-01-01,"].join("\n"), stored));
    expect(e.details.errors).toEqual([{ row: 2, column: "valid_from", message: expect.stringMatching(/existing rate existing/) }]);
  });

  it("refuses a bad header: unknown or missing columns, empty file, unterminated quote", () => {
    expect(catchErr(() => importRateCsv("jurisdiction_key,category,rate\nUS-CA,standard,0.07")).details.errors).toEqual([{ row: 1, column: "valid_from", message: expect.stringMatching(/missing/) }]);
    expect(catchErr(() => importRateCsv(`${header},colour\n`)).details.errors).toEqual([{ row: 1, column: "colour", message: expect.stringMatching(/unknown column/) }]);
    expect(catchErr(() => importRateCsv("")).code).toBe("BAD_USER_INPUT");
    expect(catchErr(() => importRateCsv(`${header}\n"sales,US-CA`)).message).toMatch(/unterminated/);
  });
});
