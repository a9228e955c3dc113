/**
 * SQL for reading and managing placed orders. Lists use keyset pagination on (created_at, id)
 * newest first; detail data (lines, transitions) is loaded for a whole page in one query each.
 */
import { and, asc, desc, eq, gte, inArray, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { channels } from "../channels/channels.tables";
import type { Executor, Tx } from "../kernel/db";
import type { ReorderScope, ShopOrderScope } from "./order-access";
import type { AdminOrdersFilter, MyOrdersFilter, OrderRef } from "./orders.schema";
import { orderLines, orders, orderTransitions, type OrderLineRow, type OrderRow, type OrderTransitionRow } from "./orders.tables";

export interface OrderCursor {
  /** created_at ISO */
  c: string;
  i: string;
}

export function shopScopeWhere(s: ShopOrderScope): SQL {
  const channel = eq(orders.channelId, s.channelId);
  switch (s.kind) {
    case "customer":
      return and(channel, eq(orders.buyerKind, "customer"), eq(orders.customerId, s.customerId))!;
    case "account":
      return and(channel, eq(orders.buyerKind, "employee"), eq(orders.accountId, s.accountId))!;
    case "location":
      return and(channel, eq(orders.buyerKind, "employee"), eq(orders.accountId, s.accountId), eq(orders.locationId, s.locationId))!;
  }
}

export function myOrdersWhere(f: MyOrdersFilter): SQL[] {
  const w: SQL[] = [];
  if (f.states?.length) w.push(inArray(orders.state, f.states));
  if (f.from) w.push(gte(orders.createdAt, f.from));
  if (f.to) w.push(lte(orders.createdAt, f.to));
  return w;
}

/** Admin filters; the channel is matched by code through a sub-select (no extra round trip). */
export function adminOrdersWhere(f: AdminOrdersFilter): SQL[] {
  const w: SQL[] = [];
  if (f.channelCode) w.push(eq(orders.channelId, sql`(select ${channels.id} from ${channels} where ${channels.code} = ${f.channelCode})`));
  if (f.states?.length) w.push(inArray(orders.state, f.states));
  if (f.accountId) w.push(eq(orders.accountId, f.accountId));
  if (f.customerId) w.push(eq(orders.customerId, f.customerId));
  // exact address, case-insensitive
  if (f.email) w.push(sql`lower(${orders.email}) = lower(${f.email})`);
  if (f.number != null) w.push(eq(orders.number, f.number));
  if (f.from) w.push(gte(orders.placedAt, f.from));
  if (f.to) w.push(lte(orders.placedAt, f.to));
  if (f.totalMin != null) w.push(gte(orders.total, f.totalMin));
  if (f.totalMax != null) w.push(lte(orders.total, f.totalMax));
  return w;
}

/** One query: `limit + 1` rows after the cursor, newest first (the extra row says "has next page"). */
export async function listOrders(db: Executor, where: SQL[], limit: number, after: OrderCursor | null): Promise<OrderRow[]> {
  const conds = [...where];
  if (after) {
    const at = new Date(after.c);
    conds.push(or(lt(orders.createdAt, at), and(eq(orders.createdAt, at), lt(orders.id, after.i)))!);
  }
  return db
    .select()
    .from(orders)
    .where(conds.length ? and(...conds) : undefined)
    .orderBy(desc(orders.createdAt), desc(orders.id))
    .limit(limit + 1);
}

export async function findOrder(db: Executor, ref: OrderRef): Promise<OrderRow | undefined> {
  const [o] = await db
    .select()
    .from(orders)
    .where(ref.id != null ? eq(orders.id, ref.id) : eq(orders.number, ref.number!))
    .limit(1);
  return o;
}

export async function linesOfOrders(db: Executor, orderIds: readonly string[]): Promise<OrderLineRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .select()
    .from(orderLines)
    .where(inArray(orderLines.orderId, [...orderIds]))
    .orderBy(asc(orderLines.orderId), asc(orderLines.position));
}

