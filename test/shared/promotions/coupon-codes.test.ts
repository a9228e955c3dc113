import { describe, expect, it } from "vitest";
import { drawCodes, parseTemplate, templateCapacity, toCsv } from "../../../shared/promotions";
import { mulberry32 } from "../../bench/promotions-fixtures";

const seeded = (seed: number) => {
  const rng = mulberry32(seed);
  return (n: number) => Uint32Array.from({ length: n }, () => Math.floor(rng() * 2 ** 32));
};

describe("coupon code templates", () => {
  it("normalizes and validates templates, naming the field", () => {
    expect(parseTemplate(" spring-####-???? ")).toBe("SPRING-####-????");
    for (const bad of ["ab", "SPRING #", "ÉTÉ-####", "X".repeat(41)]) {
      expect(() => parseTemplate(bad, "input.template")).toThrow(expect.objectContaining({ code: "BAD_USER_INPUT", details: expect.objectContaining({ field: "input.template" }) }));
    }
    expect(templateCapacity("SPRING-####-????")).toBe(10_000 * 24 ** 4);
  });

  it("draws thousands of distinct codes of the template's shape, skipping excluded ones", () => {
    const exclude = new Set(drawCodes("AB-##??", 100, seeded(1)));
    const codes = drawCodes("AB-##??", 5_000, seeded(2), exclude);
    expect(codes).toHaveLength(5_000);
    expect(new Set(codes).size).toBe(5_000);
    expect(codes.every((c) => /^AB-\d{2}[A-HJ-NP-Z]{2}$/.test(c) && !exclude.has(c))).toBe(true);
  });

  it("refuses a template too small for the count (keeps 4× headroom)", () => {
    expect(() => drawCodes("X-##", 30, seeded(3))).toThrow(/too few placeholders/);
    expect(drawCodes("X-##", 25, seeded(3))).toHaveLength(25);
  });

  it("writes RFC 4180 CSV", () => {
    expect(toCsv(["a", "b"], [["x,y", null], ['say "hi"', 3]])).toBe('a,b\r\n"x,y",\r\n"say ""hi""",3\r\n');
  });
});
