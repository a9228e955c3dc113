/**
 * The payment lifecycle as pure functions over running totals (minor units). The stored `state`
 * is always derived from the amounts plus two terminal facts (declined, voided) and the hold, so
 * it can never drift from the money:
 *
 *   pending ─authorize→ authorized | declined | held;  pending ─void→ voided (abandoned, nothing moved)
 *   held ─release→ authorized;  held | authorized ─void→ voided (only while nothing is captured)
 *   authorized ─capture→ partially_captured ─capture…→ captured   (multi-capture up to the authorization)
 *   a capture with `final` (or `releaseRemainder`) gives the rest of the authorization back → captured
 *   captured | partially_captured ─refund→ partially_refunded ─refund…→ refunded
 *
 * "open" is the authorization not yet captured; a final capture shrinks `authorized` to
 * `captured`, so open = authorized − captured in every live state. Refusals are CONFLICT with a
 * machine `reason` and the actions still allowed; malformed amounts are BAD_USER_INPUT.
 */
import { badInput, conflict, DomainError } from "../kernel/errors";

export const PAYMENT_STATES = [
  "pending",
  "authorized",
  "declined",
  "held",
  "partially_captured",
  "captured",
  "voided",
  "partially_refunded",
  "refunded",
] as const;
export type PaymentState = (typeof PAYMENT_STATES)[number];

export type PaymentAction = "authorize" | "capture" | "release_remainder" | "void" | "refund" | "release_hold" | "settle";

export interface PaymentAmounts {
  authorized: number;
  captured: number;
  refunded: number;
  /** net terms: what the buyer has paid of the invoice */
  settled: number;
}

export interface PaymentSnapshot extends PaymentAmounts {
  state: PaymentState;
}

export type AuthorizationOutcome = "approved" | "declined" | "held";

const LIVE: ReadonlySet<PaymentState> = new Set(["authorized", "partially_captured", "captured", "partially_refunded", "refunded"]);

/** Authorization still open for capture (0 on held, voided, declined or pending payments). */
export function openAuthorization(p: PaymentSnapshot): number {
  return LIVE.has(p.state) ? p.authorized - p.captured : 0;
}

export function refundable(p: PaymentSnapshot): number {
  return LIVE.has(p.state) ? p.captured - p.refunded : 0;
}

/** The state a live payment is in, from its amounts alone. */
export function deriveLiveState(a: PaymentAmounts): PaymentState {
  const open = a.authorized - a.captured;
  if (a.captured === 0) return "authorized";
  if (a.refunded > 0) return a.refunded === a.captured && open === 0 ? "refunded" : "partially_refunded";
  return open > 0 ? "partially_captured" : "captured";
}

export function allowedActions(p: PaymentSnapshot): PaymentAction[] {
  const out: PaymentAction[] = [];
  // a prepared payment no one authorized yet can be abandoned (nothing moved)
  if (p.state === "pending") return ["authorize", "void"];
  if (p.state === "held") return ["release_hold", "void"];
  if (!LIVE.has(p.state)) return out;
  const open = openAuthorization(p);
  if (open > 0) out.push("capture");
  if (open > 0 && p.captured > 0) out.push("release_remainder");
  if (p.captured === 0 && open > 0) out.push("void");
  if (refundable(p) > 0) out.push("refund");
  if (p.captured - p.refunded - p.settled > 0) out.push("settle");
  return out;
}

function refuse(p: PaymentSnapshot, action: PaymentAction, reason: string, message: string, extra: Record<string, unknown> = {}): DomainError {
  return conflict(`Cannot ${action.replace("_", " ")} a ${p.state} payment: ${message}`, {
    reason,
    state: p.state,
    allowed: allowedActions(p),
    ...extra,
  });
}

function requireAmount(amount: number, field: string): number {
  if (!Number.isSafeInteger(amount) || amount <= 0) throw badInput(`${field} must be a positive whole number of minor units, got ${amount}`, field);
  return amount;
}

function requireAllowed(p: PaymentSnapshot, action: PaymentAction): void {
  if (!allowedActions(p).includes(action)) {
    throw refuse(p, action, "payment_state", `allowed: ${allowedActions(p).join(", ") || "nothing"}`);
  }
}

/** Apply the method's answer to a pending payment. Approved and held reserve `amount`. */
export function applyAuthorization(p: PaymentSnapshot, outcome: AuthorizationOutcome, amount: number): PaymentSnapshot {
  requireAllowed(p, "authorize");
  if (!Number.isSafeInteger(amount) || amount < 0) throw badInput(`amount must be a whole number of minor units, got ${amount}`, "amount");
  if (outcome === "declined") return { ...p, state: "declined" };
  const next = { ...p, authorized: amount, captured: 0, refunded: 0, settled: 0 };
  return { ...next, state: outcome === "held" ? "held" : "authorized" };
}

