import { describe, expect, it } from "vitest";
import { applyCommand, dropUnpricedChanges, revertDraft, type DraftInput } from "../../../shared/carts/cart-engine";
import type { CartLine, LineFacts } from "../../../shared/carts/cart.types";
import { MAX_CART_LINES } from "../../../shared/carts/cart-rules";

const facts = (n: number, rules: Partial<LineFacts> = {}): LineFacts => ({
  variantId: `v${n}`,
  productId: `p${n}`,
  sku: `SKU-${n}`,
  name: `Item ${n}`,
  productName: `Product ${n}`,
  casePack: 1,
  moq: 1,
  orderIncrement: 1,
  weightG: 100,
  brandId: null,
  categoryIds: [],
  collectionIds: [],
  traits: {},
  taxCategory: "standard",
  ...rules,
});

let ids = 0;
const input = (lines: CartLine[] = [], actor: string | null = "emp-1"): DraftInput => ({
  lines: new Map(lines.map((l) => [l.variantId, l])),
  currency: "USD",
  nextPosition: lines.length,
  nowMs: 1_000,
  actor: { id: actor },
  newLineId: () => `line-${++ids}`,
});
const line = (f: LineFacts, quantity: number, position = 0, addedBy = "emp-0"): CartLine => ({
  lineId: `L-${f.variantId}`,
  variantId: f.variantId,
  quantity,
  facts: f,
  addedBy,
  updatedBy: addedBy,
  addedAtMs: 0,
  updatedAtMs: 0,
  position,
});

const thrown = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (e) {
    return e as { code: string; details: Record<string, unknown> };
  }
};

describe("single-line cart commands", () => {
  it("adds a new line attributed to the actor, and adding again sums onto the same line", () => {
    const d1 = applyCommand(input(), { type: "add", ref: "v1", field: "variantId", facts: facts(1), quantity: 3 });
    expect(d1.lines.get("v1")).toMatchObject({ quantity: 3, addedBy: "emp-1", position: 0 });
    expect([...d1.added]).toEqual(["v1"]);
    const d2 = applyCommand(input([line(facts(1), 3)], "emp-2"), { type: "add", ref: "v1", field: "variantId", facts: facts(1), quantity: 2 });
    expect(d2.lines.get("v1")).toMatchObject({ quantity: 5, addedBy: "emp-0", updatedBy: "emp-2", lineId: "L-v1" });
    expect(d2.added.size).toBe(0);
  });

  it("checks the case pack on the resulting quantity, not just the increment added", () => {
    const f = facts(2, { casePack: 6, moq: 6, orderIncrement: 6 });
    expect(thrown(() => applyCommand(input([line(f, 6)]), { type: "add", ref: "SKU-2", field: "sku", facts: f, quantity: 3 }))).toMatchObject({
      code: "BAD_USER_INPUT",
      details: { field: "quantity", reason: "NOT_CASE_MULTIPLE", nearestValid: 12 },
    });
    expect(applyCommand(input([line(f, 6)]), { type: "add", ref: "SKU-2", field: "sku", facts: f, quantity: 6 }).lines.get("v2")!.quantity).toBe(12);
  });

  it("refuses unknown or hidden variants as NOT_FOUND and bad quantities by reason", () => {
    expect(thrown(() => applyCommand(input(), { type: "add", ref: "NOPE", field: "sku", facts: null, quantity: 1 }))?.code).toBe("NOT_FOUND");
    for (const [q, reason] of [[0, "NOT_POSITIVE"], [-5, "NOT_POSITIVE"], [100_001, "ABOVE_MAX"]] as const) {
      expect(thrown(() => applyCommand(input([line(facts(1), 3)]), { type: "add", ref: "v1", field: "variantId", facts: facts(1), quantity: q }))).toMatchObject({
        code: "BAD_USER_INPUT",
        details: { reason },
      });
    }
  });

  it("sets, removes and clears; a missing line is NOT_FOUND", () => {
    const start = [line(facts(1), 3, 0), line(facts(2), 4, 1)];
    expect(applyCommand(input(start), { type: "setQuantity", variantId: "v2", quantity: 9 }).lines.get("v2")!.quantity).toBe(9);
    expect(thrown(() => applyCommand(input(start), { type: "setQuantity", variantId: "v9", quantity: 1 }))?.code).toBe("NOT_FOUND");
    expect(thrown(() => applyCommand(input(start), { type: "setQuantity", variantId: "v1", quantity: 0 }))?.details.reason).toBe("NOT_POSITIVE");
    const removed = applyCommand(input(start), { type: "remove", variantId: "v1" });
    expect([...removed.lines.keys()]).toEqual(["v2"]);
    const cleared = applyCommand(input(start), { type: "clear" });
    expect(cleared.lines.size).toBe(0);
    expect(cleared.cleared).toBe(true);
  });

  it("never mutates the lines it was given", () => {
    const start = [line(facts(1), 3)];
    const inp = input(start);
    applyCommand(inp, { type: "setQuantity", variantId: "v1", quantity: 7 });
    applyCommand(inp, { type: "clear" });
    expect(inp.lines.get("v1")!.quantity).toBe(3);
    expect(inp.lines.size).toBe(1);
  });
});

