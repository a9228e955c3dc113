import { beforeAll, describe, expect, it } from "vitest";
import { issueGuestToken } from "../../shared/carts";
import { channelId } from "../helpers/fixtures";
import { gql } from "../helpers/graphql";
import { ADD, CART, CURRENCY, MERGE, newCustomer, priceList, QUICK, SET, seedVariants, shopOk, type SeededVariant } from "./cart-fixtures";

const B2C = { channel: "b2c" };
let v: SeededVariant[];

beforeAll(async () => {
  v = await seedVariants(3, { channels: ["b2c", "hybrid"] });
  await priceList("USD", v.map((x, i) => ({ variantId: x.variantId, tiers: [{ minQty: 1, unitPrice: 1000 * (i + 1) }] })));
  await priceList("EUR", v.slice(0, 2).map((x, i) => ({ variantId: x.variantId, tiers: [{ minQty: 1, unitPrice: 900 * (i + 1) }] })));
});

const errorOf = (r: { errors?: { message: string; extensions?: Record<string, any> }[] }) => r.errors?.[0];

describe("guest carts", () => {
  it("issue a signed token on the first change, and read back only with it", async () => {
    const first = await shopOk(ADD, { i: { sku: v[0]!.sku, quantity: 2 } }, B2C);
    const token = first.addToCart.guestToken as string;
    expect(token).toMatch(/^g1\./);
    expect(first.addToCart).toMatchObject({ ownerKind: "guest", totals: { subtotal: 2000, currency: "USD" } });
    const again = await shopOk(ADD, { i: { sku: v[1]!.sku, quantity: 1, guestToken: token } }, B2C);
    expect(again.addToCart.id).toBe(first.addToCart.id);
    expect(again.addToCart.totals.subtotal).toBe(4000);
    expect((await shopOk(CART, {}, B2C)).cart).toBeNull();
    expect((await shopOk(CART, { i: { guestToken: token } }, B2C)).cart.lines).toHaveLength(2);
  });

  it("refuse a token forged for another cart, tampered with, or brought from another channel — and change nothing", async () => {
    const a = (await shopOk(ADD, { i: { sku: v[0]!.sku, quantity: 1 } }, B2C)).addToCart;
    const b = (await shopOk(ADD, { i: { sku: v[1]!.sku, quantity: 1 } }, B2C)).addToCart;
    const [, idA] = a.guestToken.split(".");
    const [, , sigB] = b.guestToken.split(".");
    const forged = `g1.${idA}.${sigB}`;
    const attacker = await issueGuestToken("not-the-deployment-secret-0123456789abcdef", await channelId("b2c"));
    for (const bad of [forged, `g1.${idA}.${attacker.token.split(".")[2]}`, a.guestToken.slice(0, -2) + "AA", "g1.not-a-token"]) {
      const r = await gql("shop", ADD, { i: { sku: v[2]!.sku, quantity: 5, guestToken: bad } }, B2C);
      expect(errorOf(r)?.extensions, bad).toMatchObject({ code: "FORBIDDEN", field: "guestToken" });
      expect(errorOf(await gql("shop", CART, { i: { guestToken: bad } }, B2C))?.extensions?.code).toBe("FORBIDDEN");
    }
    const other = await gql("shop", CART, { i: { guestToken: a.guestToken } }, { channel: "hybrid" });
    expect(errorOf(other)?.extensions?.code).toBe("FORBIDDEN");
    const still = await shopOk(CART, { i: { guestToken: a.guestToken } }, B2C);
    expect(still.cart).toMatchObject({ version: a.version, totals: { lineCount: 1, totalQuantity: 1 } });
  });
});