export interface CaptureRequest {
  /** default: everything still open */
  amount?: number;
  /** give the rest of the authorization back after this capture */
  final?: boolean;
}

export function applyCapture(p: PaymentSnapshot, req: CaptureRequest = {}): PaymentSnapshot & { capturedNow: number; released: number } {
  const open = openAuthorization(p);
  if (p.state === "held") throw refuse(p, "capture", "payment_held", "the payment is held for review; release the hold first");
  if (!LIVE.has(p.state)) throw refuse(p, "capture", "payment_state", `allowed: ${allowedActions(p).join(", ") || "nothing"}`);
  if (open <= 0) throw refuse(p, "capture", "nothing_to_capture", "no authorization is left to capture", { open: 0 });
  const amount = req.amount === undefined ? open : requireAmount(req.amount, "amount");
  if (amount > open) {
    throw refuse(p, "capture", "capture_exceeds_authorization", `${amount} is more than the ${open} still authorized`, { open, requested: amount });
  }
  const captured = p.captured + amount;
  const released = req.final ? open - amount : 0;
  const amounts = { ...amountsOf(p), captured, authorized: p.authorized - released };
  return { ...amounts, state: deriveLiveState(amounts), capturedNow: amount, released };
}

/** Give back the authorization not captured (cancellation of a partially captured payment). */
export function applyReleaseRemainder(p: PaymentSnapshot): PaymentSnapshot & { released: number } {
  requireAllowed(p, "release_remainder");
  const released = openAuthorization(p);
  const amounts = { ...amountsOf(p), authorized: p.captured };
  return { ...amounts, state: deriveLiveState(amounts), released };
}

export function applyVoid(p: PaymentSnapshot): PaymentSnapshot & { released: number } {
  if (p.captured > 0) {
    throw refuse(p, "void", "already_captured", "money has been captured; refund it instead", { captured: p.captured });
  }
  requireAllowed(p, "void");
  return { ...p, state: "voided", released: p.authorized };
}

export function applyReleaseHold(p: PaymentSnapshot): PaymentSnapshot {
  requireAllowed(p, "release_hold");
  return { ...p, state: "authorized" };
}

export function applyRefund(p: PaymentSnapshot, amount: number): PaymentSnapshot {
  requireAmount(amount, "amount");
  if (!LIVE.has(p.state)) throw refuse(p, "refund", "payment_state", `allowed: ${allowedActions(p).join(", ") || "nothing"}`);
  const left = refundable(p);
  if (amount > left) {
    throw refuse(p, "refund", "refund_exceeds_captured", `${amount} is more than the ${left} captured and not yet refunded`, { refundable: left, requested: amount });
  }
  const amounts = { ...amountsOf(p), refunded: p.refunded + amount };
  return { ...amounts, state: deriveLiveState(amounts) };
}

/** Net terms: the buyer paid `amount` of the invoiced (captured, not refunded) money. */
export function applySettle(p: PaymentSnapshot, amount: number): PaymentSnapshot {
  requireAmount(amount, "amount");
  const unsettled = LIVE.has(p.state) ? p.captured - p.refunded - p.settled : 0;
  if (!LIVE.has(p.state) || unsettled <= 0) throw refuse(p, "settle", "nothing_to_settle", "nothing invoiced is left unpaid", { unsettled: Math.max(0, unsettled) });
  if (amount > unsettled) throw refuse(p, "settle", "settle_exceeds_invoiced", `${amount} is more than the ${unsettled} invoiced and unpaid`, { unsettled, requested: amount });
  return { ...p, settled: p.settled + amount };
}

function amountsOf(p: PaymentAmounts): PaymentAmounts {
  return { authorized: p.authorized, captured: p.captured, refunded: p.refunded, settled: p.settled };
}

/**
 * Credit a net-terms payment still uses: the open (or held) authorization plus what was invoiced
 * and is neither refunded nor paid. A refund after payment is money the merchant owes back, not
 * extra credit, hence the floor at 0. payments.repository's credit query mirrors this.
 */
export function creditUsed(p: PaymentSnapshot): number {
  if (p.state === "held") return p.authorized;
  if (!LIVE.has(p.state)) return 0;
  return p.authorized - p.captured + Math.max(0, p.captured - p.refunded - p.settled);
}
