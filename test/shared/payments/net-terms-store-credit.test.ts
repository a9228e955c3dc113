import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../shared/kernel/errors";
import { payments, storeCreditBalance, storeCreditEntries } from "../../../shared/payments";
import { openDb } from "../../../shared/platform";
import { withDb } from "../../helpers/db";
import { collector, customer, netTermsAccount, NOW, orderRow, servicesFor } from "./payment-fixtures";

const fail = (e: unknown) => e as DomainError;
const unexpected = (): never => {
  throw new Error("expected a refusal");
};

describe("net terms", () => {
  it("10 parallel authorizations against a limit that fits 3: exactly 3 succeed", async () => {
    const { accountId, orders } = await withDb(async ({ db }) => {
      const accountId = await netTermsAccount(db, { limit: 35_000 });
      const svc = servicesFor(db);
      const orders = [];
      for (let i = 0; i < 10; i++) {
        const o = await orderRow(db, { total: 10_000, accountId });
        await db.transaction((tx) => svc.prepare(tx, { order: o, method: "net_terms", input: {}, now: NOW }));
        orders.push(o);
      }
      return { accountId, orders };
    });
    const h = openDb(env.HYPERDRIVE.connectionString, { max: 10 });
    let results: PromiseSettledResult<unknown>[];
    try {
      const svc = servicesFor(h.db);
      results = await Promise.allSettled(orders.map((o) => h.db.transaction((tx) => svc.authorize(tx, collector().emit, { orderId: o.id, now: NOW }))));
    } finally {
      await h.close();
    }
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected").map((r) => fail(r.reason));
    expect(refused).toHaveLength(7);
    for (const e of refused) expect(e.details).toMatchObject({ reason: "credit_limit_exceeded", available: 5_000, requested: 10_000 });
    await withDb(async ({ db }) => {
      const rows = await db.select().from(payments).where(eq(payments.accountId, accountId));
      expect(rows.filter((r) => r.state === "authorized")).toHaveLength(3);
      expect(rows.filter((r) => r.state === "pending")).toHaveLength(7);
      const authorized = rows.find((r) => r.state === "authorized")!;
      expect(authorized.details).toMatchObject({ terms: "net30", termsDays: 30, dueDate: "2030-04-14" });
    });
  });

  it("voided payments free their credit; invoices count until settled", async () => {
    await withDb(async ({ db }) => {
      const accountId = await netTermsAccount(db, { limit: 10_000, terms: "net15" });
      const svc = servicesFor(db);
      const { emit } = collector();
      const place = async (total: number) => {
        const o = await orderRow(db, { total, accountId });
        return db.transaction(async (tx) => {
          await svc.prepare(tx, { order: o, method: "net_terms", input: {}, now: NOW });
          return (await svc.authorize(tx, emit, { orderId: o.id, now: NOW }))[0]!;
        });
      };
      const first = await place(8_000);
      expect((await place(2_001).then(unexpected, fail)).details).toMatchObject({ reason: "credit_limit_exceeded", available: 2_000 });
      await db.transaction((tx) => svc.void(tx, emit, { paymentId: first.id, now: NOW }));
      const second = await place(10_000);
      await db.transaction((tx) => svc.capture(tx, emit, { paymentId: second.id, now: NOW }));
      expect((await place(1).then(unexpected, fail)).details.reason).toBe("credit_limit_exceeded");
      await db.transaction((tx) => svc.settle(tx, emit, { paymentId: second.id, amount: 6_000, now: NOW }));
      const third = await place(6_000);
      expect(third.details).toMatchObject({ terms: "net15", dueDate: "2030-03-30" });
      const settleTwice = await db.transaction((tx) => svc.settle(tx, emit, { paymentId: second.id, amount: 4_001, now: NOW })).then(unexpected, fail);
      expect(settleTwice.details.reason).toBe("settle_exceeds_invoiced");
    });
  });

  it("refused for prepaid accounts, consumers and other currencies", async () => {
    await withDb(async ({ db }) => {
      const svc = servicesFor(db);
      const prepare = (order: Awaited<ReturnType<typeof orderRow>>) =>
        db.transaction((tx) => svc.prepare(tx, { order, method: "net_terms", input: {}, now: NOW })).then(unexpected, fail);
      const prepaid = await netTermsAccount(db, { terms: "prepaid" });
      expect((await prepare(await orderRow(db, { total: 100, accountId: prepaid }))).details).toMatchObject({ field: "payment.method", reason: "payment_method_not_allowed" });
      const consumer = await customer(db);
      expect((await prepare(await orderRow(db, { total: 100, customerId: consumer }))).details.reason).toBe("payment_method_not_allowed");
      const usd = await netTermsAccount(db, { currency: "USD" });
      const e = await prepare(await orderRow(db, { total: 100, accountId: usd, currency: "EUR" }));
      expect(e.code).toBe("CONFLICT");
      expect(e.details).toMatchObject({ reason: "currency_mismatch", creditCurrency: "USD", orderCurrency: "EUR" });
      // no credit limit set: no credit
      const noLimit = await netTermsAccount(db, { limit: null });
      const o = await orderRow(db, { total: 100, accountId: noLimit });
      await db.transaction((tx) => svc.prepare(tx, { order: o, method: "net_terms", input: {}, now: NOW }));
      const err = await db.transaction((tx) => svc.authorize(tx, collector().emit, { orderId: o.id, now: NOW })).then(unexpected, fail);
      expect(err.details).toMatchObject({ reason: "credit_limit_exceeded", available: 0 });
    });
  });
});

