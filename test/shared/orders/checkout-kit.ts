/** Buyers, goods, carts and queries for the checkout tests (real rows; orders placed through the API). */
import { sql } from "drizzle-orm";
import { expect } from "vitest";
import { addresses, customers, employees } from "../../../shared/accounts";
import { withDb } from "../../helpers/db";
import { createAccount } from "../../helpers/fixtures";
import { gql, tokenFor, uniq } from "../../helpers/graphql";
import { stock } from "../../helpers/order-fixtures";
import { priceList, seedVariants, type SeededVariant } from "../../durable-objects/cart-fixtures";

export const LA = { line1: "1 Main St", city: "Los Angeles", postalCode: "90001", subdivision: "US-CA", country: "US" };
export const CARD_OK = { card: { number: "4111111111111111", expMonth: 12, expYear: 2099, cvv: "123" } };
export const CARD_DECLINE = { card: { number: "4000000000000002", expMonth: 12, expYear: 2099, cvv: "123" } };
export const CARD_HOLD = { card: { number: "4000000000000010", expMonth: 12, expYear: 2099, cvv: "123" } };

export const PLACE = `mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { orderId number state total subtotal shippingTotal taxTotal currency approvalRequired replayed } }`;
export const PREVIEW = `query($i: CheckoutPreviewInput!) { checkoutPreview(input: $i) {
  cartVersion currency subtotal discountTotal shippingTotal taxTotal total approvalRequired approvalReasons shippingMethodId
  lines { variantId sku quantity unitPrice lineTotal tax priceLevel }
  shippingOptions { methodId methodCode amount currency }
  taxLines { jurisdictionKey tax }
  requiredAgreements { code version }
  problems { code reason field message lines } } }`;
const ADD = `mutation($i: AddToCartInput!) { addToCart(input: $i) { id version } }`;

/** Published, priced (USD), boxed goods with `onHand` units each in a fresh warehouse. */
export async function goods(n: number, opts: { channels: string[]; unitPrice?: number; onHand?: number | null }): Promise<SeededVariant[]> {
  const vs = await seedVariants(n, { channels: opts.channels });
  await withDb(({ db }) =>
    db.execute(sql`update variants set length_mm = 100, width_mm = 80, height_mm = 60, weight_g = 250 where id = any(${`{${vs.map((v) => v.variantId).join(",")}}`}::uuid[])`),
  );
  await priceList("USD", vs.map((v) => ({ variantId: v.variantId, tiers: [{ minQty: 1, unitPrice: opts.unitPrice ?? 1_000 }] })));
  if (opts.onHand !== null) for (const v of vs) await stock(v.variantId, opts.onHand ?? 1_000);
  return vs;
}

export interface Buyer {
  token: string;
  id: string;
  email: string;
}

/** `n` customers (rows inserted in one statement) with tokens. */
export async function newCustomers(n: number): Promise<Buyer[]> {
  const rows = await withDb(({ db }) =>
    db
      .insert(customers)
      .values(Array.from({ length: n }, () => ({ email: `${uniq("cust")}@x.test`, name: "Checkout Customer", passwordHash: "x" })))
      .returning({ id: customers.id, email: customers.email }),
  );
  return Promise.all(rows.map(async (r) => ({ id: r.id, email: r.email, token: await tokenFor({ kind: "customer", customerId: r.id, email: r.email, groupIds: [] }) })));
}

export interface B2bBuyer extends Buyer {
  accountId: string;
  locationIds: string[];
  /** a shipping address of each location */
  addressIds: string[];
}

