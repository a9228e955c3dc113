import { sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { gql, staffToken, uniq } from "../../helpers/graphql";
import { withDb } from "../../helpers/db";
import { adminMutation, customerToken, mustUpsert, upsertProducts, variant } from "./catalog-fixtures";

const tag = uniq("adm");
const s = (n: string) => `${tag}-${n}`;
const SKU = (n: string) => `${tag}-${n}`.toUpperCase();

beforeAll(async () => {
  await adminMutation("mutation($i: JSON!) { upsertCategory(input: $i) { id } }", { i: { slug: s("cat"), name: "Cat" } });
});

const productBySlug = async (slug: string) =>
  gql("admin", "query($s: String) { catalogProduct(slug: $s) { id name status variants { sku status casePack moq } } }", { s: slug }, { token: await staffToken(["catalog:read"]) });

const events = (aggregateId: string) =>
  withDb(async (h) => [...(await h.db.execute<{ type: string }>(sql`select type from domain_events where aggregate_id = ${aggregateId} order by occurred_at, type`))].map((r) => r.type));

describe("admin catalog: permissions", () => {
  it("refuses guests, customers and staff without catalog:write", async () => {
    const rows = [{ slug: s("perm"), name: "Perm" }];
    const mutation = "mutation($p: JSON!) { upsertProducts(products: $p) { createdProducts } }";
    expect((await gql("admin", mutation, { p: rows })).errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect((await gql("admin", mutation, { p: rows }, { token: await customerToken([]) })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const reader = await staffToken(["catalog:read"]);
    expect((await gql("admin", mutation, { p: rows }, { token: reader })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await gql("admin", "{ catalogCategories { slug } }", undefined, { token: await staffToken(["channels:read"]) })).errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect((await productBySlug(s("perm"))).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});

describe("admin catalog: bulk upsert validation is all-or-nothing with typed errors", () => {
  const good = () => ({ slug: s(uniq("ok-")), name: "Good", categories: [s("cat")], variants: [variant(SKU(uniq("G")))] });
  const cases: [string, (existingSku: string) => unknown[], string, RegExp][] = [
    ["duplicate SKU inside the batch", () => { const a = good(); return [a, { ...good(), variants: [variant(a.variants[0]!.sku)] }]; }, "products.1.variants.0.sku", /duplicate SKU/],
    ["SKU owned by another product", (existing) => [good(), { ...good(), variants: [variant(existing)] }], "products.1.variants.0.sku", /belongs to product/],
    ["negative dimension", () => [good(), { ...good(), variants: [variant(SKU(uniq("N")), { lengthMm: -5 })] }], "products.1.variants.0.lengthMm", /cannot be negative/],
    ["case pack 0", () => [good(), { ...good(), variants: [variant(SKU(uniq("C")), { casePack: 0 })] }], "products.1.variants.0.casePack", /case pack/],
    ["MOQ not a multiple of the case pack", () => [good(), { ...good(), variants: [variant(SKU(uniq("M")), { casePack: 12, moq: 30 })] }], "products.1.variants.0.moq", /not a multiple of the case pack 12/],
    ["unknown category", () => [good(), { ...good(), categories: [s("cat"), "no-such-category"] }], "products.1.categories.1", /unknown category "no-such-category"/],
  ];

  let existingSku = "";
  beforeAll(async () => {
    existingSku = SKU("OWNED");
    await mustUpsert([{ slug: s("owner"), name: "Owner", variants: [variant(existingSku)] }]);
  });

  for (const [name, rows, field, message] of cases) {
    it(`${name} → BAD_USER_INPUT on ${field}, and the valid rows are not written`, async () => {
      const batch = rows(existingSku) as { slug: string }[];
      const r = await upsertProducts(batch);
      expect(r.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(r.errors?.[0]?.extensions?.field).toBe(field);
      expect(r.errors?.[0]?.message).toMatch(message);
      expect((await productBySlug(batch[0]!.slug)).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    });
  }

  it("defaults MOQ and increment to the case pack and stores dimensions as given", async () => {
    await mustUpsert([{ slug: s("case"), name: "Cased", variants: [variant(SKU("CASE"), { casePack: 24 })] }]);
    const r = await productBySlug(s("case"));
    expect(r.data.catalogProduct.variants).toEqual([{ sku: SKU("CASE"), status: "active", casePack: 24, moq: 24 }]);
  });
});

describe("admin catalog: upsert, update, archive, delete and their events", () => {
  it("creates, then updates by slug/SKU in one call, writing product and variant events in the outbox", async () => {
    const first = await mustUpsert([{ slug: s("life"), name: "Lifecycle", variants: [variant(SKU("L1"))] }]);
    const id = first.products[0]!.id;
    expect(first.products[0]!.created).toBe(true);
    const second = await upsertProducts([{ slug: s("life"), name: "Lifecycle v2", status: "active", variants: [variant(SKU("L1"), { weightG: 999 }), variant(SKU("L2"))] }]);
    expect(second.data.upsertProducts).toMatchObject({ createdProducts: 0, updatedProducts: 1, createdVariants: 1, updatedVariants: 1 });
    const p = (await productBySlug(s("life"))).data.catalogProduct;
    expect(p).toMatchObject({ id, name: "Lifecycle v2", status: "active" });
    expect(p.variants.map((v: { sku: string }) => v.sku)).toEqual([SKU("L1"), SKU("L2")]);
    expect(await events(id)).toEqual(["product.created", "product.updated"]);

    const renamed = await adminMutation("mutation($id: ID!, $i: JSON!) { updateProduct(id: $id, input: $i) { name slug } }", { id, i: { name: "Lifecycle Hammer" } });
    expect(renamed.updateProduct).toEqual({ name: "Lifecycle Hammer", slug: s("life") });
    const archived = await adminMutation("mutation($id: ID!) { archiveProduct(id: $id) { status } }", { id });
    expect(archived.archiveProduct.status).toBe("archived");
    expect(await events(id)).toContain("product.archived");
    const shop = await gql("shop", "query($s: String) { product(slug: $s) { id } }", { s: s("life") }, { channel: "b2c" });
    expect(shop.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("deletes an unreferenced variant and product (the default reference check says nothing references them)", async () => {
    const r = await mustUpsert([{ slug: s("gone"), name: "Gone", variants: [variant(SKU("GONE1")), variant(SKU("GONE2"))] }]);
    const del = await adminMutation("mutation($s: String!) { deleteVariant(sku: $s) { deleted archived } }", { s: SKU("GONE1") });
    expect(del.deleteVariant).toEqual({ deleted: true, archived: false });
    const delP = await adminMutation("mutation($id: ID!) { deleteProduct(id: $id) { deleted archived } }", { id: r.products[0]!.id });
    expect(delP.deleteProduct).toEqual({ deleted: true, archived: false });
    expect((await productBySlug(s("gone"))).errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });

  it("refuses to move a category under its own descendant", async () => {
    await adminMutation("mutation($i: JSON!) { upsertCategory(input: $i) { id } }", { i: { slug: s("top"), name: "Top" } });
    await adminMutation("mutation($i: JSON!) { upsertCategory(input: $i) { id } }", { i: { slug: s("child"), name: "Child", parent: s("top") } });
    const r = await gql("admin", "mutation($i: JSON!) { upsertCategory(input: $i) { id } }", { i: { slug: s("top"), name: "Top", parent: s("child") } }, { token: await staffToken(["catalog:write"]) });
    expect(r.errors?.[0]?.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.parent" });
  });
});
