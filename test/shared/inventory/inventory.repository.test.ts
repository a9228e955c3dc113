import { env } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  consume,
  release,
  reserve,
  setBackorder,
  setStock,
  stockLevels,
  stockReservations,
  sweepExpired,
  warehouses,
  availability,
  type ReserveResult,
} from "../../../shared/inventory";
import { DomainError } from "../../../shared/kernel/errors";
import { openDb } from "../../../shared/platform";
import { withDb } from "../../helpers/db";
import { createVariant } from "../../helpers/fixtures";
import { uniq } from "../../helpers/graphql";

const now = new Date("2026-05-01T12:00:00Z");

async function warehouse(priority: number, active = true): Promise<string> {
  return withDb(async ({ db }) => (await db.insert(warehouses).values({ code: uniq("wh-"), name: "WH", priority, active }).returning({ id: warehouses.id }))[0]!.id);
}

async function stockOf(variantId: string) {
  return withDb(({ db }) =>
    db.select({ warehouseId: stockLevels.warehouseId, onHand: stockLevels.onHand, reserved: stockLevels.reserved }).from(stockLevels).where(eq(stockLevels.variantId, variantId)),
  );
}

const cartRef = () => ({ type: "cart" as const, id: uniq("cart-") });
const orderRef = () => ({ type: "order" as const, id: uniq("ord-") });

describe("reserve under concurrency", () => {
  it("50 parallel reservations for the last 10 units: exactly 10 succeed, the rest are out of stock", async () => {
    const { variantId } = await createVariant();
    const [w1, w2] = [await warehouse(1), await warehouse(2)];
    await withDb(async ({ db }) => {
      await setStock(db, variantId, w1, 6, now);
      await setStock(db, variantId, w2, 4, now);
    });
    // one pool of 20 connections: 50 transactions really contend for the same two rows
    const h = openDb(env.HYPERDRIVE.connectionString, { max: 20 });
    let results: ReserveResult[];
    try {
      results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => h.db.transaction((tx) => reserve(tx, { ref: { type: "order", id: `race-${variantId}-${i}` }, lines: [{ variantId, quantity: 1 }], now }))),
      );
    } finally {
      await h.close();
    }
    const ok = results.filter((r) => r.ok);
    const refused = results.filter((r) => !r.ok);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(40);
    for (const r of refused) {
      expect(r).toMatchObject({ ok: false, reason: "out_of_stock", lines: [{ variantId, requested: 1, available: 0 }] });
    }
    const stock = await stockOf(variantId);
    expect(stock.map((s) => s.reserved).reduce((a, b) => a + b)).toBe(10);
    expect(stock.every((s) => s.reserved === s.onHand)).toBe(true);
    const held = await withDb(({ db }) => db.select().from(stockReservations).where(eq(stockReservations.variantId, variantId)));
    expect(held).toHaveLength(10);
    // priority 1 warehouse is drained before priority 2
    expect(held.filter((r) => r.warehouseId === w1)).toHaveLength(6);
  });

  it("multi-line reservation is all or nothing and splits a line across warehouses by priority", async () => {
    const a = await createVariant();
    const b = await createVariant();
    const [w1, w2] = [await warehouse(5), await warehouse(1)];
    await withDb(async ({ db }) => {
      await setStock(db, a.variantId, w1, 3, now);
      await setStock(db, a.variantId, w2, 2, now);
      await setStock(db, b.variantId, w1, 1, now);
    });
    const short = await withDb(({ db }) =>
      db.transaction((tx) => reserve(tx, { ref: cartRef(), lines: [{ variantId: a.variantId, quantity: 4 }, { variantId: b.variantId, quantity: 2 }], now })),
    );
    expect(short).toEqual({ ok: false, reason: "out_of_stock", lines: [{ variantId: b.variantId, requested: 2, available: 1 }] });
    expect((await stockOf(a.variantId)).every((s) => s.reserved === 0)).toBe(true);

    // the same variant twice in one request is summed: 2 + 2 = 4 of 5
    const ok = await withDb(({ db }) =>
      db.transaction((tx) => reserve(tx, { ref: orderRef(), lines: [{ variantId: a.variantId, quantity: 2 }, { variantId: a.variantId, quantity: 2 }], now })),
    );
    if (!ok.ok) throw new Error("expected success");
    expect(ok.reservations.map((r) => [r.warehouseId, r.quantity])).toEqual([
      [w2, 2],
      [w1, 2],
    ]);
    expect((await withDb(({ db }) => availability(db, [a.variantId, b.variantId]))).get(a.variantId)).toBe(1);
  });

  it("ignores inactive warehouses and backorders the shortfall only where the variant allows it", async () => {
    const { variantId } = await createVariant();
    const [live, closed] = [await warehouse(1), await warehouse(0, false)];
    await withDb(async ({ db }) => {
      await setStock(db, variantId, live, 2, now);
      await setStock(db, variantId, closed, 50, now);
    });
    const refused = await withDb(({ db }) => db.transaction((tx) => reserve(tx, { ref: orderRef(), lines: [{ variantId, quantity: 5 }], now })));
    expect(refused).toMatchObject({ ok: false, lines: [{ requested: 5, available: 2 }] });

    await withDb(({ db }) => setBackorder(db, variantId, true, now));
    const r = await withDb(({ db }) => db.transaction((tx) => reserve(tx, { ref: orderRef(), lines: [{ variantId, quantity: 5 }], now })));
    if (!r.ok) throw new Error("expected backorder");
    expect(r.reservations.map((x) => [x.warehouseId, x.quantity, x.backordered])).toEqual([
      [live, 2, false],
      [null, 3, true],
    ]);
    const stock = await stockOf(variantId);
    expect(stock.find((s) => s.warehouseId === live)).toMatchObject({ onHand: 2, reserved: 2 });
    expect(stock.find((s) => s.warehouseId === closed)).toMatchObject({ onHand: 50, reserved: 0 });
  });

  it("refuses bad input naming the field, writing nothing", async () => {
    const { variantId } = await createVariant();
    const err = await withDb(({ db }) => db.transaction((tx) => reserve(tx, { ref: orderRef(), lines: [{ variantId, quantity: 0 }], now }))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).details.field).toBe("reservation.lines.0.quantity");
    const err2 = await withDb(({ db }) => db.transaction((tx) => reserve(tx, { ref: orderRef(), lines: [{ variantId: "nope", quantity: 1 }], now }))).catch((e: unknown) => e);
    expect((err2 as DomainError).details.field).toBe("reservation.lines.0.variantId");
  });
});

