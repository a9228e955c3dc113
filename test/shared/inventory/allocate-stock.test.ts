import { describe, expect, it } from "vitest";
import { allocateStock } from "../../../shared/inventory/allocate-stock";

const row = (variantId: string, warehouseId: string, onHand: number, reserved = 0) => ({ variantId, warehouseId, onHand, reserved });

describe("allocateStock", () => {
  it("fills warehouses in the given order and splits a line", () => {
    const r = allocateStock([{ variantId: "a", quantity: 7 }], [row("a", "w2", 5, 1), row("a", "w1", 10, 6), row("b", "w1", 99)], new Set());
    expect(r).toEqual({ ok: true, allocations: [{ variantId: "a", warehouseId: "w2", quantity: 4 }, { variantId: "a", warehouseId: "w1", quantity: 3 }] });
  });

  it("reports every short line with what is available, and allocates nothing", () => {
    const r = allocateStock(
      [{ variantId: "a", quantity: 2 }, { variantId: "b", quantity: 3 }, { variantId: "c", quantity: 1 }, { variantId: "a", quantity: 2 }],
      [row("a", "w1", 3), row("b", "w1", 3, 3)],
      new Set(),
    );
    expect(r).toEqual({ ok: false, outOfStock: [{ variantId: "a", requested: 4, available: 3 }, { variantId: "b", requested: 3, available: 0 }, { variantId: "c", requested: 1, available: 0 }] });
  });

  it("backorders only the shortfall of variants that allow it", () => {
    const r = allocateStock([{ variantId: "a", quantity: 5 }, { variantId: "c", quantity: 2 }], [row("a", "w1", 1)], new Set(["a", "c"]));
    expect(r).toEqual({
      ok: true,
      allocations: [
        { variantId: "a", warehouseId: "w1", quantity: 1 },
        { variantId: "a", warehouseId: null, quantity: 4 },
        { variantId: "c", warehouseId: null, quantity: 2 },
      ],
    });
  });
});
