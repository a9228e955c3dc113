import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withDb } from "../helpers/db";
import { createAccount } from "../helpers/fixtures";
import { gql, staffToken } from "../helpers/graphql";
import { ADD, CART, employeeOf, mirroredCart, newCustomer, priceList, QUICK, REMOVE, SET, seedVariants, shopOk, type SeededVariant } from "./cart-fixtures";

const B2B = { channel: "b2b" };
let plain: SeededVariant[];
let cased: SeededVariant; // case pack 6, MOQ 12, increment 6
let hidden: SeededVariant; // published on hybrid only
let unpriced: SeededVariant;
let bulk: SeededVariant[];
let acct: { accountId: string; locationIds: string[] };
let other: { accountId: string; locationIds: string[] };
let suspended: { accountId: string; locationIds: string[] };

beforeAll(async () => {
  let one: SeededVariant[][];
  [plain, ...one] = await Promise.all([
    seedVariants(3, { channels: ["b2b", "b2c"] }),
    seedVariants(1, { channels: ["b2b"], casePack: 6, moq: 12, orderIncrement: 6 }),
    seedVariants(1, { channels: ["hybrid"] }),
    seedVariants(1, { channels: ["b2b"] }),
    seedVariants(500, { channels: ["b2b"] }),
  ]);
  [cased, hidden, unpriced] = one.slice(0, 3).map((v) => v[0]!) as [SeededVariant, SeededVariant, SeededVariant];
  bulk = one[3]!;
  await priceList("USD", [
    { variantId: plain[0]!.variantId, tiers: [{ minQty: 1, unitPrice: 1000 }, { minQty: 10, unitPrice: 900 }] },
    { variantId: plain[1]!.variantId, tiers: [{ minQty: 1, unitPrice: 250 }] },
    { variantId: plain[2]!.variantId, tiers: [{ minQty: 1, unitPrice: 75 }] },
    { variantId: cased.variantId, tiers: [{ minQty: 1, unitPrice: 100 }] },
    { variantId: hidden.variantId, tiers: [{ minQty: 1, unitPrice: 1 }] },
    ...bulk.map((v, i) => ({ variantId: v.variantId, tiers: [{ minQty: 1, unitPrice: 100 + i }] })),
  ]);
  [acct, other, suspended] = await Promise.all([createAccount({ status: 9 }), createAccount({ status: 9 }), createAccount({ status: 10 })]);
});

const errorOf = (r: { errors?: { message: string; extensions?: Record<string, any> }[] }) => r.errors?.[0];

