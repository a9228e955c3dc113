export * from "./order-process.schema";
export * from "./order-operations";
export * from "./order-process";
export * from "./default-processes";
export * from "./orders.tables";
export type * from "./order-snapshot.types";
export type * from "./order-effects.ports";
export { OrderLifecycle, type PaymentTotalsReader, type ApplyTransition, type AppliedTransition, type BuyerKind } from "./order-lifecycle.service";
export { coreOrderEffects, orderEventPayload, actorFromPrincipal, systemActor } from "./order-effects";

import type { OrderLifecycle } from "./order-lifecycle.service";

declare module "../kernel/graphql/context" {
  interface Services {
    orderLifecycle: OrderLifecycle;
  }
}
