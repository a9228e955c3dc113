/**
 * B2B order approvals. Decisions (approve, reject, PO review) are applied synchronously in the
 * database through the order lifecycle, then signalled to the order's approval Workflow so it
 * stops waiting; a missing instance does not undo a decision. The Workflow's steps call the
 * `step*` methods: each reads the order's state first, so a retried or replayed step never
 * applies twice.
 */
import { z } from "zod";
import { requireEmployee, roleSpec, visibleLocationIds, type EmployeePrincipal } from "../accounts";
import { transactional, type Outbox } from "../events";
import { requirePermission } from "../kernel/authorize";
import type { Db, Tx } from "../kernel/db";
import { conflict, notFound } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import {
  APPROVAL_EVENT,
  APPROVAL_SYSTEM_ACTOR,
  orderApprovalInstanceId,
  type ApprovalCompensation,
  type ApprovalDecisionEvent,
  type ApprovalEventType,
  type OrderApprovalWorkflowClient,
  type PoReviewEvent,
} from "./approval.ports";
import { approversFor, escalationRecipientsFor, lockOrder, mergeOrderFlags, pendingApprovalsFor, readOrder, type PendingApprovalRow, type Recipient } from "./approval.repository";
import { assertMayDecide } from "./approval-rules";
import type { Emit, NotificationStrategy } from "./order-effects.ports";
import { actorFromPrincipal, orderEventPayload, systemActor } from "./order-effects";
import type { OrderLifecycle } from "./order-lifecycle.service";
import type { OrderActor } from "./order-operations";
import type { OrderRow } from "./orders.tables";

export const PENDING_APPROVAL = "pending_approval";

export interface OrderApprovalsDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  lifecycle: OrderLifecycle;
  workflow: OrderApprovalWorkflowClient;
  notifications: NotificationStrategy;
  compensation: ApprovalCompensation;
}

/** Where an order stands in its approval, as the API and the Workflow see it. */
export interface ApprovalStatus {
  orderId: string;
  number: number;
  state: string;
  approved: boolean;
  poReviewed: boolean;
}

export type ExpiryReason = "approval_expired" | "po_review_expired" | "approval_aborted";

const id = z.uuid("must be an order id");
const text = (max: number) => z.string().trim().max(max, `at most ${max} characters`);
const approveInput = z.object({ orderId: id, note: text(1000).nullish() });
const rejectInput = z.object({ orderId: id, reason: text(1000).min(1, "a reason is required") });
const reviewInput = z.object({ orderId: id, accepted: z.boolean(), note: text(1000).nullish() });

export function statusOf(o: OrderRow): ApprovalStatus {
  return { orderId: o.id, number: o.number, state: o.state, approved: o.flags.approved === true, poReviewed: o.flags.po_reviewed === true };
}

export class OrderApprovals {
  constructor(private readonly deps: OrderApprovalsDeps) {}

  private tx<T>(fn: (tx: Tx, emit: Emit) => Promise<T>): Promise<T> {
    return transactional(this.deps.db, this.deps.outbox, fn);
  }

  // ---------------------------------------------------------------- decisions (API)

  /** An approver's yes. Places the order unless the account's PO review is still due. */
  async approve(principal: Principal, raw: { orderId: string; note?: string | null }): Promise<ApprovalStatus> {
    const e = requireEmployee(principal);
    const input = parseInput(approveInput, raw);
    const actor = actorFromPrincipal(e);
    const order = await this.tx(async (tx, emit) => {
      const o = await this.lockPendingForDecision(tx, e, input.orderId, actor);
      if (o.flags.approved === true) throw conflict("This order is already approved and waits for its PO review", { reason: "already_approved" });
      const decided = await this.applyApproval(tx, emit, o, actor, input.note ?? null);
      await this.emitDecision(emit, decided, actor, "approve", input.note ?? null);
      return decided;
    });
    await this.signal(order, APPROVAL_EVENT.decision, { decision: "approve", actor, note: input.note ?? null });
    return statusOf(order);
  }

