/** Tax admin API (tax:read / tax:write) and the shop taxEstimate query, through the Worker. */
import { describe, expect, it } from "vitest";
import { products, variants } from "../../../shared/catalog";
import { taxRates } from "../../../shared/tax";
import { inArray } from "drizzle-orm";
import { withDb } from "../../helpers/db";
import { gql, staffToken, tokenFor, uniq } from "../../helpers/graphql";
import { makeEmployee } from "./tax-db-fixtures";

const CREATE_J = `mutation($i: TaxJurisdictionInput!) { createTaxJurisdiction(input: $i) { key level countryCode subdivisionCode postalPatterns } }`;
const CREATE_R = `mutation($i: TaxRateInput!) { createTaxRate(input: $i) { id kind category rate method validFrom validTo } }`;
const IMPORT = `mutation($csv: String!) { importTaxRates(csv: $csv) { imported rates { id jurisdictionKey rate method } } }`;

async function county(token: string) {
  const code = uniq("C").toUpperCase();
  const r = await gql("admin", CREATE_J, { i: { key: `US-CA-${code}`, level: "county", code, name: `${code} County`, parentKey: "US-CA", postalPatterns: ["959*"] } }, { token });
  expect(r.errors).toBeUndefined();
  return r.data.createTaxJurisdiction.key as string;
}

