import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { DomainError } from "../../../shared/kernel/errors";
import { paymentEffectHandlers, payments, paymentTransactions } from "../../../shared/payments";
import type { EffectContext } from "../../../shared/orders/order-effects.ports";
import type { OrderRow } from "../../../shared/orders/orders.tables";
import { withDb } from "../../helpers/db";
import { card, collector, NOW, orderRow, servicesFor, unexpected, VISA } from "./payment-fixtures";

describe("payments service: auth then capture, partial capture, void and refund on cancel", () => {
  it("authorize, partial capture, capture the rest, refund in parts; totals follow", async () => {
    await withDb(async ({ db }) => {
      const svc = servicesFor(db);
      const order = await orderRow(db, { total: 10_000 });
      const { emit, events } = collector();
      const [p] = await db.transaction(async (tx) => {
        await svc.prepare(tx, { order, method: "test_gateway", input: VISA, now: NOW });
        return svc.authorize(tx, emit, { orderId: order.id, now: NOW });
      });
      expect((await svc.totals(db, [order.id])).get(order.id)).toEqual({ authorized: 10_000, captured: 0 });
      await db.transaction((tx) => svc.capture(tx, emit, { orderId: order.id, amount: 4_000, now: NOW }));
      expect((await svc.totals(db, [order.id])).get(order.id)).toEqual({ authorized: 6_000, captured: 4_000 });
      // the order-level capture refuses more than what is open across its payments
      const over = await db.transaction((tx) => svc.capture(tx, emit, { orderId: order.id, amount: 6_001, now: NOW })).then(unexpected, (e: unknown) => e as DomainError);
      expect(over.details).toMatchObject({ reason: "capture_exceeds_authorization", open: 6_000 });
      await db.transaction((tx) => svc.capture(tx, emit, { paymentId: p!.id, now: NOW }));
      await db.transaction((tx) => svc.refund(tx, emit, { paymentId: p!.id, amount: 2_500, now: NOW, reason: "damaged" }));
      const twice = await db.transaction((tx) => svc.refund(tx, emit, { paymentId: p!.id, amount: 7_501, now: NOW })).then(unexpected, (e: unknown) => e as DomainError);
      expect(twice.details).toMatchObject({ reason: "refund_exceeds_captured", refundable: 7_500 });
      expect((await svc.totals(db, [order.id])).get(order.id)).toEqual({ authorized: 0, captured: 7_500 });
      const [row] = await db.select().from(payments).where(eq(payments.id, p!.id));
      expect(row).toMatchObject({ state: "partially_refunded", authorizedAmount: 10_000, capturedAmount: 10_000, refundedAmount: 2_500 });
      const txs = await db.select().from(paymentTransactions).where(eq(paymentTransactions.paymentId, p!.id));
      expect(txs.map((t) => `${t.kind}:${t.amount}`).sort()).toEqual(["authorize:10000", "capture:4000", "capture:6000", "refund:2500"].sort());
      expect(events.map((e) => e.type)).toEqual(["payment.authorized", "payment.captured", "payment.captured", "payment.refunded"]);
      expect(events.every((e) => (e.payload as { channelId: string }).channelId === order.channelId)).toBe(true);
    });
  });

  it("cancel effects: void an open authorization; release + refund a partial capture; idempotent", async () => {
    await withDb(async ({ db }) => {
      const svc = servicesFor(db);
      const handlers = paymentEffectHandlers(svc);
      const a = await orderRow(db, { total: 3_000 });
      const b = await orderRow(db, { total: 9_000 });
      const { emit, events } = collector();
      const run = (code: string, orderId: string) =>
        db.transaction((tx) =>
          handlers[code]!({}, { tx, emit, order: { id: orderId } as OrderRow, from: "x", to: "y", actor: { kind: "system", id: "t" }, now: NOW, reason: "buyer cancelled" } satisfies EffectContext),
        );
      for (const o of [a, b]) {
        await db.transaction((tx) => svc.prepare(tx, { order: o, method: "test_gateway", input: card("4111111111111111"), now: NOW }));
        await run("authorize_payment", o.id);
      }
      await db.transaction((tx) => svc.capture(tx, emit, { orderId: b.id, amount: 2_000, now: NOW }));
      events.length = 0;
      await run("void_authorization", a.id);
      await run("void_authorization", b.id);
      await run("void_authorization", b.id); // nothing left to do the second time
      const rows = await db.select().from(payments).where(eq(payments.orderId, a.id));
      expect(rows[0]).toMatchObject({ state: "voided", capturedAmount: 0 });
      const [pb] = await db.select().from(payments).where(eq(payments.orderId, b.id));
      expect(pb).toMatchObject({ state: "refunded", authorizedAmount: 2_000, capturedAmount: 2_000, refundedAmount: 2_000 });
      expect(events.map((e) => `${e.type}:${(e.payload as { amount: number }).amount}`)).toEqual(["payment.voided:3000", "payment.refunded:2000"]);
      const totals = await svc.totals(db, [a.id, b.id, crypto.randomUUID()]);
      expect([...totals.values()]).toEqual([{ authorized: 0, captured: 0 }, { authorized: 0, captured: 0 }, { authorized: 0, captured: 0 }]);
      // a direct void after capture is refused
      const err = await db.transaction((tx) => svc.void(tx, emit, { paymentId: pb!.id, now: NOW })).then(unexpected, (e: unknown) => e as DomainError);
      expect(err.code).toBe("CONFLICT");
    });
  });

  it("capture_payment effect captures the open authorization; manual payments are recorded when staff mark them paid", async () => {
    await withDb(async ({ db }) => {
      const svc = servicesFor(db);
      // offline payment needs a signed-in buyer to collect from: a guest is refused
      const guestOrder = await orderRow(db, { total: 4_400 });
      const refused = await db
        .transaction((tx) => svc.prepare(tx, { order: guestOrder, method: "manual", input: {}, now: NOW }))
        .then(unexpected, (e: unknown) => e as DomainError);
      expect(refused.details).toMatchObject({ field: "payment.method", reason: "payment_method_not_allowed" });
      const order = await orderRow(db, { total: 4_400, buyerKind: "customer" });
      const { emit } = collector();
      await db.transaction(async (tx) => {
        await svc.prepare(tx, { order, method: "manual", input: { instructions: "wire" }, now: NOW });
        await svc.authorize(tx, emit, { orderId: order.id, now: NOW });
        // authorize again is a no-op for already authorized payments
        await svc.authorize(tx, emit, { orderId: order.id, now: NOW });
      });
      expect((await svc.totals(db, [order.id])).get(order.id)).toEqual({ authorized: 4_400, captured: 0 });
      await db.transaction((tx) =>
        paymentEffectHandlers(svc).capture_payment!({}, { tx, emit, order: { id: order.id } as OrderRow, from: "a", to: "b", actor: { kind: "system", id: "t" }, now: NOW, reason: null }),
      );
      expect((await svc.totals(db, [order.id])).get(order.id)).toEqual({ authorized: 0, captured: 4_400 });
      const none = await orderRow(db, { total: 1 });
      const err = await db.transaction((tx) => svc.authorize(tx, emit, { orderId: none.id, now: NOW })).then(unexpected, (e: unknown) => e as DomainError);
      expect(err.details.reason).toBe("no_payment");
    });
  });
});