  /** An approver's no: the order is cancelled, its stock released and any authorization voided. */
  async reject(principal: Principal, raw: { orderId: string; reason: string }): Promise<ApprovalStatus> {
    const e = requireEmployee(principal);
    const input = parseInput(rejectInput, raw);
    const actor = actorFromPrincipal(e);
    const order = await this.tx(async (tx, emit) => {
      const o = await this.lockPendingForDecision(tx, e, input.orderId, actor);
      const cancelled = await this.cancel(tx, emit, o, actor, input.reason);
      await this.emitDecision(emit, cancelled, actor, "reject", input.reason);
      return cancelled;
    });
    await this.signal(order, APPROVAL_EVENT.decision, { decision: "reject", actor, reason: input.reason });
    return statusOf(order);
  }

  /** Staff PO review: accepting places an approved order; refusing cancels it. */
  async reviewPurchaseOrder(principal: Principal, raw: { orderId: string; accepted: boolean; note?: string | null }): Promise<ApprovalStatus> {
    requirePermission(principal, "orders:manage");
    const input = parseInput(reviewInput, raw);
    const actor = actorFromPrincipal(principal);
    const note = input.note ?? null;
    const order = await this.tx(async (tx, emit) => {
      const o = await lockOrder(tx, input.orderId);
      if (!o) throw notFound("Order", input.orderId);
      await this.assertPending(tx, o, actor);
      const decided = input.accepted ? await this.applyPoAccepted(tx, emit, o, actor, note) : await this.cancel(tx, emit, o, actor, `PO rejected${note ? `: ${note}` : ""}`);
      await emit({
        type: "order.po_reviewed",
        aggregateType: "order",
        aggregateId: o.id,
        payload: orderEventPayload(decided, { accepted: input.accepted, note, actorKind: actor.kind, actorId: actor.id }),
      });
      return decided;
    });
    // the Workflow waits for "po-review" only once approved; before that, a refusal ends its wait for a decision
    if (order.flags.approved === true) await this.signal(order, APPROVAL_EVENT.poReview, { accepted: input.accepted, actor, note });
    else if (!input.accepted) await this.signal(order, APPROVAL_EVENT.decision, { decision: "reject", actor, reason: `PO rejected${note ? `: ${note}` : ""}` });
    return statusOf(order);
  }

  /** Orders this employee may decide now (none for roles that cannot approve). One query. */
  async pendingApprovals(principal: Principal, first = 50): Promise<PendingApprovalRow[]> {
    const e = requireEmployee(principal);
    const limit = parseInput(z.number().int().min(1).max(200), first, "first");
    if (!roleSpec(e.role).canApprove) return [];
    return pendingApprovalsFor(this.deps.db, { accountId: e.accountId, employeeId: e.employeeId, locationIds: visibleLocationIds(e) }, limit);
  }

  // ---------------------------------------------------------------- Workflow steps (idempotent)

  async stepStatus(orderId: string): Promise<ApprovalStatus> {
    const o = await readOrder(this.deps.db, orderId);
    if (!o) throw notFound("Order", orderId);
    return statusOf(o);
  }

  /** Tell the order's approvers it waits for them. */
  stepNotifyApprovers(orderId: string, instanceId: string) {
    return this.notifyWhilePending(orderId, `${instanceId}:requested`, "order_approval_requested", (tx, o) => approversFor(tx, o));
  }

  stepSendReminders(orderId: string, instanceId: string) {
    return this.notifyWhilePending(orderId, `${instanceId}:reminder`, "order_approval_reminder", (tx, o) => approversFor(tx, o));
  }

  /** Account admins and the account's sales rep hear about an order nobody decided in time. */
  stepEscalate(orderId: string, instanceId: string) {
    return this.notifyWhilePending(orderId, `${instanceId}:escalation`, "order_approval_escalated", (tx, o) => escalationRecipientsFor(tx, o));
  }

