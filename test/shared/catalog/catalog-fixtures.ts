import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { gql, staffToken, tokenFor, uniq } from "../../helpers/graphql";
import { withDb } from "../../helpers/db";

/** Catalog test data is created through the admin API, with unique slugs/SKUs per test file. */
export const catalogAdmin = () => staffToken(["catalog:read", "catalog:write"]);

export async function upsertProducts(products: unknown[], token?: string) {
  return gql("admin", "mutation($p: JSON!) { upsertProducts(products: $p) { createdProducts updatedProducts createdVariants updatedVariants products } }", { p: products }, {
    token: token ?? (await catalogAdmin()),
  });
}

export async function mustUpsert(products: unknown[]) {
  const r = await upsertProducts(products);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data.upsertProducts as { products: { id: string; slug: string; created: boolean }[] };
}

export async function adminMutation(query: string, variables: Record<string, unknown>) {
  const r = await gql("admin", query, variables, { token: await catalogAdmin() });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
}

/** Customer groups belong to the accounts domain; tests create them directly in its table. */
export async function makeGroup(): Promise<string> {
  const code = uniq("grp-");
  return withDb(async (h) => {
    const rows = await h.db.execute<{ id: string }>(sql`insert into customer_groups (code, name) values (${code}, ${code}) returning id`);
    return [...rows][0]!.id;
  });
}

export const customerToken = (groupIds: string[]) =>
  tokenFor({ kind: "customer", customerId: crypto.randomUUID(), email: `${uniq("c")}@x.test`, groupIds });

export const employeeToken = (groupIds: string[]) =>
  tokenFor({
    kind: "employee",
    employeeId: crypto.randomUUID(),
    accountId: crypto.randomUUID(),
    locationId: crypto.randomUUID(),
    role: "buyer",
    email: `${uniq("e")}@x.test`,
    groupIds,
  });

export const variant = (sku: string, extra: Record<string, unknown> = {}) => ({
  sku,
  name: `${sku} unit`,
  lengthMm: 100,
  widthMm: 50,
  heightMm: 20,
  weightG: 300,
  ...extra,
});

export const LIST = `query($filter: ProductFilter, $sort: ProductSort, $first: Int, $after: String) {
  products(filter: $filter, sort: $sort, first: $first, after: $after) {
    edges { cursor node { id slug name variants { sku } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const PRICED = `query($filter: ProductFilter, $first: Int) {
  products(filter: $filter, first: $first) { edges { node { slug variants { sku price { amount currency } priceHiddenReason } } } }
}`;

export const SEARCH = `query($q: String!, $filter: ProductFilter, $sort: ProductSort, $first: Int, $after: String) {
  search(query: $q, filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    edges { cursor node { slug name variants { sku } } }
    pageInfo { hasNextPage endCursor }
    facets { categories { slug count } brands { slug count } traits { trait value count } }
  }
}`;

export const slugsOf = (conn: { edges: { node: { slug: string } }[] }) => conn.edges.map((e) => e.node.slug);
