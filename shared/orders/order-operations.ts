/**
 * Guards and side effects named by an order process. Both are configurable operations (code +
 * zod config) so a process stored as data can only reference registered logic, and the admin UI
 * can list them with their config schema. Guards are pure predicates over the facts the caller
 * loaded; effects are descriptors only — the checkout/order service runs them (reserve stock,
 * authorize payment…) inside its own transaction or Workflow step.
 */
import { z } from "zod";
import { OperationRegistry, type ConfigurableOperation } from "../kernel/configurable-operation";

export type OrderActorKind = "guest" | "customer" | "employee" | "staff" | "system";

export interface OrderActor {
  kind: OrderActorKind;
  /** principal id; "system" actors use the job/workflow name */
  id: string;
  permissions?: readonly string[];
}

/** What guards may look at: loaded by the service before calling transition(). */
export interface OrderFacts {
  id: string;
  state: string;
  totalMinor: number;
  currency: string;
  quantityOrdered: number;
  quantityFulfilled: number;
  quantityShipped: number;
  authorizedMinor: number;
  capturedMinor: number;
  /** free-form booleans set by other domains: approval_required, approved, fraud_cleared, po_reviewed… */
  flags: Readonly<Record<string, boolean>>;
}

export interface GuardContext {
  order: OrderFacts;
  actor: OrderActor;
  from: string;
  to: string;
  now: Date;
}

/** ok, or the reason shown to the caller */
export type GuardResult = { ok: true } | { ok: false; reason: string };

export interface OrderGuard<C = unknown> extends ConfigurableOperation<C> {
  check(config: C, ctx: GuardContext): GuardResult;
}

/** Effects carry no code here: the service maps `code` to the handler that performs it. */
export type OrderEffect<C = unknown> = ConfigurableOperation<C>;

const pass: GuardResult = { ok: true };
const fail = (reason: string): GuardResult => ({ ok: false, reason });

function guard<S extends z.ZodType>(
  code: string,
  description: string,
  schema: S,
  check: (config: z.output<S>, ctx: GuardContext) => GuardResult,
): OrderGuard {
  return { code, description, schema, check: check as OrderGuard["check"] };
}

/** Same rule as the kernel's hasPermission: "*" and "area:*" grant every permission of their scope. */
function grants(held: readonly string[], permission: string): boolean {
  return held.includes("*") || held.includes(permission) || held.includes(`${permission.split(":")[0]}:*`);
}

const actorKinds = z.enum(["guest", "customer", "employee", "staff", "system"]);

export const builtInGuards: OrderGuard[] = [
  guard("actor_kind", "Only these kinds of actor may take this transition", z.object({ kinds: z.array(actorKinds).min(1) }), (c, { actor }) =>
    c.kinds.includes(actor.kind) ? pass : fail(`actor kind "${actor.kind}" may not do this (allowed: ${c.kinds.join(", ")})`),
  ),
  guard("actor_permission", "Staff actors need this permission; system actors always pass", z.object({ permission: z.string().min(1) }), (c, { actor }) =>
    actor.kind === "system" || grants(actor.permissions ?? [], c.permission) ? pass : fail(`permission "${c.permission}" is required`),
  ),
  guard("flag", "An order flag must have this value", z.object({ flag: z.string().min(1), equals: z.boolean().default(true) }), (c, { order }) =>
    (order.flags[c.flag] ?? false) === c.equals ? pass : fail(`flag "${c.flag}" must be ${c.equals}`),
  ),
  guard("payment_authorized_covers_total", "Authorized plus captured amount covers the order total", z.object({}), (_c, { order }) =>
    order.authorizedMinor + order.capturedMinor >= order.totalMinor ? pass : fail("payment authorization does not cover the order total"),
  ),
  guard("payment_captured_covers_total", "The captured amount covers the order total", z.object({}), (_c, { order }) =>
    order.capturedMinor >= order.totalMinor ? pass : fail("captured amount does not cover the order total"),
  ),
  guard("nothing_captured", "No money has been captured yet", z.object({}), (_c, { order }) =>
    order.capturedMinor === 0 ? pass : fail("payment has already been captured"),
  ),
  guard(
    "fulfillment",
    "Fulfilled quantity compared with the ordered quantity",
    z.object({ is: z.enum(["none", "partial", "complete"]) }),
    (c, { order }) => {
      const f = order.quantityFulfilled;
      const actual = f <= 0 ? "none" : f < order.quantityOrdered ? "partial" : "complete";
      return actual === c.is ? pass : fail(`fulfillment is ${actual}, expected ${c.is}`);
    },
  ),
  guard("all_shipped", "Every fulfilled unit has shipped", z.object({}), (_c, { order }) =>
    order.quantityShipped >= order.quantityOrdered ? pass : fail("not every unit has shipped"),
  ),
  guard("total_at_most", "The order total is at most this amount (minor units)", z.object({ amountMinor: z.number().int().nonnegative() }), (c, { order }) =>
    order.totalMinor <= c.amountMinor ? pass : fail(`order total exceeds ${c.amountMinor}`),
  ),
];

function effect(code: string, description: string, schema: z.ZodType = z.object({})): OrderEffect {
  return { code, description, schema };
}

export const builtInEffects: OrderEffect[] = [
  effect("reserve_inventory", "Reserve stock for every line"),
  effect("release_inventory", "Release the order's stock reservations"),
  effect("consume_inventory", "Turn reservations into a stock decrement (shipment)"),
  effect("authorize_payment", "Authorize the payment method for the order total"),
  effect("capture_payment", "Capture the authorized amount", z.object({ partial: z.boolean().default(false) })),
  effect("void_authorization", "Void an open authorization"),
  effect("refund_payment", "Refund captured money", z.object({ full: z.boolean().default(true) })),
  effect("start_approval", "Start the B2B approval Workflow"),
  effect("emit_event", "Write an event to the outbox", z.object({ event: z.string().regex(/^[a-z]+(\.[a-z_]+)+$/, "must look like order.placed") })),
  effect("notify", "Send a notification through the channel's strategy", z.object({ template: z.string().min(1) })),
];

export function createGuardRegistry(extra: OrderGuard[] = []): OperationRegistry<OrderGuard> {
  const r = new OperationRegistry<OrderGuard>("guard");
  for (const g of [...builtInGuards, ...extra]) r.register(g);
  return r;
}

export function createEffectRegistry(extra: OrderEffect[] = []): OperationRegistry<OrderEffect> {
  const r = new OperationRegistry<OrderEffect>("effect");
  for (const e of [...builtInEffects, ...extra]) r.register(e);
  return r;
}

export interface OrderOperations {
  guards: OperationRegistry<OrderGuard>;
  effects: OperationRegistry<OrderEffect>;
}

export const defaultOrderOperations = (): OrderOperations => ({ guards: createGuardRegistry(), effects: createEffectRegistry() });