/** An account (2 locations, an LA address each) and one employee at location `at`. */
export async function b2bBuyer(opts: { role?: string; spendingLimit?: number | null; status?: number; poRequired?: boolean; paymentTerms?: string; creditLimit?: number | null; at?: number; account?: Awaited<ReturnType<typeof createAccount>> & { addressIds: string[] } } = {}): Promise<B2bBuyer> {
  let acct: { accountId: string; locationIds: string[]; addressIds: string[] };
  if (opts.account) acct = opts.account;
  else {
    const a = await createAccount({ status: opts.status ?? 9 });
    acct = { ...a, addressIds: await locationAddresses(a.locationIds) };
  }
  const at = opts.at ?? 0;
  return withDb(async ({ db }) => {
    await db.execute(sql`update accounts set po_required = ${opts.poRequired ?? false}, payment_terms = ${opts.paymentTerms ?? "prepaid"},
      credit_limit = ${opts.creditLimit ?? null}, credit_limit_currency = 'USD' where id = ${acct.accountId}`);
    const [e] = await db
      .insert(employees)
      .values({ accountId: acct.accountId, locationId: acct.locationIds[at]!, email: `${uniq("emp")}@acme.test`, name: "Buyer", role: opts.role ?? "buyer", spendingLimit: opts.spendingLimit ?? null, spendingLimitCurrency: "USD" })
      .returning({ id: employees.id, email: employees.email });
    const token = await tokenFor({ kind: "employee", employeeId: e!.id, email: e!.email, accountId: acct.accountId, locationId: acct.locationIds[at]!, role: opts.role ?? "buyer", groupIds: [] });
    return { token, id: e!.id, email: e!.email, accountId: acct.accountId, locationIds: acct.locationIds, addressIds: acct.addressIds };
  });
}

async function locationAddresses(locationIds: string[]): Promise<string[]> {
  return withDb(async ({ db }) => {
    const rows = await db
      .insert(addresses)
      .values(locationIds.map((locationId) => ({ locationId, kind: "shipping", line1: LA.line1, city: LA.city, postalCode: LA.postalCode, subdivisionCode: LA.subdivision, countryCode: LA.country })))
      .returning({ id: addresses.id, locationId: addresses.locationId });
    return locationIds.map((l) => rows.find((r) => r.locationId === l)!.id);
  });
}

/** Adds the lines one by one; returns the cart id and version the buyer "reviewed". */
export async function fillCart(token: string | undefined, channel: string, lines: { variantId: string; quantity: number }[], guestToken?: string): Promise<{ id: string; version: number; guestToken: string | null }> {
  let last: { id: string; version: number } | null = null;
  let gt = guestToken ?? null;
  for (const l of lines) {
    const r = await gql("shop", ADD.replace("version }", "version guestToken }"), { i: { ...l, ...(gt ? { guestToken: gt } : {}) } }, { channel, token });
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    last = r.data.addToCart;
    gt = r.data.addToCart.guestToken ?? gt;
  }
  return { id: last!.id, version: last!.version, guestToken: gt };
}

export const placeInput = (cart: { version: number; guestToken?: string | null }, extra: Record<string, unknown> = {}) => ({
  idempotencyKey: uniq("checkout-"),
  expectedCartVersion: cart.version,
  shippingAddress: LA,
  shippingMethodId: "ups-ground",
  payment: { method: "test_gateway", input: CARD_OK },
  ...(cart.guestToken ? { guestToken: cart.guestToken } : {}),
  ...extra,
});

/** Orders, payments and open reservations of a buyer's orders, and the reserved count of variants. */
export async function traces(where: { customerId?: string; employeeId?: string; email?: string }, variantIds: string[] = []) {
  return withDb(async ({ db }) => {
    const cond = where.customerId ? sql`customer_id = ${where.customerId}` : where.employeeId ? sql`employee_id = ${where.employeeId}` : sql`email = ${where.email!}`;
    const [row] = [
      ...(await db.execute<{ orders: number; payments: number; reservations: number; reserved: number }>(sql`
      with o as (select id from orders where ${cond})
      select (select count(*)::int from o) as orders,
             (select count(*)::int from payments where order_id in (select id from o)) as payments,
             (select count(*)::int from stock_reservations where ref_type = 'order' and ref_id in (select id::text from o) and status = 'reserved') as reservations,
             (select coalesce(sum(reserved), 0)::int from stock_levels where variant_id = any(${`{${variantIds.join(",")}}`}::uuid[])) as reserved`)),
    ];
    return row!;
  });
}

export async function orderRow(orderId: string) {
  return withDb(async ({ db }) => [...(await db.execute<any>(sql`select * from orders where id = ${orderId}`))][0]);
}
