import { env, introspectWorkflowInstance } from "cloudflare:test";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { gql, staffToken, tokenFor, uniq } from "../helpers/graphql";
import { withDb } from "../helpers/db";
import { channelId, createAccount, createVariant } from "../helpers/fixtures";
import { insertOrder, stock, submitForApproval } from "../helpers/order-fixtures";
import { accounts, employees, staff } from "../../shared/accounts";
import { stockLevels, stockReservations } from "../../shared/inventory";
import { orderApprovalInstanceId, orderNotifications, orders, orderTransitions } from "../../shared/orders";
import { decideApproval, describeApproval } from "../../shared/orders/approval-policy";
import { payments } from "../../shared/payments";

const APPROVE = `mutation($o:ID!,$n:String){ approveOrder(orderId:$o, note:$n){ orderId state approved poReviewed awaitingPoReview } }`;
const REJECT = `mutation($o:ID!,$r:String!){ rejectOrder(orderId:$o, reason:$r){ orderId state } }`;
const PENDING = `{ pendingApprovals { orderId number total currency buyerEmployeeId approvalReason } }`;
const REVIEW = `mutation($o:ID!,$a:Boolean!,$n:String){ reviewPurchaseOrder(orderId:$o, accepted:$a, note:$n){ state approved poReviewed } }`;

const LIMIT = 10_000;

type Role = "buyer" | "approver" | "admin" | "viewer";
interface Employee {
  id: string;
  email: string;
  role: Role;
  locationId: string;
  accountId: string;
  token: string;
}

async function employee(accountId: string, locationId: string, role: Role, spendingLimit: number | null = null): Promise<Employee> {
  const email = `${uniq(role)}@approvals.test`;
  const [row] = await withDb(({ db }) =>
    db.insert(employees).values({ accountId, locationId, email, name: role, role, spendingLimit, spendingLimitCurrency: spendingLimit === null ? null : "USD" }).returning({ id: employees.id }),
  );
  const token = await tokenFor({ kind: "employee", employeeId: row!.id, accountId, locationId, role, email, groupIds: [] });
  return { id: row!.id, email, role, locationId, accountId, token };
}

/**
 * An account with two locations: the buyer (spending limit 100.00) and an approver at location 1,
 * an approver at location 2, an account-wide admin, and optionally PO review and a sales rep.
 */
async function scenario(opts: { poReview?: boolean; salesRep?: boolean; buyerRole?: Role } = {}) {
  const { accountId, locationIds } = await createAccount();
  const [loc1, loc2] = locationIds as [string, string];
  let salesRepEmail: string | null = null;
  if (opts.salesRep) {
    salesRepEmail = `${uniq("rep")}@vectis.test`;
    const [rep] = await withDb(({ db }) => db.insert(staff).values({ email: salesRepEmail!, name: "Rep", passwordHash: "x" }).returning({ id: staff.id }));
    await withDb(({ db }) => db.update(accounts).set({ salesRepStaffId: rep!.id }).where(eq(accounts.id, accountId)));
  }
  if (opts.poReview) await withDb(({ db }) => db.update(accounts).set({ poReviewRequired: true }).where(eq(accounts.id, accountId)));
  const buyer = await employee(accountId, loc1, opts.buyerRole ?? "buyer", LIMIT);
  const approver = await employee(accountId, loc1, "approver");
  const otherLocationApprover = await employee(accountId, loc2, "approver");
  const admin = await employee(accountId, loc2, "admin");
  const { variantId } = await createVariant();
  const warehouseId = await stock(variantId, 10);
  return { accountId, loc1, loc2, buyer, approver, otherLocationApprover, admin, variantId, warehouseId, salesRepEmail };
}

type Scenario = Awaited<ReturnType<typeof scenario>>;

/**
 * A draft order over the buyer's limit with a prepared manual payment, moved to pending_approval
 * through the order lifecycle (as checkout does); its event starts the Workflow via the queue.
 */
