import { beforeAll, describe, expect, it } from "vitest";
import { gql, staffToken, uniq } from "../../helpers/graphql";
import { adminMutation, customerToken, employeeToken, LIST, makeGroup, mustUpsert, PRICED, SEARCH, slugsOf, variant } from "./catalog-fixtures";

/**
 * One small catalog exercising every visibility rule: channel publication, status, product-level
 * and inherited category-level group restrictions, and the three login wall modes.
 */
const tag = uniq("vis");
const brand = `${tag}-brand`;
const s = (name: string) => `${tag}-${name}`;
const SKU = (name: string) => `${tag}-${name}`.toUpperCase();
let groupA = "";
let groupB = "";
let ids: Record<string, string> = {};
const wallChannel = uniq("wall");

beforeAll(async () => {
  groupA = await makeGroup();
  groupB = await makeGroup();
  await adminMutation("mutation($s: String!, $n: String!) { upsertBrand(slug: $s, name: $n) { id } }", { s: brand, n: `Brand ${tag}` });
  await adminMutation("mutation($i: JSON!) { upsertCategory(input: $i) { id } }", { i: { slug: s("open"), name: "Open" } });
  await adminMutation("mutation($i: JSON!) { upsertCategory(input: $i) { id } }", { i: { slug: s("controlled"), name: "Controlled", restrictedToGroups: [groupA] } });
  await adminMutation("mutation($i: JSON!) { upsertCategory(input: $i) { id } }", { i: { slug: s("controlled-sub"), name: "Controlled sub", parent: s("controlled") } });
  const admin = await staffToken(["channels:write"]);
  const ch = await gql(
    "admin",
    `mutation($i: CreateChannelInput!) { createChannel(input: $i) { code } }`,
    { i: { code: wallChannel, name: "Members only", commerceMode: "b2b", loginWallMode: "login_required", baseCurrency: "USD", supportedCurrencies: ["USD"] } },
    { token: admin },
  );
  expect(ch.errors).toBeUndefined();
  const base = { status: "active", brand, categories: [s("open")] };
  const r = await mustUpsert([
    { ...base, slug: s("public"), name: "Zeppelin Public Widget", channels: ["b2b", "b2c", wallChannel], variants: [variant(SKU("PUB"))] },
    { ...base, slug: s("b2b-only"), name: "Zeppelin Wholesale Widget", channels: ["b2b"], variants: [variant(SKU("WHL"), { casePack: 12 })] },
    { ...base, slug: s("draft"), name: "Zeppelin Draft Widget", status: "draft", channels: ["b2c"], variants: [variant(SKU("DRF"))] },
    { ...base, slug: s("restricted"), name: "Zeppelin Restricted Widget", channels: ["b2c", "b2b"], restrictedToGroups: [groupA], variants: [variant(SKU("RST"))] },
    { ...base, slug: s("in-controlled"), name: "Zeppelin Controlled Widget", categories: [s("controlled-sub")], channels: ["b2c"], variants: [variant(SKU("CTL"))] },
  ]);
  ids = Object.fromEntries(r.products.map((p) => [p.slug.slice(tag.length + 1), p.id]));
});

const list = async (opts: { channel?: string; token?: string } = {}) => {
  const r = await gql("shop", LIST, { filter: { brands: [brand] }, first: 50 }, opts);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return slugsOf(r.data.products).map((x) => x.slice(tag.length + 1)).sort();
};

