/**
 * A B2B order waiting in pending_approval: notify its approvers, wait for a decision with a
 * reminder and then an escalation, and cancel it when nobody decides in time; an approved order
 * of an account with PO review then waits for staff. The API applies decisions to the database
 * itself and then sends this instance an event, so every step here is a thin, idempotent call
 * into OrderApprovals that reads the order first: a restarted instance replays its steps against
 * the database and converges (notifications are keyed by instance id, transitions check state).
 *
 * Compensation, named per step:
 * - "notify approvers" registers `compensate: cancel order → release reservation + void
 *   authorization` as its rollback, for an instance that fails or is terminated with rollback.
 * - "expire" / "expire po review" run that same compensation when the waiting runs out.
 */
import { WorkflowEntrypoint, type WorkflowEvent, type WorkflowStep } from "cloudflare:workers";
import { Outbox } from "../../shared/events";
import {
  APPROVAL_EVENT,
  approvalSchedule,
  PENDING_APPROVAL,
  type ApprovalDecisionEvent,
  type ApprovalStatus,
  type ExpiryReason,
  type OrderApprovalParams,
  type OrderApprovals,
  type PoReviewEvent,
} from "../../shared/orders";
import { openDbFromEnv, queueEventSender } from "../../shared/platform";
import { createServices } from "../../workers/services";

export interface OrderApprovalOutcome {
  outcome: "approved" | "rejected" | "expired" | "cancelled";
  state: string;
  reminded: boolean;
  escalated: boolean;
}

/** The decision waits, in order: each timeout leads to the step named in `then`. */
const STAGES = [
  { wait: "decision before reminder", then: "send reminders" },
  { wait: "decision before escalation", then: "escalate" },
  { wait: "decision before expiry", then: "expire" },
] as const;

export class OrderApprovalWorkflow extends WorkflowEntrypoint<Env, OrderApprovalParams> {
  /** One short-lived connection per step: steps may run in different isolates. */
  private async approvals<T>(fn: (a: OrderApprovals) => Promise<T>): Promise<T> {
    const h = openDbFromEnv(this.env, { max: 1 });
    try {
      const outbox = new Outbox(h.db, queueEventSender(this.env.EVENTS), () => new Date());
      const services = createServices({ db: h.db, outbox, now: new Date(), env: this.env, country: null });
      return await fn(services.orderApprovals);
    } finally {
      await h.close();
    }
  }

  /** The event, or null when the wait timed out. */
  private async waitFor<T extends Rpc.Serializable<T>>(step: WorkflowStep, name: string, type: string, timeoutMs: number): Promise<T | null> {
    try {
      const ev = await step.waitForEvent<T>(name, { type, timeout: timeoutMs });
      return ev.payload;
    } catch {
      return null;
    }
  }

  override async run(event: WorkflowEvent<OrderApprovalParams>, step: WorkflowStep): Promise<OrderApprovalOutcome> {
    const p = event.payload;
    const orderId = p.orderId;
    const instanceId = event.instanceId;
    const schedule = approvalSchedule(p);
    const expire = (name: string, reason: ExpiryReason) => step.do(name, () => this.approvals((a) => a.stepExpire(orderId, instanceId, reason)));
    let reminded = false;
    let escalated = false;
    const done = (outcome: OrderApprovalOutcome["outcome"], s: ApprovalStatus): OrderApprovalOutcome => ({ outcome, state: s.state, reminded, escalated });
    const settled = (s: ApprovalStatus): OrderApprovalOutcome => done(s.state === "cancelled" ? "cancelled" : "approved", s);

    let status: ApprovalStatus = await step.do("notify approvers", () => this.approvals((a) => a.stepNotifyApprovers(orderId, instanceId)), {
      // compensate: cancel order → release reservation + void authorization
      rollback: async () => {
        await this.approvals((a) => a.stepExpire(orderId, instanceId, "approval_aborted"));
      },
    });
    if (status.state !== PENDING_APPROVAL) return settled(status);

    if (!status.approved) {
      const waits = [schedule.untilReminderMs, schedule.untilEscalationMs, schedule.untilExpiryMs];
      for (let i = 0; i < STAGES.length; i++) {
        const stage = STAGES[i]!;
        const decision = await this.waitFor<ApprovalDecisionEvent>(step, stage.wait, APPROVAL_EVENT.decision, waits[i]!);
        if (decision) {
          status = await step.do("settle decision", () => this.approvals((a) => a.stepSettleDecision(orderId, decision)));
          if (decision.decision === "reject" && status.state === "cancelled") return done("rejected", status);
          break;
        }
        if (stage.then === "expire") {
          // compensate: cancel order → release reservation + void authorization
          const r = await expire("expire", "approval_expired");
          return r.cancelled ? done("expired", r) : settled(r);
        }
        status = await step.do(stage.then, () =>
          this.approvals((a) => (stage.then === "send reminders" ? a.stepSendReminders(orderId, instanceId) : a.stepEscalate(orderId, instanceId))),
        );
        if (stage.then === "send reminders") reminded = true;
        else escalated = true;
        // decided in the database while the event never arrived: the state says so
        if (status.state !== PENDING_APPROVAL || status.approved) break;
      }
    }

    if (status.state === PENDING_APPROVAL && status.approved && !status.poReviewed) {
      const review = await this.waitFor<PoReviewEvent>(step, "po review", APPROVAL_EVENT.poReview, schedule.poReviewMs);
      if (review) {
        status = await step.do("settle po review", () => this.approvals((a) => a.stepSettlePoReview(orderId, review)));
        if (!review.accepted && status.state === "cancelled") return done("rejected", status);
      } else {
        // compensate: cancel order → release reservation + void authorization
        const r = await expire("expire po review", "po_review_expired");
        return r.cancelled ? done("expired", r) : settled(r);
      }
    }
    return settled(status);
  }
}