describe("store credit", () => {
  it("spends at authorization (captured), refuses more than the balance, refunds back into the ledger", async () => {
    await withDb(async ({ db }) => {
      const svc = servicesFor(db);
      const customerId = await customer(db);
      const owner = { ownerKind: "customer" as const, ownerId: customerId, currency: "USD" };
      const { emit, events } = collector();
      await db.transaction((tx) => svc.grantStoreCredit(tx, emit, { ...owner, amount: 5_000, reason: "goodwill", now: NOW }));
      const big = await orderRow(db, { total: 5_001, customerId });
      const err = await db
        .transaction(async (tx) => {
          await svc.prepare(tx, { order: big, method: "store_credit", input: {}, now: NOW });
          return svc.authorize(tx, emit, { orderId: big.id, now: NOW });
        })
        .then(unexpected, fail);
      expect(err.details).toMatchObject({ reason: "insufficient_store_credit", available: 5_000, requested: 5_001 });
      expect(await storeCreditBalance(db, owner)).toBe(5_000);
      // another currency has its own (empty) balance
      const eur = await orderRow(db, { total: 1, customerId, currency: "EUR" });
      const eurErr = await db.transaction(async (tx) => {
        await svc.prepare(tx, { order: eur, method: "store_credit", input: {}, now: NOW });
        return svc.authorize(tx, emit, { orderId: eur.id, now: NOW });
      }).then(unexpected, fail);
      expect(eurErr.details).toMatchObject({ reason: "insufficient_store_credit", available: 0 });

      const order = await orderRow(db, { total: 3_000, customerId });
      events.length = 0;
      const [p] = await db.transaction(async (tx) => {
        await svc.prepare(tx, { order, method: "store_credit", input: {}, now: NOW });
        return svc.authorize(tx, emit, { orderId: order.id, now: NOW });
      });
      expect(p).toMatchObject({ state: "captured", capturedAmount: 3_000 });
      expect(events.map((e) => e.type)).toEqual(["payment.authorized", "payment.captured"]);
      expect(await storeCreditBalance(db, owner)).toBe(2_000);
      expect((await svc.totals(db, [order.id])).get(order.id)).toEqual({ authorized: 0, captured: 3_000 });
      await db.transaction((tx) => svc.voidOrRefund(tx, emit, { orderId: order.id, now: NOW, reason: "cancelled" }));
      expect(await storeCreditBalance(db, owner)).toBe(5_000);
      const ledger = await db.select().from(storeCreditEntries).where(and(eq(storeCreditEntries.ownerId, customerId), eq(storeCreditEntries.currency, "USD")));
      expect(ledger.map((l) => l.amount).sort((x, y) => x - y)).toEqual([-3_000, 3_000, 5_000]);
      expect(ledger.reduce((s, l) => s + l.amount, 0)).toBe(5_000);
    });
  });

  it("guests cannot pay with store credit; grants validate their input and the owner", async () => {
    await withDb(async ({ db }) => {
      const svc = servicesFor(db);
      const guest = await orderRow(db, { total: 100 });
      const e = await db.transaction((tx) => svc.prepare(tx, { order: guest, method: "store_credit", input: {}, now: NOW })).then(unexpected, fail);
      expect(e.details).toMatchObject({ field: "payment.method", reason: "payment_method_not_allowed" });
      const grant = (g: Record<string, unknown>) =>
        db.transaction((tx) => svc.grantStoreCredit(tx, collector().emit, { ownerKind: "customer", ownerId: crypto.randomUUID(), currency: "USD", amount: 100, reason: "x", now: NOW, ...g } as never)).then(unexpected, fail);
      expect((await grant({ currency: "XXX" })).details.field).toBe("currency");
      expect((await grant({ amount: 0 })).details.field).toBe("amount");
      expect((await grant({ ownerKind: "staff" })).details.field).toBe("ownerKind");
      expect((await grant({})).code).toBe("NOT_FOUND");
      const customerId = await customer(db);
      expect((await grant({ ownerId: customerId, amount: -1 })).details.reason).toBe("insufficient_store_credit");
    });
  });
});