  /**
   * Make sure the DB reflects a decision the Workflow received (the API applies it first, so this
   * is normally a no-op; it matters when the event came from elsewhere).
   */
  async stepSettleDecision(orderId: string, d: ApprovalDecisionEvent): Promise<ApprovalStatus> {
    return statusOf(
      await this.tx(async (tx, emit) => {
        const o = await lockOrder(tx, orderId);
        if (!o) throw notFound("Order", orderId);
        if (o.state !== PENDING_APPROVAL) return o;
        if (d.decision === "reject") return this.cancel(tx, emit, o, d.actor, d.reason);
        return o.flags.approved === true ? o : this.applyApproval(tx, emit, o, d.actor, d.note);
      }),
    );
  }

  async stepSettlePoReview(orderId: string, r: PoReviewEvent): Promise<ApprovalStatus> {
    return statusOf(
      await this.tx(async (tx, emit) => {
        const o = await lockOrder(tx, orderId);
        if (!o) throw notFound("Order", orderId);
        if (o.state !== PENDING_APPROVAL) return o;
        return r.accepted ? this.applyPoAccepted(tx, emit, o, r.actor, r.note) : this.cancel(tx, emit, o, r.actor, `PO rejected${r.note ? `: ${r.note}` : ""}`);
      }),
    );
  }

  /**
   * compensate: cancel the order as the system (the process's pending_approval → cancelled
   * releases the stock reservation) + void any authorization, then tell the buyer. A no-op
   * once the order left pending_approval.
   */
  async stepExpire(orderId: string, instanceId: string, reason: ExpiryReason): Promise<ApprovalStatus & { cancelled: boolean }> {
    return this.tx(async (tx, emit) => {
      const o = await lockOrder(tx, orderId);
      if (!o) throw notFound("Order", orderId);
      if (o.state !== PENDING_APPROVAL) return { ...statusOf(o), cancelled: false };
      const cancelled = await this.cancel(tx, emit, o, systemActor(APPROVAL_SYSTEM_ACTOR), reason);
      if (o.email) {
        await this.deps.notifications.send(tx, [{ orderId, eventId: `${instanceId}:${reason}`, template: "order_approval_expired", recipient: o.email, payload: this.notificationPayload(o, { reason }) }], this.deps.now);
      }
      return { ...statusOf(cancelled), cancelled: true };
    });
  }

  // ---------------------------------------------------------------- internals

  private async lockPendingForDecision(tx: Tx, e: EmployeePrincipal, orderId: string, actor: OrderActor): Promise<OrderRow> {
    const o = await lockOrder(tx, orderId);
    assertMayDecide(e, o);
    await this.assertPending(tx, o as OrderRow, actor);
    return o as OrderRow;
  }

  /** Not waiting for approval: CONFLICT listing where this actor could move the order instead. */
  private async assertPending(tx: Tx, o: OrderRow, actor: OrderActor): Promise<void> {
    if (o.state === PENDING_APPROVAL) return;
    const allowed = await this.deps.lifecycle.allowed(tx, o, actor, this.deps.now);
    throw conflict(`Order is "${o.state}", not waiting for approval; allowed: ${allowed.join(", ") || "none"}`, {
      reason: "not_pending_approval",
      from: o.state,
      allowed,
    });
  }

  /** approved=true, then placed when PO review is done (else it waits, approved, for the review). */
  private async applyApproval(tx: Tx, emit: Emit, o: OrderRow, actor: OrderActor, note: string | null): Promise<OrderRow> {
    await mergeOrderFlags(tx, o.id, { approved: true }, this.deps.now);
    if (o.flags.po_reviewed !== true) return (await lockOrder(tx, o.id))!;
    // apply (not tryApply): with both flags set, anything still blocking placement is a real refusal
    return this.place(tx, emit, o.id, actor, note, { approved: true });
  }

