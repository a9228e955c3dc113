import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { withDb } from "../../helpers/db";
import { gql, staffToken, tokenFor, uniq } from "../../helpers/graphql";
import { makeGroup, mustUpsert, variant } from "../catalog/catalog-fixtures";

/**
 * Shipping through the real Worker and Postgres, on a channel of its own (so the seeded zones
 * of b2b/b2c/hybrid do not interfere): boxes shared by two providers, zones, split shipments,
 * flat rate × boxes, oversize, free-over on server prices, cart quotes and refusals.
 */
const tag = uniq("shp");
const C = (s: string) => `${tag}-${s}`;
const SKU = (s: string) => `${tag}-${s}`.toUpperCase();
const channel = tag;
let writer = "";
const ids: Record<string, string> = {};

const Q = `query($lines: [ShippingQuoteLineInput!]!, $a: ShippingAddressInput!) { shippingQuote(lines: $lines, address: $a) {
  unshippable cheapestTotal { amount currency }
  shipments { restrictedClass lines { sku quantity }
    methods { method provider price currency oversizeSkus packages { box oversize weightG fillRatio lengthMm placements { sku x y z } } } } } }`;
const LA = { country: "US", subdivision: "US-CA", postalCode: "90012" };
const NYC = { country: "US", subdivision: "US-NY", postalCode: "10001" };

async function admin(query: string, variables: Record<string, unknown> = {}) {
  const r = await gql("admin", query, variables, { token: writer });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
}
const upsert = (kind: "Box" | "Provider" | "Method" | "Zone", input: Record<string, unknown>, token = writer) =>
  gql("admin", `mutation($i: JSON!) { upsertShipping${kind}(input: $i) { code } }`, { i: input }, { token });
const quote = (lines: unknown[], a: unknown = NYC, token?: string) => gql("shop", Q, { lines, a }, { channel, token });
const options = (r: { data?: any }, shipment = 0) => r.data.shippingQuote.shipments[shipment].methods as { method: string; price: number; packages: any[]; oversizeSkus: string[] }[];

