import { describe, expect, it } from "vitest";
import { checkOrderQuantity, quantityRuleIssues, withQuantityDefaults } from "../../../shared/catalog/quantity-rules";
import { cursorFor, parseCursor } from "../../../shared/catalog/listing-cursor";
import { parseSearchQuery } from "../../../shared/catalog/search-query";

describe("quantity rules", () => {
  it("names each broken rule", () => {
    expect(quantityRuleIssues({ casePack: 0, moq: 1, orderIncrement: 1 }).map((i) => i.field)).toEqual(["casePack"]);
    expect(quantityRuleIssues({ casePack: 12, moq: 30, orderIncrement: 12 })).toEqual([{ field: "moq", message: expect.stringContaining("not a multiple") }]);
    expect(quantityRuleIssues({ casePack: 6, moq: 12, orderIncrement: 4 }).map((i) => i.field)).toEqual(["orderIncrement"]);
    expect(quantityRuleIssues({ casePack: 6, moq: 12, orderIncrement: 6 })).toEqual([]);
  });

  it("defaults MOQ and increment to the case pack", () => {
    expect(withQuantityDefaults({ casePack: 24 })).toEqual({ casePack: 24, moq: 24, orderIncrement: 24 });
    expect(withQuantityDefaults({})).toEqual({ casePack: 1, moq: 1, orderIncrement: 1 });
  });

  it("checks a requested quantity and proposes the nearest valid one above it", () => {
    const r = { casePack: 6, moq: 12, orderIncrement: 6 };
    expect(checkOrderQuantity(r, 12)).toEqual({ ok: true });
    expect(checkOrderQuantity(r, 18)).toEqual({ ok: true });
    expect(checkOrderQuantity(r, 6)).toMatchObject({ ok: false, reason: "BELOW_MOQ", nearestValid: 12 });
    expect(checkOrderQuantity(r, 13)).toMatchObject({ ok: false, reason: "NOT_CASE_MULTIPLE", nearestValid: 18 });
    expect(checkOrderQuantity({ casePack: 6, moq: 12, orderIncrement: 12 }, 18)).toMatchObject({ ok: false, reason: "NOT_INCREMENT_STEP", nearestValid: 24 });
    expect(checkOrderQuantity(r, 0)).toMatchObject({ ok: false, reason: "NOT_POSITIVE" });
  });
});

describe("search query and cursors", () => {
  it("keeps SKU punctuation, drops operators, refuses empty and huge input", () => {
    expect(parseSearchQuery("  HAM-16oz  ")).toEqual({ text: "HAM-16oz", terms: ["HAM-16oz"], skuLike: true });
    expect(parseSearchQuery("claw & hammer!").text).toBe("claw hammer");
    expect(() => parseSearchQuery("!!!")).toThrow(/at least one letter/);
    expect(() => parseSearchQuery("a".repeat(200))).toThrow(/longer than/);
  });

  it("round-trips keyset cursors and refuses one made for another sort", () => {
    const key = { sort: "NEWEST" as const, createdAt: "2026-01-02 03:04:05.123456+00", id: crypto.randomUUID() };
    expect(parseCursor(cursorFor(key), "NEWEST")).toEqual(key);
    expect(() => parseCursor(cursorFor(key), "NAME")).toThrow(/NAME/);
    expect(() => parseCursor("not-a-cursor", "NAME")).toThrow();
  });
});
