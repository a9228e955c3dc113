/**
 * Orders as buyers see them (shop API): their history scoped by order-access.ts, one order's
 * detail, cancelling where the process allows. Queries: a list is 1 + the batch's (order-views.ts);
 * `order` is 1 + the batch's; a cancel is 1 (scoped read) + the lifecycle's apply + 1 (re-read).
 */
import { transactional, type Outbox } from "../events";
import type { ChannelContext } from "../kernel/channel-context";
import type { Db, Executor } from "../kernel/db";
import { decodeCursor, encodeCursor } from "../kernel/graphql/connection";
import { badInput } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import { assertMayCancel, assertOrderVisible, shopOrderScope } from "./order-access";
import { actorFromPrincipal } from "./order-effects";
import type { OrderLifecycle, PaymentTotalsReader } from "./order-lifecycle.service";
import type { OrderActor } from "./order-operations";
import { OrderBatch, type OrderView } from "./order-views";
import { findOrder, listOrders, myOrdersWhere, shopScopeWhere, type OrderCursor } from "./orders.repository";
import { myOrdersFilterSchema, orderIdSchema, orderRefSchema, pageSchema, transitionReasonSchema } from "./orders.schema";
import type { OrderRow } from "./orders.tables";
import type { SQL } from "drizzle-orm";

export interface OrdersDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  lifecycle: OrderLifecycle;
  payments: PaymentTotalsReader;
}

export interface OrderConnection {
  edges: { cursor: string; node: OrderView }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

const cursorOf = (o: OrderRow) => encodeCursor({ c: o.createdAt.toISOString(), i: o.id } satisfies OrderCursor);

function parseCursor(after: string | null | undefined): OrderCursor | null {
  if (!after) return null;
  const c = decodeCursor<OrderCursor>(after, "after");
  if (typeof c?.c !== "string" || typeof c.i !== "string" || Number.isNaN(Date.parse(c.c)) || !/^[0-9a-f-]{36}$/i.test(c.i)) {
    throw badInput(`Malformed cursor "${after}"`, "after");
  }
  return c;
}

/** Shared by the shop and admin services: a page of orders as a Relay connection. */
export async function orderPage(
  deps: OrdersDeps,
  db: Executor,
  where: SQL[],
  rawPage: unknown,
  actor: OrderActor,
): Promise<OrderConnection> {
  const page = parseInput(pageSchema, rawPage ?? {}, "");
  const rows = await listOrders(db, where, page.first, parseCursor(page.after));
  const shown = rows.slice(0, page.first);
  const batch = new OrderBatch({ db, lifecycle: deps.lifecycle, payments: deps.payments, actor, now: deps.now }, shown);
  const edges = OrderBatch.views(batch).map((node) => ({ cursor: cursorOf(node.row), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > page.first, endCursor: edges.at(-1)?.cursor ?? null } };
}

export function singleView(deps: OrdersDeps, order: OrderRow, actor: OrderActor): OrderView {
  return { row: order, batch: new OrderBatch({ db: deps.db, lifecycle: deps.lifecycle, payments: deps.payments, actor, now: deps.now }, [order]) };
}

export interface ShopCaller {
  principal: Principal;
  channel: ChannelContext;
}

export class OrdersService {
  constructor(private readonly deps: OrdersDeps) {}

  /** The caller's orders in this channel, newest first. */
  async myOrders(caller: ShopCaller, filter: unknown, page: unknown): Promise<OrderConnection> {
    const scope = shopOrderScope(caller.principal, caller.channel.id);
    const f = parseInput(myOrdersFilterSchema, filter ?? {}, "filter");
    return orderPage(this.deps, this.deps.db, [shopScopeWhere(scope), ...myOrdersWhere(f)], page, actorFromPrincipal(caller.principal));
  }

  /** One order by id or number; other buyers' orders read as NOT_FOUND. */
  async order(caller: ShopCaller, ref: unknown): Promise<OrderView> {
    const scope = shopOrderScope(caller.principal, caller.channel.id);
    const r = parseInput(orderRefSchema, ref, "");
    const order = await findOrder(this.deps.db, r);
    assertOrderVisible(scope, order, String(r.id ?? r.number));
    return singleView(this.deps, order, actorFromPrincipal(caller.principal));
  }

  /**
   * The buyer (or an employee in scope who may order) cancels; the order's process decides
   * whether that is possible now (guards) and what follows (release stock, void/refund payment).
   */
  async cancel(caller: ShopCaller, orderId: string, reason: string | null | undefined): Promise<OrderView> {
    const scope = shopOrderScope(caller.principal, caller.channel.id);
    const id = parseInput(orderIdSchema, orderId, "id");
    const why = parseInput(transitionReasonSchema, reason, "reason");
    const found = await findOrder(this.deps.db, { id });
    assertOrderVisible(scope, found, id);
    assertMayCancel(caller.principal);
    const actor = actorFromPrincipal(caller.principal);
    const { order } = await transactional(this.deps.db, this.deps.outbox, (tx, emit) =>
      this.deps.lifecycle.apply(tx, emit, { orderId: id, to: "cancelled", actor, now: this.deps.now, reason: why }),
    );
    return singleView(this.deps, order, actor);
  }
}