  private async applyPoAccepted(tx: Tx, emit: Emit, o: OrderRow, actor: OrderActor, note: string | null): Promise<OrderRow> {
    await mergeOrderFlags(tx, o.id, { po_reviewed: true }, this.deps.now);
    if (o.flags.approved !== true) return (await lockOrder(tx, o.id))!;
    return this.place(tx, emit, o.id, actor, note, { po_reviewed: true });
  }

  /**
   * pending_approval → placed (its effects authorize the payment), then on as checkout does for an
   * order that needs no approval: payment_authorized, or fraud_review when the gateway held it.
   */
  private async place(tx: Tx, emit: Emit, orderId: string, actor: OrderActor, note: string | null, setFlags: Record<string, boolean>): Promise<OrderRow> {
    let held = false;
    const watch: Emit = async (...events) => {
      if (events.some((e) => e.type === "payment.held")) held = true;
      await emit(...events);
    };
    const placed = await this.deps.lifecycle.apply(tx, watch, { orderId, to: "placed", actor, now: this.deps.now, reason: note, setFlags });
    return this.deps.lifecycle.advancePlaced(tx, emit, placed.order, { held, actor: systemActor(APPROVAL_SYSTEM_ACTOR), now: this.deps.now });
  }

  /** compensate: release reservation (process effect) + void authorization. */
  private async cancel(tx: Tx, emit: Emit, o: OrderRow, actor: OrderActor, reason: string): Promise<OrderRow> {
    const done = await this.deps.lifecycle.apply(tx, emit, { orderId: o.id, to: "cancelled", actor, now: this.deps.now, reason });
    await this.deps.compensation.voidAuthorization(tx, emit, { orderId: o.id, now: this.deps.now, reason });
    return done.order;
  }

  private emitDecision(emit: Emit, o: OrderRow, actor: OrderActor, decision: "approve" | "reject", note: string | null) {
    return emit({
      type: "order.approval_decided",
      aggregateType: "order",
      aggregateId: o.id,
      payload: orderEventPayload(o, { decision, note, actorKind: actor.kind, actorId: actor.id }),
    });
  }

  private async notifyWhilePending(
    orderId: string,
    eventId: string,
    template: string,
    recipients: (tx: Tx, o: OrderRow) => Promise<Recipient[]>,
  ): Promise<ApprovalStatus & { notified: number }> {
    return this.tx(async (tx) => {
      const o = await readOrder(tx, orderId);
      if (!o) throw notFound("Order", orderId);
      if (o.state !== PENDING_APPROVAL || o.flags.approved === true) return { ...statusOf(o), notified: 0 };
      const to = await recipients(tx, o);
      await this.deps.notifications.send(
        tx,
        to.map((r) => ({ orderId, eventId, template, recipient: r.email, payload: this.notificationPayload(o, { recipientKind: r.kind, recipientId: r.id, recipientRole: r.role }) })),
        this.deps.now,
      );
      return { ...statusOf(o), notified: to.length };
    });
  }

  private notificationPayload(o: OrderRow, extra: Record<string, unknown>): Record<string, unknown> {
    return { orderId: o.id, number: o.number, total: o.total, currency: o.currency, accountId: o.accountId, locationId: o.locationId, buyerEmployeeId: o.employeeId, ...extra };
  }

  /** After commit. A missing instance (never started, already finished) leaves the DB decision standing. */
  private async signal(o: OrderRow, type: ApprovalEventType, payload: ApprovalDecisionEvent | PoReviewEvent): Promise<void> {
    try {
      await this.deps.workflow.sendEvent(o.approvalInstanceId ?? orderApprovalInstanceId(o.id), type, payload);
    } catch (err) {
      // the Workflow notices the decision at its next timeout (each step reads the order first)
      console.warn(`order approval: could not signal ${type} for order ${o.id}: ${(err as Error).message}`);
    }
  }
}

declare module "../kernel/graphql/context" {
  interface Services {
    orderApprovals: OrderApprovals;
  }
}
