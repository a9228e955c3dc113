/**
 * How the carts service reaches a cart's Durable Object. The interface lives here; the Worker's
 * composition root implements it over the CART binding (the object class is CartObject).
 */
import type { CartCommand } from "./cart-engine";
import type { CartCall, MutateOptions, MutationResult } from "./cart-runtime";
import type { CartHeader, CartLine, CartView } from "./cart.types";
import { DomainError, type ErrorCode, type ErrorDetails } from "../kernel/errors";
import { MissingCallFacts, type CartCallFact } from "./cart-call-facts";

/**
 * A Durable Object RPC rethrows errors as plain Errors (code and details lost), so the object
 * returns typed refusals as data and the caller turns them back into the same DomainError.
 */
export type Wire<T> =
  | { ok: true; value: T }
  | { ok: false; error: { code: ErrorCode; message: string; details: ErrorDetails } }
  /** the object needs these facts to serve the call (nothing was changed): supply them and call again */
  | { ok: false; missing: CartCallFact[] };

export async function toWire<T>(fn: () => Promise<T>): Promise<Wire<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, error: { code: e.code, message: e.message, details: e.details } };
    if (e instanceof MissingCallFacts) return { ok: false, missing: e.facts };
    throw e;
  }
}

export function unwrap<T>(w: Wire<T>): T {
  if (w.ok) return w.value;
  if ("missing" in w) throw new DomainError("INTERNAL", `The cart still lacks ${w.missing.join(", ")} after they were supplied`);
  throw new DomainError(w.error.code, w.error.message, w.error.details);
}

export interface CartObjectApi {
  view(call: CartCall, cartId?: string | null): Promise<Wire<CartView | null>>;
  mutate(call: CartCall, cmd: CartCommand, opts?: MutateOptions): Promise<Wire<MutationResult>>;
  /** the facts a change with this call would ask for (see CartRuntime.missingFacts) */
  missingFacts(call: CartCall, cartId?: string | null): Promise<Wire<CartCallFact[]>>;
  exportLines(call: CartCall, cartId?: string | null): Promise<Wire<{ header: CartHeader; lines: CartLine[] } | null>>;
  list(call: CartCall): Promise<Wire<CartHeader[]>>;
  create(call: CartCall, name: string): Promise<Wire<CartHeader>>;
  activate(call: CartCall, cartId: string): Promise<Wire<CartHeader>>;
  remove(call: CartCall, cartId: string): Promise<Wire<boolean>>;
  stats(): Promise<CartObjectStats>;
}

/** What a cart object did, for tests and benchmarks (counts since the object started). */
export interface CartObjectStats {
  priceBookCalls: number;
  /** Postgres statements the PriceBook reported running for this cart's pricing calls */
  priceBookSqlStatements: number;
  /** calls answered "missing facts" (the Worker then calls again with them) */
  callsRefusedForFacts: number;
  /** Postgres statements the object itself ran for its mirror (in its alarm, never inside a call) */
  postgresStatements: number;
  /** Postgres statements of the active promotion rules source (shared per isolate; version re-check ≤ every 5 s) */
  promotionRulesStatements: number;
  mirrorFlushes: number;
  pendingMirrors: number;
}

export interface CartObjects {
  /** the object named `name` (cartObjectName(owner)) */
  get(name: string): CartObjectApi;
}

/**
 * Past orders for "reorder". The orders domain does not exist yet: the default finds no order
 * (NOT_FOUND), and the orders issue replaces it in workers/services.ts with a lookup scoped to
 * the caller (an employee's account and location, a customer's own orders).
 */
export interface PastOrderSource {
  /** the order's lines if the caller may see the order, else null */
  linesOf(principalOwnerId: string, orderId: string): Promise<{ variantId: string; quantity: number }[] | null>;
}
export const noPastOrders: PastOrderSource = { linesOf: async () => null };
