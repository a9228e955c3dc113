import { env, runDurableObjectAlarm } from "cloudflare:test";
import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { cartObjectName, type CartCall, type CartOwner } from "../../shared/carts";
import { withDb } from "../helpers/db";
import { channelId, createAccount } from "../helpers/fixtures";
import { gql } from "../helpers/graphql";
import { serverTiming } from "../helpers/server-timing";
import { ADD, employeeOf, mirroredCart, priceList, SET, seedVariants, shopOk, type SeededVariant } from "./cart-fixtures";

/**
 * The warm change path: no Postgres statement in the Worker, the cart object or its PriceBook;
 * the buyer's currency and the account status are asked for only when the object lacks them;
 * the Postgres mirror and cart.updated event follow a few seconds later from the object's alarm.
 */
const B2B = { channel: "b2b" };
const TOTALS_SET = `mutation($i: SetCartLineQuantityInput!) { setCartLineQuantity(input: $i) { version currency totals { lineCount totalQuantity subtotal total } } }`;
const QUICK_TOTALS = `mutation($i: QuickOrderInput!) { quickOrder(input: $i) { appliedCount cart { version totals { lineCount currency subtotal } } } }`;
const NAMED = `mutation($i: CreateCartInput!) { createCart(input: $i) { id } }`;
const DELETE = `mutation($i: CartRefInput!) { deleteCart(input: $i) }`;
let vs: SeededVariant[];
let b2bId: string;

beforeAll(async () => {
  vs = await seedVariants(3, { channels: ["b2b"] });
  b2bId = await channelId("b2b");
  await Promise.all([
    priceList("USD", vs.map((v) => ({ variantId: v.variantId, tiers: [{ minQty: 1, unitPrice: 500 }, { minQty: 10, unitPrice: 400 }] }))),
    priceList("CAD", vs.map((v) => ({ variantId: v.variantId, tiers: [{ minQty: 1, unitPrice: 700 }] }))),
  ]);
});

const locationOwner = (acct: { accountId: string; locationIds: string[] }, channel = b2bId): CartOwner => ({
  kind: "location",
  channelId: channel,
  ownerId: `${acct.accountId}:${acct.locationIds[0]}`,
  accountId: acct.accountId,
  locationId: acct.locationIds[0]!,
  customerId: null,
});
const stubOf = (owner: CartOwner) => env.CART.get(env.CART.idFromName(cartObjectName(owner)));
const sqlOf = (r: { headers: Headers }) => Number(r.headers.get("x-sql-queries"));

