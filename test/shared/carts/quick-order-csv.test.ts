import { describe, expect, it } from "vitest";
import { MAX_CART_LINES } from "../../../shared/carts/cart-rules";
import { parseQuickOrderCsv } from "../../../shared/carts/quick-order-csv";

const errorOf = (csv: string) => {
  try {
    parseQuickOrderCsv(csv);
    return null;
  } catch (e) {
    return e as { code: string; message: string; details: { field?: string } };
  }
};

describe("quick order CSV", () => {
  it("reads sku,quantity lines with a header, blank lines, CRLF and quoted SKUs", () => {
    const r = parseQuickOrderCsv('SKU,Quantity\r\nA-1,12\r\n\r\n"B,2",3\n  C-3 , 4 \n');
    expect(r.rejected).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, sku: "A-1", quantity: 12 },
      { line: 4, sku: "B,2", quantity: 3 },
      { line: 5, sku: "C-3", quantity: 4 },
    ]);
  });

  it("accepts semicolon and tab separated exports", () => {
    expect(parseQuickOrderCsv("A;5\nB;6").rows.map((r) => r.quantity)).toEqual([5, 6]);
    expect(parseQuickOrderCsv("A\t5\nB\t6").rows.map((r) => r.sku)).toEqual(["A", "B"]);
  });

  it("rejects malformed lines one by one with their line numbers, keeping the good ones", () => {
    const r = parseQuickOrderCsv("A,1\n,5\nB,abc\nC\nD,2,extra\nE,1.5\nF,-3");
    expect(r.rows).toEqual([
      { line: 1, sku: "A", quantity: 1 },
      { line: 7, sku: "F", quantity: -3 },
    ]);
    expect(r.rejected.map((x) => [x.line, x.rejection?.reason])).toEqual([
      [2, "MALFORMED_LINE"],
      [3, "MALFORMED_LINE"],
      [4, "MALFORMED_LINE"],
      [5, "MALFORMED_LINE"],
      [6, "MALFORMED_LINE"],
    ]);
    expect(r.rejected[1]!.rejection!.message).toContain("not a whole number");
  });

  it("refuses input that is not CSV at all, naming the field", () => {
    for (const bad of ["", "   \n\n", 'A,"unterminated\nB,2', "sku,quantity\n", "A,1\u0000"]) {
      const e = errorOf(bad);
      expect(e, JSON.stringify(bad)).not.toBeNull();
      expect(e!.code).toBe("BAD_USER_INPUT");
      expect(e!.details.field).toBe("csv");
    }
    expect(errorOf('"A"x,1')!.message).toContain("after a closing quote");
  });

  it("refuses more lines than a cart can hold", () => {
    const lines = Array.from({ length: MAX_CART_LINES + 1 }, (_, i) => `S${i},1`).join("\n");
    expect(errorOf(lines)!.message).toContain(String(MAX_CART_LINES));
    expect(parseQuickOrderCsv(lines.split("\n").slice(0, MAX_CART_LINES).join("\n")).rows).toHaveLength(MAX_CART_LINES);
  });
});
