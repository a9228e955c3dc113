import { describe, expect, it } from "vitest";
import { AddressCodeError, registryOf, validateAddressCodes } from "../../../shared/geo";
import { gql } from "../../helpers/graphql";

describe("validateAddressCodes (pure)", () => {
  const reg = registryOf(["US", "CA", "DE"], ["US-CA", "US-NY", "CA-ON"]);
  it("normalizes case and whitespace and accepts known codes", () => {
    expect(validateAddressCodes({ country: " us ", subdivision: "us-ca" }, reg)).toEqual({ country: "US", subdivision: "US-CA" });
    expect(validateAddressCodes({ country: "DE", subdivision: "" }, reg)).toEqual({ country: "DE", subdivision: null });
  });
  it.each([
    [{ country: "XX" }, "unknown_country", "shipTo.country"],
    [{ country: "USA" }, "malformed_country", "shipTo.country"],
    [{ country: "US", subdivision: "US-ZZ" }, "unknown_subdivision", "shipTo.subdivision"],
    [{ country: "US", subdivision: "CA-ON" }, "subdivision_outside_country", "shipTo.subdivision"],
    [{ country: "US", subdivision: "California" }, "malformed_subdivision", "shipTo.subdivision"],
  ])("%j is refused as %s naming %s", (address, reason, field) => {
    const e = (() => {
      try {
        validateAddressCodes(address, reg, "shipTo");
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(AddressCodeError);
    expect(e).toMatchObject({ code: "BAD_USER_INPUT", reason, details: { field } });
  });
});

describe("countries and subdivisions seeded from the iso-3166 package", () => {
  it("the shop API lists every country and a country's subdivisions; unknown countries are refused", async () => {
    const r = await gql("shop", "{ countries { code alpha3 numeric name } }");
    expect(r.errors).toBeUndefined();
    expect(r.data.countries.length).toBeGreaterThanOrEqual(249);
    expect(r.data.countries).toContainEqual({ code: "US", alpha3: "USA", numeric: "840", name: "United States of America" });
    const subs = await gql("shop", `{ subdivisions(country: "us") { code countryCode parentCode name } }`);
    expect(subs.data.subdivisions).toContainEqual({ code: "US-CA", countryCode: "US", parentCode: null, name: "California" });
    expect(subs.data.subdivisions.length).toBeGreaterThanOrEqual(57);
    // second-level codes keep their parent (a French department inside its region)
    const fr = await gql("admin", `{ subdivisions(country: "FR") { code parentCode } }`);
    expect(fr.data.subdivisions.filter((s: { parentCode: string | null }) => s.parentCode !== null).length).toBeGreaterThan(50);
    const bad = await gql("shop", `{ subdivisions(country: "QQ") { code } }`);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "country" });
  });
});
