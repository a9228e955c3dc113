/**
 * The reads checkout needs besides the cart, prices, shipping and tax: the buyer (employee with
 * account, or customer), the buyer's saved addresses it names, the channel's agreements, the tax
 * facts of the cart's variants and an order already placed under the same key or cart version.
 * Each is ONE statement whatever the number of lines; the buyer is two, run in parallel.
 */
import { and, eq, inArray, or, sql } from "drizzle-orm";
import { accounts, addresses, customers, employees } from "../accounts/accounts.tables";
import { products, variants } from "../catalog";
import type { Executor } from "../kernel/db";
import type { Principal } from "../kernel/principal";
import { loadVariantTaxFacts, type VariantTaxFacts } from "../tax";
import type { OrderAddressSnapshot, OrderPriceSource } from "./order-snapshot.types";
import { checkoutAgreements, orderLines, orders, type CheckoutAgreementRow, type OrderRow } from "./orders.tables";

export interface EmployeeBuyer {
  kind: "employee";
  employeeId: string;
  email: string;
  role: string;
  status: string;
  spendingLimit: number | null;
  spendingLimitCurrency: string | null;
  account: {
    id: string;
    status: number;
    poRequired: boolean;
    poReviewRequired: boolean;
    approvalRequiredRoles: string[];
    paymentTerms: string;
  };
}

export interface CustomerBuyer {
  kind: "customer";
  customerId: string;
  email: string;
  status: string;
}

export type BuyerRecord = EmployeeBuyer | CustomerBuyer;

export interface SavedAddress extends OrderAddressSnapshot {
  addressId: string;
  kind: string;
}

/** The buyer's row and the saved addresses among `addressIds` that belong to the buyer (location or customer). */
export async function loadBuyer(db: Executor, p: Principal, addressIds: readonly string[]): Promise<{ buyer: BuyerRecord | null; addresses: SavedAddress[] }> {
  const owner = p.kind === "employee" ? eq(addresses.locationId, p.locationId) : p.kind === "customer" ? eq(addresses.customerId, p.customerId) : null;
  const ownAddresses = owner && addressIds.length > 0
    ? db.select().from(addresses).where(and(owner, inArray(addresses.id, [...addressIds])))
    : Promise.resolve([]);
  if (p.kind === "employee") {
    const [rows, addr] = await Promise.all([
      db
        .select({ e: employees, a: accounts })
        .from(employees)
        .innerJoin(accounts, eq(accounts.id, employees.accountId))
        .where(and(eq(employees.id, p.employeeId), eq(employees.accountId, p.accountId), eq(employees.locationId, p.locationId))),
      ownAddresses,
    ]);
    const r = rows[0];
    const buyer: EmployeeBuyer | null = r
      ? {
          kind: "employee",
          employeeId: r.e.id,
          email: r.e.email,
          role: r.e.role,
          status: r.e.status,
          spendingLimit: r.e.spendingLimit,
          spendingLimitCurrency: r.e.spendingLimitCurrency,
          account: {
            id: r.a.id,
            status: r.a.status,
            poRequired: r.a.poRequired,
            poReviewRequired: r.a.poReviewRequired,
            approvalRequiredRoles: r.a.approvalRequiredRoles,
            paymentTerms: r.a.paymentTerms,
          },
        }
      : null;
    return { buyer, addresses: addr.map(toSaved) };
  }
  if (p.kind === "customer") {
    const [rows, addr] = await Promise.all([
      db.select({ id: customers.id, email: customers.email, status: customers.status }).from(customers).where(eq(customers.id, p.customerId)),
      ownAddresses,
    ]);
    const r = rows[0];
    return { buyer: r ? { kind: "customer", customerId: r.id, email: r.email, status: r.status } : null, addresses: addr.map(toSaved) };
  }
  return { buyer: null, addresses: [] };
}

function toSaved(a: typeof addresses.$inferSelect): SavedAddress {
  return {
    addressId: a.id,
    kind: a.kind,
    recipient: a.recipient,
    company: a.company,
    line1: a.line1,
    line2: a.line2,
    city: a.city,
    county: a.county,
    postalCode: a.postalCode,
    subdivisionCode: a.subdivisionCode,
    countryCode: a.countryCode,
    phone: a.phone,
  };
}

/** Every agreement version of the channel (a short list: a few codes, a few versions each). */
export function loadAgreements(db: Executor, channelId: string): Promise<CheckoutAgreementRow[]> {
  return db.select().from(checkoutAgreements).where(eq(checkoutAgreements.channelId, channelId));
}

/** Tax facts of each variant by id, one statement (the tax domain owns the query). */
export async function loadTaxFacts(db: Executor, variantIds: readonly string[]): Promise<Map<string, VariantTaxFacts>> {
  return new Map((await loadVariantTaxFacts(db, { variantIds })).map((f) => [f.variantId, f]));
}

/** The order placed under this idempotency key, or from this cart version, by this buyer scope. */
export async function priorOrder(db: Executor, q: { channelId: string; scope: string; key: string; cartId?: string; cartVersion?: number }): Promise<OrderRow | undefined> {
  const sameCart = q.cartId !== undefined && q.cartVersion !== undefined ? and(eq(orders.cartId, q.cartId), eq(orders.cartVersion, q.cartVersion)) : undefined;
  const rows = await db
    .select()
    .from(orders)
    .where(and(eq(orders.channelId, q.channelId), eq(orders.idempotencyScope, q.scope), or(eq(orders.idempotencyKey, q.key), sameCart)))
    // the key's own order first
    .orderBy(sql`${orders.idempotencyKey} = ${q.key} desc`)
    .limit(1);
  return rows[0];
}

/**
 * Serialises placements from one cart (transaction-scoped advisory lock), so two different keys
 * racing on the same cart version cannot both place: the second then sees the first's order.
 */
export async function lockCart(tx: Executor, cartKey: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${cartKey}, 7))`);
}

/**
 * The order's lines in one INSERT whose rows travel as ONE JSON parameter: a 500-line order
 * would otherwise bind ~6,000 parameters, which costs more CPU to build than the insert takes.
 */
export async function insertOrderLines(
  tx: Executor,
  orderId: string,
  lines: readonly {
    position: number; variantId: string; productId: string; sku: string; name: string; quantity: number;
    unitPrice: number; lineTotal: number; discount: number; tax: number; priceSource: OrderPriceSource;
  }[],
): Promise<void> {
  if (lines.length === 0) return;
  const rows = JSON.stringify(
    lines.map((l) => ({
      position: l.position, variant_id: l.variantId, product_id: l.productId, sku: l.sku, name: l.name, quantity: l.quantity,
      unit_price: l.unitPrice, line_total: l.lineTotal, discount: l.discount, tax: l.tax, price_source: l.priceSource,
    })),
  );
  await tx.execute(sql`
    insert into ${orderLines} (order_id, position, variant_id, product_id, sku, name, quantity, unit_price, line_total, discount, tax, price_source)
    select ${orderId}::uuid, l.position, l.variant_id, l.product_id, l.sku, l.name, l.quantity, l.unit_price, l.line_total, l.discount, l.tax, l.price_source
      from jsonb_to_recordset(${rows}::jsonb) as l(position int, variant_id uuid, product_id uuid, sku text, name text, quantity int,
                                                 unit_price bigint, line_total bigint, discount bigint, tax bigint, price_source jsonb)`);
}
