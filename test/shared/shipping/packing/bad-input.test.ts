import { describe, expect, it } from "vitest";
import { DomainError } from "../../../../shared/kernel/errors";
import { packItems, type PackingInput } from "../../../../shared/shipping/packing";

const ok = (): PackingInput => ({
  boxes: [{ id: "B", inner: { w: 10, h: 10, d: 10 }, outer: { w: 11, h: 11, d: 11 }, maxWeight: 20, cost: 100, count: null }],
  items: [{ id: "x", w: 5, h: 5, d: 5, weight: 1, qty: 2 }],
});

function fieldOf(mutate: (i: PackingInput) => void): string | undefined {
  const input = structuredClone(ok());
  mutate(input);
  try {
    packItems(input);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe("BAD_USER_INPUT");
    return (e as DomainError).details.field;
  }
  throw new Error("expected a BAD_USER_INPUT");
}

type Mut = { -readonly [K in keyof PackingInput]: PackingInput[K] } & Record<string, never>;

describe("bad input is BAD_USER_INPUT naming the field", () => {
  it.each<[string, (i: Mut | PackingInput) => void, string]>([
    ["zero item width", (i) => { (i.items[0] as { w: number }).w = 0; }, "items.0.w"],
    ["negative item depth", (i) => { (i.items[0] as { d: number }).d = -3; }, "items.0.d"],
    ["NaN height", (i) => { (i.items[0] as { h: number }).h = NaN; }, "items.0.h"],
    ["zero qty", (i) => { (i.items[0] as { qty: number }).qty = 0; }, "items.0.qty"],
    ["negative weight", (i) => { (i.items[0] as { weight: number }).weight = -1; }, "items.0.weight"],
    ["bad rotation", (i) => { (i.items[0] as { rotation: unknown }).rotation = ["x"]; }, "items.0.rotation"],
    ["heavier than every box limit", (i) => { (i.items[0] as { weight: number }).weight = 21; }, "items.0.weight"],
    ["zero box inner", (i) => { i.boxes[0]!.inner.h = 0; }, "boxes.0.inner.h"],
    ["inner larger than outer", (i) => { i.boxes[0]!.inner.d = 12; }, "boxes.0.outer.d"],
    ["fractional cost", (i) => { (i.boxes[0] as { cost: number }).cost = 1.5; }, "boxes.0.cost"],
    ["negative count", (i) => { (i.boxes[0] as { count: number }).count = -1; }, "boxes.0.count"],
    ["duplicate item id", (i) => { (i.items as unknown[]).push({ ...i.items[0] }); }, "items.1.id"],
    ["no boxes", (i) => { (i as unknown as { boxes: unknown[] }).boxes = []; }, "boxes"],
    ["support ratio below 0", (i) => { (i as { options: unknown }).options = { minSupportRatio: -0.1 }; }, "options.minSupportRatio"],
  ])("%s", (_n, mutate, field) => {
    expect(fieldOf(mutate as (i: PackingInput) => void)).toBe(field);
  });

  it("an item too big for every box is not an error but oversize; too heavy for the box it fits is", () => {
    const input = ok();
    const big = { ...input, items: [{ ...input.items[0]!, w: 50, weight: 500 }] };
    expect(packItems(big).oversize).toEqual(["x"]);
  });
});
