import { describe, expect, it } from "vitest";
import { DomainError } from "../../../shared/kernel/errors";
import { defaultRateStrategies, methodsForAddress, quoteShipments, type QuoteBox, type QuoteItem, type QuoteMethod } from "../../../shared/shipping";

const rates = defaultRateStrategies();
const box = (code: string, l: number, w: number, h: number, extra: Partial<QuoteBox> = {}): QuoteBox => ({
  code, inner: { lengthMm: l, widthMm: w, heightMm: h }, outer: { lengthMm: l + 10, widthMm: w + 10, heightMm: h + 10 }, tareG: 100, maxLoadG: null, materialCostMinor: 50, ...extra,
});
const item = (i: number, sku: string, qty: number, extra: Partial<QuoteItem> = {}): QuoteItem => ({
  lineIndex: i, sku, quantity: qty, lengthMm: 100, widthMm: 100, heightMm: 100, weightG: 500, fragile: false, orientation: "free", restrictedClass: null, ...extra,
});
const method = (code: string, boxes: QuoteBox[], extra: Partial<QuoteMethod> = {}): QuoteMethod => ({
  code, name: code, providerCode: "ups", providerName: "UPS", currency: "USD", rateStrategy: "flat_per_box", rateConfig: { amount: 700 },
  shipMode: "box", allowedClasses: [], boxes, ...extra,
});
const cube = box("cube", 200, 200, 200);

describe("quoteShipments", () => {
  it("flat rate multiplies by the number of boxes", () => {
    // 8 cubes of 100 fill one 200-cube; 9 need two boxes
    const [one] = quoteShipments({ items: [item(0, "A", 8)], methods: [method("ground", [cube])], subtotal: null }, rates);
    expect(one!.options[0]!.packages).toHaveLength(1);
    expect(one!.options[0]!.price).toBe(700);
    const [two] = quoteShipments({ items: [item(0, "A", 9)], methods: [method("ground", [cube])], subtotal: null }, rates);
    expect(two!.options[0]!.packages).toHaveLength(2);
    expect(two!.options[0]!.price).toBe(1400);
    // by order: one charge whatever the box count
    const [byOrder] = quoteShipments({ items: [item(0, "A", 9)], methods: [method("ground", [cube], { shipMode: "order" })], subtotal: null }, rates);
    expect(byOrder!.options[0]!.price).toBe(700);
  });

  it("splits a restricted item into its own shipment on a method that allows its class", () => {
    const ground = method("ground", [cube], { allowedClasses: ["hazmat"] });
    const air = method("air", [cube], { rateConfig: { amount: 2000 } });
    const res = quoteShipments({ items: [item(0, "A", 1), item(1, "H", 1, { restrictedClass: "hazmat" })], methods: [air, ground], subtotal: null }, rates);
    expect(res.map((s) => s.restrictedClass)).toEqual([null, "hazmat"]);
    expect(res[0]!.options.map((o) => o.methodCode)).toEqual(["ground", "air"]);
    expect(res[1]!.options.map((o) => o.methodCode)).toEqual(["ground"]);
    expect(res[1]!.lines).toEqual([{ sku: "H", quantity: 1 }]);
  });

  it("flags an item too large for every box as an oversize package", () => {
    const [s] = quoteShipments({ items: [item(0, "POLE", 1, { lengthMm: 3000, orientation: "fixed" }), item(1, "A", 1)], methods: [method("ground", [cube])], subtotal: null }, rates);
    expect(s!.options[0]!.oversizeSkus).toEqual(["POLE"]);
    expect(s!.options[0]!.packages.filter((p) => p.oversize)).toHaveLength(1);
    expect(s!.options[0]!.price).toBe(1400);
  });

  it("table rate on dimensional weight bills the bigger of actual and L×W×H / divisor", () => {
    const table = method("dim", [cube], { rateStrategy: "table_rate", rateConfig: { basis: "dimensional", divisor: 5000, brackets: [{ upToG: 1000, amount: 500 }, { upToG: 2000, amount: 900 }] } });
    // outer 210³ mm = 9_261_000 mm³ / 5000 = 1853 g > 600 g actual → second bracket
    const [s] = quoteShipments({ items: [item(0, "A", 1)], methods: [table], subtotal: null }, rates);
    expect(s!.options[0]!.price).toBe(900);
  });

  it("an item heavier than every box's load limit is BAD_USER_INPUT on its line", () => {
    const light = box("light", 200, 200, 200, { maxLoadG: 1000 });
    try {
      quoteShipments({ items: [item(0, "A", 1), item(1, "LEAD", 1, { weightG: 5000 })], methods: [method("ground", [light])], subtotal: null }, rates);
      throw new Error("expected an error");
    } catch (e) {
      expect(e).toBeInstanceOf(DomainError);
      expect((e as DomainError).details.field).toBe("lines.1.quantity");
    }
  });

  it("free_over is free from the threshold on, and the registry refuses unknown strategies and bad configs", () => {
    const free = method("free", [cube], { rateStrategy: "free_over", rateConfig: { threshold: 10000, amount: 900 } });
    expect(quoteShipments({ items: [item(0, "A", 1)], methods: [free], subtotal: 10000 }, rates)[0]!.options[0]!.price).toBe(0);
    expect(quoteShipments({ items: [item(0, "A", 1)], methods: [free], subtotal: 9999 }, rates)[0]!.options[0]!.price).toBe(900);
    expect(() => rates.get("nope")).toThrow(DomainError);
    expect(() => rates.parseConfig("flat_per_box", { amount: -1 })).toThrow(/rateConfig/);
  });
});

describe("methodsForAddress", () => {
  const zones = [
    { regions: [{ countryCode: "US", subdivisionCode: null, postalPatterns: [] }], methodIds: ["us-ground"] },
    { regions: [{ countryCode: "US", subdivisionCode: "US-CA", postalPatterns: ["900*"] }], methodIds: ["la-courier"] },
    { regions: [{ countryCode: "CA", subdivisionCode: null, postalPatterns: [] }], methodIds: ["ca-post"] },
  ];
  it("filters methods by country, subdivision and postal pattern", () => {
    expect([...methodsForAddress(zones, { country: "US", subdivision: "US-CA", postalCode: "90012" })].sort()).toEqual(["la-courier", "us-ground"]);
    expect([...methodsForAddress(zones, { country: "US", subdivision: "US-CA", postalCode: "94105" })]).toEqual(["us-ground"]);
    expect([...methodsForAddress(zones, { country: "DE" })]).toEqual([]);
  });
});