async function pendingOrder(s: Scenario, quantity = 3, unitPrice = 5_000) {
  const b2b = await channelId("b2b");
  const decision = decideApproval({
    buyerKind: "employee",
    employee: { role: s.buyer.role, spendingLimit: LIMIT, spendingLimitCurrency: "USD" },
    account: { approvalRequiredRoles: [], poReviewRequired: (await accountRow(s.accountId)).poReviewRequired },
    orderTotal: quantity * unitPrice,
    orderCurrency: "USD",
    baseCurrency: "USD",
    rates: [],
  } as Parameters<typeof decideApproval>[0]);
  expect(decision.flags.approval_required).toBe(true);
  const order = await insertOrder({
    channelId: b2b,
    buyerKind: "employee",
    accountId: s.accountId,
    locationId: s.loc1,
    employeeId: s.buyer.id,
    lines: [{ variantId: s.variantId, quantity, unitPrice }],
    flags: decision.flags,
  });
  await withDb(({ db }) => db.update(orders).set({ approvalReason: describeApproval(decision.reasons) }).where(eq(orders.id, order.id)));
  const wf = await introspectWorkflowInstance(env.ORDER_APPROVAL, orderApprovalInstanceId(order.id));
  await submitForApproval(order, s.buyer.id);
  return { order, wf };
}

const accountRow = (id: string) => withDb(async ({ db }) => (await db.select().from(accounts).where(eq(accounts.id, id)))[0]!);
const orderRow = (id: string) => withDb(async ({ db }) => (await db.select().from(orders).where(eq(orders.id, id)))[0]!);
const transitions = (id: string) =>
  withDb(({ db }) => db.select().from(orderTransitions).where(eq(orderTransitions.orderId, id)).orderBy(asc(orderTransitions.at)));
const notifications = (id: string, template: string) =>
  withDb(({ db }) =>
    db
      .select()
      .from(orderNotifications)
      .where(and(eq(orderNotifications.orderId, id), eq(orderNotifications.template, template)))
      .orderBy(asc(orderNotifications.recipient)),
  );
const reservations = (id: string) => withDb(({ db }) => db.select().from(stockReservations).where(eq(stockReservations.refId, id)));
const reservedUnits = (variantId: string, warehouseId: string) =>
  withDb(async ({ db }) => (await db.select().from(stockLevels).where(and(eq(stockLevels.variantId, variantId), eq(stockLevels.warehouseId, warehouseId))))[0]!.reserved);
const paymentStates = (id: string) => withDb(async ({ db }) => (await db.select({ state: payments.state }).from(payments).where(eq(payments.orderId, id))).map((p) => p.state));

async function expectReleased(s: Scenario, orderId: string) {
  const held = await reservations(orderId);
  expect(held.length).toBeGreaterThan(0);
  expect(held.every((r) => r.status === "released")).toBe(true);
  expect(await reservedUnits(s.variantId, s.warehouseId)).toBe(0);
  expect(await paymentStates(orderId)).toEqual(["voided"]);
}