async function eventually<T>(fn: () => Promise<T | null | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("a warm cart change", () => {
  it("runs no SQL in the Worker, the cart object or its PriceBook; only the first change of a cart reads preferences and account status", async () => {
    const acct = await createAccount({ status: 9, preferredCurrency: "CAD" });
    const t = await employeeOf(acct);
    await gql("shop", "{ __typename }", {}, B2B); // the channel is resolved (and cached) outside the measured calls
    const first = await gql("shop", ADD, { i: { sku: vs[0]!.sku, quantity: 2 } }, { ...B2B, token: t });
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    // a new cart: variant facts + the buyer's preferences (its currency comes from them) + account status
    expect(sqlOf(first)).toBe(3);
    expect(first.data.addToCart.totals).toMatchObject({ currency: "CAD", subtotal: 1400 });
    const second = await gql("shop", ADD, { i: { sku: vs[1]!.sku, quantity: 1 } }, { ...B2B, token: t });
    expect(sqlOf(second)).toBe(1); // variant facts only

    const stub = stubOf(locationOwner(acct));
    await runDurableObjectAlarm(stub); // write the pending mirror now, so the next window is clean
    const before = await stub.stats();
    expect(before.pendingMirrors).toBe(0);
    const warm = await gql("shop", TOTALS_SET, { i: { variantId: vs[0]!.variantId, quantity: 12 } }, { ...B2B, token: t });
    expect(warm.errors, JSON.stringify(warm.errors)).toBeUndefined();
    const after = await stub.stats();
    expect(sqlOf(warm)).toBe(0);
    // Server-Timing: the Worker's time and the cart object's share of it (which includes repricing)
    const spans = serverTiming(warm);
    expect(spans.get("cart")!.desc).toBe("1 call");
    expect(spans.get("cart")!.dur).toBeGreaterThan(0);
    expect(spans.get("app")!.dur).toBeGreaterThanOrEqual(spans.get("cart")!.dur);
    expect(spans.has("pricebook")).toBe(false); // the object asks its PriceBook itself, not the Worker
    expect(warm.data.setCartLineQuantity).toMatchObject({ currency: "CAD", totals: { lineCount: 2, totalQuantity: 13, subtotal: 12 * 700 + 700 } });
    expect(after.priceBookCalls).toBe(before.priceBookCalls + 1);
    expect(after.priceBookSqlStatements).toBe(before.priceBookSqlStatements);
    // promotions: the cached rules' version is re-read at most once per 5 s per isolate (shared/promotions/active-rules.ts)
    expect(after.promotionRulesStatements - before.promotionRulesStatements).toBeLessThanOrEqual(1);
    if (after.mirrorFlushes === before.mirrorFlushes) {
      expect(after.postgresStatements).toBe(before.postgresStatements);
      expect(after.pendingMirrors).toBe(1);
    } else {
      // a slow machine let the alarm run already: its statements are the mirror's, one per flush
      expect(after.postgresStatements - before.postgresStatements).toBe(after.mirrorFlushes - before.mirrorFlushes);
    }
    // the cart keeps its currency: a later preference change does not move it, and is not even read
    await withDb(({ db }) => db.execute(sql`update accounts set preferred_currency = 'USD' where id = ${acct.accountId}`));
    const later = await gql("shop", SET, { i: { variantId: vs[1]!.variantId, quantity: 3 } }, { ...B2B, token: t });
    expect(sqlOf(later)).toBe(0);
    expect(later.data.setCartLineQuantity.totals).toMatchObject({ currency: "CAD", lineCount: 2 });
    expect(later.data.setCartLineQuantity.lines).toHaveLength(2);
  });

  it("a quick order into a new cart asks what the cart lacks first, so its payload crosses once", async () => {
    const acct = await createAccount({ status: 9 });
    const t = await employeeOf(acct);
    await gql("shop", "{ __typename }", {}, B2B);
    const csv = vs.map((v, n) => `${v.sku},${n + 1}`).join("\n");
    const first = await gql("shop", QUICK_TOTALS, { i: { csv } }, { ...B2B, token: t });
    expect(first.errors, JSON.stringify(first.errors)).toBeUndefined();
    expect(first.data.quickOrder).toMatchObject({ appliedCount: 3, cart: { totals: { lineCount: 3, currency: "USD", subtotal: (1 + 2 + 3) * 500 } } });
    expect(sqlOf(first)).toBe(3); // variant facts ‖ (preferences + account status)
    const stats = await stubOf(locationOwner(acct)).stats();
    expect(stats.callsRefusedForFacts).toBe(0);
    expect(stats.priceBookCalls).toBe(1);
    const again = await gql("shop", QUICK_TOTALS, { i: { csv } }, { ...B2B, token: t });
    expect(sqlOf(again)).toBe(1); // variant facts only
    expect(again.data.quickOrder.cart.totals).toMatchObject({ lineCount: 3, subtotal: 2 * 500 + 4 * 500 + 6 * 500 });
  });

  it("is mirrored to Postgres shortly after, with a cart.updated event carrying the latest version", async () => {
    const acct = await createAccount({ status: 9 });
    const t = await employeeOf(acct);
    const a = (await shopOk(ADD, { i: { sku: vs[0]!.sku, quantity: 1 } }, { ...B2B, token: t })).addToCart;
    await shopOk(SET, { i: { variantId: vs[0]!.variantId, quantity: 4 } }, { ...B2B, token: t });
    const last = (await shopOk(ADD, { i: { sku: vs[2]!.sku, quantity: 10 } }, { ...B2B, token: t })).addToCart;
    expect(last.version).toBe(a.version + 2);
    // no waiting for the alarm by hand: the object's own alarm writes it
    const row = await mirroredCart(a.id, last.version);
    expect(row).toMatchObject({ version: last.version, line_count: 2, subtotal: 4 * 500 + 10 * 400, currency: "USD", owner_kind: "location" });
    const events = await withDb(async ({ db }) => [
      ...(await db.execute<{ version: number }>(sql`select (payload->>'version')::int as version from domain_events where type = 'cart.updated' and aggregate_id = ${a.id}`)),
    ]);
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.length).toBeLessThanOrEqual(3); // coalesced: never more than one per change
    expect(Math.max(...events.map((e) => e.version))).toBe(last.version);
    expect((await stubOf(locationOwner(acct)).stats()).pendingMirrors).toBe(0);
  });

  it("queues a deleted cart's mirror removal behind its pending upsert", async () => {
    const acct = await createAccount({ status: 9 });
    const t = await employeeOf(acct);
    const named = (await shopOk(NAMED, { i: { name: "Spare parts" } }, { ...B2B, token: t })).createCart;
    await shopOk(ADD, { i: { sku: vs[1]!.sku, quantity: 2, cartId: named.id } }, { ...B2B, token: t });
    // deleted before the alarm wrote the upsert: the row must not be left behind
    const del = await gql("shop", DELETE, { i: { cartId: named.id } }, { ...B2B, token: t });
    expect(del.errors, JSON.stringify(del.errors)).toBeUndefined();
    expect(sqlOf(del)).toBe(0);
    const stub = stubOf(locationOwner(acct));
    await runDurableObjectAlarm(stub);
    await eventually(async () => ((await stub.stats()).pendingMirrors === 0 ? true : null), "the pending mirrors to drain");
    const rows = await withDb(async ({ db }) => [...(await db.execute(sql`select id from carts where id = ${named.id}`))]);
    expect(rows).toHaveLength(0);
  });
});

