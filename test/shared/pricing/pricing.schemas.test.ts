import { describe, expect, it } from "vitest";
import { DomainError } from "../../../shared/kernel/errors";
import {
  parseConversionWizardInput,
  parseExchangeRateInput,
  parsePriceListEntriesUpsert,
  parsePriceListInput,
  parsePriceOverrideInput,
  parsePriceOverridesUpsert,
  parsePriceTierRowsUpsert,
} from "../../../shared/pricing";
import { BRIEF_TIERS } from "./fixtures";

/** Runs fn, expects BAD_USER_INPUT, returns the field it names. */
function badField(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe("BAD_USER_INPUT");
    return (e as DomainError).details.field;
  }
  throw new Error("expected BAD_USER_INPUT, got success");
}

const entries = (tiers: unknown) => ({ priceListId: "pl", entries: [{ variantId: "V", tiers }] });

describe("tiers", () => {
  it("accepts the brief's table", () => {
    expect(parsePriceListEntriesUpsert(entries(BRIEF_TIERS)).entries[0]!.tiers).toEqual(BRIEF_TIERS);
  });
  it.each([
    [[{ minQty: 1, unitPrice: 1000 }, { minQty: 10, unitPrice: 900 }, { minQty: 10, unitPrice: 800 }], "entries.0.tiers.2.minQty"],
    [[{ minQty: 5, unitPrice: 1000 }, { minQty: 2, unitPrice: 900 }], "entries.0.tiers.1.minQty"],
    [[{ minQty: 0, unitPrice: 1000 }], "entries.0.tiers.0.minQty"],
    [[{ minQty: 1.5, unitPrice: 1000 }], "entries.0.tiers.0.minQty"],
    [[{ minQty: 1, unitPrice: -1 }], "entries.0.tiers.0.unitPrice"],
    [[{ minQty: 1, unitPrice: 9.99 }], "entries.0.tiers.0.unitPrice"],
    [[], "entries.0.tiers"],
  ])("rejects %j naming %s", (tiers, field) => {
    expect(badField(() => parsePriceListEntriesUpsert(entries(tiers)))).toBe(field);
  });
  it("rejects two entries for the same variant in one list", () => {
    const input = { priceListId: "pl", entries: [{ variantId: "V", tiers: BRIEF_TIERS }, { variantId: "W", tiers: BRIEF_TIERS }, { variantId: "V", tiers: BRIEF_TIERS }] };
    expect(badField(() => parsePriceListEntriesUpsert(input))).toBe("entries.2.variantId");
  });
});

describe("flat tier rows (bulk upsert)", () => {
  it("groups rows into entries with sorted tiers", () => {
    const out = parsePriceTierRowsUpsert({
      priceListId: "pl",
      rows: [
        { variantId: "V", minQty: 10, unitPrice: 900 },
        { variantId: "W", minQty: 1, unitPrice: 50 },
        { variantId: "V", minQty: 1, unitPrice: 1000 },
      ],
    });
    expect(out.entries).toEqual([
      { variantId: "V", tiers: [{ minQty: 1, unitPrice: 1000 }, { minQty: 10, unitPrice: 900 }] },
      { variantId: "W", tiers: [{ minQty: 1, unitPrice: 50 }] },
    ]);
  });
  it("rejects a duplicate variant/list/minQty", () => {
    const rows = [{ variantId: "V", minQty: 10, unitPrice: 900 }, { variantId: "V", minQty: 1, unitPrice: 1000 }, { variantId: "V", minQty: 10, unitPrice: 850 }];
    expect(badField(() => parsePriceTierRowsUpsert({ priceListId: "pl", rows }))).toBe("rows.2.minQty");
  });
});

