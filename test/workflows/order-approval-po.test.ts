/**
 * PO review in the approval Workflow (accounts with po_review_required), the cases the main
 * approval test leaves out: staff review the PO before the approvers decide (refused → the order
 * is cancelled and the Workflow ends; accepted → the approval alone places it), and a PO review
 * nobody does in time (compensation: cancelled, stock released, payment voided).
 * Set-up as in order-approval.test.ts: a fixture order moved to pending_approval through the
 * lifecycle, whose event starts the Workflow through the queue.
 */
import { env, introspectWorkflowInstance } from "cloudflare:test";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { gql, staffToken, tokenFor, uniq } from "../helpers/graphql";
import { withDb } from "../helpers/db";
import { channelId, createAccount, createVariant } from "../helpers/fixtures";
import { insertOrder, stock, submitForApproval } from "../helpers/order-fixtures";
import { accounts, employees } from "../../shared/accounts";
import { stockLevels, stockReservations } from "../../shared/inventory";
import { orderApprovalInstanceId, orderNotifications, orders, orderTransitions } from "../../shared/orders";
import { decideApproval, describeApproval } from "../../shared/orders/approval-policy";
import { payments } from "../../shared/payments";

const APPROVE = `mutation($o:ID!){ approveOrder(orderId:$o){ orderId state approved poReviewed awaitingPoReview } }`;
const REVIEW = `mutation($o:ID!,$a:Boolean!,$n:String){ reviewPurchaseOrder(orderId:$o, accepted:$a, note:$n){ state approved poReviewed } }`;
const LIMIT = 10_000;

async function employee(accountId: string, locationId: string, role: "buyer" | "approver", spendingLimit: number | null = null) {
  const email = `${uniq(role)}@po-review.test`;
  const [row] = await withDb(({ db }) =>
    db.insert(employees).values({ accountId, locationId, email, name: role, role, spendingLimit, spendingLimitCurrency: spendingLimit === null ? null : "USD" }).returning({ id: employees.id }),
  );
  const token = await tokenFor({ kind: "employee", employeeId: row!.id, accountId, locationId, role, email, groupIds: [] });
  return { id: row!.id, email, token };
}

/** An account with PO review, a buyer over its limit and an approver at its location, 10 units in stock. */
async function poReviewOrder() {
  const { accountId, locationIds } = await createAccount();
  const loc = locationIds[0]!;
  await withDb(({ db }) => db.update(accounts).set({ poReviewRequired: true }).where(eq(accounts.id, accountId)));
  const buyer = await employee(accountId, loc, "buyer", LIMIT);
  const approver = await employee(accountId, loc, "approver");
  const { variantId } = await createVariant();
  const warehouseId = await stock(variantId, 10);
  const decision = decideApproval({
    buyerKind: "employee",
    employee: { role: "buyer", spendingLimit: LIMIT, spendingLimitCurrency: "USD" },
    account: { approvalRequiredRoles: [], poReviewRequired: true },
    orderTotal: 15_000,
    orderCurrency: "USD",
    baseCurrency: "USD",
    rates: [],
  } as Parameters<typeof decideApproval>[0]);
  expect(decision.flags).toMatchObject({ approval_required: true, po_reviewed: false });
  const order = await insertOrder({
    channelId: await channelId("b2b"),
    buyerKind: "employee",
    accountId,
    locationId: loc,
    employeeId: buyer.id,
    lines: [{ variantId, quantity: 3, unitPrice: 5_000 }],
    flags: decision.flags,
  });
  await withDb(({ db }) => db.update(orders).set({ approvalReason: describeApproval(decision.reasons), poNumber: "PO-4711" }).where(eq(orders.id, order.id)));
  const wf = await introspectWorkflowInstance(env.ORDER_APPROVAL, orderApprovalInstanceId(order.id));
  await submitForApproval(order, buyer.id);
  return { order, wf, approver, variantId, warehouseId };
}

type Setup = Awaited<ReturnType<typeof poReviewOrder>>;

const orderRow = (id: string) => withDb(async ({ db }) => (await db.select().from(orders).where(eq(orders.id, id)))[0]!);
const transitions = (id: string) => withDb(({ db }) => db.select().from(orderTransitions).where(eq(orderTransitions.orderId, id)).orderBy(asc(orderTransitions.at)));
const notified = (id: string, template: string) =>
  withDb(async ({ db }) => (await db.select().from(orderNotifications).where(and(eq(orderNotifications.orderId, id), eq(orderNotifications.template, template)))).map((n) => n.recipient));

