/**
 * Fulfilment and shipment recording rules. Pure: the service passes the locked lines and the
 * process, persists the accepted deltas and then tries the process's next transition.
 */
import { badInput, conflict } from "../kernel/errors";
import type { OrderProcess } from "./order-process";
import type { FulfillmentLineInput } from "./orders.schema";
import type { OrderLineRow } from "./orders.tables";

export type CounterKind = "fulfilled" | "shipped";

/** The guard types that mark a transition as driven by fulfilment or shipment progress. */
const PROGRESS_GUARDS: Record<CounterKind, readonly string[]> = {
  fulfilled: ["fulfillment"],
  shipped: ["all_shipped"],
};

/**
 * Whether the process expects this kind of progress in `state`: some transition leaving it is
 * guarded by fulfilment (for fulfilments) or by fulfilment/shipment (for shipments, which may
 * start while the order is still partially fulfilled). Process-agnostic: no state names here.
 */
export function acceptsProgress(process: OrderProcess, state: string, kind: CounterKind): boolean {
  const guards = kind === "fulfilled" ? PROGRESS_GUARDS.fulfilled : [...PROGRESS_GUARDS.fulfilled, ...PROGRESS_GUARDS.shipped];
  return (process.outgoing.get(state) ?? []).some((t) => t.guards.some((g) => guards.includes(g.type)));
}

/** Targets to try after recording progress, in the process's own order. */
export function progressTargets(process: OrderProcess, state: string, kind: CounterKind): string[] {
  return (process.outgoing.get(state) ?? []).filter((t) => t.guards.some((g) => PROGRESS_GUARDS[kind].includes(g.type))).map((t) => t.to);
}

/**
 * Validates the requested quantities against the lines: every line must belong to the order,
 * fulfilled never exceeds ordered and shipped never exceeds fulfilled. Errors name the field
 * (`lines.2.quantity`) and the remaining quantity.
 */
export function checkProgress(lines: readonly OrderLineRow[], input: readonly FulfillmentLineInput[], kind: CounterKind): { lineId: string; quantity: number }[] {
  const byId = new Map(lines.map((l) => [l.id, l]));
  return input.map((req, i) => {
    const line = byId.get(req.lineId);
    if (!line) throw badInput(`Line "${req.lineId}" is not a line of this order`, `lines.${i}.lineId`);
    const [done, limit, what] = kind === "fulfilled" ? [line.quantityFulfilled, line.quantity, "ordered"] : [line.quantityShipped, line.quantityFulfilled, "fulfilled"];
    const left = limit - done;
    if (req.quantity > left) {
      throw badInput(`Line ${line.sku}: ${req.quantity} exceeds the ${left} ${what} but not yet ${kind}`, `lines.${i}.quantity`, { remaining: left });
    }
    return { lineId: line.id, quantity: req.quantity };
  });
}

export function refuseProgress(state: string, kind: CounterKind): never {
  throw conflict(`An order in state "${state}" does not accept ${kind === "fulfilled" ? "fulfilments" : "shipments"}`, { reason: "wrong_state", state });
}
