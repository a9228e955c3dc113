/**
 * The built-in processes a channel uses until a merchant stores its own. They are ordinary data
 * (ProcessDefinitionInput) and go through validateProcess like any custom process.
 */
import type { ProcessDefinitionInput } from "./order-process.schema";

type Transition = ProcessDefinitionInput["transitions"][number];
type Ref = { type: string; config?: Record<string, unknown> };

const event = (name: string): Ref => ({ type: "emit_event", config: { event: name } });
const staffOnly = (permission: string): Ref[] => [
  { type: "actor_kind", config: { kinds: ["staff", "system"] } },
  { type: "actor_permission", config: { permission } },
];
const cancelEffects: Ref[] = [{ type: "release_inventory" }, { type: "void_authorization" }, event("order.cancelled")];

const sharedStates = [
  { code: "draft", label: "Draft" },
  { code: "placed", label: "Placed" },
  { code: "fraud_review", label: "Fraud review" },
  { code: "on_hold", label: "On hold" },
  { code: "payment_authorized", label: "Payment authorized" },
  { code: "partially_fulfilled", label: "Partially fulfilled" },
  { code: "fulfilled", label: "Fulfilled" },
  { code: "shipped", label: "Shipped" },
  { code: "delivered", label: "Delivered" },
  { code: "completed", label: "Completed", terminal: true },
  { code: "cancelled", label: "Cancelled", terminal: true },
];

/** From placement on, B2C and B2B follow the same path. */
const afterPlacement: Transition[] = [
  { from: ["placed"], to: "fraud_review", guards: staffOnly("orders:manage"), effects: [event("order.fraud_review")] },
  { from: ["fraud_review"], to: "placed", guards: [...staffOnly("orders:manage"), { type: "flag", config: { flag: "fraud_cleared" } }] },
  { from: ["placed", "payment_authorized", "fraud_review"], to: "on_hold", guards: staffOnly("orders:manage"), effects: [event("order.held")] },
  { from: ["on_hold"], to: "placed", guards: staffOnly("orders:manage"), effects: [event("order.released")] },
  { from: ["on_hold"], to: "payment_authorized", guards: [...staffOnly("orders:manage"), { type: "payment_authorized_covers_total" }], effects: [event("order.released")] },
  { from: ["placed"], to: "payment_authorized", guards: [{ type: "payment_authorized_covers_total" }], effects: [event("payment.authorized")] },
  { from: ["payment_authorized"], to: "partially_fulfilled", guards: [{ type: "fulfillment", config: { is: "partial" } }] },
  { from: ["payment_authorized", "partially_fulfilled"], to: "fulfilled", guards: [{ type: "fulfillment", config: { is: "complete" } }] },
  {
    from: ["fulfilled"],
    to: "shipped",
    guards: [{ type: "all_shipped" }],
    effects: [{ type: "consume_inventory" }, { type: "capture_payment" }, event("order.shipped"), { type: "notify", config: { template: "order_shipped" } }],
  },
  { from: ["shipped"], to: "delivered", effects: [event("order.delivered")] },
  { from: ["delivered"], to: "completed", guards: [{ type: "payment_captured_covers_total" }], effects: [event("order.completed")] },
  // every state here is before any fulfilment (a fulfilment moves the order on), so a cancel may
  // follow a capture (store credit captures at placement, staff may capture early): its
  // void_authorization effect refunds what was captured. No fulfillment guard: that guard type
  // marks a state as accepting fulfilments (order-fulfillment.ts).
  { from: ["placed", "fraud_review", "on_hold", "payment_authorized"], to: "cancelled", effects: cancelEffects },
];

export const defaultB2cProcess: ProcessDefinitionInput = {
  code: "default_b2c",
  name: "Default B2C",
  initial: "draft",
  states: sharedStates,
  transitions: [
    {
      from: ["draft"],
      to: "placed",
      effects: [{ type: "reserve_inventory" }, { type: "authorize_payment" }, event("order.placed"), { type: "notify", config: { template: "order_confirmation" } }],
    },
    { from: ["draft"], to: "cancelled", effects: [event("order.cancelled")] },
    ...afterPlacement,
  ],
};

export const defaultB2bProcess: ProcessDefinitionInput = {
  code: "default_b2b",
  name: "Default B2B",
  initial: "draft",
  states: [...sharedStates.slice(0, 1), { code: "pending_approval", label: "Pending approval" }, ...sharedStates.slice(1)],
  transitions: [
    {
      from: ["draft"],
      to: "pending_approval",
      guards: [{ type: "flag", config: { flag: "approval_required", equals: true } }],
      // stock is held while approvers decide; the Workflow releases it on reject/timeout
      effects: [{ type: "reserve_inventory" }, { type: "start_approval" }, event("order.approval_requested")],
    },
    {
      from: ["draft"],
      to: "placed",
      guards: [{ type: "flag", config: { flag: "approval_required", equals: false } }],
      effects: [{ type: "reserve_inventory" }, { type: "authorize_payment" }, event("order.placed"), { type: "notify", config: { template: "order_confirmation" } }],
    },
    {
      from: ["pending_approval"],
      to: "placed",
      guards: [
        { type: "actor_kind", config: { kinds: ["employee", "staff", "system"] } },
        { type: "flag", config: { flag: "approved" } },
        // checkout sets po_reviewed=true unless the account requires a PO review step
        { type: "flag", config: { flag: "po_reviewed" } },
      ],
      effects: [{ type: "authorize_payment" }, event("order.approved"), event("order.placed")],
    },
    // a prepared payment is voided too (idempotent: the approvals service also voids on its paths)
    { from: ["pending_approval"], to: "cancelled", effects: [{ type: "release_inventory" }, { type: "void_authorization" }, event("order.rejected"), event("order.cancelled")] },
    { from: ["draft"], to: "cancelled", effects: [event("order.cancelled")] },
    ...afterPlacement,
  ],
};

/** B2B channels (and hybrid channels for account buyers) use the approval process. */
export function defaultProcessFor(mode: "b2b" | "b2c" | "hybrid", buyer: "account" | "consumer"): ProcessDefinitionInput {
  return mode === "b2b" || (mode === "hybrid" && buyer === "account") ? defaultB2bProcess : defaultB2cProcess;
}