describe("the account status a location cart trusts", () => {
  const T = 1_800_000_000_000;
  const acct = { accountId: crypto.randomUUID(), locationIds: [crypto.randomUUID()] };
  const channel = crypto.randomUUID();
  const owner = locationOwner(acct, channel);
  const call = (nowMs: number, account?: CartCall["account"]): CartCall => {
    const context = { channelId: channel, currency: "USD", accountId: acct.accountId, locationId: acct.locationIds[0]!, groupIds: [] };
    return {
      owner,
      actor: { id: crypto.randomUUID(), role: "buyer", email: null, groupIds: [] },
      channelCode: "b2b",
      pricing: { key: "unused", scope: { channelId: channel, accountId: context.accountId, locationId: context.locationId, groupIds: [] }, channel: { channelId: channel, baseCurrency: "USD", supportedCurrencies: ["USD"] }, context, strategyCode: null, nowMs },
      nowMs,
      ...(account !== undefined ? { account } : {}),
    };
  };

  it("is asked for when unknown, trusted for 60 s, asked again after, and a refusal is cached the same way", async () => {
    const stub = stubOf(owner);
    // an empty cart's clear prices nothing, so these calls exercise only the facts check
    const clear = (c: CartCall) => stub.mutate(c, { type: "clear" });
    expect(await clear(call(T))).toEqual({ ok: false, missing: ["accountStatus"] });
    expect((await stub.stats()).callsRefusedForFacts).toBe(1);
    expect(await clear(call(T, { status: 9, checkedAtMs: T }))).toMatchObject({ ok: true });
    expect(await clear(call(T + 60_000))).toMatchObject({ ok: true });
    expect(await clear(call(T + 60_001))).toEqual({ ok: false, missing: ["accountStatus"] });
    expect(await clear(call(T + 60_001, { status: 10, checkedAtMs: T + 60_001 }))).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    expect(await clear(call(T + 90_000))).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    // an account that no longer exists is refused, not trusted
    expect(await clear(call(T + 200_000, { status: null, checkedAtMs: T + 200_000 }))).toMatchObject({ ok: false, error: { code: "FORBIDDEN" } });
    // reads never need it
    expect(await stub.view(call(T + 10_000_000))).toMatchObject({ ok: true });
  });

  it("through the API: a warm cart keeps trusting the status it read (within the bound), a cart that reads it now refuses", async () => {
    const a = await createAccount({ status: 9 });
    const t = await employeeOf(a);
    await shopOk(ADD, { i: { sku: vs[0]!.sku, quantity: 1 } }, { ...B2B, token: t });
    await withDb(({ db }) => db.execute(sql`update accounts set status = 10 where id = ${a.accountId}`));
    // within 60 s the cart still trusts the status it read (checkout re-checks it)
    const stale = await gql("shop", SET, { i: { variantId: vs[0]!.variantId, quantity: 2 } }, { ...B2B, token: t });
    expect(stale.errors).toBeUndefined();
    expect(sqlOf(stale)).toBe(0);
    // a new location cart of the same account reads the status now and refuses
    const other = await gql("shop", ADD, { i: { sku: vs[0]!.sku, quantity: 1 } }, { ...B2B, token: await employeeOf(a, 1) });
    expect(other.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