describe("price lists", () => {
  const ok = { name: "Holiday", channelId: "ch", currency: "USD", priority: 10, validFrom: "2025-12-20T00:00:00Z", validTo: "2025-12-26T00:00:00Z" };
  it("parses schedules into dates and defaults priority", () => {
    const l = parsePriceListInput({ ...ok, priority: undefined });
    expect(l.priority).toBe(0);
    expect(l.validFrom?.toISOString()).toBe("2025-12-20T00:00:00.000Z");
    expect(parsePriceListInput({ ...ok, validFrom: null, validTo: undefined })).toMatchObject({ validFrom: null, validTo: null });
  });
  it.each([
    [{ currency: "XXX" }, "currency"],
    [{ currency: "usd" }, "currency"],
    [{ validTo: "2025-12-20T00:00:00Z" }, "validTo"], // empty interval [from, from)
    [{ validFrom: "yesterday" }, "validFrom"],
    [{ priority: 1.5 }, "priority"],
    [{ name: "  " }, "name"],
  ])("rejects %j naming %s", (patch, field) => {
    expect(badField(() => parsePriceListInput({ ...ok, ...patch }))).toBe(field);
  });
});

describe("overrides", () => {
  const base = { level: "account", scopeId: "acct-1", variantId: "V", channelId: "ch", currency: "MXN", tiers: BRIEF_TIERS };
  it("requires a scope except for managed prices", () => {
    expect(parsePriceOverrideInput({ ...base, level: "managed", scopeId: null }).scopeId).toBeNull();
    expect(badField(() => parsePriceOverrideInput({ ...base, scopeId: null }))).toBe("scopeId");
    expect(badField(() => parsePriceOverrideInput({ ...base, level: "managed" }))).toBe("scopeId");
    expect(badField(() => parsePriceOverrideInput({ ...base, level: "customer" }))).toBe("level");
  });
  it("rejects overlapping duplicates in a batch but allows back-to-back schedules", () => {
    const a = { ...base, validFrom: "2025-01-01T00:00:00Z", validTo: "2025-02-01T00:00:00Z" };
    const next = { ...base, validFrom: "2025-02-01T00:00:00Z" };
    expect(parsePriceOverridesUpsert({ overrides: [a, next, { ...base, currency: "USD" }] }).overrides).toHaveLength(3);
    expect(badField(() => parsePriceOverridesUpsert({ overrides: [a, next, { ...base, validTo: "2025-01-15T00:00:00Z" }] }))).toBe("overrides.2.validFrom");
    expect(badField(() => parsePriceOverridesUpsert({ overrides: [base, { ...base }] }))).toBe("overrides.1.validFrom");
  });
  it("reports malformed members by path instead of crashing in the batch checks", () => {
    expect(badField(() => parsePriceOverridesUpsert({ overrides: [{ ...base, validFrom: "yesterday" }, base] }))).toBe("overrides.0.validFrom");
    expect(badField(() => parsePriceOverridesUpsert({ overrides: [{ ...base, tiers: "x" }, null] }))).toBe("overrides.0.tiers");
    expect(badField(() => parsePriceListEntriesUpsert({ priceListId: "pl", entries: [{ variantId: "V", tiers: [{ minQty: "a" }, null] }] }))).toBe("entries.0.tiers.0.minQty");
  });
});

describe("exchange rates and the wizard", () => {
  it("accepts exact decimal rates", () => {
    expect(parseExchangeRateInput({ from: "USD", to: "MXN", rate: "17.2345" }).rate).toBe("17.2345");
  });
  it.each([
    [{ rate: "0" }, "rate"],
    [{ rate: "0.000" }, "rate"],
    [{ rate: "-1.2" }, "rate"],
    [{ rate: "1e3" }, "rate"],
    [{ rate: 17.2 }, "rate"],
    [{ to: "USD" }, "to"],
    [{ from: "ABC" }, "from"],
  ])("rejects %j naming %s", (patch, field) => {
    expect(badField(() => parseExchangeRateInput({ from: "USD", to: "MXN", rate: "17", ...patch }))).toBe(field);
  });
  it("validates wizard input", () => {
    expect(parseConversionWizardInput({ sourcePriceListId: "pl", to: "JPY", rounding: "charm_99" })).toMatchObject({ rate: null, targetPriceListId: null });
    expect(badField(() => parseConversionWizardInput({ sourcePriceListId: "pl", to: "JPY", rounding: "ceil" }))).toBe("rounding");
    expect(badField(() => parseConversionWizardInput({ sourcePriceListId: "pl", to: "JPY", rounding: "none", rate: "0" }))).toBe("rate");
  });
});
