/** Rows and a service for payments tests: a minimal order straight in Postgres (the orders API is tested on its own). */
import { eq } from "drizzle-orm";
import { accounts, customers } from "../../../shared/accounts";
import { Outbox, type NewEvent } from "../../../shared/events";
import type { Db } from "../../../shared/kernel/db";
import { orders } from "../../../shared/orders/orders.tables";
import { PaymentsService, type BuyerKind, type PaymentOrderRef } from "../../../shared/payments";
import { createAccount, channelId } from "../../helpers/fixtures";
import { uniq } from "../../helpers/graphql";

export const NOW = new Date("2030-03-15T12:00:00Z");

export function servicesFor(db: Db, environment = "test"): PaymentsService {
  return new PaymentsService({ db, outbox: new Outbox(db, { send: async () => {} }, () => NOW), now: NOW, environment });
}

/** An emit that keeps what was emitted, for asserting events. */
export function collector(): { emit: (...e: NewEvent[]) => Promise<void>; events: NewEvent[] } {
  const events: NewEvent[] = [];
  return { events, emit: async (...e) => void events.push(...e) };
}

export async function netTermsAccount(db: Db, opts: { terms?: string; limit?: number | null; currency?: string | null } = {}): Promise<string> {
  const { accountId } = await createAccount({ locationCurrencies: [] });
  await db
    .update(accounts)
    .set({ paymentTerms: opts.terms ?? "net30", creditLimit: opts.limit === undefined ? 100_000 : opts.limit, creditLimitCurrency: opts.currency === undefined ? "USD" : opts.currency })
    .where(eq(accounts.id, accountId));
  return accountId;
}

export async function customer(db: Db): Promise<string> {
  const [c] = await db.insert(customers).values({ email: `${uniq("c")}@example.com`, name: "Buyer", passwordHash: "x" }).returning({ id: customers.id });
  return c!.id;
}

export async function orderRow(
  db: Db,
  o: { total: number; currency?: string; buyerKind?: BuyerKind; accountId?: string | null; customerId?: string | null; channel?: string },
): Promise<PaymentOrderRef> {
  const channel = await channelId(o.channel ?? (o.accountId ? "b2b" : "b2c"));
  const currency = o.currency ?? "USD";
  const buyerKind = o.buyerKind ?? (o.accountId ? "employee" : o.customerId ? "customer" : "guest");
  const [row] = await db
    .insert(orders)
    .values({
      channelId: channel,
      processCode: "default",
      state: "draft",
      buyerKind,
      accountId: o.accountId ?? null,
      customerId: o.customerId ?? null,
      idempotencyScope: uniq("scope"),
      idempotencyKey: uniq("key"),
      requestHash: "h",
      currency,
      currencySnapshot: { currency, baseCurrency: currency, rates: [] },
      subtotal: o.total,
      discountTotal: 0,
      shippingTotal: 0,
      taxTotal: 0,
      total: o.total,
      paymentMethod: "test",
      quantityOrdered: 1,
      createdAt: NOW,
      updatedAt: NOW,
    })
    .returning({ id: orders.id });
  return { id: row!.id, channelId: channel, total: o.total, currency, buyerKind, accountId: o.accountId ?? null, customerId: o.customerId ?? null };
}

export const VISA = { card: { number: "4111111111111111", expMonth: 12, expYear: 2031, cvv: "123" } };
export const card = (number: string) => ({ card: { ...VISA.card, number } });

/** For `.then(unexpected, …)`: a promise that should have been refused. */
export const unexpected = (): never => {
  throw new Error("expected a refusal");
};