describe("customer carts", () => {
  it("merge a guest cart on login: quantities summed, guest cart emptied, a retried merge adds nothing", async () => {
    const g = (await shopOk(QUICK, { i: { csv: `${v[0]!.sku},2\n${v[1]!.sku},3` } }, B2C)).quickOrder.cart;
    const customer = await newCustomer();
    await shopOk(ADD, { i: { sku: v[0]!.sku, quantity: 1 } }, { ...B2C, token: customer });
    const m = (await shopOk(MERGE, { t: g.guestToken }, { ...B2C, token: customer })).mergeGuestCart;
    expect(m).toMatchObject({ applied: true, appliedCount: 2, rejectedCount: 0 });
    expect(m.cart.ownerKind).toBe("customer");
    expect(m.cart.guestToken).toBeNull();
    expect(m.cart.lines.map((l: any) => [l.sku, l.quantity])).toEqual([
      [v[0]!.sku, 3],
      [v[1]!.sku, 3],
    ]);
    const guestAfter = await shopOk(CART, { i: { guestToken: g.guestToken } }, B2C);
    expect(guestAfter.cart.lines).toEqual([]);
    const retry = (await shopOk(MERGE, { t: g.guestToken }, { ...B2C, token: customer })).mergeGuestCart;
    expect(retry.applied).toBe(false);
    expect(retry.cart.totals.totalQuantity).toBe(6);
    // a guest cannot merge, and a forged token is refused before anything moves
    expect(errorOf(await gql("shop", MERGE, { t: g.guestToken }, B2C))?.extensions?.code).toBe("FORBIDDEN");
    expect(errorOf(await gql("shop", MERGE, { t: `${g.guestToken}x` }, { ...B2C, token: customer }))?.extensions?.code).toBe("FORBIDDEN");
  });

  it("reprice every line on a currency switch, flag lines with no price, and refuse an unsupported currency", async () => {
    const c = await newCustomer();
    await shopOk(QUICK, { i: { csv: `${v[0]!.sku},2\n${v[1]!.sku},1\n${v[2]!.sku},1` } }, { ...B2C, token: c });
    const eur = (await shopOk(CURRENCY, { i: { currency: "EUR" } }, { ...B2C, token: c })).setCartCurrency;
    expect(eur.currency).toBe("EUR");
    expect(eur.lines.map((l: any) => [l.unitPrice, l.lineTotal, l.priced])).toEqual([
      [900, 1800, true],
      [1800, 1800, true],
      [null, 0, false],
    ]);
    expect(eur.totals).toMatchObject({ currency: "EUR", subtotal: 3600, lineCount: 3 });
    expect(eur.warnings.join(" ")).toContain(v[2]!.sku);
    // the currency sticks: later changes and reads stay in EUR
    const later = (await shopOk(SET, { i: { variantId: v[0]!.variantId, quantity: 1 } }, { ...B2C, token: c })).setCartLineQuantity;
    expect(later.totals).toMatchObject({ currency: "EUR", subtotal: 2700 });
    const bad = await gql("shop", CURRENCY, { i: { currency: "MXN" } }, { ...B2C, token: c });
    expect(errorOf(bad)?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "currency" });
    const back = (await shopOk(CURRENCY, { i: { currency: "USD" } }, { ...B2C, token: c })).setCartCurrency;
    expect(back.totals).toMatchObject({ currency: "USD", subtotal: 1000 + 2000 + 3000 });
  });

  it("cannot read or change another customer's cart, even with its id", async () => {
    const [alice, bob] = await Promise.all([newCustomer(), newCustomer()]);
    const a = (await shopOk(ADD, { i: { sku: v[0]!.sku, quantity: 1 } }, { ...B2C, token: alice })).addToCart;
    expect((await shopOk(CART, {}, { ...B2C, token: bob })).cart).toBeNull();
    expect(errorOf(await gql("shop", CART, { i: { cartId: a.id } }, { ...B2C, token: bob }))?.extensions?.code).toBe("NOT_FOUND");
    expect(errorOf(await gql("shop", SET, { i: { cartId: a.id, variantId: v[0]!.variantId, quantity: 9 } }, { ...B2C, token: bob }))?.extensions?.code).toBe("NOT_FOUND");
    expect((await shopOk(CART, {}, { ...B2C, token: alice })).cart.lines[0].quantity).toBe(1);
  });

  it("keep several named carts with one active, and say reorder is pending orders", async () => {
    const c = await newCustomer();
    const main = (await shopOk(ADD, { i: { sku: v[0]!.sku, quantity: 1 } }, { ...B2C, token: c })).addToCart;
    const list = (await shopOk(`mutation { createCart(input: { name: "Monthly restock" }) { id name isActive } }`, {}, { ...B2C, token: c })).createCart;
    expect(list).toMatchObject({ name: "Monthly restock", isActive: true });
    const added = (await shopOk(ADD, { i: { sku: v[1]!.sku, quantity: 4 } }, { ...B2C, token: c })).addToCart;
    expect(added.id).toBe(list.id);
    const saved = (await shopOk(`{ savedCarts { id name isActive } }`, {}, { ...B2C, token: c })).savedCarts;
    expect(saved.map((s: any) => [s.id, s.isActive])).toEqual([
      [main.id, false],
      [list.id, true],
    ]);
    await shopOk(`mutation($id: ID!) { activateCart(input: { cartId: $id }) { id } }`, { id: main.id }, { ...B2C, token: c });
    expect((await shopOk(CART, {}, { ...B2C, token: c })).cart.lines.map((l: any) => l.sku)).toEqual([v[0]!.sku]);
    const re = await gql("shop", `mutation { reorder(input: { orderId: "${crypto.randomUUID()}" }) { applied } }`, {}, { ...B2C, token: c });
    expect(errorOf(re)?.extensions?.code).toBe("NOT_FOUND");
  });
});