describe("OrderApprovalWorkflow", () => {
  it("over-limit order → pending_approval → approvers of its location notified → approve (GraphQL) → placed; workflow completes", async () => {
    const s = await scenario();
    const { order, wf } = await pendingOrder(s);
    try {
      expect(await orderRow(order.id)).toMatchObject({ state: "pending_approval", approvalInstanceId: orderApprovalInstanceId(order.id) });
      expect(await reservedUnits(s.variantId, s.warehouseId)).toBe(3);
      expect(await wf.waitForStepResult({ name: "notify approvers" })).toMatchObject({ state: "pending_approval", notified: 2 });
      // location-1 approver and the account-wide admin; not location 2's approver, not the buyer
      expect((await notifications(order.id, "order_approval_requested")).map((n) => n.recipient)).toEqual([s.admin.email, s.approver.email].sort());

      const mine = await gql("shop", PENDING, {}, { token: s.approver.token });
      expect(mine.data.pendingApprovals.find((p: { orderId: string }) => p.orderId === order.id)).toMatchObject({
        total: 15_000,
        buyerEmployeeId: s.buyer.id,
        approvalReason: expect.stringContaining("spending limit"),
      });
      const notMine = await gql("shop", PENDING, {}, { token: s.otherLocationApprover.token });
      expect(notMine.data.pendingApprovals.map((p: { orderId: string }) => p.orderId)).not.toContain(order.id);
      expect((await gql("shop", PENDING, {}, { token: s.buyer.token })).data.pendingApprovals).toEqual([]);

      const res = await gql("shop", APPROVE, { o: order.id, n: "ok for Q3" }, { token: s.approver.token });
      expect(res.errors).toBeUndefined();
      expect(res.data.approveOrder).toEqual({ orderId: order.id, state: "payment_authorized", approved: true, poReviewed: true, awaitingPoReview: false });
      await wf.waitForStatus("complete");
      expect(await wf.getOutput()).toEqual({ outcome: "approved", state: "payment_authorized", reminded: false, escalated: false });

      const history = await transitions(order.id);
      // placed and payment_authorized happen in one transaction (same timestamp): compare as a set
      expect(history.map((t) => `${t.fromState}>${t.toState}`).sort()).toEqual(["draft>pending_approval", "pending_approval>placed", "placed>payment_authorized"]);
      expect(history.find((t) => t.toState === "placed")).toMatchObject({ actorKind: "employee", actorId: s.approver.id, reason: "ok for Q3" });
      expect(history.find((t) => t.toState === "payment_authorized")).toMatchObject({ actorKind: "system" });
      // placement keeps the stock reserved and authorizes the payment
      expect((await reservations(order.id)).every((r) => r.status === "reserved")).toBe(true);
      expect(await paymentStates(order.id)).toEqual(["authorized"]);
    } finally {
      await wf.dispose();
    }
  });

  it("reject (GraphQL) → cancelled with the reason, reservation released, payment voided; workflow ends rejected", async () => {
    const s = await scenario();
    const { order, wf } = await pendingOrder(s);
    try {
      await wf.waitForStepResult({ name: "notify approvers" });
      const blank = await gql("shop", REJECT, { o: order.id, r: "  " }, { token: s.admin.token });
      expect(blank.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });
      const res = await gql("shop", REJECT, { o: order.id, r: "Not in this quarter's budget" }, { token: s.admin.token });
      expect(res.errors).toBeUndefined();
      expect(res.data.rejectOrder.state).toBe("cancelled");
      await wf.waitForStatus("complete");
      expect(await wf.getOutput()).toMatchObject({ outcome: "rejected", state: "cancelled" });
      await expectReleased(s, order.id);
      const last = (await transitions(order.id)).at(-1)!;
      expect(last).toMatchObject({ fromState: "pending_approval", toState: "cancelled", actorKind: "employee", actorId: s.admin.id, reason: "Not in this quarter's budget" });
    } finally {
      await wf.dispose();
    }
  });

  it("no decision: reminder to approvers, then escalation to admins + sales rep; the order stays reserved and can still be approved", async () => {
    const s = await scenario({ salesRep: true });
    const { order, wf } = await pendingOrder(s);
    try {
      await wf.modify(async (m) => {
        await m.forceEventTimeout({ name: "decision before reminder" });
        await m.forceEventTimeout({ name: "decision before escalation" });
      });
      expect(await wf.waitForStepResult({ name: "send reminders" })).toMatchObject({ notified: 2 });
      expect(await wf.waitForStepResult({ name: "escalate" })).toMatchObject({ state: "pending_approval", notified: 2 });
      expect((await notifications(order.id, "order_approval_reminder")).map((n) => n.recipient)).toEqual([s.admin.email, s.approver.email].sort());
      const escalated = await notifications(order.id, "order_approval_escalated");
      expect(escalated.map((n) => n.recipient).sort()).toEqual([s.admin.email, s.salesRepEmail!].sort());
      expect(escalated.find((n) => n.recipient === s.salesRepEmail)!.payload).toMatchObject({ recipientKind: "staff", recipientRole: "sales_rep" });
      expect((await orderRow(order.id)).state).toBe("pending_approval");
      expect(await reservedUnits(s.variantId, s.warehouseId)).toBe(3);

      const res = await gql("shop", APPROVE, { o: order.id }, { token: s.admin.token });
      expect(res.data.approveOrder.state).toBe("payment_authorized");
      await wf.waitForStatus("complete");
      expect(await wf.getOutput()).toEqual({ outcome: "approved", state: "payment_authorized", reminded: true, escalated: true });
    } finally {
      await wf.dispose();
    }
  });

  it("expiry: reminder, escalation, then compensation — cancelled by the system as approval_expired, stock released, payment voided", async () => {
    const s = await scenario();
    const { order, wf } = await pendingOrder(s);
    try {
      await wf.modify(async (m) => {
        await m.forceEventTimeout({ name: "decision before reminder" });
        await m.forceEventTimeout({ name: "decision before escalation" });
        await m.forceEventTimeout({ name: "decision before expiry" });
      });
      await wf.waitForStatus("complete");
      expect(await wf.getOutput()).toEqual({ outcome: "expired", state: "cancelled", reminded: true, escalated: true });
      const reminder = await notifications(order.id, "order_approval_reminder");
      const escalation = await notifications(order.id, "order_approval_escalated");
      expect(reminder).toHaveLength(2);
      expect(escalation.map((n) => n.recipient)).toEqual([s.admin.email]);
      expect(escalation[0]!.createdAt.getTime()).toBeGreaterThanOrEqual(reminder[0]!.createdAt.getTime());
      expect((await notifications(order.id, "order_approval_expired")).map((n) => n.recipient)).toEqual([order.email]);
      const last = (await transitions(order.id)).at(-1)!;
      expect(last).toMatchObject({ fromState: "pending_approval", toState: "cancelled", actorKind: "system", actorId: "order-approval-workflow", reason: "approval_expired" });
      await expectReleased(s, order.id);
      // too late now: the approver gets CONFLICT naming what the order can still do
      const late = await gql("shop", APPROVE, { o: order.id }, { token: s.approver.token });
      expect(late.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", reason: "not_pending_approval" });
    } finally {
      await wf.dispose();
    }
  });

  it("restart mid-wait (instance.restart() via a fresh handle while it waits for the decision: every step replays) loses nothing: the decision still completes it, nobody is notified twice", async () => {
    const s = await scenario();
    const { order, wf } = await pendingOrder(s);
    try {
      await wf.waitForStepResult({ name: "notify approvers" });
      const id = orderApprovalInstanceId(order.id);
      // a new handle finds the waiting instance; restarting it discards its step history and replays from the start
      expect((await (await env.ORDER_APPROVAL.get(id)).status()).status).toBe("running");
      await (await env.ORDER_APPROVAL.get(id)).restart();
      const replayed = await waitForReplayedSteps(id, 1);
      // the replayed "notify approvers" found the same approvers; the unique notification key kept them from a second message
      expect(replayed[0]).toMatchObject({ state: "pending_approval", notified: 2 });

      const res = await gql("shop", APPROVE, { o: order.id }, { token: s.approver.token });
      expect(res.data.approveOrder.state).toBe("payment_authorized");
      await wf.waitForStatus("complete");
      expect(await wf.getOutput()).toMatchObject({ outcome: "approved", state: "payment_authorized" });
      expect(await notifications(order.id, "order_approval_requested")).toHaveLength(2);
      expect((await transitions(order.id)).filter((t) => t.toState === "placed")).toHaveLength(1);
      expect((await (await env.ORDER_APPROVAL.get(id)).status()).status).toBe("complete");
    } finally {
      await wf.dispose();
    }
  });

  it("an operator's terminate with rollback runs the compensation the first step registered: cancelled (approval_aborted), stock released, payment voided", async () => {
    const s = await scenario();
    const { order, wf } = await pendingOrder(s);
    try {
      await wf.waitForStepResult({ name: "notify approvers" });
      await (await env.ORDER_APPROVAL.get(orderApprovalInstanceId(order.id))).terminate({ rollback: true });
      await waitForOrderState(order.id, "cancelled");
      expect((await transitions(order.id)).at(-1)).toMatchObject({ toState: "cancelled", actorKind: "system", reason: "approval_aborted" });
      await expectReleased(s, order.id);
    } finally {
      await wf.dispose();
    }
  });

  it("PO review: an approved order waits for staff (orders:manage) before it is placed", async () => {
    const s = await scenario({ poReview: true });
    const { order, wf } = await pendingOrder(s);
    try {
      await wf.waitForStepResult({ name: "notify approvers" });
      const res = await gql("shop", APPROVE, { o: order.id }, { token: s.approver.token });
      expect(res.data.approveOrder).toMatchObject({ state: "pending_approval", approved: true, poReviewed: false, awaitingPoReview: true });
      expect((await gql("shop", PENDING, {}, { token: s.admin.token })).data.pendingApprovals.map((p: { orderId: string }) => p.orderId)).not.toContain(order.id);
      const again = await gql("shop", APPROVE, { o: order.id }, { token: s.admin.token });
      expect(again.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", reason: "already_approved" });

      const denied = await gql("admin", REVIEW, { o: order.id, a: true }, { token: await staffToken(["orders:read"]) });
      expect(denied.errors![0]!.extensions!.code).toBe("FORBIDDEN");
      const reviewer = await staffToken(["orders:manage"]);
      const ok = await gql("admin", REVIEW, { o: order.id, a: true, n: "PO 4711 matches" }, { token: reviewer });
      expect(ok.errors).toBeUndefined();
      expect(ok.data.reviewPurchaseOrder).toEqual({ state: "payment_authorized", approved: true, poReviewed: true });
      await wf.waitForStatus("complete");
      expect(await wf.getOutput()).toMatchObject({ outcome: "approved", state: "payment_authorized" });
      const history = await transitions(order.id);
      expect(history.find((t) => t.toState === "placed")).toMatchObject({ actorKind: "staff", reason: "PO 4711 matches" });
      // placed orders move on as at checkout: the authorization covers the total
      expect(history.find((t) => t.toState === "payment_authorized")).toMatchObject({ fromState: "placed", actorKind: "system" });
    } finally {
      await wf.dispose();
    }
  });

  it("refusals: buyer role, approver of another location, another account, self-approval, customer, guest; non-pending → CONFLICT with allowed transitions", async () => {
    const s = await scenario({ buyerRole: "approver" });
    const other = await scenario();
    const { order, wf } = await pendingOrder(s);
    try {
      const sameLocationBuyer = await employee(s.accountId, s.loc1, "buyer");
      const code = async (token: string | undefined, q = APPROVE, v: Record<string, unknown> = { o: order.id }) => (await gql("shop", q, v, { token })).errors?.[0]?.extensions;
      expect(await code(sameLocationBuyer.token)).toMatchObject({ code: "FORBIDDEN", reason: "not_an_approver" });
      expect(await code(s.otherLocationApprover.token)).toMatchObject({ code: "NOT_FOUND" });
      expect(await code(other.admin.token)).toMatchObject({ code: "NOT_FOUND" });
      expect(await code(other.admin.token, REJECT, { o: order.id, r: "no" })).toMatchObject({ code: "NOT_FOUND" });
      expect(await code(s.buyer.token)).toMatchObject({ code: "FORBIDDEN", reason: "self_approval" });
      expect(await code(s.buyer.token, REJECT, { o: order.id, r: "mine" })).toMatchObject({ code: "FORBIDDEN", reason: "self_approval" });
      const customer = await tokenFor({ kind: "customer", customerId: crypto.randomUUID(), email: "c@example.test", groupIds: [] });
      expect(await code(customer)).toMatchObject({ code: "FORBIDDEN" });
      expect(await code(undefined)).toMatchObject({ code: "UNAUTHENTICATED" });
      expect(await code(s.approver.token, APPROVE, { o: "not-a-uuid" })).toMatchObject({ code: "BAD_USER_INPUT", field: "orderId" });
      expect(await code(s.approver.token, APPROVE, { o: crypto.randomUUID() })).toMatchObject({ code: "NOT_FOUND" });
      // nothing above changed the order
      expect(await orderRow(order.id)).toMatchObject({ state: "pending_approval", flags: expect.objectContaining({ approved: false }) });

      const ok = await gql("shop", APPROVE, { o: order.id }, { token: s.approver.token });
      expect(ok.data.approveOrder.state).toBe("payment_authorized");
      await wf.waitForStatus("complete");
      const twice = await gql("shop", APPROVE, { o: order.id }, { token: s.admin.token });
      expect(twice.errors![0]!.extensions).toMatchObject({ code: "CONFLICT", reason: "not_pending_approval" });
      // placed → the admin may still cancel it or record its payment authorization
      expect(twice.errors![0]!.message).toMatch(/allowed: .*cancelled/);
    } finally {
      await wf.dispose();
    }
  });
});

async function waitForOrderState(id: string, state: string) {
  for (let i = 0; i < 100 && (await orderRow(id)).state !== state; i++) await new Promise((r) => setTimeout(r, 50));
  expect((await orderRow(id)).state).toBe(state);
}

/** The step results the local engine reports (miniflare's `__LOCAL_DEV_STEP_OUTPUTS`), once it holds `n` again. */
async function waitForReplayedSteps(id: string, n: number): Promise<unknown[]> {
  let outputs: unknown[] = [];
  for (let i = 0; i < 100; i++) {
    const st = (await (await env.ORDER_APPROVAL.get(id)).status()) as InstanceStatus & { __LOCAL_DEV_STEP_OUTPUTS?: unknown[] };
    outputs = st.__LOCAL_DEV_STEP_OUTPUTS ?? [];
    if (outputs.length >= n) return outputs;
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(outputs.length).toBeGreaterThanOrEqual(n);
  return outputs;
}