describe("a B2B location cart", () => {
  it("is shared by the location's buyers, each line attributed to who added it, priced with level and tier", async () => {
    const [alice, bob] = await Promise.all([employeeOf(acct, 0), employeeOf(acct, 0)]);
    const a = await shopOk(ADD, { i: { sku: plain[0]!.sku, quantity: 12 } }, { ...B2B, token: alice });
    expect(a.addToCart.ownerKind).toBe("location");
    expect(a.addToCart.lines[0]).toMatchObject({ sku: plain[0]!.sku, quantity: 12, unitPrice: 900, lineTotal: 10_800, priceLevel: "default", tierMinQty: 10, stock: "UNKNOWN" });
    const b = await shopOk(ADD, { i: { variantId: plain[1]!.variantId, quantity: 4 } }, { ...B2B, token: bob });
    expect(b.addToCart.id).toBe(a.addToCart.id);
    expect(b.addToCart.lines.map((l: any) => l.sku)).toEqual([plain[0]!.sku, plain[1]!.sku]);
    const [l0, l1] = b.addToCart.lines;
    expect(l0.addedBy).not.toBe(l1.addedBy);
    expect(b.addToCart.totals).toMatchObject({ currency: "USD", lineCount: 2, totalQuantity: 16, subtotal: 10_800 + 1_000, total: 11_800 });
    // lowering below the tier reprices the line at the base tier
    const s = await shopOk(SET, { i: { variantId: plain[0]!.variantId, quantity: 2 } }, { ...B2B, token: bob });
    expect(s.setCartLineQuantity.lines[0]).toMatchObject({ quantity: 2, unitPrice: 1000, tierMinQty: 1, updatedBy: l1.addedBy, addedBy: l0.addedBy });
    expect(s.setCartLineQuantity.version).toBe(b.addToCart.version + 1);
    // the mirror row follows the cart (written by the cart object's alarm shortly after)
    const mirror = await mirroredCart(a.addToCart.id, s.setCartLineQuantity.version);
    expect(mirror).toMatchObject({ version: s.setCartLineQuantity.version, line_count: 2, subtotal: 3_000, currency: "USD", owner_kind: "location" });
  });

  it("loses nothing when two employees of one location add at the same time", async () => {
    const loc = await createAccount({ status: 9 });
    const [e1, e2] = await Promise.all([employeeOf(loc, 0), employeeOf(loc, 0)]);
    const calls = Array.from({ length: 8 }, (_, k) =>
      gql("shop", ADD, { i: { variantId: plain[k % 3]!.variantId, quantity: 1 } }, { ...B2B, token: k % 2 ? e1 : e2 }),
    );
    const results = await Promise.all(calls);
    for (const r of results) expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const final = await shopOk(CART, {}, { ...B2B, token: e1 });
    // lines appear in arrival order, which concurrency decides: compare per variant
    const byVariant = Object.fromEntries(final.cart.lines.map((l: any) => [l.variantId, l.quantity]));
    expect(byVariant).toEqual({ [plain[0]!.variantId]: 3, [plain[1]!.variantId]: 3, [plain[2]!.variantId]: 2 });
    expect(final.cart.version).toBe(8);
    expect(new Set(results.map((r) => r.data.addToCart.version)).size).toBe(8);
  });

  it("detects a stale view with expectedVersion (CONFLICT) and leaves the cart as it was", async () => {
    const loc = await createAccount({ status: 9 });
    const t = await employeeOf(loc, 0);
    const v1 = (await shopOk(ADD, { i: { sku: plain[1]!.sku, quantity: 1 } }, { ...B2B, token: t })).addToCart.version;
    await shopOk(SET, { i: { variantId: plain[1]!.variantId, quantity: 5, expectedVersion: v1 } }, { ...B2B, token: t });
    const stale = await gql("shop", SET, { i: { variantId: plain[1]!.variantId, quantity: 9, expectedVersion: v1 } }, { ...B2B, token: t });
    expect(errorOf(stale)?.extensions).toMatchObject({ code: "CONFLICT", field: "expectedVersion" });
    const now = await shopOk(CART, {}, { ...B2B, token: t });
    expect(now.cart.lines[0].quantity).toBe(5);
    expect(now.cart.version).toBe(v1 + 1);
  });
});

