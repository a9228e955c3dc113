/**
 * Stock reservations without oversell. reserve() locks the stock rows of every requested variant
 * with one SELECT … FOR UPDATE ordered by (variant_id, warehouse_id): concurrent reservations queue
 * on the same rows in the same order, so they cannot deadlock, and each sees the stock left by the
 * one before it (READ COMMITTED re-reads a row after waiting for its lock). Run it inside the
 * transaction that creates the order so both commit or neither does.
 * Queries: reserve = 3 (backorder flags, locked stock rows with their warehouses, then the stock
 * update and the reservation rows in one statement); release/consume/sweep = 3.
 */
import { and, asc, eq, inArray, lte, sql, type SQL } from "drizzle-orm";
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

  // read before locking: backorder flags are not protected by the stock locks either way, and
  // every statement after the lock lengthens the time concurrent buyers of these SKUs wait
  const backorder = await tx
    .select({ variantId: variantInventory.variantId })
    .from(variantInventory)
    .where(and(inArray(variantInventory.variantId, variantIds), eq(variantInventory.backorderAllowed, true)));
  // the warehouses come with the locked rows (only stock_levels rows are locked, in a fixed order)
  const locked = await tx
    .select({
      variantId: stockLevels.variantId,
      warehouseId: stockLevels.warehouseId,
      onHand: stockLevels.onHand,
      reserved: stockLevels.reserved,
      priority: warehouses.priority,
      code: warehouses.code,
      active: warehouses.active,
    })
    .from(stockLevels)
    .innerJoin(warehouses, eq(warehouses.id, stockLevels.warehouseId))
    .where(inArray(stockLevels.variantId, variantIds))
    .orderBy(asc(stockLevels.variantId), asc(stockLevels.warehouseId))
    .for("update", { of: stockLevels });
  // allocation order (warehouse priority) is decided after locking, so the lock order stays fixed
  const rows: StockRowSnapshot[] = locked
    .filter((r) => r.active)
    .sort((a, b) => a.priority - b.priority || a.code.localeCompare(b.code))
    .map((r) => ({ variantId: r.variantId, warehouseId: r.warehouseId, onHand: r.onHand, reserved: r.reserved }));

  const result = allocateStock(lines, rows, new Set(backorder.map((b) => b.variantId)));
  if (!result.ok) return { ok: false, reason: "out_of_stock", lines: result.outOfStock };

  // the stock update and the reservation rows in ONE statement; rows travel as one JSON parameter
  const adjust = stockAdjustment(result.allocations, { reserved: +1, onHand: 0 }, now);
  const rowsJson = JSON.stringify(
    result.allocations.map((a: Allocation) => ({ variant_id: a.variantId, warehouse_id: a.warehouseId, quantity: a.quantity, backordered: a.warehouseId === null })),
  );
  const inserted = await tx.execute<Record<string, unknown>>(sql`
    with ${adjust ? sql`adjusted as (${adjust}), ` : sql``}r as (
      select * from jsonb_to_recordset(${rowsJson}::jsonb) as r(variant_id uuid, warehouse_id uuid, quantity int, backordered boolean)
    )
    insert into stock_reservations (ref_type, ref_id, variant_id, warehouse_id, quantity, backordered, status, expires_at, created_at, updated_at)
    select ${ref.type}, ${ref.id}, r.variant_id, r.warehouse_id, r.quantity, r.backordered, 'reserved', ${expiresAt ? expiresAt.toISOString() : null}::timestamptz,
           ${now.toISOString()}::timestamptz, ${now.toISOString()}::timestamptz
      from r
    returning id, ref_type, ref_id, variant_id, warehouse_id, quantity, backordered, status, expires_at, created_at, updated_at`);
  const reservations = (inserted as unknown as Record<string, unknown>[]).map(toReservationRow);
  // keep the allocation order callers saw before (the insert's returning order is not guaranteed)
  const order = new Map(result.allocations.map((a, i) => [`${a.variantId}|${a.warehouseId ?? ""}`, i]));
  reservations.sort((a, b) => order.get(`${a.variantId}|${a.warehouseId ?? ""}`)! - order.get(`${b.variantId}|${b.warehouseId ?? ""}`)!);
  return { ok: true, reservations };
}

const asDate = (v: unknown): Date => (v instanceof Date ? v : new Date(String(v)));

function toReservationRow(r: Record<string, unknown>): StockReservationRow {
  return {
    id: String(r.id),
    refType: String(r.ref_type),
    refId: String(r.ref_id),
    variantId: String(r.variant_id),
    warehouseId: r.warehouse_id === null ? null : String(r.warehouse_id),
    quantity: Number(r.quantity),
    backordered: Boolean(r.backordered),
    status: String(r.status),
    expiresAt: r.expires_at === null ? null : asDate(r.expires_at),
    createdAt: asDate(r.created_at),
    updatedAt: asDate(r.updated_at),
  };
}

/** The UPDATE adding `sign * quantity` to reserved/on_hand of the (variant, warehouse) rows; null when none. */
function stockAdjustment(allocs: readonly Allocation[], sign: { reserved: number; onHand: number }, now: Date): SQL | null {
  const sums = new Map<string, { variantId: string; warehouseId: string; quantity: number }>();
  for (const a of allocs) {
    if (!a.warehouseId) continue;
    const key = `${a.variantId}|${a.warehouseId}`;
    const s = sums.get(key) ?? { variantId: a.variantId, warehouseId: a.warehouseId, quantity: 0 };
    s.quantity += a.quantity;
    sums.set(key, s);
  }
  if (!sums.size) return null;
  const d = JSON.stringify([...sums.values()].map((s) => ({ variant_id: s.variantId, warehouse_id: s.warehouseId, qty: s.quantity })));
  return sql`
    update stock_levels s
       set reserved = s.reserved + ${sign.reserved}::int * d.qty,
           on_hand = s.on_hand + ${sign.onHand}::int * d.qty,
           updated_at = ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${d}::jsonb) as d(variant_id uuid, warehouse_id uuid, qty int)
     where s.variant_id = d.variant_id and s.warehouse_id = d.warehouse_id
    returning 1`;
}

/** Add `sign * quantity` to reserved/on_hand of the (variant, warehouse) rows, one UPDATE. */
async function adjustStock(tx: Tx, allocs: readonly Allocation[], sign: { reserved: number; onHand: number }, now: Date): Promise<void> {
  const q = stockAdjustment(allocs, sign, now);
  if (q) await tx.execute(q);
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