beforeAll(async () => {
  writer = await staffToken(["shipping:read", "shipping:write"]);
  const ch = await gql("admin", `mutation($i: CreateChannelInput!) { createChannel(input: $i) { code } }`,
    { i: { code: channel, name: "Shipping test", commerceMode: "b2c", loginWallMode: "open", baseCurrency: "USD", supportedCurrencies: ["USD"] } },
    { token: await staffToken(["channels:write"]) });
  expect(ch.errors, JSON.stringify(ch.errors)).toBeUndefined();
  const group = await makeGroup();
  await mustUpsert([
    { slug: C("goods"), name: "Ship goods", status: "active", channels: [channel], variants: [
      variant(SKU("CUBE"), { lengthMm: 100, widthMm: 100, heightMm: 100, weightG: 500 }),
      variant(SKU("HAZ"), { lengthMm: 100, widthMm: 100, heightMm: 100, weightG: 500, restrictedClass: "hazmat" }),
      variant(SKU("POLE"), { lengthMm: 3000, widthMm: 50, heightMm: 50, weightG: 2000, orientation: "fixed" }),
      variant(SKU("LEAD"), { lengthMm: 100, widthMm: 100, heightMm: 100, weightG: 50_000 }),
      variant(SKU("NODIM"), { lengthMm: null, widthMm: null, heightMm: null, weightG: null }),
    ] },
    { slug: C("secret"), name: "Ship secret", status: "active", channels: [channel], restrictedToGroups: [group], variants: [variant(SKU("SECRET"))] },
  ]);
  await withDb(async (h) => {
    const rows = await h.db.execute<{ id: string; sku: string }>(sql`select id, sku from variants where sku like ${`${tag.toUpperCase()}-%`}`);
    for (const r of rows) ids[r.sku] = r.id;
  });
  const pricing = await staffToken(["pricing:*"]);
  const list = await gql("admin", `mutation($i: PriceListInput!) { createPriceList(input: $i) { id } }`, { i: { name: C("prices"), currency: "USD", priority: 0 } }, { token: pricing });
  expect(list.errors, JSON.stringify(list.errors)).toBeUndefined();
  const entries = await gql("admin", `mutation($id: ID!, $e: [PriceListEntryInput!]!) { upsertPriceListEntries(priceListId: $id, entries: $e) }`,
    { id: list.data.createPriceList.id, e: [{ variantId: ids[SKU("CUBE")], tiers: [{ minQty: 1, unitPrice: 2500 }] }] }, { token: pricing });
  expect(entries.errors, JSON.stringify(entries.errors)).toBeUndefined();

  for (const b of [
    { code: C("cube"), name: "Cube", innerLengthMm: 200, innerWidthMm: 200, innerHeightMm: 200, outerLengthMm: 210, outerWidthMm: 210, outerHeightMm: 210, tareG: 100, maxLoadG: 20_000, materialCostMinor: 50 },
    { code: C("tiny"), name: "Tiny", innerLengthMm: 110, innerWidthMm: 110, innerHeightMm: 110, tareG: 20, maxLoadG: 5_000, materialCostMinor: 10 },
  ]) expect((await upsert("Box", b)).errors).toBeUndefined();
  for (const p of ["ups", "usps", "fedex"]) expect((await upsert("Provider", { code: C(p), name: p.toUpperCase() })).errors).toBeUndefined();
  const methods = [
    { code: C("ups-ground"), provider: C("ups"), name: "UPS Ground", rateStrategy: "flat_per_box", rateConfig: { amount: 700 }, currency: "USD", allowedClasses: ["hazmat"] },
    { code: C("usps-prio"), provider: C("usps"), name: "USPS Priority", rateStrategy: "flat_per_box", rateConfig: { amount: 900 }, currency: "USD" },
    { code: C("usps-free"), provider: C("usps"), name: "USPS free over $100", rateStrategy: "free_over", rateConfig: { threshold: 10_000, amount: 650 }, currency: "USD", shipMode: "order" },
    { code: C("fedex-air"), provider: C("fedex"), name: "FedEx Air", rateStrategy: "table_rate", currency: "USD",
      rateConfig: { basis: "dimensional", divisor: 5000, brackets: [{ upToG: 1000, amount: 1500 }, { upToG: 3000, amount: 2500 }] } },
  ];
  for (const m of methods) expect((await upsert("Method", m)).errors, m.code).toBeUndefined();
  for (const a of [{ box: C("cube"), provider: C("ups") }, { box: C("cube"), provider: C("usps") }, { box: C("tiny"), method: C("fedex-air") }]) {
    await admin(`mutation($i: JSON!) { assignShippingBox(input: $i) { code } }`, { i: a });
  }
  await upsert("Zone", { channel, code: "us", name: "US", regions: [{ country: "US" }], methods: [C("ups-ground"), C("usps-prio"), C("usps-free")] });
  await upsert("Zone", { channel, code: "la-air", name: "LA air", regions: [{ country: "US", subdivision: "US-CA", postalPatterns: ["900*"] }], methods: [C("fedex-air")] });
  await upsert("Zone", { channel, code: "ca", name: "Canada", regions: [{ country: "CA" }], methods: [C("usps-prio")] });
});

