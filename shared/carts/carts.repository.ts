import { and, asc, eq, gt, lt, sql } from "drizzle-orm";
import { domainEvents } from "../events";
import type { Executor } from "../kernel/db";
import type { PendingMirror } from "./cart-store";
import type { CartSummaryRow } from "./cart.types";
import { carts } from "./carts.tables";

/**
 * ONE statement per mirrored cart state: the summary mirror upsert (ignored when an older version
 * arrives late) and, only when it took effect, the `cart.updated` event in the outbox table.
 * The cart object writes it from its alarm a few seconds after a change (writeCartMirror),
 * coalescing a burst of changes into one statement carrying the latest version, so no cart
 * request waits on Postgres; the event is published by the outbox sweep (at-least-once).
 */
export async function mirrorCartChange(db: Executor, row: CartSummaryRow, channelCode: string, now: Date): Promise<void> {
  const payload = {
    cartId: row.cartId,
    ownerKind: row.owner.kind,
    accountId: row.owner.accountId,
    locationId: row.owner.locationId,
    customerId: row.owner.customerId,
    version: row.version,
    lineCount: row.lineCount,
    subtotal: row.subtotal,
    currency: row.currency,
  };
  await db.execute(sql`
    with up as (
      insert into ${carts} (id, channel_id, owner_kind, owner_id, account_id, location_id, customer_id, name, is_active, version, line_count, subtotal, currency, updated_at)
      values (${row.cartId}, ${row.owner.channelId}::uuid, ${row.owner.kind}, ${row.owner.ownerId}, ${row.owner.accountId}::uuid, ${row.owner.locationId}::uuid,
        ${row.owner.customerId}::uuid, ${row.name}, ${row.isActive}, ${row.version}, ${row.lineCount}, ${row.subtotal}, ${row.currency}, ${new Date(row.updatedAtMs).toISOString()}::timestamptz)
      on conflict (id) do update set name = excluded.name, is_active = excluded.is_active, version = excluded.version, line_count = excluded.line_count,
        subtotal = excluded.subtotal, currency = excluded.currency, updated_at = excluded.updated_at
      where ${carts.version} <= excluded.version
      returning id
    )
    insert into ${domainEvents} (id, type, aggregate_type, aggregate_id, channel_code, payload, occurred_at)
    select ${crypto.randomUUID()}::uuid, 'cart.updated', 'cart', ${row.cartId}, ${channelCode}, ${JSON.stringify(payload)}::jsonb, ${now.toISOString()}::timestamptz
    from up`);
}

/** One pending mirror change from a cart object (its alarm writes them, one statement each). */
export function writeCartMirror(db: Executor, p: PendingMirror): Promise<void> {
  return p.change.op === "upsert" ? mirrorCartChange(db, p.change.summary, p.change.channelCode, new Date(p.change.atMs)) : deleteCartMirror(db, p.cartId);
}

export async function deleteCartMirror(db: Executor, cartId: string): Promise<void> {
  await db.delete(carts).where(eq(carts.id, cartId));
}

export type CartMirrorRow = typeof carts.$inferSelect;

/** Carts with lines that nobody changed since `before`, oldest first (one indexed query). */
export async function idleCarts(db: Executor, q: { before: Date; channelId: string | null; limit: number }): Promise<CartMirrorRow[]> {
  const conds = [gt(carts.lineCount, 0), lt(carts.updatedAt, q.before)];
  if (q.channelId) conds.push(eq(carts.channelId, q.channelId));
  return db.select().from(carts).where(and(...conds)).orderBy(asc(carts.updatedAt), asc(carts.id)).limit(q.limit);
}
