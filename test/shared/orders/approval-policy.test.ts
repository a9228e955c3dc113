import { describe, expect, it } from "vitest";
import { decideApproval, describeApproval, totalInCurrency, type ApprovalPolicyInput } from "../../../shared/orders/approval-policy";

const base: ApprovalPolicyInput = {
  buyerKind: "employee",
  employee: { role: "buyer", spendingLimit: 250_000, spendingLimitCurrency: "USD" },
  account: { approvalRequiredRoles: [], poReviewRequired: false },
  orderTotal: 100_00,
  orderCurrency: "USD",
  baseCurrency: "USD",
  rates: [],
};

describe("decideApproval", () => {
  it("needs no approval at or under the limit, and does at one minor unit over", () => {
    expect(decideApproval({ ...base, orderTotal: 250_000 }).flags).toEqual({ approval_required: false, approved: false, po_reviewed: true });
    const over = decideApproval({ ...base, orderTotal: 250_001 });
    expect(over.flags.approval_required).toBe(true);
    expect(over.reasons).toEqual([{ code: "over_spending_limit", limit: 250_000, limitCurrency: "USD", totalInLimitCurrency: 250_001 }]);
  });

  it("treats a null limit as unlimited and a zero limit as approve-everything", () => {
    expect(decideApproval({ ...base, employee: { role: "buyer", spendingLimit: null, spendingLimitCurrency: null }, orderTotal: 10 ** 12 }).flags.approval_required).toBe(false);
    expect(decideApproval({ ...base, employee: { role: "buyer", spendingLimit: 0, spendingLimitCurrency: "USD" }, orderTotal: 1 }).flags.approval_required).toBe(true);
  });

  it("converts the order total into the limit currency, rounding against the buyer", () => {
    // limit 1,000.00 EUR; order in USD; 1 USD = 0.9 EUR → 1,111.11 USD = 999.999 EUR → rounds UP to 1,000.00: still within
    const eurLimit = { ...base, employee: { role: "buyer", spendingLimit: 100_000, spendingLimitCurrency: "EUR" }, rates: [{ from: "USD", to: "EUR", rate: "0.9" }] };
    expect(decideApproval({ ...eurLimit, orderTotal: 111_111 }).flags.approval_required).toBe(false);
    // one cent more: 1,111.12 USD = 1,000.008 EUR → 1,000.01 > limit
    const over = decideApproval({ ...eurLimit, orderTotal: 111_112 });
    expect(over.flags.approval_required).toBe(true);
    expect(over.reasons[0]).toMatchObject({ code: "over_spending_limit", totalInLimitCurrency: 100_001 });
  });

  it("uses the inverse rate exactly when only the other direction is stored", () => {
    // only EUR→USD stored (1 EUR = 1.25 USD): 125.00 USD = exactly 100.00 EUR, 125.01 USD = 100.008 → 100.01
    const rates = [{ from: "EUR", to: "USD", rate: "1.25" }];
    expect(totalInCurrency(12_500, "USD", "EUR", rates)).toBe(10_000);
    expect(totalInCurrency(12_501, "USD", "EUR", rates)).toBe(10_001);
    // across exponents: JPY (0 decimals) → USD limit, 1 USD = 150 JPY stored as USD→JPY; 15,001 JPY = 100.0066 USD → 100.01
    expect(totalInCurrency(15_001, "JPY", "USD", [{ from: "USD", to: "JPY", rate: "150" }])).toBe(10_001);
    expect(totalInCurrency(15_000, "JPY", "USD", [{ from: "USD", to: "JPY", rate: "150" }])).toBe(10_000);
  });

  it("requires approval (never skips the limit) when no rate links the currencies", () => {
    const d = decideApproval({ ...base, orderCurrency: "GBP", orderTotal: 1 });
    expect(d.flags.approval_required).toBe(true);
    expect(d.reasons).toEqual([{ code: "no_exchange_rate", from: "GBP", to: "USD" }]);
  });

  it("reads a limit without currency in the channel's base currency", () => {
    const d = decideApproval({ ...base, employee: { role: "buyer", spendingLimit: 5_000, spendingLimitCurrency: null }, baseCurrency: "EUR", orderCurrency: "EUR", orderTotal: 5_001 });
    expect(d.reasons[0]).toMatchObject({ code: "over_spending_limit", limitCurrency: "EUR" });
  });

  it("requires approval for a listed role whatever the amount, and for PO review with po_reviewed=false", () => {
    const role = decideApproval({ ...base, employee: { role: "junior", spendingLimit: null, spendingLimitCurrency: null }, account: { approvalRequiredRoles: ["junior"], poReviewRequired: false }, orderTotal: 1 });
    expect(role.flags).toEqual({ approval_required: true, approved: false, po_reviewed: true });
    const po = decideApproval({ ...base, account: { approvalRequiredRoles: [], poReviewRequired: true } });
    expect(po.flags).toEqual({ approval_required: true, approved: false, po_reviewed: false });
    const all = decideApproval({ ...base, employee: { role: "junior", spendingLimit: 1, spendingLimitCurrency: "USD" }, account: { approvalRequiredRoles: ["junior"], poReviewRequired: true } });
    expect(all.reasons.map((r) => r.code)).toEqual(["over_spending_limit", "role_requires_approval", "po_review_required"]);
    expect(describeApproval(all.reasons)).toContain("spending limit");
  });

  it("never requires approval for customers or guests, even with a tiny total limit nearby", () => {
    for (const buyerKind of ["customer", "guest"] as const) {
      const d = decideApproval({ ...base, buyerKind, orderTotal: 10 ** 12, account: { approvalRequiredRoles: ["buyer"], poReviewRequired: true } });
      expect(d).toEqual({ flags: { approval_required: false, approved: false, po_reviewed: true }, reasons: [] });
    }
  });
});
