/**
 * Stock reservations without oversell. reserve() locks the stock rows of every requested variant
 * with one SELECT … FOR UPDATE ordered by (variant_id, warehouse_id): concurrent reservations queue
 * on the same rows in the same order, so they cannot deadlock, and each sees the stock left by the
 * one before it (READ COMMITTED re-reads a row after waiting for its lock). Run it inside the
 * transaction that creates the order so both commit or neither does.
 * Queries: reserve = 3 (+1 update per warehouse row touched, +1 insert); release/consume/sweep = 3.
 */
import { and, asc, eq, inArray, lte, sql } from "drizzle-orm";
import { z } from "zod";
import { conflict } from "../kernel/errors";
import type { Executor, Tx } from "../kernel/db";
import { parseInput } from "../kernel/validation";
import { allocateStock, type Allocation, type OutOfStockLine, type StockRowSnapshot } from "./allocate-stock";
import { stockLevels, stockReservations, variantInventory, warehouses, type StockReservationRow } from "./inventory.tables";

export interface ReservationRef {
  type: "order" | "cart";
  id: string;
}

const reserveInputSchema = z.object({
  ref: z.object({ type: z.enum(["order", "cart"]), id: z.string().min(1).max(200) }),
  lines: z
    .array(z.object({ variantId: z.uuid(), quantity: z.number().int().positive().max(1_000_000) }))
    .min(1)
    .max(5000),
  expiresAt: z.date().nullable().default(null),
  now: z.date(),
});
export type ReserveInput = z.input<typeof reserveInputSchema>;

export type ReserveResult = { ok: true; reservations: StockReservationRow[] } | { ok: false; reason: "out_of_stock"; lines: OutOfStockLine[] };

/** For callers that want to abort their transaction: CONFLICT carrying the short lines. */
export function outOfStockError(lines: OutOfStockLine[]) {
  return conflict(`Not enough stock for ${lines.length} line(s)`, { reason: "out_of_stock", lines });
}

export async function reserve(tx: Tx, input: ReserveInput): Promise<ReserveResult> {
  const { ref, lines, expiresAt, now } = parseInput(reserveInputSchema, input, "reservation");
  const variantIds = [...new Set(lines.map((l) => l.variantId))].sort();

  const locked = await tx
    .select({ variantId: stockLevels.variantId, warehouseId: stockLevels.warehouseId, onHand: stockLevels.onHand, reserved: stockLevels.reserved })
    .from(stockLevels)
    .where(inArray(stockLevels.variantId, variantIds))
    .orderBy(asc(stockLevels.variantId), asc(stockLevels.warehouseId))
    .for("update");
  // allocation order (warehouse priority) is decided after locking, so the lock order stays fixed
  const warehouseIds = [...new Set(locked.map((r) => r.warehouseId))];
  const order = warehouseIds.length
    ? await tx
        .select({ id: warehouses.id, priority: warehouses.priority, code: warehouses.code, active: warehouses.active })
        .from(warehouses)
        .where(inArray(warehouses.id, warehouseIds))
    : [];
  const rank = new Map(order.filter((w) => w.active).map((w) => [w.id, w]));
  const rows: StockRowSnapshot[] = locked
    .filter((r) => rank.has(r.warehouseId))
    .sort((a, b) => {
      const wa = rank.get(a.warehouseId)!;
      const wb = rank.get(b.warehouseId)!;
      return wa.priority - wb.priority || wa.code.localeCompare(wb.code);
    });
  const backorder = await tx
    .select({ variantId: variantInventory.variantId })
    .from(variantInventory)
    .where(and(inArray(variantInventory.variantId, variantIds), eq(variantInventory.backorderAllowed, true)));

  const result = allocateStock(lines, rows, new Set(backorder.map((b) => b.variantId)));
  if (!result.ok) return { ok: false, reason: "out_of_stock", lines: result.outOfStock };

  await adjustStock(tx, result.allocations.filter((a) => a.warehouseId !== null), { reserved: +1, onHand: 0 }, now);
  const reservations = await tx
    .insert(stockReservations)
    .values(
      result.allocations.map((a: Allocation) => ({
        refType: ref.type,
        refId: ref.id,
        variantId: a.variantId,
        warehouseId: a.warehouseId,
        quantity: a.quantity,
        backordered: a.warehouseId === null,
        status: "reserved",
        expiresAt,
        createdAt: now,
        updatedAt: now,
      })),
    )
    .returning();
  return { ok: true, reservations };
}

