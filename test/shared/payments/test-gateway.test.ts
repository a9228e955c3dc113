import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../shared/kernel/errors";
import { luhnValid, payments, paymentTransactions, TEST_CARDS } from "../../../shared/payments";
import { withDb } from "../../helpers/db";
import { card, collector, NOW, orderRow, servicesFor, unexpected, VISA } from "./payment-fixtures";

async function attempt(number: string, total = 12_345) {
  return withDb(async ({ db }) => {
    const svc = servicesFor(db);
    const order = await orderRow(db, { total });
    const { emit, events } = collector();
    const result = await db
      .transaction(async (tx) => {
        await svc.prepare(tx, { order, method: "test_gateway", input: card(number), now: NOW });
        return svc.authorize(tx, emit, { orderId: order.id, now: NOW });
      })
      .catch((e: unknown) => e);
    const rows = await db.select().from(payments).where(eq(payments.orderId, order.id));
    return { result, rows, events, order };
  });
}

describe("test gateway (deterministic card table)", () => {
  it("every magic number passes Luhn", () => {
    for (const n of Object.keys(TEST_CARDS)) expect(luhnValid(n), n).toBe(true);
    expect(luhnValid("4111111111111112")).toBe(false);
  });

  it("4111… approves with AVS Y / CVV M; only brand, last 4 and a token are stored", async () => {
    const { result, rows, events } = await attempt("4111 1111 1111 1111");
    expect(Array.isArray(result)).toBe(true);
    const [p] = rows;
    expect(p).toMatchObject({ state: "authorized", authorizedAmount: 12_345, avsResult: "Y", cvvResult: "M", method: "test_gateway" });
    expect(p!.details).toMatchObject({ brand: "visa", last4: "1111", expMonth: 12, expYear: 2031 });
    expect(String(p!.details.token)).toMatch(/^tg_approve_[0-9a-f]{16}$/);
    const stored = JSON.stringify(p);
    expect(stored).not.toContain("4111111111111111");
    expect(stored).not.toContain('"123"');
    expect(events.map((e) => e.type)).toEqual(["payment.authorized"]);
    expect(events[0]!.payload).toMatchObject({ orderId: p!.orderId, paymentId: p!.id, amount: 12_345, currency: "USD" });
  });

  it.each([
    ["4000000000000002", "card_declined"],
    ["4000000000009995", "insufficient_funds"],
    ["4000000000000101", "cvv_mismatch"],
  ])("%s is declined (%s) and the whole transaction rolls back", async (number, why) => {
    const { result, rows, events } = await attempt(number);
    expect(result).toBeInstanceOf(DomainError);
    const e = result as DomainError;
    expect(e.code).toBe("CONFLICT");
    expect(e.details).toMatchObject({ reason: "payment_declined", declineReason: why });
    expect(e.message).toContain(why);
    expect(rows).toHaveLength(0); // nothing recorded, nothing reserved
    expect(events.map((x) => x.type)).toEqual([]);
  });

  it("4000000000000010 (AVS N) is approved but held for review, not capturable until released", async () => {
    const { rows, events } = await attempt("4000000000000010", 5_000);
    expect(rows[0]).toMatchObject({ state: "held", avsResult: "N", declineReason: "avs_mismatch", authorizedAmount: 5_000 });
    expect(events.map((e) => e.type)).toEqual(["payment.held"]);
    await withDb(async ({ db }) => {
      const svc = servicesFor(db);
      const totals = await svc.totals(db, [rows[0]!.orderId]);
      expect(totals.get(rows[0]!.orderId)).toEqual({ authorized: 0, captured: 0 });
      const refused = await db.transaction((tx) => svc.capture(tx, collector().emit, { paymentId: rows[0]!.id, now: NOW })).then(unexpected, (e: unknown) => e);
      expect((refused as DomainError).details.reason).toBe("payment_held");
      await db.transaction((tx) => svc.releaseHold(tx, collector().emit, { paymentId: rows[0]!.id, now: NOW }));
      expect((await svc.totals(db, [rows[0]!.orderId])).get(rows[0]!.orderId)).toEqual({ authorized: 5_000, captured: 0 });
    });
  });

  it("4000000000000259 authorizes but the capture fails and changes nothing", async () => {
    const { rows } = await attempt("4000000000000259", 8_000);
    expect(rows[0]!.state).toBe("authorized");
    await withDb(async ({ db }) => {
      const svc = servicesFor(db);
      const err = await db.transaction((tx) => svc.capture(tx, collector().emit, { paymentId: rows[0]!.id, now: NOW })).then(unexpected, (e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).details.reason).toBe("capture_failed");
      const [after] = await db.select().from(payments).where(eq(payments.id, rows[0]!.id));
      expect(after).toMatchObject({ state: "authorized", capturedAmount: 0 });
      const txs = await db.select().from(paymentTransactions).where(eq(paymentTransactions.paymentId, rows[0]!.id));
      expect(txs.map((t) => t.kind)).toEqual(["authorize"]);
    });
  });

  it("input is validated: Luhn, expiry against now, CVV; errors name payment.<field>", async () => {
    await withDb(async ({ db }) => {
      const svc = servicesFor(db);
      const order = await orderRow(db, { total: 100 });
      const prepare = (input: unknown, environment = "test") =>
        db.transaction((tx) => servicesFor(db, environment).prepare(tx, { order, method: "test_gateway", input, now: NOW })).then(unexpected, (e: unknown) => e as DomainError);
      const cases: [unknown, string][] = [
        [card("4111111111111112"), "payment.card.number"],
        [card("41111"), "payment.card.number"],
        [{ card: { ...VISA.card, expYear: 2030, expMonth: 2 } }, "payment.card.expMonth"], // now is 2030-03
        [{ card: { ...VISA.card, expYear: 2029 } }, "payment.card.expYear"],
        [{ card: { ...VISA.card, cvv: "12" } }, "payment.card.cvv"],
        [{}, "payment.card"],
      ];
      for (const [input, field] of cases) {
        const e = await prepare(input);
        expect(e.code, field).toBe("BAD_USER_INPUT");
        expect(e.details.field).toBe(field);
      }
      // the expiry month itself is still valid
      const ok = await db.transaction((tx) => svc.prepare(tx, { order, method: "test_gateway", input: { card: { ...VISA.card, expYear: 2030, expMonth: 3 } }, now: NOW }));
      expect(ok.state).toBe("pending");
      const prod = await prepare(VISA, "production");
      expect(prod.details).toMatchObject({ field: "payment.method", reason: "payment_method_not_allowed" });
      const unknown = await db.transaction((tx) => svc.prepare(tx, { order, method: "bitcoin", input: {}, now: NOW })).then(unexpected, (e: unknown) => e as DomainError);
      expect(unknown.details.field).toBe("payment.method");
    });
  });
});
