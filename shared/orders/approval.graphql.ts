import { builder } from "../kernel/graphql/builder";
import type { PendingApprovalRow } from "./approval.repository";
import type { ApprovalStatus } from "./approval.service";

const ApprovalStatusType = builder.objectRef<ApprovalStatus>("OrderApprovalStatus").implement({
  description: "Where an order stands after an approval decision or PO review",
  fields: (t) => ({
    orderId: t.exposeID("orderId"),
    number: t.exposeInt("number"),
    state: t.exposeString("state", { description: "placed once approved (and PO-reviewed where required); cancelled when rejected" }),
    approved: t.exposeBoolean("approved"),
    poReviewed: t.exposeBoolean("poReviewed"),
    awaitingPoReview: t.boolean({ resolve: (s) => s.state === "pending_approval" && s.approved && !s.poReviewed }),
  }),
});

const PendingApprovalType = builder.objectRef<PendingApprovalRow>("PendingApproval").implement({
  description: "An order waiting for the caller's approval",
  fields: (t) => ({
    orderId: t.exposeID("id"),
    number: t.exposeInt("number"),
    total: t.field({ type: "Minor", resolve: (o) => o.total }),
    currency: t.exposeString("currency"),
    locationId: t.exposeID("locationId", { nullable: true }),
    buyerEmployeeId: t.exposeID("employeeId", { nullable: true }),
    approvalReason: t.exposeString("approvalReason", { nullable: true }),
    createdAt: t.field({ type: "DateTime", resolve: (o) => o.createdAt }),
  }),
});

builder.queryField("pendingApprovals", (t) =>
  t.field({
    subGraphs: ["shop"],
    type: [PendingApprovalType],
    description: "Orders waiting in pending_approval that the calling employee may approve (not its own)",
    args: { first: t.arg.int({ required: false }) },
    resolve: (_r, { first }, ctx) => ctx.services.orderApprovals.pendingApprovals(ctx.principal, first ?? 50),
  }),
);

builder.mutationFields((t) => ({
  approveOrder: t.field({
    subGraphs: ["shop"],
    type: ApprovalStatusType,
    description: "Approve an order waiting for approval (approvers of its location or account; never your own)",
    args: { orderId: t.arg.id({ required: true }), note: t.arg.string({ required: false }) },
    resolve: (_r, { orderId, note }, ctx) => ctx.services.orderApprovals.approve(ctx.principal, { orderId: String(orderId), note }),
  }),
  rejectOrder: t.field({
    subGraphs: ["shop"],
    type: ApprovalStatusType,
    description: "Reject an order waiting for approval: it is cancelled and its stock released",
    args: { orderId: t.arg.id({ required: true }), reason: t.arg.string({ required: true }) },
    resolve: (_r, { orderId, reason }, ctx) => ctx.services.orderApprovals.reject(ctx.principal, { orderId: String(orderId), reason }),
  }),
  reviewPurchaseOrder: t.field({
    subGraphs: ["admin"],
    type: ApprovalStatusType,
    description: "Staff PO review for accounts that require it (orders:manage): accept places an approved order, refuse cancels it",
    args: { orderId: t.arg.id({ required: true }), accepted: t.arg.boolean({ required: true }), note: t.arg.string({ required: false }) },
    resolve: (_r, { orderId, accepted, note }, ctx) => ctx.services.orderApprovals.reviewPurchaseOrder(ctx.principal, { orderId: String(orderId), accepted, note }),
  }),
}));