describe("shippingQuote", () => {
  it("uses the same box for UPS and USPS, and flat rate multiplies by the box count", async () => {
    // 8 cubes of 100 mm fill one 200 mm box exactly; 9 need a second box
    const eight = await quote([{ sku: SKU("CUBE"), quantity: 8 }]);
    expect(eight.errors, JSON.stringify(eight.errors)).toBeUndefined();
    const byMethod = Object.fromEntries(options(eight).map((o) => [o.method, o]));
    expect(byMethod[C("ups-ground")]!.packages.map((p) => p.box)).toEqual([C("cube")]);
    expect(byMethod[C("usps-prio")]!.packages.map((p) => p.box)).toEqual([C("cube")]);
    expect(byMethod[C("ups-ground")]!.price).toBe(700);
    expect(byMethod[C("ups-ground")]!.packages[0].fillRatio).toBe(1);
    expect(byMethod[C("ups-ground")]!.packages[0].weightG).toBe(8 * 500 + 100);
    expect(byMethod[C("ups-ground")]!.packages[0].placements).toHaveLength(8);
    const nine = await quote([{ sku: SKU("CUBE"), quantity: 9 }]);
    const n = Object.fromEntries(options(nine).map((o) => [o.method, o]));
    expect(n[C("ups-ground")]!.packages).toHaveLength(2);
    expect(n[C("ups-ground")]!.price).toBe(1400);
    expect(n[C("usps-prio")]!.price).toBe(1800);
  });

  it("zones filter the methods per address, and an address outside every zone gets none", async () => {
    const ny = options(await quote([{ sku: SKU("CUBE"), quantity: 1 }], NYC)).map((o) => o.method).sort();
    expect(ny).toEqual([C("ups-ground"), C("usps-free"), C("usps-prio")].sort());
    const la = options(await quote([{ sku: SKU("CUBE"), quantity: 1 }], LA)).map((o) => o.method);
    expect(la).toContain(C("fedex-air"));
    // fedex-air has its own tiny box (outer = inner 110 mm): one cube per box; dim weight 110³/5000 = 266 g < 520 g actual
    const air = options(await quote([{ sku: SKU("CUBE"), quantity: 2 }], LA)).find((o) => o.method === C("fedex-air"))!;
    expect(air.packages.map((p) => p.box)).toEqual([C("tiny"), C("tiny")]);
    expect(air.price).toBe(3000);
    const canada = options(await quote([{ sku: SKU("CUBE"), quantity: 1 }], { country: "CA", subdivision: "CA-ON" })).map((o) => o.method);
    expect(canada).toEqual([C("usps-prio")]);
    const fr = await quote([{ sku: SKU("CUBE"), quantity: 1 }], { country: "FR" });
    expect(fr.data.shippingQuote.shipments[0].methods).toEqual([]);
    expect(fr.data.shippingQuote.unshippable).toEqual([null]);
    expect(fr.data.shippingQuote.cheapestTotal).toBeNull();
  });

  it("splits a restricted item into its own shipment on a method allowed to carry it", async () => {
    const r = await quote([{ sku: SKU("CUBE"), quantity: 1 }, { variantId: ids[SKU("HAZ")], quantity: 2 }]);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    const s = r.data.shippingQuote.shipments;
    expect(s.map((x: any) => x.restrictedClass)).toEqual([null, "hazmat"]);
    expect(s[1].lines).toEqual([{ sku: SKU("HAZ"), quantity: 2 }]);
    expect(s[1].methods.map((m: any) => m.method)).toEqual([C("ups-ground")]);
    expect(s[0].methods.length).toBe(3);
    // cheapest per shipment: free-over not reached ($25 < $100) → 650 on the goods; 700 for hazmat
    expect(r.data.shippingQuote.cheapestTotal).toEqual({ amount: 650 + 700, currency: "USD" });
  });

  it("free_over uses the server's prices, never a client subtotal", async () => {
    const free = (q: any) => options(q).find((o) => o.method === C("usps-free"))!.price;
    expect(free(await quote([{ sku: SKU("CUBE"), quantity: 3 }]))).toBe(650); // 3 × $25 = $75
    expect(free(await quote([{ sku: SKU("CUBE"), quantity: 4 }]))).toBe(0); // $100
    const spoof = await gql("shop", Q.replace("address: $a)", "address: $a, subtotal: 999999)"), { lines: [{ sku: SKU("CUBE"), quantity: 1 }], a: NYC }, { channel });
    expect(spoof.status).toBe(400);
  });

  it("flags an item too large for every box as an oversize package", async () => {
    const r = await quote([{ sku: SKU("POLE"), quantity: 1 }, { sku: SKU("CUBE"), quantity: 1 }]);
    const ups = options(r).find((o) => o.method === C("ups-ground"))!;
    expect(ups.oversizeSkus).toEqual([SKU("POLE")]);
    const oversize = ups.packages.filter((p) => p.oversize);
    expect(oversize).toHaveLength(1);
    expect(oversize[0].box).toBeNull();
    expect(oversize[0].lengthMm).toBe(3000);
    expect(ups.price).toBe(1400);
  });

  it("loads a quote in a fixed number of SQL statements whatever the line count", async () => {
    await quote([{ sku: SKU("CUBE"), quantity: 1 }]); // warm the channel cache
    const count = (r: { headers: Headers }) => Number(r.headers.get("x-sql-queries"));
    const one = await quote([{ sku: SKU("CUBE"), quantity: 1 }]);
    const many = await quote([{ sku: SKU("CUBE"), quantity: 2 }, { sku: SKU("HAZ"), quantity: 1 }, { sku: SKU("POLE"), quantity: 1 }, { variantId: ids[SKU("CUBE")], quantity: 3 }]);
    expect(many.errors, JSON.stringify(many.errors)).toBeUndefined();
    // visible variant facts (1) + zones/methods/boxes/assignments/variant dims (1)
    expect(count(one)).toBe(2);
    expect(count(many)).toBe(2);
    // a logged-in buyer adds the pricing context's preference lookup (free_over prices the lines): still fixed
    const buyer = await tokenFor({ kind: "customer", customerId: crypto.randomUUID(), email: `${uniq("c")}@x.test`, groupIds: [] });
    const b1 = await quote([{ sku: SKU("CUBE"), quantity: 1 }], NYC, buyer);
    const b4 = await quote([{ sku: SKU("CUBE"), quantity: 2 }, { sku: SKU("HAZ"), quantity: 1 }, { sku: SKU("POLE"), quantity: 1 }, { variantId: ids[SKU("CUBE")], quantity: 3 }], NYC, buyer);
    expect(b4.errors, JSON.stringify(b4.errors)).toBeUndefined();
    expect(count(b1)).toBeLessThanOrEqual(3);
    expect(count(b4)).toBe(count(b1));
  });
});

