import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { withDb } from "../helpers/db";
import { channelId } from "../helpers/fixtures";
import { gql, staffToken, tokenFor, uniq } from "../helpers/graphql";

export const CART_FIELDS = `id name version ownerKind currency warnings guestToken isActive
  totals { currency lineCount totalQuantity subtotal discountTotal total }
  lines { id variantId sku quantity unitPrice lineTotal priceLevel tierMinQty priced addedBy updatedBy stock discount net }`;

export interface SeededVariant {
  variantId: string;
  sku: string;
}

/**
 * `count` published variants in ONE statement (products, variants, channel publication), with
 * optional case-pack rules; prices are added separately.
 */
export async function seedVariants(count: number, opts: { channels: string[]; casePack?: number; moq?: number; orderIncrement?: number; status?: string }): Promise<SeededVariant[]> {
  const prefix = uniq("CV").toUpperCase();
  const channelIds = await Promise.all(opts.channels.map(channelId));
  return withDb(async ({ db }) => {
    const rows = await db.execute<{ variant_id: string; sku: string }>(sql`
      with p as (
        insert into products (slug, name, status)
        select lower(${prefix}) || '-' || g, 'Product ' || ${prefix} || '-' || g, ${opts.status ?? "active"} from generate_series(1, ${count}) g
        returning id, slug
      ), pc as (
        insert into product_channels (product_id, channel_id)
        select p.id, ch from p cross join unnest(${`{${channelIds.join(",")}}`}::uuid[]) ch
      )
      insert into variants (product_id, sku, name, case_pack, moq, order_increment, weight_g)
      select p.id, upper(p.slug), 'Variant ' || p.slug, ${opts.casePack ?? 1}, ${opts.moq ?? opts.casePack ?? 1}, ${opts.orderIncrement ?? opts.casePack ?? 1}, 250 from p
      returning id as variant_id, sku`);
    return [...rows].map((r) => ({ variantId: r.variant_id, sku: r.sku })).sort((a, b) => a.sku.localeCompare(b.sku, "en", { numeric: true }));
  });
}

export async function adminDo(query: string, variables: Record<string, unknown> = {}) {
  const r = await gql("admin", query, variables, { token: await staffToken(["pricing:*"]) });
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
}

/** A price list in `currency` holding these entries (unit prices in minor units). */
export async function priceList(currency: string, entries: { variantId: string; tiers: { minQty: number; unitPrice: number }[] }[]) {
  const list = await adminDo(`mutation($i: PriceListInput!) { createPriceList(input: $i) { id } }`, { i: { name: uniq(`Cart ${currency} `), currency, priority: 0 } });
  for (let i = 0; i < entries.length; i += 1000) {
    await adminDo(`mutation($id: ID!, $e: [PriceListEntryInput!]!) { upsertPriceListEntries(priceListId: $id, entries: $e) }`, { id: list.createPriceList.id, e: entries.slice(i, i + 1000) });
  }
  return list.createPriceList.id as string;
}

export const employeeOf = (acct: { accountId: string; locationIds: string[] }, location = 0, role = "buyer") =>
  tokenFor({ kind: "employee", employeeId: crypto.randomUUID(), email: `${uniq("e")}@acme.test`, accountId: acct.accountId, locationId: acct.locationIds[location]!, role, groupIds: [] });

export const newCustomer = () => tokenFor({ kind: "customer", customerId: crypto.randomUUID(), email: `${uniq("c")}@x.test`, groupIds: [] });

/** Runs a shop query and returns data, failing the test with the errors when there are any. */
export async function shopOk(query: string, variables: Record<string, unknown>, opts: { channel: string; token?: string }) {
  const r = await gql("shop", query, variables, opts);
  expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
  return r.data;
}

export const ADD = `mutation($i: AddToCartInput!) { addToCart(input: $i) { ${CART_FIELDS} } }`;
export const SET = `mutation($i: SetCartLineQuantityInput!) { setCartLineQuantity(input: $i) { ${CART_FIELDS} } }`;
export const REMOVE = `mutation($i: RemoveCartLineInput!) { removeCartLine(input: $i) { ${CART_FIELDS} } }`;
export const CART = `query($i: CartRefInput) { cart(input: $i) { ${CART_FIELDS} } }`;
export const QUICK = `mutation($i: QuickOrderInput!) { quickOrder(input: $i) { applied appliedCount rejectedCount lines { line sku quantity status reason message nearestValidQuantity } cart { ${CART_FIELDS} } } }`;
export const CURRENCY = `mutation($i: SetCartCurrencyInput!) { setCartCurrency(input: $i) { ${CART_FIELDS} } }`;
export const MERGE = `mutation($t: String!) { mergeGuestCart(guestToken: $t) { applied appliedCount rejectedCount lines { line sku status reason } cart { ${CART_FIELDS} } } }`;

/**
 * The Postgres mirror row of a cart once it reached `version` (the cart object writes it from its
 * alarm a few seconds after a change, not in the request): polls for up to `timeoutMs`.
 */
export async function mirroredCart(cartId: string, version: number, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const row = await withDb(async ({ db }) => [...(await db.execute<any>(sql`select version, line_count, subtotal::int as subtotal, currency, owner_kind from carts where id = ${cartId}`))][0]);
    if (row && row.version >= version) return row;
    if (Date.now() > deadline) throw new Error(`cart ${cartId} was not mirrored at version ${version} within ${timeoutMs} ms (have ${row?.version ?? "none"})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