describe("rules on every change, each refused with a typed error and nothing changed", () => {
  it("refuses case-pack, MOQ, zero, negative and above-max quantities, unknown SKUs, hidden and unpriced variants", async () => {
    const loc = await createAccount({ status: 9 });
    const t = await employeeOf(loc, 0);
    const ok = await shopOk(ADD, { i: { sku: cased.sku, quantity: 12 } }, { ...B2B, token: t });
    const version = ok.addToCart.version;
    const cases: [Record<string, unknown>, string, string, RegExp][] = [
      [{ sku: cased.sku, quantity: 3 }, "BAD_USER_INPUT", "quantity", /cases of 6/],
      [{ sku: cased.sku, quantity: 0 }, "BAD_USER_INPUT", "quantity", /≥ 1/],
      [{ sku: cased.sku, quantity: -6 }, "BAD_USER_INPUT", "quantity", /≥ 1/],
      [{ sku: plain[2]!.sku, quantity: 100_001 }, "BAD_USER_INPUT", "quantity", /maximum/],
      [{ sku: "NO-SUCH-SKU-123", quantity: 1 }, "NOT_FOUND", "", /NO-SUCH-SKU-123/],
      [{ variantId: hidden.variantId, quantity: 1 }, "NOT_FOUND", "", /not found/],
      [{ variantId: unpriced.variantId, quantity: 1 }, "BAD_USER_INPUT", "variantId", /no price/],
      [{ sku: plain[0]!.sku, variantId: plain[0]!.variantId, quantity: 1 }, "BAD_USER_INPUT", "input.variantId", /exactly one/],
    ];
    for (const [input, code, field, message] of cases) {
      const r = await gql("shop", ADD, { i: input }, { ...B2B, token: t });
      const e = errorOf(r);
      expect(e?.extensions?.code, JSON.stringify(input)).toBe(code);
      if (field) expect(e?.extensions?.field).toBe(field);
      expect(e?.message).toMatch(message);
    }
    const below = await gql("shop", SET, { i: { variantId: cased.variantId, quantity: 6 } }, { ...B2B, token: t });
    expect(errorOf(below)?.message).toMatch(/minimum order quantity is 12/);
    const after = await shopOk(CART, {}, { ...B2B, token: t });
    expect(after.cart.version).toBe(version);
    expect(after.cart.lines.map((l: any) => [l.sku, l.quantity])).toEqual([[cased.sku, 12]]);
  });

  it("lets only Active accounts and ordering roles change the cart; viewers may still read it", async () => {
    const susp = await gql("shop", ADD, { i: { sku: plain[0]!.sku, quantity: 1 } }, { ...B2B, token: await employeeOf(suspended, 0) });
    expect(errorOf(susp)?.extensions?.code).toBe("FORBIDDEN");
    expect(errorOf(susp)?.message).toMatch(/active/);
    const viewer = await employeeOf(acct, 0, "viewer");
    expect(errorOf(await gql("shop", ADD, { i: { sku: plain[0]!.sku, quantity: 1 } }, { ...B2B, token: viewer }))?.extensions?.code).toBe("FORBIDDEN");
    const read = await shopOk(CART, {}, { ...B2B, token: viewer });
    expect(read.cart.lines.length).toBeGreaterThan(0);
  });

  it("keeps other locations, other accounts, customers, guests and staff out", async () => {
    const mine = await shopOk(CART, {}, { ...B2B, token: await employeeOf(acct, 0) });
    const otherLoc = await gql("shop", CART, {}, { ...B2B, token: await employeeOf(acct, 1) });
    expect(otherLoc.data.cart).toBeNull();
    const otherAcct = await employeeOf(other, 0);
    // naming my cart's id from another account reaches nothing: ids only resolve inside the caller's own object
    expect(errorOf(await gql("shop", CART, { i: { cartId: mine.cart.id } }, { ...B2B, token: otherAcct }))?.extensions?.code).toBe("NOT_FOUND");
    expect(errorOf(await gql("shop", REMOVE, { i: { variantId: mine.cart.lines[0].variantId, cartId: mine.cart.id } }, { ...B2B, token: otherAcct }))?.extensions?.code).toBe("NOT_FOUND");
    expect(errorOf(await gql("shop", CART, {}, { ...B2B, token: await newCustomer() }))?.extensions?.code).toBe("FORBIDDEN");
    expect(errorOf(await gql("shop", ADD, { i: { sku: plain[0]!.sku, quantity: 1 } }, B2B))?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(errorOf(await gql("shop", CART, {}, { ...B2B, token: await staffToken(["*"]) }))?.extensions?.code).toBe("FORBIDDEN");
    const still = await shopOk(CART, {}, { ...B2B, token: await employeeOf(acct, 0) });
    expect(still.cart.version).toBe(mine.cart.version);
  });
});

describe("quick order", () => {
  it("adds 500 lines in one call, reports refused lines with reasons and applies the valid ones", async () => {
    const loc = await createAccount({ status: 9 });
    const t = await employeeOf(loc, 0);
    const csv = ["sku,quantity", ...bulk.map((v, i) => `${v.sku},${(i % 3) + 1}`), "GHOST-SKU,2", `${cased.sku},5`, `${plain[0]!.sku},abc`, `${plain[1]!.sku},0`].join("\n");
    const r = await shopOk(QUICK, { i: { csv } }, { ...B2B, token: t });
    const q = r.quickOrder;
    expect(q).toMatchObject({ applied: true, appliedCount: 500, rejectedCount: 4 });
    expect(q.lines.filter((l: any) => l.status === "REJECTED").map((l: any) => [l.line, l.reason])).toEqual([
      [502, "UNKNOWN_SKU"],
      [503, "BELOW_MOQ"],
      [504, "MALFORMED_LINE"],
      [505, "NOT_POSITIVE"],
    ]);
    expect(q.lines.find((l: any) => l.line === 503).nearestValidQuantity).toBe(12);
    const expected = bulk.reduce((s, _v, i) => s + (100 + i) * ((i % 3) + 1), 0);
    expect(q.cart.totals).toMatchObject({ lineCount: 500, subtotal: expected });
    expect(q.cart.version).toBe(1);
  });

  it("applies nothing with allOrNothing when a line is refused, and refuses malformed CSV whole", async () => {
    const loc = await createAccount({ status: 9 });
    const t = await employeeOf(loc, 0);
    const first = await shopOk(QUICK, { i: { csv: `${plain[0]!.sku},1`, allOrNothing: true } }, { ...B2B, token: t });
    expect(first.quickOrder).toMatchObject({ applied: true, appliedCount: 1 });
    const none = await shopOk(QUICK, { i: { csv: `${plain[1]!.sku},2\nGHOST,1`, allOrNothing: true } }, { ...B2B, token: t });
    expect(none.quickOrder).toMatchObject({ applied: false, appliedCount: 1, rejectedCount: 1 });
    expect(none.quickOrder.cart.version).toBe(first.quickOrder.cart.version);
    const bad = await gql("shop", QUICK, { i: { csv: `${plain[1]!.sku},2\n"${plain[2]!.sku},3` } }, { ...B2B, token: t });
    expect(errorOf(bad)?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "csv" });
    const after = await shopOk(CART, {}, { ...B2B, token: t });
    expect(after.cart.lines.map((l: any) => [l.sku, l.quantity])).toEqual([[plain[0]!.sku, 1]]);
  });

  it("lists abandoned carts to staff with carts:read only", async () => {
    const loc = await createAccount({ status: 9 });
    const t = await employeeOf(loc, 0);
    const c = (await shopOk(ADD, { i: { sku: plain[2]!.sku, quantity: 2 } }, { ...B2B, token: t })).addToCart;
    await mirroredCart(c.id, c.version);
    await withDb(({ db }) => db.execute(sql`update carts set updated_at = now() - interval '30 hours' where id = ${c.id}`));
    const Q = `query($h: Int!) { idleCarts(idleHours: $h, first: 500) { id ownerKind accountId locationId lineCount subtotal currency } }`;
    const staff = await staffToken(["carts:read"]);
    const found = await gql("admin", Q, { h: 24 }, { token: staff });
    expect(found.errors).toBeUndefined();
    expect(found.data.idleCarts.find((x: any) => x.id === c.id)).toMatchObject({ ownerKind: "location", accountId: loc.accountId, locationId: loc.locationIds[0], lineCount: 1, subtotal: 150 });
    const notYet = await gql("admin", Q, { h: 48 }, { token: staff });
    expect(notYet.data.idleCarts.some((x: any) => x.id === c.id)).toBe(false);
    expect(errorOf(await gql("admin", Q, { h: 24 }, { token: await staffToken(["orders:read"]) }))?.extensions?.code).toBe("FORBIDDEN");
  });
});