export async function transitionsOfOrders(db: Executor, orderIds: readonly string[]): Promise<OrderTransitionRow[]> {
  if (orderIds.length === 0) return [];
  return db
    .select()
    .from(orderTransitions)
    .where(inArray(orderTransitions.orderId, [...orderIds]))
    .orderBy(asc(orderTransitions.orderId), asc(orderTransitions.at), asc(orderTransitions.id));
}

/** The last state the order was in before entering `state` (for releasing a hold). */
export async function stateBefore(db: Executor, orderId: string, state: string): Promise<string | null> {
  const [t] = await db
    .select({ from: orderTransitions.fromState })
    .from(orderTransitions)
    .where(and(eq(orderTransitions.orderId, orderId), eq(orderTransitions.toState, state)))
    .orderBy(desc(orderTransitions.at), desc(orderTransitions.id))
    .limit(1);
  return t?.from ?? null;
}

export async function lockOrder(tx: Tx, orderId: string): Promise<OrderRow | undefined> {
  const [o] = await tx.select().from(orders).where(eq(orders.id, orderId)).for("update");
  return o;
}

export async function lockOrderLines(tx: Tx, orderId: string): Promise<OrderLineRow[]> {
  return tx.select().from(orderLines).where(eq(orderLines.orderId, orderId)).orderBy(asc(orderLines.position)).for("update");
}

/**
 * Adds to the lines' fulfilled or shipped counters and the order's totals in 2 statements. The
 * caller has validated the quantities under the row locks; the CHECK-free arithmetic is safe there.
 */
export async function addToCounters(
  tx: Tx,
  orderId: string,
  column: "fulfilled" | "shipped",
  deltas: readonly { lineId: string; quantity: number }[],
  now: Date,
): Promise<OrderRow> {
  const col = column === "fulfilled" ? sql.raw("quantity_fulfilled") : sql.raw("quantity_shipped");
  const values = sql.join(
    deltas.map((d) => sql`(${d.lineId}::uuid, ${d.quantity}::int)`),
    sql`, `,
  );
  await tx.execute(sql`
    update order_lines l set ${col} = l.${col} + d.q
    from (values ${values}) as d(id, q)
    where l.id = d.id and l.order_id = ${orderId}::uuid`);
  const total = deltas.reduce((s, d) => s + d.quantity, 0);
  const [o] = await tx
    .update(orders)
    .set(column === "fulfilled" ? { quantityFulfilled: sql`${orders.quantityFulfilled} + ${total}`, updatedAt: now } : { quantityShipped: sql`${orders.quantityShipped} + ${total}`, updatedAt: now })
    .where(eq(orders.id, orderId))
    .returning();
  return o!;
}

/** Variants that order lines point at: one query (the index order_lines_variant_idx). */
export async function variantsReferencedByOrders(db: Executor, variantIds: readonly string[]): Promise<Set<string>> {
  if (variantIds.length === 0) return new Set();
  const rows = await db
    .selectDistinct({ variantId: orderLines.variantId })
    .from(orderLines)
    .where(inArray(orderLines.variantId, [...variantIds]));
  return new Set(rows.map((r) => r.variantId));
}

/** The lines of one order if it belongs to the scope: one query. */
export async function reorderLines(db: Executor, scope: ReorderScope, orderId: string): Promise<{ variantId: string; quantity: number }[] | null> {
  const owner =
    scope.kind === "location"
      ? and(eq(orders.buyerKind, "employee"), eq(orders.accountId, scope.accountId), eq(orders.locationId, scope.locationId))
      : and(eq(orders.buyerKind, "customer"), eq(orders.customerId, scope.customerId));
  const rows = await db
    .select({ orderId: orders.id, variantId: orderLines.variantId, quantity: orderLines.quantity })
    .from(orders)
    .leftJoin(orderLines, eq(orderLines.orderId, orders.id))
    .where(and(eq(orders.id, orderId), owner))
    .orderBy(asc(orderLines.position));
  if (rows.length === 0) return null;
  return rows.filter((r) => r.variantId !== null).map((r) => ({ variantId: r.variantId!, quantity: r.quantity! }));
}