describe("shippingQuote refusals", () => {
  it("a SKU the buyer may not see is NOT_FOUND, like an unknown one", async () => {
    for (const line of [{ sku: SKU("SECRET"), quantity: 1 }, { sku: "NO-SUCH-SKU", quantity: 1 }, { variantId: ids[SKU("SECRET")], quantity: 1 }]) {
      const r = await quote([{ sku: SKU("CUBE"), quantity: 1 }, line]);
      expect(r.errors?.[0]?.extensions, JSON.stringify(line)).toMatchObject({ code: "NOT_FOUND", field: line.sku ? "lines.1.sku" : "lines.1.variantId" });
    }
    // a shipping quote is no way around publication: the SKU is not on b2c
    const other = await gql("shop", Q, { lines: [{ sku: SKU("CUBE"), quantity: 1 }], a: NYC }, { channel: "b2c" });
    expect(other.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("a guest on a login-walled channel must log in first", async () => {
    const walled = uniq("wall");
    const ch = await gql("admin", `mutation($i: CreateChannelInput!) { createChannel(input: $i) { code } }`,
      { i: { code: walled, name: "Walled", commerceMode: "b2b", loginWallMode: "login_required", baseCurrency: "USD", supportedCurrencies: ["USD"] } },
      { token: await staffToken(["channels:write"]) });
    expect(ch.errors).toBeUndefined();
    const r = await gql("shop", Q, { lines: [{ sku: SKU("CUBE"), quantity: 1 }], a: NYC }, { channel: walled });
    expect(r.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(r.data).toBeNull();
  });

  it("bad lines and addresses are BAD_USER_INPUT naming the field", async () => {
    const cases: [unknown[], unknown, string][] = [
      [[{ sku: SKU("CUBE"), quantity: 0 }], NYC, "lines.0.quantity"],
      [[{ sku: SKU("CUBE"), variantId: ids[SKU("CUBE")], quantity: 1 }], NYC, "lines.0.sku"],
      [[], NYC, "lines"],
      [[{ sku: SKU("CUBE"), quantity: 1 }], { country: "USA" }, "address.country"],
      [[{ sku: SKU("CUBE"), quantity: 1 }], { country: "US", subdivision: "CA-ON" }, "address.subdivision"],
      [[{ sku: SKU("NODIM"), quantity: 1 }], NYC, "lines.0.sku"],
      // heavier than every box's load limit
      [[{ sku: SKU("CUBE"), quantity: 1 }, { sku: SKU("LEAD"), quantity: 1 }], NYC, "lines.1.quantity"],
    ];
    for (const [lines, a, field] of cases) {
      const r = await quote(lines, a);
      expect(r.errors?.[0]?.extensions, field).toMatchObject({ code: "BAD_USER_INPUT", field });
    }
  });
});

describe("cartShippingQuote", () => {
  const CQ = `query($a: ShippingAddressInput!, $g: String) { cartShippingQuote(address: $a, guestToken: $g) { cartVersion skippedSkus shipments { methods { method price } } } }`;

  it("quotes the caller's cart with its own prices, per cart version", async () => {
    const add = async (quantity: number, guestToken?: string) => {
      const r = await gql("shop", `mutation($i: AddToCartInput!) { addToCart(input: $i) { guestToken version } }`, { i: { sku: SKU("CUBE"), quantity, guestToken } }, { channel });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      return r.data.addToCart as { guestToken: string; version: number };
    };
    const first = await add(3);
    const q1 = await gql("shop", CQ, { a: NYC, g: first.guestToken }, { channel });
    expect(q1.errors, JSON.stringify(q1.errors)).toBeUndefined();
    expect(q1.data.cartShippingQuote.cartVersion).toBe(first.version);
    const price = (q: any, m: string) => q.data.cartShippingQuote.shipments[0].methods.find((x: any) => x.method === m).price;
    expect(price(q1, C("usps-free"))).toBe(650);
    expect(price(q1, C("ups-ground"))).toBe(700);
    // same cart version and address: served from the per-isolate cache, without the quote's 2 statements
    const again = await gql("shop", CQ, { a: NYC, g: first.guestToken }, { channel });
    const sqlCount = (r: { headers: Headers }) => Number(r.headers.get("x-sql-queries"));
    expect(again.data).toEqual(q1.data);
    expect(sqlCount(again)).toBe(sqlCount(q1) - 2);
    const second = await add(6, first.guestToken); // 9 cubes, $225: two boxes, free over $100
    const q2 = await gql("shop", CQ, { a: NYC, g: first.guestToken }, { channel });
    expect(q2.data.cartShippingQuote.cartVersion).toBe(second.version);
    expect(price(q2, C("usps-free"))).toBe(0);
    expect(price(q2, C("ups-ground"))).toBe(1400);
  });

  it("a guest without a cart gets NOT_FOUND", async () => {
    const none = await gql("shop", CQ, { a: NYC }, { channel });
    expect(none.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("shipping admin", () => {
  it("refuses guests, customers and staff without the permission", async () => {
    const customer = await tokenFor({ kind: "customer", customerId: crypto.randomUUID(), email: `${uniq("c")}@x.test`, groupIds: [] });
    const reader = await staffToken(["shipping:read"]);
    const other = await staffToken(["catalog:write"]);
    const box = { code: C("nope"), name: "Nope", innerLengthMm: 10, innerWidthMm: 10, innerHeightMm: 10 };
    expect((await upsert("Box", box, "")).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await upsert("Box", box, customer)).errors?.[0]?.extensions?.code).toMatch(/FORBIDDEN|UNAUTHENTICATED/);
    expect((await upsert("Box", box, reader)).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql("admin", "{ shippingBoxes { code } }", {}, { token: other })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const read = await gql("admin", "{ shippingBoxes { code providers methods } }", {}, { token: reader });
    expect(read.errors).toBeUndefined();
    const cube = read.data.shippingBoxes.find((b: any) => b.code === C("cube"));
    expect(cube.providers).toEqual([C("ups"), C("usps")].sort());
    // no refused write reached the database
    expect(read.data.shippingBoxes.some((b: any) => b.code === C("nope"))).toBe(false);
    // the shop API has no admin fields
    expect((await gql("shop", "{ shippingBoxes { code } }", {}, { channel })).status).toBe(400);
  });

  it("bad boxes, methods, assignments and zones are typed errors naming the field", async () => {
    const box = { code: C("bad"), name: "Bad", innerLengthMm: 100, innerWidthMm: 100, innerHeightMm: 100 };
    const m = { code: C("bad-m"), provider: C("ups"), name: "Bad", rateStrategy: "flat_per_box", rateConfig: { amount: 100 }, currency: "USD" };
    const cases: [ReturnType<typeof upsert> | Promise<any>, string][] = [
      [upsert("Box", { ...box, innerWidthMm: 0 }), "input.innerWidthMm"],
      [upsert("Box", { ...box, innerHeightMm: -5 }), "input.innerHeightMm"],
      [upsert("Box", { ...box, outerLengthMm: 90 }), "input.outerLengthMm"],
      [upsert("Method", { ...m, rateStrategy: "carrier_pigeon" }), "input.rateStrategy"],
      [upsert("Method", { ...m, rateConfig: { amount: -1 } }), "input.rateConfig.amount"],
      [upsert("Method", { ...m, rateStrategy: "table_rate", rateConfig: { brackets: [{ upToG: 500, amount: 1 }, { upToG: 100, amount: 2 }] } }), "input.rateConfig.brackets"],
      [upsert("Method", { ...m, provider: C("dhl") }), "input.provider"],
      [gql("admin", `mutation($i: JSON!) { assignShippingBox(input: $i) { code } }`, { i: { box: C("cube"), method: C("none") } }, { token: writer }), "input.method"],
      [upsert("Zone", { channel, code: "x", name: "X", regions: [{ country: "US" }], methods: [C("ups-ground"), C("missing")] }), "input.methods.1"],
      [upsert("Zone", { channel, code: "x", name: "X", regions: [{ country: "US", postalPatterns: ["9..1"] }] }), "input.regions.0.postalPatterns.0"],
    ];
    for (const [p, field] of cases) {
      const r = await p;
      expect(r.errors?.[0]?.extensions, field).toMatchObject({ code: "BAD_USER_INPUT", field });
      expect(r.errors?.[0]?.message.length).toBeGreaterThan(5);
    }
    const methods = await admin(`{ shippingMethods(provider: "${C("ups")}") { code } }`);
    expect(methods.shippingMethods.map((x: any) => x.code)).toEqual([C("ups-ground")]);
    const zones = await admin(`query($c: String!) { shippingZones(channel: $c) { code methods } }`, { c: channel });
    expect(zones.shippingZones.map((z: any) => z.code)).toEqual(["ca", "la-air", "us"]);
  });

  it("a method with its own box uses only it; unassigning falls back to the provider's boxes", async () => {
    const own = C("own-m");
    expect((await upsert("Method", { code: own, provider: C("usps"), name: "Own", rateStrategy: "flat_per_box", rateConfig: { amount: 100 }, currency: "USD" })).errors).toBeUndefined();
    await upsert("Zone", { channel, code: "own", name: "Own", regions: [{ country: "MX" }], methods: [own] });
    const boxes = async () => options(await quote([{ sku: SKU("CUBE"), quantity: 1 }], { country: "MX" }))[0]!.packages.map((p) => p.box);
    expect(await boxes()).toEqual([C("cube")]);
    await admin(`mutation($i: JSON!) { assignShippingBox(input: $i) { code } }`, { i: { box: C("tiny"), method: own } });
    expect(await boxes()).toEqual([C("tiny")]);
    await admin(`mutation($i: JSON!) { unassignShippingBox(input: $i) { code } }`, { i: { box: C("tiny"), method: own } });
    expect(await boxes()).toEqual([C("cube")]);
    const del = await gql("admin", `mutation($c: String!) { deleteShippingProvider(code: $c) }`, { c: C("usps") }, { token: writer });
    expect(del.errors?.[0]?.extensions?.code).toBe("CONFLICT");
  });
});

describe("seeded shipping (scripts/seed/shipping.seed.ts)", () => {
  it("offers every US method in the contiguous US, ground only in Alaska, and ships hazmat apart on ground", async () => {
    const [plain, hazmat] = await withDb(async (h) => {
      const pick = (restricted: boolean) => h.db.execute<{ sku: string }>(sql`select v.sku from variants v join products p on p.id = v.product_id
        join product_channels pc on pc.product_id = p.id join channels c on c.id = pc.channel_id
        where c.code = 'hybrid' and p.status = 'active' and v.status = 'active' and v.length_mm > 0
          and not exists (select 1 from product_group_restrictions g where g.product_id = p.id)
          and not exists (select 1 from product_categories pc2 join categories c2 on c2.id = pc2.category_id
                          join category_group_restrictions r on r.category_id = any(c2.path) where pc2.product_id = p.id)
          and ${restricted ? sql`v.restricted_class = 'hazmat'` : sql`v.restricted_class is null`} order by v.sku limit 1`);
      return [[...(await pick(false))][0]!.sku, [...(await pick(true))][0]!.sku];
    });
    const seeded = (lines: unknown[], a: unknown) => gql("shop", Q, { lines, a }, { channel: "hybrid" });
    const ny = await seeded([{ sku: plain, quantity: 2 }], NYC);
    expect(ny.errors, JSON.stringify(ny.errors)).toBeUndefined();
    expect(ny.data.shippingQuote.shipments[0].methods.map((m: any) => m.method).sort()).toEqual(["fedex-express", "fedex-ground", "ups-2day", "ups-ground", "usps-free-over-100", "usps-priority"]);
    const ak = await seeded([{ sku: plain, quantity: 1 }], { country: "US", subdivision: "US-AK", postalCode: "99501" });
    expect(ak.data.shippingQuote.shipments[0].methods.map((m: any) => m.method).sort()).toEqual(["ups-ground", "usps-priority"]);
    const split = await seeded([{ sku: plain, quantity: 1 }, { sku: hazmat, quantity: 1 }], NYC);
    const shipments = split.data.shippingQuote.shipments;
    expect(shipments.map((s: any) => s.restrictedClass)).toEqual([null, "hazmat"]);
    expect(shipments[1].methods.map((m: any) => m.method).sort()).toEqual(["fedex-ground", "ups-ground"]);
    const eu = await seeded([{ sku: plain, quantity: 1 }], { country: "DE" });
    expect(eu.data.shippingQuote.shipments[0].methods.map((m: any) => m.method)).toEqual(["fedex-intl-eu"]);
  });
});