async function expectCompensated(s: Setup) {
  const held = await withDb(({ db }) => db.select().from(stockReservations).where(eq(stockReservations.refId, s.order.id)));
  expect(held.length).toBeGreaterThan(0);
  expect(held.every((r) => r.status === "released")).toBe(true);
  const [level] = await withDb(({ db }) => db.select().from(stockLevels).where(and(eq(stockLevels.variantId, s.variantId), eq(stockLevels.warehouseId, s.warehouseId))));
  expect(level!.reserved).toBe(0);
  const pays = await withDb(({ db }) => db.select({ state: payments.state }).from(payments).where(eq(payments.orderId, s.order.id)));
  expect(pays.map((p) => p.state)).toEqual(["voided"]);
}

describe("OrderApprovalWorkflow: PO review", () => {
  it("staff refuse the PO before the approvers decide: cancelled (reason recorded), stock released, payment voided; the Workflow ends rejected", async () => {
    const s = await poReviewOrder();
    try {
      expect(await s.wf.waitForStepResult({ name: "notify approvers" })).toMatchObject({ state: "pending_approval", approved: false, poReviewed: false });
      const reviewer = await staffToken(["orders:manage"]);
      const r = await gql("admin", REVIEW, { o: s.order.id, a: false, n: "PO number unknown to finance" }, { token: reviewer });
      expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
      expect(r.data.reviewPurchaseOrder).toEqual({ state: "cancelled", approved: false, poReviewed: false });
      await s.wf.waitForStatus("complete");
      expect(await s.wf.getOutput()).toEqual({ outcome: "rejected", state: "cancelled", reminded: false, escalated: false });
      const history = await transitions(s.order.id);
      expect(history.map((t) => `${t.fromState}>${t.toState}`)).toEqual(["draft>pending_approval", "pending_approval>cancelled"]);
      expect(history[1]).toMatchObject({ actorKind: "staff", reason: "PO rejected: PO number unknown to finance" });
      await expectCompensated(s);
      // the approvers come too late
      const late = await gql("shop", APPROVE, { o: s.order.id }, { token: s.approver.token });
      expect(late.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", reason: "not_pending_approval" });
      expect((await orderRow(s.order.id)).state).toBe("cancelled");
    } finally {
      await s.wf.dispose();
    }
  });

  it("staff accept the PO before the approvers decide: the order keeps waiting, and the approval then places it", async () => {
    const s = await poReviewOrder();
    try {
      await s.wf.waitForStepResult({ name: "notify approvers" });
      const r = await gql("admin", REVIEW, { o: s.order.id, a: true }, { token: await staffToken(["orders:manage"]) });
      expect(r.data.reviewPurchaseOrder).toEqual({ state: "pending_approval", approved: false, poReviewed: true });
      expect(await transitions(s.order.id)).toHaveLength(1);
      const ok = await gql("shop", APPROVE, { o: s.order.id }, { token: s.approver.token });
      expect(ok.data.approveOrder).toMatchObject({ state: "payment_authorized", approved: true, poReviewed: true, awaitingPoReview: false });
      await s.wf.waitForStatus("complete");
      expect(await s.wf.getOutput()).toMatchObject({ outcome: "approved", state: "payment_authorized" });
      const pays = await withDb(({ db }) => db.select({ state: payments.state }).from(payments).where(eq(payments.orderId, s.order.id)));
      expect(pays.map((p) => p.state)).toEqual(["authorized"]);
    } finally {
      await s.wf.dispose();
    }
  });

  it("a PO review nobody does in time: compensation cancels as po_review_expired, releases the stock and voids the payment", async () => {
    const s = await poReviewOrder();
    try {
      await s.wf.modify(async (m) => {
        await m.forceEventTimeout({ name: "po review" });
      });
      await s.wf.waitForStepResult({ name: "notify approvers" });
      const ok = await gql("shop", APPROVE, { o: s.order.id }, { token: s.approver.token });
      expect(ok.data.approveOrder).toMatchObject({ state: "pending_approval", approved: true, awaitingPoReview: true });
      await s.wf.waitForStatus("complete");
      expect(await s.wf.getOutput()).toEqual({ outcome: "expired", state: "cancelled", reminded: false, escalated: false });
      expect(await s.wf.waitForStepResult({ name: "expire po review" })).toMatchObject({ state: "cancelled", cancelled: true });
      const last = (await transitions(s.order.id)).at(-1)!;
      expect(last).toMatchObject({ fromState: "pending_approval", toState: "cancelled", actorKind: "system", actorId: "order-approval-workflow", reason: "po_review_expired" });
      await expectCompensated(s);
      expect(await notified(s.order.id, "order_approval_expired")).toEqual([s.order.email]);
      // the review arriving afterwards changes nothing
      const late = await gql("admin", REVIEW, { o: s.order.id, a: true }, { token: await staffToken(["orders:manage"]) });
      expect(late.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", reason: "not_pending_approval" });
    } finally {
      await s.wf.dispose();
    }
  });
});