describe("release, consume and expiry", () => {
  async function stocked(onHand: number) {
    const { variantId } = await createVariant();
    const w = await warehouse(1);
    await withDb(({ db }) => setStock(db, variantId, w, onHand, now));
    return { variantId, w };
  }
  const reserveOk = async (ref: { type: "order" | "cart"; id: string }, variantId: string, quantity: number, expiresAt: Date | null = null) => {
    const r = await withDb(({ db }) => db.transaction((tx) => reserve(tx, { ref, lines: [{ variantId, quantity }], expiresAt, now })));
    if (!r.ok) throw new Error("expected reservation");
    return r;
  };

  it("release returns stock once (idempotent) and leaves other refs alone", async () => {
    const { variantId } = await stocked(5);
    const mine = orderRef();
    await reserveOk(mine, variantId, 3);
    await reserveOk(orderRef(), variantId, 2);
    expect((await stockOf(variantId))[0]).toMatchObject({ onHand: 5, reserved: 5 });
    const released = await withDb(({ db }) => db.transaction((tx) => release(tx, mine, now)));
    expect(released.map((r) => [r.status, r.quantity])).toEqual([["released", 3]]);
    expect((await stockOf(variantId))[0]).toMatchObject({ onHand: 5, reserved: 2 });
    expect(await withDb(({ db }) => db.transaction((tx) => release(tx, mine, now)))).toEqual([]);
    expect((await stockOf(variantId))[0]).toMatchObject({ onHand: 5, reserved: 2 });
    // the released units can be reserved again
    await reserveOk(orderRef(), variantId, 3);
  });

  it("consume takes the units out of on_hand; a consumed reservation cannot be released", async () => {
    const { variantId } = await stocked(4);
    const ref = orderRef();
    await reserveOk(ref, variantId, 3);
    const consumed = await withDb(({ db }) => db.transaction((tx) => consume(tx, ref, now)));
    expect(consumed.map((r) => r.status)).toEqual(["consumed"]);
    expect((await stockOf(variantId))[0]).toMatchObject({ onHand: 1, reserved: 0 });
    expect(await withDb(({ db }) => db.transaction((tx) => release(tx, ref, now)))).toEqual([]);
    expect((await stockOf(variantId))[0]).toMatchObject({ onHand: 1, reserved: 0 });
  });

  it("sweepExpired releases only reservations past their expiry", async () => {
    const { variantId } = await stocked(10);
    const expired = cartRef();
    const live = cartRef();
    await reserveOk(expired, variantId, 4, new Date(now.getTime() + 60_000));
    await reserveOk(live, variantId, 3, new Date(now.getTime() + 3_600_000));
    const later = new Date(now.getTime() + 120_000);
    const swept = await withDb(({ db }) => db.transaction((tx) => sweepExpired(tx, later)));
    // other tests' reservations never expire (null) or expire later, so only ours is swept
    expect(swept.filter((r) => r.variantId === variantId).map((r) => [r.refId, r.status])).toEqual([[expired.id, "released"]]);
    expect((await stockOf(variantId))[0]).toMatchObject({ onHand: 10, reserved: 3 });
    const rows = await withDb(({ db }) =>
      db.select({ status: stockReservations.status }).from(stockReservations).where(and(eq(stockReservations.refType, "cart"), eq(stockReservations.refId, live.id))),
    );
    expect(rows).toEqual([{ status: "reserved" }]);
  });
});
