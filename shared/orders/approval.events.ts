/**
 * Starts an order's approval Workflow once the transition to pending_approval has committed.
 * The queue may deliver the event twice and the dispatcher may retry: the instance id is
 * derived from the order, and creating an existing instance is a no-op.
 */
import { registerEventHandler } from "../events";
import { orderApprovalInstanceId, type OrderApprovalWorkflowClient } from "./approval.ports";

declare module "../events/event-handlers" {
  interface EventClients {
    /** optional: only the Worker's queue consumer starts Workflows */
    orderApprovals?: OrderApprovalWorkflowClient;
  }
}

interface ApprovalRequestedPayload {
  orderId: string;
  accountId: string | null;
  locationId: string | null;
  employeeId: string | null;
  total: number;
  currency: string;
}

registerEventHandler<ApprovalRequestedPayload>({
  name: "orders.start-approval-workflow",
  eventType: "order.approval_requested",
  async handle(_tx, event, clients) {
    const p = event.payload;
    if (!clients.orderApprovals) throw new Error("EventClients.orderApprovals is not wired in the queue consumer");
    if (!p.accountId) {
      // nothing could ever approve it (no account, no approvers); retrying would not change that
      console.warn(`order ${p.orderId} requested approval without an account; no Workflow started`);
      return;
    }
    await clients.orderApprovals.start(orderApprovalInstanceId(p.orderId), {
      orderId: p.orderId,
      accountId: p.accountId,
      locationId: p.locationId,
      buyerEmployeeId: p.employeeId,
      total: p.total,
      currency: p.currency,
    });
  },
});
