/**
 * What the B2B order approval flow exchanges with the outside: the Workflow's params and events,
 * the client that starts and signals Workflow instances (implemented over the ORDER_APPROVAL
 * binding in shared/platform), and the payment compensation a cancelled approval runs.
 */
import type { Tx } from "../kernel/db";
import type { Emit } from "./order-effects.ports";
import type { OrderActor } from "./order-operations";

/** Durations as Workflows accepts them ("1 day", "36 hours"); see approval-schedule.ts. */
export interface ApprovalTimingConfig {
  remindAfter: string;
  escalateAfter: string;
  expireAfter: string;
  /** how long an approved order waits for staff PO review before it is cancelled */
  poReviewExpireAfter: string;
}

export interface OrderApprovalParams extends ApprovalTimingConfig {
  orderId: string;
  accountId: string;
  locationId: string | null;
  buyerEmployeeId: string | null;
  total: number;
  currency: string;
}

/** The part of the params that comes from the order (the client adds the timing config). */
export type OrderApprovalStart = Omit<OrderApprovalParams, keyof ApprovalTimingConfig>;

export type ApprovalDecisionEvent =
  | { decision: "approve"; actor: OrderActor; note: string | null }
  | { decision: "reject"; actor: OrderActor; reason: string };

export interface PoReviewEvent {
  accepted: boolean;
  actor: OrderActor;
  note: string | null;
}

export const APPROVAL_EVENT = { decision: "decision", poReview: "po-review" } as const;
export type ApprovalEventType = (typeof APPROVAL_EVENT)[keyof typeof APPROVAL_EVENT];

export interface OrderApprovalWorkflowClient {
  /** Creating an instance that already exists is a no-op (the queue may deliver twice). */
  start(instanceId: string, params: OrderApprovalStart): Promise<void>;
  /** false when the instance does not exist (the DB decision stands on its own) */
  sendEvent(instanceId: string, type: ApprovalEventType, payload: ApprovalDecisionEvent | PoReviewEvent): Promise<boolean>;
}

/**
 * Money side of cancelling an order that waited for approval: void what is authorized and refund
 * what is captured (normally nothing yet: the B2B process authorizes at placement). Idempotent.
 */
export interface ApprovalCompensation {
  voidAuthorization(tx: Tx, emit: Emit, req: { orderId: string; now: Date; reason: string }): Promise<void>;
}

export const noPaymentCompensation: ApprovalCompensation = { voidAuthorization: async () => {} };

/** One Workflow instance per order: the id is derived, so starting it twice finds the first. */
export function orderApprovalInstanceId(orderId: string): string {
  return `order-approval-${orderId}`;
}

/** The actor the Workflow's own steps (reminders, expiry) are recorded under. */
export const APPROVAL_SYSTEM_ACTOR = "order-approval-workflow";