describe("bulk add (quick order, reorder, merge)", () => {
  const cased = facts(3, { casePack: 12, moq: 24, orderIncrement: 12 });
  it("applies valid lines, rejects the others with reasons, and validates repeated SKUs cumulatively", () => {
    const d = applyCommand(input([line(facts(1), 1)]), {
      type: "bulkAdd",
      allOrNothing: false,
      items: [
        { line: 1, sku: "SKU-1", quantity: 2, facts: facts(1) },
        { line: 2, sku: "GHOST", quantity: 1, facts: null },
        { line: 3, sku: "SKU-3", quantity: 12, facts: cased },
        { line: 4, sku: "SKU-3", quantity: 24, facts: cased },
        { line: 5, sku: "SKU-3", quantity: 5, facts: cased },
        { line: 6, sku: "bad", quantity: 0, facts: null, rejection: { reason: "MALFORMED_LINE", message: "x" } },
        { line: 7, sku: "SKU-4", quantity: -1, facts: facts(4) },
      ],
    });
    expect(d.results!.map((r) => [r.line, r.status, r.rejection?.reason ?? null])).toEqual([
      [1, "APPLIED", null],
      [2, "REJECTED", "UNKNOWN_SKU"],
      [3, "REJECTED", "BELOW_MOQ"],
      [4, "APPLIED", null],
      [5, "REJECTED", "NOT_CASE_MULTIPLE"],
      [6, "REJECTED", "MALFORMED_LINE"],
      [7, "REJECTED", "NOT_POSITIVE"],
    ]);
    expect(d.lines.get("v1")!.quantity).toBe(3);
    expect(d.lines.get("v3")!.quantity).toBe(24);
    expect(d.lines.has("v4")).toBe(false);
    // line 5 would need 12 more on top of the 24 already applied: nearest valid for the line is 12
    expect(d.results![4]!.rejection!.nearestValid).toBe(12);
  });

  it("refuses new lines beyond the cart limit but still sums onto existing ones", () => {
    const full = Array.from({ length: MAX_CART_LINES }, (_, i) => line(facts(i), 1, i));
    const d = applyCommand(input(full), {
      type: "bulkAdd",
      allOrNothing: false,
      items: [
        { line: 1, sku: "SKU-0", quantity: 1, facts: facts(0) },
        { line: 2, sku: "NEW", quantity: 1, facts: facts(MAX_CART_LINES + 1) },
      ],
    });
    expect(d.results!.map((r) => r.rejection?.reason ?? "OK")).toEqual(["OK", "CART_FULL"]);
  });

  it("puts unpriced additions back and reports them; revertDraft restores everything", () => {
    const before = new Map([["v1", line(facts(1), 2)]]);
    const d = applyCommand(input([...before.values()]), {
      type: "bulkAdd",
      allOrNothing: false,
      items: [
        { line: 1, sku: "SKU-1", quantity: 3, facts: facts(1) },
        { line: 2, sku: "SKU-5", quantity: 1, facts: facts(5) },
      ],
    });
    const dropped = dropUnpricedChanges(d, new Set(["v1", "v5"]), before);
    expect(dropped.sort()).toEqual(["SKU-1", "SKU-5"]);
    expect(d.lines.get("v1")!.quantity).toBe(2);
    expect(d.lines.has("v5")).toBe(false);
    expect(d.results!.every((r) => r.status === "REJECTED" && r.rejection!.reason === "NOT_PRICED")).toBe(true);
    const d2 = applyCommand(input([...before.values()]), { type: "bulkAdd", allOrNothing: true, items: [{ line: 1, sku: "SKU-6", quantity: 1, facts: facts(6) }] });
    revertDraft(d2, before);
    expect([...d2.lines.keys()]).toEqual(["v1"]);
    expect(d2.touched.size).toBe(0);
  });
});
