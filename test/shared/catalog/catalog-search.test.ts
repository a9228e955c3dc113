import { beforeAll, describe, expect, it } from "vitest";
import { gql, uniq } from "../../helpers/graphql";
import { adminMutation, LIST, mustUpsert, SEARCH, slugsOf, variant } from "./catalog-fixtures";

const tag = uniq("srch");
const brandA = `${tag}-a`;
const brandB = `${tag}-b`;
const s = (n: string) => `${tag}-${n}`;
const SKU = (n: string) => `${tag}-${n}`.toUpperCase();
const brands = [brandA, brandB];

beforeAll(async () => {
  for (const b of brands) await adminMutation("mutation($s: String!) { upsertBrand(slug: $s, name: $s) { id } }", { s: b });
  for (const c of ["striking", "fixing"]) await adminMutation("mutation($i: JSON!) { upsertCategory(input: $i) { id } }", { i: { slug: s(c), name: c } });
  const p = (slug: string, name: string, brand: string, cat: string, material: string, skus: string[]) => ({
    slug: s(slug),
    name,
    status: "active",
    brand,
    categories: [s(cat)],
    channels: ["b2c"],
    traits: { material, line: "pro" },
    variants: skus.map((k) => variant(SKU(k))),
  });
  await mustUpsert([
    p("claw", "Quillfeather Claw Hammer", brandA, "striking", "steel", ["CLAW-16", "CLAW-20"]),
    p("mallet", "Quillfeather Rubber Mallet", brandB, "striking", "rubber", ["MAL-1"]),
    p("sledge", "Quillfeather Sledge Hammer", brandA, "striking", "steel", ["SLG-8"]),
    p("screws", "Quillfeather Wood Screws", brandB, "fixing", "steel", ["SCR-1", "SCR-2", "SCR-3"]),
    p("anchors", "Quillfeather Wall Anchors", brandA, "fixing", "plastic", ["ANC-1"]),
    p("nails", "Quillfeather Common Nails", brandB, "fixing", "steel", ["NAI-1"]),
  ]);
});

const search = async (q: string, extra: Record<string, unknown> = {}) => {
  const r = await gql("shop", SEARCH, { q, filter: { brands }, ...extra }, { channel: "b2c" });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.search;
};

describe("catalog search", () => {
  it("finds by name, ranking name matches first", async () => {
    const r = await search("claw hammer");
    expect(slugsOf(r)[0]).toBe(s("claw"));
  });

  it("finds a product by one of its SKUs, the exact SKU first", async () => {
    const r = await search(SKU("CLAW-20"));
    expect(slugsOf(r)[0]).toBe(s("claw"));
    expect(r.edges[0].node.variants.map((v: { sku: string }) => v.sku)).toContain(SKU("CLAW-20"));
  });

  it("tolerates a one-letter typo: 'hamer' finds both hammers, 'screwz' finds the screws", async () => {
    const hamer = await search("hamer");
    expect(slugsOf(hamer)).toEqual(expect.arrayContaining([s("claw"), s("sledge")]));
    expect(slugsOf(hamer)).not.toContain(s("anchors"));
    expect(slugsOf(await search("wood screwz"))).toContain(s("screws"));
  });

  it("returns facet counts that agree with the results and with filtering by each facet", async () => {
    const all = await search("quillfeather");
    expect(all.totalCount).toBe(6);
    expect(all.edges).toHaveLength(6);
    const byBrand = Object.fromEntries(all.facets.brands.map((b: { slug: string; count: number }) => [b.slug, b.count]));
    expect(byBrand).toEqual({ [brandA]: 3, [brandB]: 3 });
    expect(all.facets.categories).toEqual(expect.arrayContaining([{ slug: s("striking"), count: 3 }, { slug: s("fixing"), count: 3 }]));
    expect(all.facets.traits).toEqual(expect.arrayContaining([{ trait: "material", value: "steel", count: 4 }, { trait: "line", value: "pro", count: 6 }]));
    // narrowing by a facet value gives exactly the advertised count, and the facets follow the narrowed set
    const steel = await search("quillfeather", { filter: { brands, traits: [{ trait: "material", values: ["steel"] }] } });
    expect(steel.totalCount).toBe(4);
    expect(steel.facets.categories).toEqual(expect.arrayContaining([{ slug: s("striking"), count: 2 }, { slug: s("fixing"), count: 2 }]));
    const striking = await search("quillfeather", { filter: { brands, category: s("striking") } });
    expect(striking.totalCount).toBe(3);
    expect(slugsOf(striking).sort()).toEqual([s("claw"), s("mallet"), s("sledge")]);
  });

  it("paginates stably: pages of 2 in every sort cover the full result exactly once, in order", async () => {
    for (const [field, sort] of [["search", "RELEVANCE"], ["search", "NAME"], ["products", "NEWEST"], ["products", "NAME"]] as const) {
      const run = async (first: number, after?: string) => {
        const r =
          field === "search"
            ? await gql("shop", SEARCH, { q: "quillfeather", filter: { brands }, sort, first, after }, { channel: "b2c" })
            : await gql("shop", LIST, { filter: { brands }, sort, first, after }, { channel: "b2c" });
        expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
        return r.data[field];
      };
      const full = slugsOf(await run(50));
      expect(full).toHaveLength(6);
      const paged: string[] = [];
      let after: string | undefined;
      for (let i = 0; i < 5; i++) {
        const page = await run(2, after);
        paged.push(...slugsOf(page));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(paged, `${field} ${sort}`).toEqual(full);
    }
  });

  it("refuses a cursor from another sort and a page size out of range, naming the argument", async () => {
    const byName = await gql("shop", LIST, { filter: { brands }, sort: "NAME", first: 2 }, { channel: "b2c" });
    const bad = await gql("shop", LIST, { filter: { brands }, sort: "NEWEST", after: byName.data.products.pageInfo.endCursor }, { channel: "b2c" });
    expect(bad.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(bad.errors?.[0]?.extensions?.field).toBe("after");
    const big = await gql("shop", LIST, { first: 1000 }, { channel: "b2c" });
    expect(big.errors?.[0]?.extensions?.field).toBe("first");
    const empty = await gql("shop", SEARCH, { q: "  ?! " }, { channel: "b2c" });
    expect(empty.errors?.[0]?.extensions?.field).toBe("query");
  });

  it("loads a listing page with variants and prices in a fixed number of SQL queries whatever the page size", async () => {
    const q = `query($first: Int, $filter: ProductFilter) { products(first: $first, filter: $filter) {
      edges { node { slug brand { slug } categories { slug } traits { trait } variants { sku casePack price { amount } priceHiddenReason } } } } }`;
    await gql("shop", q, { first: 1 }, { channel: "b2c" }); // warm the per-isolate channel cache
    const counts: number[] = [];
    for (const [first, filter] of [[1, { brands }], [6, { brands }], [50, undefined]] as const) {
      const r = await gql("shop", q, { first, filter }, { channel: "b2c" });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(r.data.products.edges.length).toBeGreaterThanOrEqual(first === 50 ? 50 : first);
      counts.push(Number(r.headers.get("x-sql-queries")));
    }
    expect(counts[0]).toBeLessThanOrEqual(3);
    expect(new Set(counts).size).toBe(1);
  });
});
