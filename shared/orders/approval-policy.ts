/**
 * Does a new order need approval before it is placed? Pure: the caller passes the employee, the
 * account's policy, the order total and the exchange rates it loaded.
 *
 * A spending limit is a promise about money, so a limit that cannot be compared with the order
 * total (no exchange rate between the two currencies) requires approval rather than being skipped.
 * Conversions round against the buyer: the limit converted down, the total converted up.
 */
import { convertMinor } from "../kernel/money";

export interface ApprovalRate {
  from: string;
  to: string;
  /** 1 unit of `from` = rate units of `to` (exact decimal string) */
  rate: string;
}

export interface ApprovalPolicyInput {
  buyerKind: "employee" | "customer" | "guest";
  employee?: {
    role: string;
    /** minor units of `spendingLimitCurrency`; null = no limit */
    spendingLimit: number | null;
    /** null: the limit is in the channel's base currency */
    spendingLimitCurrency: string | null;
  } | null;
  account?: {
    approvalRequiredRoles: readonly string[];
    poReviewRequired: boolean;
  } | null;
  orderTotal: number;
  orderCurrency: string;
  baseCurrency: string;
  rates: readonly ApprovalRate[];
}

export type ApprovalReason =
  | { code: "over_spending_limit"; limit: number; limitCurrency: string; totalInLimitCurrency: number }
  | { code: "no_exchange_rate"; from: string; to: string }
  | { code: "role_requires_approval"; role: string }
  | { code: "po_review_required" };

export interface ApprovalDecision {
  flags: { approval_required: boolean; approved: boolean; po_reviewed: boolean };
  reasons: ApprovalReason[];
}

/** The order total in the limit's currency, rounded up; null when no rate links the two. */
export function totalInCurrency(total: number, from: string, to: string, rates: readonly ApprovalRate[]): number | null {
  if (from === to) return total;
  const direct = rates.find((r) => r.from === from && r.to === to);
  if (direct) return convertMinor(total, from, to, direct.rate, "ceil");
  const inverse = rates.find((r) => r.from === to && r.to === from);
  if (!inverse) return null;
  // 1 `to` = rate `from`, so the amount in `to` is total / rate: convert with the reciprocal exactly
  return convertReciprocal(total, from, to, inverse.rate);
}

/** total (minor units of `from`) ÷ rate, in minor units of `to`, rounded up — exact, no floats. */
function convertReciprocal(total: number, from: string, to: string, rate: string): number {
  // convertMinor(x, to, from, rate) = x·rate adjusted for exponents; find the smallest x with that ≥ total
  let lo = 0;
  let hi = Math.max(1, total);
  while (convertMinor(hi, to, from, rate, "floor") < total) hi *= 2;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (convertMinor(mid, to, from, rate, "floor") >= total) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function decideApproval(input: ApprovalPolicyInput): ApprovalDecision {
  if (input.buyerKind !== "employee") return { flags: { approval_required: false, approved: false, po_reviewed: true }, reasons: [] };
  const reasons: ApprovalReason[] = [];
  const e = input.employee;
  if (e && e.spendingLimit !== null) {
    const limitCurrency = e.spendingLimitCurrency ?? input.baseCurrency;
    const converted = totalInCurrency(input.orderTotal, input.orderCurrency, limitCurrency, input.rates);
    if (converted === null) reasons.push({ code: "no_exchange_rate", from: input.orderCurrency, to: limitCurrency });
    else if (converted > e.spendingLimit) reasons.push({ code: "over_spending_limit", limit: e.spendingLimit, limitCurrency, totalInLimitCurrency: converted });
  }
  if (e && input.account?.approvalRequiredRoles.includes(e.role)) reasons.push({ code: "role_requires_approval", role: e.role });
  const poReview = input.account?.poReviewRequired ?? false;
  if (poReview) reasons.push({ code: "po_review_required" });
  return { flags: { approval_required: reasons.length > 0, approved: false, po_reviewed: !poReview }, reasons };
}

/** One line for `orders.approval_reason` (and the approver's screen). */
export function describeApproval(reasons: readonly ApprovalReason[]): string | null {
  if (reasons.length === 0) return null;
  return reasons
    .map((r) => {
      switch (r.code) {
        case "over_spending_limit":
          return `order total ${r.totalInLimitCurrency} ${r.limitCurrency} is over the spending limit ${r.limit} ${r.limitCurrency}`;
        case "no_exchange_rate":
          return `no exchange rate from ${r.from} to ${r.to} to check the spending limit`;
        case "role_requires_approval":
          return `orders by the ${r.role} role need approval`;
        case "po_review_required":
          return "the account requires a PO review";
      }
    })
    .join("; ");
}