/** Add `sign * quantity` to reserved/on_hand of the (variant, warehouse) rows, one UPDATE. */
async function adjustStock(tx: Tx, allocs: readonly Allocation[], sign: { reserved: number; onHand: number }, now: Date): Promise<void> {
  const sums = new Map<string, { variantId: string; warehouseId: string; quantity: number }>();
  for (const a of allocs) {
    if (!a.warehouseId) continue;
    const key = `${a.variantId}|${a.warehouseId}`;
    const s = sums.get(key) ?? { variantId: a.variantId, warehouseId: a.warehouseId, quantity: 0 };
    s.quantity += a.quantity;
    sums.set(key, s);
  }
  if (!sums.size) return;
  const values = sql.join(
    [...sums.values()].map((s) => sql`(${s.variantId}::uuid, ${s.warehouseId}::uuid, ${s.quantity}::int)`),
    sql`, `,
  );
  await tx.execute(sql`
    update stock_levels s
       set reserved = s.reserved + ${sign.reserved}::int * d.qty,
           on_hand = s.on_hand + ${sign.onHand}::int * d.qty,
           updated_at = ${now.toISOString()}::timestamptz
      from (values ${values}) as d(variant_id, warehouse_id, qty)
     where s.variant_id = d.variant_id and s.warehouse_id = d.warehouse_id`);
}

/**
 * Close open reservations matching `where` (status → `to`) and give their stock back (released)
 * or take it out of on_hand (consumed). Stock rows are locked in the same order as reserve().
 */
async function closeReservations(tx: Tx, ids: string[], to: "released" | "consumed", now: Date): Promise<StockReservationRow[]> {
  if (!ids.length) return [];
  const closed = await tx
    .update(stockReservations)
    .set({ status: to, updatedAt: now })
    .where(and(inArray(stockReservations.id, ids), eq(stockReservations.status, "reserved")))
    .returning();
  const held = closed.filter((r) => r.warehouseId !== null);
  if (held.length) {
    const variantIds = [...new Set(held.map((r) => r.variantId))].sort();
    await tx
      .select({ v: stockLevels.variantId })
      .from(stockLevels)
      .where(inArray(stockLevels.variantId, variantIds))
      .orderBy(asc(stockLevels.variantId), asc(stockLevels.warehouseId))
      .for("update");
    await adjustStock(tx, held, to === "released" ? { reserved: -1, onHand: 0 } : { reserved: -1, onHand: -1 }, now);
  }
  return closed;
}

async function openIdsFor(tx: Tx, ref: ReservationRef): Promise<string[]> {
  const rows = await tx
    .select({ id: stockReservations.id })
    .from(stockReservations)
    .where(and(eq(stockReservations.refType, ref.type), eq(stockReservations.refId, ref.id), eq(stockReservations.status, "reserved")))
    .orderBy(asc(stockReservations.id))
    .for("update");
  return rows.map((r) => r.id);
}

/** Cancel/reject: return the held stock. Idempotent (already closed reservations are skipped). */
export async function release(tx: Tx, ref: ReservationRef, now: Date): Promise<StockReservationRow[]> {
  return closeReservations(tx, await openIdsFor(tx, ref), "released", now);
}

/** Shipment: the held units leave on_hand. Idempotent. */
export async function consume(tx: Tx, ref: ReservationRef, now: Date): Promise<StockReservationRow[]> {
  return closeReservations(tx, await openIdsFor(tx, ref), "consumed", now);
}

/** Release reservations whose expires_at has passed; SKIP LOCKED lets several sweepers run at once. */
export async function sweepExpired(tx: Tx, now: Date, limit = 500): Promise<StockReservationRow[]> {
  const due = await tx
    .select({ id: stockReservations.id })
    .from(stockReservations)
    .where(and(eq(stockReservations.status, "reserved"), lte(stockReservations.expiresAt, now)))
    .orderBy(asc(stockReservations.id))
    .limit(limit)
    .for("update", { skipLocked: true });
  return closeReservations(tx, due.map((r) => r.id), "released", now);
}

/** Admin/test: set the on-hand count of a variant in a warehouse (the reserved <= on_hand check refuses going below reserved). */
export async function setStock(exec: Executor, variantId: string, warehouseId: string, onHand: number, now: Date): Promise<void> {
  await exec
    .insert(stockLevels)
    .values({ variantId, warehouseId, onHand, updatedAt: now })
    .onConflictDoUpdate({ target: [stockLevels.variantId, stockLevels.warehouseId], set: { onHand, updatedAt: now } });
}

export async function setBackorder(exec: Executor, variantId: string, allowed: boolean, now: Date): Promise<void> {
  await exec
    .insert(variantInventory)
    .values({ variantId, backorderAllowed: allowed, updatedAt: now })
    .onConflictDoUpdate({ target: variantInventory.variantId, set: { backorderAllowed: allowed, updatedAt: now } });
}

/** Available units per variant over active warehouses (one query). */
export async function availability(exec: Executor, variantIds: string[]): Promise<Map<string, number>> {
  if (!variantIds.length) return new Map();
  const rows = await exec
    .select({ variantId: stockLevels.variantId, available: sql<number>`sum(${stockLevels.onHand} - ${stockLevels.reserved})::int` })
    .from(stockLevels)
    .innerJoin(warehouses, and(eq(warehouses.id, stockLevels.warehouseId), eq(warehouses.active, true)))
    .where(inArray(stockLevels.variantId, variantIds))
    .groupBy(stockLevels.variantId);
  return new Map(variantIds.map((id) => [id, rows.find((r) => r.variantId === id)?.available ?? 0]));
}
