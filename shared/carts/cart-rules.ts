/**
 * The rules every cart change obeys. Pure: callers pass the facts; nothing here does I/O.
 * Quantity rules reuse the catalog's case pack / MOQ / increment check and add the cart's own
 * bounds (positive, at most MAX_LINE_QUANTITY, at most MAX_CART_LINES lines).
 */
import { canOrder, roleSpec } from "../accounts";
import { catalogAccess, checkOrderQuantity } from "../catalog";
import type { ChannelContext } from "../kernel/channel-context";
import { DomainError, forbidden, unauthenticated } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import type { LineFacts, LineRejection } from "./cart.types";

/** A sane ceiling per line: above it is a typo (an extra zero), not an order. */
export const MAX_LINE_QUANTITY = 100_000;
/** Lines per cart; also the quick-order limit (the pricing engine takes 5 000 lines per call). */
export const MAX_CART_LINES = 5_000;

/** Null when `quantity` may be ordered for this variant, else why not (and the nearest valid one). */
export function quantityRejection(facts: Pick<LineFacts, "casePack" | "moq" | "orderIncrement">, quantity: number): LineRejection | null {
  if (!Number.isInteger(quantity) || quantity < 1) {
    return { reason: "NOT_POSITIVE", message: `quantity must be a whole number ≥ 1 (got ${quantity})`, nearestValid: facts.moq };
  }
  if (quantity > MAX_LINE_QUANTITY) {
    return { reason: "ABOVE_MAX", message: `quantity ${quantity} is above the maximum of ${MAX_LINE_QUANTITY} per line` };
  }
  const check = checkOrderQuantity(facts, quantity);
  if (check.ok) return null;
  const nearest = check.nearestValid <= MAX_LINE_QUANTITY ? { nearestValid: check.nearestValid } : {};
  return { reason: check.reason, message: check.message, ...nearest };
}

/** Turns a rejection of a single-line operation into the typed error the API returns. */
export function rejectionError(r: LineRejection, field: string, sku?: string): DomainError {
  const code = r.reason === "UNKNOWN_SKU" || r.reason === "NOT_VISIBLE" ? "NOT_FOUND" : "BAD_USER_INPUT";
  const what = sku ? `${sku}: ` : "";
  return new DomainError(code, `${what}${r.message}`, { field, reason: r.reason, ...(r.nearestValid !== undefined ? { nearestValid: r.nearestValid } : {}) });
}

/**
 * Who may hold a cart on this channel. Guests only where the login wall is open (a hidden
 * catalog or hidden prices leave nothing to put in a cart); staff never (they act through admin).
 * A B2B-only channel sells to account employees; a B2C-only channel to customers and guests.
 */
export function assertMayUseCart(channel: Pick<ChannelContext, "loginWallMode" | "commerceMode">, principal: Principal): void {
  if (principal.kind === "staff") throw forbidden("Staff use the admin API; carts belong to buyers");
  const access = catalogAccess(channel, principal);
  if (access.catalog === "hidden") throw unauthenticated("Sign in to use a cart on this channel");
  if (access.prices === "hidden") throw unauthenticated("Sign in to see prices and use a cart on this channel");
  if (channel.commerceMode === "b2b" && principal.kind !== "employee") {
    if (principal.kind === "guest") throw unauthenticated("Sign in with a business account to use a cart on this channel");
    throw forbidden("This channel sells to business accounts only");
  }
  if (channel.commerceMode === "b2c" && principal.kind === "employee") throw forbidden("This channel sells to consumers only");
}

/** Changing a B2B cart needs an ordering role and an Active account (status 9). */
export function assertMayChangeCart(principal: Principal, account: { status: number } | null): void {
  if (principal.kind !== "employee") return;
  assertRoleMayOrder(principal);
  assertAccountMayOrder(account);
}

/** The role half (the token carries it: no I/O), checked by the Worker before calling the cart. */
export function assertRoleMayOrder(principal: Principal): void {
  if (principal.kind === "employee" && !roleSpec(principal.role).canOrder) throw forbidden(`The ${principal.role} role cannot order`);
}

/** The account half, checked inside the location cart's object against its cached status. */
export function assertAccountMayOrder(account: { status: number } | null): void {
  if (!account) throw forbidden("Account not found");
  if (!canOrder(account)) throw forbidden("Only active accounts can order; this account is not active");
}

/** Optimistic concurrency: a client that read version N may only change version N. */
export function assertExpectedVersion(expected: number | null | undefined, actual: number): void {
  if (expected === null || expected === undefined) return;
  if (expected !== actual) {
    throw new DomainError("CONFLICT", `The cart changed (version ${actual}, you had ${expected}); reload it and retry`, {
      field: "expectedVersion",
      currentVersion: actual,
    });
  }
}

/**
 * Stock is a warning, never a refusal: reservation happens at checkout. Until the inventory
 * domain exists the default says "unknown" for everything.
 */
export interface StockLookup {
  statusOf(variantIds: readonly string[]): Map<string, "IN_STOCK" | "LOW_STOCK" | "OUT_OF_STOCK">;
}
export const unknownStock: StockLookup = { statusOf: () => new Map() };