describe("tax admin API", () => {
  it("refuses guests, customers and staff without the permission", async () => {
    const q = `{ taxRates(jurisdictionKey: "US-CA") { id } }`;
    expect((await gql("admin", q)).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    const customer = await tokenFor({ kind: "customer", customerId: crypto.randomUUID(), email: "c@x.test", groupIds: [] });
    expect((await gql("admin", q, undefined, { token: customer })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const reader = await staffToken(["tax:read"]);
    expect((await gql("admin", q, undefined, { token: reader })).data.taxRates.length).toBeGreaterThan(0);
    const w = await gql("admin", CREATE_J, { i: { key: "US-CA-NOPE", level: "county", code: "NOPE", name: "n", parentKey: "US-CA" } }, { token: reader });
    expect(w.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });

  it("creates jurisdictions under the ISO geography and refuses bad ones with the field named", async () => {
    const token = await staffToken(["tax:*"]);
    const key = await county(token);
    const got = await gql("admin", `{ taxJurisdiction(key: "${key}") { countryCode subdivisionCode postalPatterns } }`, undefined, { token });
    expect(got.data.taxJurisdiction).toEqual({ countryCode: "US", subdivisionCode: "US-CA", postalPatterns: ["959*"] });
    const badState = await gql("admin", CREATE_J, { i: { key: "US-ZZ", level: "state", code: "US-ZZ", name: "Nowhere", parentKey: "US" } }, { token });
    expect(badState.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.subdivision" });
    const badCountry = await gql("admin", CREATE_J, { i: { key: "QQ", level: "country", code: "QQ", name: "Q" } }, { token });
    expect(badCountry.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.country" });
    const cityUnderCountry = await gql("admin", CREATE_J, { i: { key: uniq("US-X").toUpperCase(), level: "city", code: "X", name: "X", parentKey: "US" } }, { token });
    expect(cityUnderCountry.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.parentKey" });
    const dup = await gql("admin", CREATE_J, { i: { key, level: "county", code: key.slice(6), name: "again", parentKey: "US-CA" } }, { token });
    expect(dup.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });

  it("rates: negative refused, overlapping periods refused against stored rates, adjacent periods accepted", async () => {
    const token = await staffToken(["tax:read", "tax:write"]);
    const key = await county(token);
    const neg = await gql("admin", CREATE_R, { i: { kind: "sales", jurisdictionKey: key, category: "standard", rate: "-0.01", validFrom: "2024-01-01T00:00:00Z" } }, { token });
    expect(neg.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.rate" });
    const first = await gql("admin", CREATE_R, { i: { kind: "sales", jurisdictionKey: key, category: "standard", rate: "0.01", validFrom: "2024-01-01T00:00:00Z", validTo: "2025-01-01T00:00:00Z" } }, { token });
    expect(first.errors).toBeUndefined();
    const overlap = await gql("admin", CREATE_R, { i: { kind: "sales", jurisdictionKey: key, category: "standard", rate: "0.02", validFrom: "2024-06-01T00:00:00Z" } }, { token });
    expect(overlap.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(overlap.errors?.[0]?.message).toContain(`existing rate ${first.data.createTaxRate.id}`);
    const next = await gql("admin", CREATE_R, { i: { kind: "sales", jurisdictionKey: key, category: "standard", rate: "0.02", validFrom: "2025-01-01T00:00:00Z" } }, { token });
    expect(next.errors).toBeUndefined();
    const perMl = await gql("admin", CREATE_R, { i: { kind: "excise", jurisdictionKey: key, category: "vapor", rate: "0.5", method: "per_ml", currency: "USD", validFrom: "2024-01-01T00:00:00Z" } }, { token });
    expect(perMl.data.createTaxRate).toMatchObject({ kind: "excise", category: "vapor", method: "per_ml", rate: "0.5" });
    const list = await gql("admin", `{ taxRates(jurisdictionKey: "${key}") { rate validTo } }`, undefined, { token });
    expect(list.data.taxRates.map((r: { rate: string }) => r.rate).sort()).toEqual(["0.01", "0.02", "0.5"]);
    const unknownJ = await gql("admin", CREATE_R, { i: { kind: "sales", jurisdictionKey: "US-CA-NOT_THERE", category: "standard", rate: "0.01", validFrom: "2024-01-01T00:00:00Z" } }, { token });
    expect(unknownJ.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.jurisdictionKey" });
  });

  it("CSV import is all or nothing, with per-row errors (bad rate, unknown jurisdiction, overlap with a stored rate)", async () => {
    const token = await staffToken(["tax:write", "tax:read"]);
    const key = await county(token);
    await gql("admin", CREATE_R, { i: { kind: "sales", jurisdictionKey: key, category: "reduced", rate: "0.01", validFrom: "2024-01-01T00:00:00Z" } }, { token });
    const ids = [uniq("r"), uniq("r")];
    const bad = [
      "id,jurisdiction_key,category,rate,valid_from,kind,method,currency",
      `${ids[0]},${key},standard,0.0125,2024-01-01,sales,,`,
      `${ids[1]},${key},food,-1,2024-01-01,sales,,`,
      `${uniq("r")},US-CA-NOWHERE,standard,0.01,2024-01-01,sales,,`,
      `${uniq("r")},${key},reduced,0.02,2024-06-01,sales,,`,
    ].join("\n");
    const r = await gql("admin", IMPORT, { csv: bad }, { token });
    expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(r.errors?.[0]?.extensions?.issues).toEqual([expect.objectContaining({ row: 3, column: "rate" })]);
    // fix the rate: now the unknown jurisdiction is reported by row; without it, the overlap
    const fixed = bad.replace(",food,-1,", ",food,0,");
    const second = await gql("admin", IMPORT, { csv: fixed }, { token });
    expect(second.errors?.[0]?.extensions?.issues.map((i: { row: number; column: string }) => [i.row, i.column])).toEqual([[4, "jurisdiction_key"]]);
    const third = await gql("admin", IMPORT, { csv: fixed.split("\n").filter((l) => !l.includes("US-CA-NOWHERE")).join("\n") }, { token });
    expect(third.errors?.[0]?.extensions?.issues).toEqual([expect.objectContaining({ row: 4, column: "valid_from", message: expect.stringContaining("existing rate") })]);
    await withDb(async (h) => {
      expect(await h.db.select().from(taxRates).where(inArray(taxRates.id, ids))).toHaveLength(0); // nothing written
    });
    const good = [
      "jurisdiction_key,category,rate,valid_from,kind,method,currency",
      `${key},standard,0.0125,2024-01-01,sales,,`,
      `${key},tobacco,150,2024-01-01,excise,per_unit,USD`,
    ].join("\r\n");
    const ok = await gql("admin", IMPORT, { csv: good }, { token });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.importTaxRates.imported).toBe(2);
    expect(ok.data.importTaxRates.rates.map((x: { method: string }) => x.method)).toEqual(["percent", "per_unit"]);
  });
});

describe("shop taxEstimate", () => {
  async function product(taxCategory: string, volumeMl: number | null) {
    return withDb(async (h) => {
      const [p] = await h.db.insert(products).values({ slug: uniq("tp"), name: "Tax product", status: "active", taxCategory }).returning({ id: products.id });
      const sku = uniq("SKU-");
      const [v] = await h.db.insert(variants).values({ productId: p!.id, sku, name: "v", volumeMl }).returning({ id: variants.id });
      return { sku, variantId: v!.id };
    });
  }
  const Q = `query($lines: [TaxEstimateLineInput!]!, $a: TaxAddressInput!) { taxEstimate(lines: $lines, address: $a) {
    rateLookup exemption totals { net tax gross sales excise } lines { lineId tax components { kind jurisdictionKey method tax } } } }`;
  const CHICAGO = { country: "US", subdivision: "US-IL", city: "Chicago", postalCode: "60601" };

  it("estimates by SKU and variant id with the product's tax category (vapor: per-ml excise from the variant volume)", async () => {
    const vape = await product("vapor", 10);
    const plain = await product("standard", null);
    const r = await gql("shop", Q, { lines: [{ sku: vape.sku, quantity: 2, unitPrice: 1500, wholesaleUnitPrice: 600 }, { variantId: plain.variantId, quantity: 1, unitPrice: 1000 }], a: CHICAGO });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const est = r.data.taxEstimate;
    expect(est.lines[0].components.filter((c: { kind: string }) => c.kind === "excise")).toEqual([
      { kind: "excise", jurisdictionKey: "US-IL", method: "percent_wholesale", tax: 180 }, // 2 × 6.00 × 15 %
      { kind: "excise", jurisdictionKey: "US-IL-COOK-CHICAGO", method: "per_ml", tax: 1600 }, // 2 × 10 ml × 80 ¢
    ]);
    // the standard line: 6.25 + 1.75 + 1.25 % of 10.00
    expect(est.lines[1].tax).toBe(63 + 18 + 13);
    expect(est.totals.excise).toBe(1780);
  });

  it("an exempt employee's estimate skips the rate query: one SQL statement fewer than a paying employee's", async () => {
    const item = await product("standard", null);
    const CA = { country: "US", subdivision: "US-CA", county: "Los Angeles", city: "Los Angeles", postalCode: "90012" };
    const { exempt, payer } = await withDb(async (h) => ({
      exempt: await makeEmployee(h.db, { taxExempt: true, taxExemptCertificate: "API-1", taxExemptJurisdiction: "US-CA", taxExemptExpiresOn: null }),
      payer: await makeEmployee(h.db, { taxExempt: false }),
    }));
    const vars = { lines: [{ sku: item.sku, quantity: 1, unitPrice: 10000 }], a: CA };
    const paying = await gql("shop", Q, vars, { token: await tokenFor(payer), channel: "hybrid" });
    const paying2 = await gql("shop", Q, vars, { token: await tokenFor(payer), channel: "hybrid" });
    const free = await gql("shop", Q, vars, { token: await tokenFor(exempt), channel: "hybrid" });
    expect(paying2.data.taxEstimate.totals.tax).toBe(950);
    expect(free.data.taxEstimate).toMatchObject({ rateLookup: "skipped", totals: { tax: 0 }, exemption: { reason: "certificate", certificateNumber: "API-1" } });
    const count = (x: { headers: Headers }) => Number(x.headers.get("x-sql-queries"));
    expect(count(paying)).toBeGreaterThan(0);
    expect(count(free)).toBe(count(paying2) - 1);
  });

  it("refuses unknown SKUs, unknown subdivisions and ambiguous lines with the field named", async () => {
    const item = await product("standard", null);
    const unknownSku = await gql("shop", Q, { lines: [{ sku: "NOPE-404", quantity: 1, unitPrice: 1 }], a: CHICAGO });
    expect(unknownSku.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "lines.0.sku" });
    const badSub = await gql("shop", Q, { lines: [{ sku: item.sku, quantity: 1, unitPrice: 1 }], a: { country: "US", subdivision: "US-XX" } });
    expect(badSub.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "shipTo.subdivision" });
    const both = await gql("shop", Q, { lines: [{ sku: item.sku, variantId: item.variantId, quantity: 1, unitPrice: 1 }], a: CHICAGO });
    expect(both.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "lines.0.sku" });
  });
});