describe("catalog visibility by channel, status and customer group", () => {
  it("a guest on b2c sees only active products published to b2c and open to everyone", async () => {
    expect(await list({ channel: "b2c" })).toEqual(["public"]);
  });

  it("a member of the allowed group also sees the restricted product and the restricted category's products (inherited by sub-categories)", async () => {
    expect(await list({ channel: "b2c", token: await customerToken([groupA]) })).toEqual(["in-controlled", "public", "restricted"]);
    expect(await list({ channel: "b2c", token: await employeeToken([groupB, groupA]) })).toEqual(["in-controlled", "public", "restricted"]);
  });

  it("a logged-in buyer outside the group sees no more than a guest", async () => {
    expect(await list({ channel: "b2c", token: await customerToken([groupB]) })).toEqual(["public"]);
    expect(await list({ channel: "b2c", token: await customerToken([]) })).toEqual(["public"]);
  });

  it("publication is per channel: the wholesale-only product exists on b2b and not on b2c", async () => {
    expect(await list({ channel: "b2b" })).toEqual(["b2b-only", "public"]);
    const lookup = await gql("shop", "query($s: String!) { product(slug: $s) { id } }", { s: s("b2b-only") }, { channel: "b2c" });
    expect(lookup.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("a hidden product does not exist for that buyer: lookups by id, slug and SKU are NOT_FOUND, like a missing one", async () => {
    const guest = { channel: "b2c" };
    for (const args of [{ id: ids.restricted }, { slug: s("restricted") }, { sku: SKU("RST") }, { sku: SKU("CTL") }, { slug: s("draft") }]) {
      const r = await gql("shop", "query($id: ID, $slug: String, $sku: String) { product(id: $id, slug: $slug, sku: $sku) { id } }", args, guest);
      expect(r.errors?.[0]?.extensions?.code, JSON.stringify(args)).toBe("NOT_FOUND");
      expect(r.data).toBeNull();
    }
    const member = { channel: "b2c", token: await customerToken([groupA]) };
    const bySku = await gql("shop", "query($sku: String) { product(sku: $sku) { id slug } }", { sku: SKU("CTL") }, member);
    expect(bySku.data.product).toEqual({ id: ids["in-controlled"], slug: s("in-controlled") });
  });

  it("a restricted SKU is absent from search results and from every facet count", async () => {
    const guest = await gql("shop", SEARCH, { q: SKU("RST"), filter: { brands: [brand] } }, { channel: "b2c" });
    expect(guest.errors).toBeUndefined();
    // a similar-looking SKU may still match fuzzily, but never the restricted product itself
    expect(slugsOf(guest.data.search)).not.toContain(s("restricted"));
    expect(guest.data.search.totalCount).toBe(guest.data.search.edges.length);
    const asMember = await gql("shop", SEARCH, { q: SKU("RST"), filter: { brands: [brand] } }, { channel: "b2c", token: await customerToken([groupA]) });
    expect(slugsOf(asMember.data.search)[0]).toBe(s("restricted"));
    expect(slugsOf(asMember.data.search)).toEqual(expect.arrayContaining(slugsOf(guest.data.search)));
    expect(asMember.data.search.totalCount).toBe(asMember.data.search.edges.length);
    const byName = await gql("shop", SEARCH, { q: "zeppelin widget", filter: { brands: [brand] } }, { channel: "b2c" });
    expect(slugsOf(byName.data.search)).toEqual([s("public")]);
    expect(byName.data.search.totalCount).toBe(1);
    expect(byName.data.search.facets.brands).toEqual([{ slug: brand, count: 1 }]);
    expect(byName.data.search.facets.categories).toEqual([{ slug: s("open"), count: 1 }]);

    const member = await gql("shop", SEARCH, { q: "zeppelin widget", filter: { brands: [brand] } }, { channel: "b2c", token: await customerToken([groupA]) });
    expect(member.data.search.totalCount).toBe(3);
    expect(member.data.search.facets.brands).toEqual([{ slug: brand, count: 3 }]);
    expect(member.data.search.facets.categories).toEqual(
      expect.arrayContaining([
        { slug: s("open"), count: 2 },
        { slug: s("controlled-sub"), count: 1 },
      ]),
    );
  });

  it("restricted categories are hidden from the category tree and category filters for outsiders", async () => {
    const q = "{ categories { slug depth } }";
    const guest = await gql("shop", q, undefined, { channel: "b2c" });
    const guestSlugs = guest.data.categories.map((c: { slug: string }) => c.slug);
    expect(guestSlugs).toContain(s("open"));
    expect(guestSlugs).not.toContain(s("controlled"));
    expect(guestSlugs).not.toContain(s("controlled-sub"));
    const member = await gql("shop", q, undefined, { channel: "b2c", token: await customerToken([groupA]) });
    expect(member.data.categories).toEqual(expect.arrayContaining([{ slug: s("controlled"), depth: 0 }, { slug: s("controlled-sub"), depth: 1 }]));
    const filtered = await gql("shop", LIST, { filter: { category: s("controlled") } }, { channel: "b2c" });
    expect(filtered.data.products.edges).toEqual([]);
    const filteredMember = await gql("shop", LIST, { filter: { category: s("controlled") } }, { channel: "b2c", token: await customerToken([groupA]) });
    expect(slugsOf(filteredMember.data.products)).toEqual([s("in-controlled")]);
  });
});

describe("login wall modes", () => {
  it("login_to_price (b2b): guests see products with null prices and the reason; logged-in buyers are not blocked", async () => {
    const guest = await gql("shop", PRICED, { filter: { brands: [brand] }, first: 50 }, { channel: "b2b" });
    const v = guest.data.products.edges[0].node.variants[0];
    expect(v.price).toBeNull();
    expect(v.priceHiddenReason).toBe("LOGIN_REQUIRED");
    const buyer = await gql("shop", PRICED, { filter: { brands: [brand] }, first: 50 }, { channel: "b2b", token: await customerToken([]) });
    expect(buyer.errors, JSON.stringify(buyer.errors)).toBeUndefined();
    // the variant has no price list entry: the reason says "not priced", not "log in"
    expect(buyer.data.products.edges[0].node.variants[0]).toMatchObject({ price: null, priceHiddenReason: "NOT_PRICED" });
  });

  it("open (b2c): no login reason is given to guests", async () => {
    const guest = await gql("shop", PRICED, { filter: { brands: [brand] } }, { channel: "b2c" });
    expect(guest.errors, JSON.stringify(guest.errors)).toBeUndefined();
    expect(guest.data.products.edges[0].node.variants[0].priceHiddenReason).not.toBe("LOGIN_REQUIRED");
  });

  it("login_required hides the whole catalog from anonymous visitors (listing, search, lookup, categories)", async () => {
    for (const [q, vars] of [
      [LIST, { filter: { brands: [brand] } }],
      [SEARCH, { q: "zeppelin" }],
      ["query($s: String) { product(slug: $s) { id } }", { s: s("public") }],
      ["{ categories { slug } }", {}],
    ] as const) {
      const r = await gql("shop", q, vars, { channel: wallChannel });
      expect(r.errors?.[0]?.extensions?.code, q).toBe("UNAUTHENTICATED");
    }
    const member = await gql("shop", LIST, { filter: { brands: [brand] } }, { channel: wallChannel, token: await customerToken([]) });
    expect(member.errors).toBeUndefined();
    expect(slugsOf(member.data.products)).toEqual([s("public")]);
  });
});
