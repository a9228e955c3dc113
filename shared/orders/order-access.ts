/**
 * Who may see which orders. Pure functions of the principal: the repository turns a scope into a
 * WHERE clause, and single-order checks use `orderVisibleTo`. An order the caller may not see
 * reads as NOT_FOUND (never FORBIDDEN), so ids of other buyers' orders reveal nothing.
 */
import { roleSpec } from "../accounts";
import { forbidden, notFound, unauthenticated } from "../kernel/errors";
import { hasPermission, type Principal } from "../kernel/principal";
import type { OrderRow } from "./orders.tables";

/** The set of orders a shop caller sees (always within the request's channel). */
export type ShopOrderScope =
  | { kind: "customer"; channelId: string; customerId: string }
  | { kind: "account"; channelId: string; accountId: string }
  | { kind: "location"; channelId: string; accountId: string; locationId: string };

export const ORDER_PERMISSIONS = Object.freeze({ read: "orders:read", manage: "orders:manage", processes: "orders:manage" } as const);

/**
 * A customer sees its own orders; an employee its location's (role scope "location") or its whole
 * account's (scope "account", e.g. admin). Guests have no order history; staff use the admin API.
 */
export function shopOrderScope(p: Principal, channelId: string): ShopOrderScope {
  switch (p.kind) {
    case "customer":
      return { kind: "customer", channelId, customerId: p.customerId };
    case "employee":
      return roleSpec(p.role).scope === "account"
        ? { kind: "account", channelId, accountId: p.accountId }
        : { kind: "location", channelId, accountId: p.accountId, locationId: p.locationId };
    case "guest":
      throw unauthenticated("Sign in to see your orders");
    default:
      throw forbidden("Staff read orders through the admin API");
  }
}

export function orderVisibleTo(scope: ShopOrderScope, o: Pick<OrderRow, "channelId" | "buyerKind" | "customerId" | "accountId" | "locationId">): boolean {
  if (o.channelId !== scope.channelId) return false;
  switch (scope.kind) {
    case "customer":
      return o.buyerKind === "customer" && o.customerId === scope.customerId;
    case "account":
      return o.buyerKind === "employee" && o.accountId === scope.accountId;
    case "location":
      return o.buyerKind === "employee" && o.accountId === scope.accountId && o.locationId === scope.locationId;
  }
}

/** Throws NOT_FOUND unless the order exists and is in scope. */
export function assertOrderVisible(scope: ShopOrderScope, o: OrderRow | undefined, ref: string): asserts o is OrderRow {
  if (!o || !orderVisibleTo(scope, o)) throw notFound("Order", ref);
}

/** Employees who may not order (viewers) may not cancel either; customers cancel their own. */
export function assertMayCancel(p: Principal): void {
  if (p.kind === "employee" && !roleSpec(p.role).canOrder) throw forbidden(`Role "${p.role}" may not cancel orders`);
}

/**
 * Reorder: the carts domain passes the cart owner id (cart-owner.ts): `accountId:locationId` for
 * an employee's location cart, the customer id for a customer, a random cart id for a guest.
 * Returns the scope to look the order up in, or null when the owner cannot have past orders.
 */
export type ReorderScope = { kind: "location"; accountId: string; locationId: string } | { kind: "customer"; customerId: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function reorderScope(principalOwnerId: string): ReorderScope | null {
  const parts = principalOwnerId.split(":");
  if (parts.length === 2 && UUID.test(parts[0]!) && UUID.test(parts[1]!)) return { kind: "location", accountId: parts[0]!, locationId: parts[1]! };
  // a guest's cart id never matches an order's customer_id (guest orders have none), and a
  // non-uuid one must not reach a uuid column
  return UUID.test(principalOwnerId) ? { kind: "customer", customerId: principalOwnerId } : null;
}

export const isUuid = (s: string) => UUID.test(s);

export function staffMay(p: Principal, permission: string): boolean {
  return p.kind === "staff" && hasPermission(p, permission);
}
