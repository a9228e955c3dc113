/**
 * Orders written straight to the database, for tests of what happens after checkout (lifecycle,
 * approvals, payments, order APIs) without going through a cart. Checkout tests place real
 * orders through the API instead.
 */
import { env } from "cloudflare:test";
import { Outbox, transactional } from "../../shared/events";
import { orderLines, orders, type OrderRow } from "../../shared/orders";
import { queueEventSender } from "../../shared/platform";
import { createServices } from "../../workers/services";
import { stockLevels, warehouses } from "../../shared/inventory";
import { uniq } from "./graphql";
import { withDb } from "./db";

export interface FixtureLine {
  variantId: string;
  quantity: number;
  unitPrice: number;
}

export interface FixtureOrder {
  channelId: string;
  buyerKind?: "employee" | "customer" | "guest";
  accountId?: string | null;
  locationId?: string | null;
  employeeId?: string | null;
  customerId?: string | null;
  email?: string;
  lines: FixtureLine[];
  state?: string;
  processCode?: string;
  processVersion?: number;
  flags?: Record<string, boolean>;
  currency?: string;
  paymentMethod?: string;
  now?: Date;
}

export async function insertOrder(o: FixtureOrder): Promise<OrderRow> {
  const now = o.now ?? new Date();
  const subtotal = o.lines.reduce((s, l) => s + l.unitPrice * l.quantity, 0);
  return withDb(async ({ db }) =>
    db.transaction(async (tx) => {
      const [order] = await tx
        .insert(orders)
        .values({
          channelId: o.channelId,
          processCode: o.processCode ?? (o.buyerKind === "employee" ? "default_b2b" : "default_b2c"),
          processVersion: o.processVersion ?? 1,
          state: o.state ?? "draft",
          buyerKind: o.buyerKind ?? "customer",
          accountId: o.accountId ?? null,
          locationId: o.locationId ?? null,
          employeeId: o.employeeId ?? null,
          customerId: o.customerId ?? null,
          email: o.email ?? `${uniq("buyer")}@example.test`,
          idempotencyScope: "fixture",
          idempotencyKey: uniq("key-"),
          requestHash: "fixture",
          currency: o.currency ?? "USD",
          currencySnapshot: { currency: o.currency ?? "USD", baseCurrency: o.currency ?? "USD", rates: [] },
          subtotal,
          discountTotal: 0,
          shippingTotal: 0,
          taxTotal: 0,
          total: subtotal,
          flags: o.flags ?? {},
          paymentMethod: o.paymentMethod ?? "manual",
          quantityOrdered: o.lines.reduce((s, l) => s + l.quantity, 0),
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await tx.insert(orderLines).values(
        o.lines.map((l, i) => ({
          orderId: order!.id,
          position: i,
          variantId: l.variantId,
          productId: l.variantId,
          sku: `SKU-${i}`,
          name: `Line ${i}`,
          quantity: l.quantity,
          unitPrice: l.unitPrice,
          lineTotal: l.unitPrice * l.quantity,
          priceSource: { level: "default", priceListId: null, overrideId: null, scopeId: null, tierMinQty: 1, method: "direct" as const, rate: null, sourceCurrency: o.currency ?? "USD", sourceUnitPrice: l.unitPrice },
        })),
      );
      return order!;
    }),
  );
}

/** Puts `onHand` units of a variant in a fresh warehouse (priority 1). */
export async function stock(variantId: string, onHand: number): Promise<string> {
  return withDb(async ({ db }) => {
    const [w] = await db.insert(warehouses).values({ code: uniq("WH-"), name: "Test warehouse", priority: 1 }).returning({ id: warehouses.id });
    await db.insert(stockLevels).values({ variantId, warehouseId: w!.id, onHand });
    return w!.id;
  });
}

/**
 * Takes an inserted order where a placement would: its (manual) payment prepared and the order
 * moved to pending_approval, which starts its approval workflow.
 */
export async function submitForApproval(order: OrderRow, buyerId: string): Promise<void> {
  await withDb(async ({ db }) => {
    const outbox = new Outbox(db, queueEventSender(env.EVENTS), () => new Date());
    const services = createServices({ db, outbox, now: new Date(), env, country: null });
    await transactional(db, outbox, async (tx, emit) => {
      await services.payments.prepare(tx, { order: { ...order, buyerKind: "employee" }, method: "manual", input: {}, now: new Date() });
      await services.orderLifecycle.apply(tx, emit, { orderId: order.id, to: "pending_approval", actor: { kind: "employee", id: buyerId }, now: new Date() });
    });
  });
}
