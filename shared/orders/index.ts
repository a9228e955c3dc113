export * from "./order-process.schema";
export * from "./order-operations";
export * from "./order-process";
export * from "./default-processes";
export * from "./orders.tables";
export type * from "./order-snapshot.types";
export type * from "./order-effects.ports";
export { OrderLifecycle, type PaymentTotalsReader, type ApplyTransition, type AppliedTransition, type BuyerKind } from "./order-lifecycle.service";
export { coreOrderEffects, orderEventPayload, actorFromPrincipal, systemActor } from "./order-effects";
// B2B approvals (approval Workflow, approve/reject/PO review); the .events/.graphql imports register handlers and fields
export * from "./approval.ports";
export { OrderApprovals, statusOf as approvalStatusOf, PENDING_APPROVAL, type ApprovalStatus, type OrderApprovalsDeps, type ExpiryReason } from "./approval.service";
export { approvalEffectHandlers } from "./approval-effects";
export { approvalSchedule, readApprovalTiming, parseDuration, DEFAULT_APPROVAL_TIMING, type ApprovalSchedule } from "./approval-schedule";
export { approvingRoles, escalationRoles, assertMayDecide, assertOrderVisible } from "./approval-rules";
import "./approval.events";
import "./order-redemptions.events";
import "./approval.graphql";

import type { OrderLifecycle } from "./order-lifecycle.service";

declare module "../kernel/graphql/context" {
  interface Services {
    orderLifecycle: OrderLifecycle;
  }
}

// order management (reading, admin, processes as data, notifications, ports for carts/catalog)
import "./orders.graphql";
import "./orders-admin.graphql";
import "./notifications.events";
export { OrdersService, type OrdersDeps, type OrderConnection } from "./orders.service";
export { OrdersAdminService } from "./orders-admin.service";
export { OrderProcessesService, type OrderProcessView } from "./order-processes.service";
export { LogNotificationStrategy } from "./notifications";
export { pastOrderSource, orderVariantReferences } from "./order-ports";
export { shopOrderScope, orderVisibleTo, ORDER_PERMISSIONS, type ShopOrderScope } from "./order-access";
export { OrderType, OrderConnectionType } from "./orders.graphql";
export type { OrderView, OrderPaymentSummary } from "./order-views";
export { singleView as orderViewOf } from "./orders.service";

import type { OrdersService } from "./orders.service";
import type { OrdersAdminService } from "./orders-admin.service";
import type { OrderProcessesService } from "./order-processes.service";

declare module "../kernel/graphql/context" {
  interface Services {
    orders: OrdersService;
    ordersAdmin: OrdersAdminService;
    orderProcesses: OrderProcessesService;
  }
}

// checkout (preview, placement, idempotency) and checkout agreements
import "./agreements.graphql";
import "./checkout.graphql";
export { CheckoutService, type CheckoutDeps, type PlacedOrder } from "./checkout.service";
export { AgreementsService, type AgreementsDeps } from "./agreements.service";
export { decideApproval, describeApproval, totalInCurrency, type ApprovalDecision, type ApprovalPolicyInput, type ApprovalReason, type ApprovalRate } from "./approval-policy";
export type { CheckoutAssembly, CheckoutTotals } from "./checkout-assembly";
export type { CheckoutProblem, OfferedMethod } from "./checkout-check";

import type { CheckoutService } from "./checkout.service";
import type { AgreementsService } from "./agreements.service";

declare module "../kernel/graphql/context" {
  interface Services {
    checkout: CheckoutService;
    agreements: AgreementsService;
  }
}
