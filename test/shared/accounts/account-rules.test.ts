import { describe, expect, it } from "vitest";
import { AccountStatus, assertTransition, canOrder, canTransition, canEmployeeSignIn, DEFAULT_TRANSITIONS } from "../../../shared/accounts/account-status";
import { invitationUsable, missingDocuments, requiredDocuments, skipsReview, statusAfterDocumentCheck } from "../../../shared/accounts/registration";
import { assertLocationVisible, visibleLocationIds } from "../../../shared/accounts/access-policy";

describe("account status machine", () => {
  it("only Active accounts can order", () => {
    for (let s = 0; s <= 11; s++) expect(canOrder({ status: s })).toBe(s === AccountStatus.Active);
  });

  it("allows skipping forward, refuses going back from Closed and out-of-range targets", () => {
    expect(canTransition(AccountStatus.Applied, AccountStatus.UnderReview)).toBe(true);
    expect(canTransition(AccountStatus.UnderReview, AccountStatus.Approved)).toBe(true);
    expect(canTransition(AccountStatus.Closed, AccountStatus.Active)).toBe(false);
    expect(canTransition(AccountStatus.Active, AccountStatus.Applied)).toBe(false);
    expect(() => assertTransition(AccountStatus.Closed, AccountStatus.Active)).toThrow(/CLOSED to ACTIVE/);
    expect(() => assertTransition(AccountStatus.Active, 12)).toThrow(/0–11/);
  });

  it("uses a transition table supplied as data (a deployment without verification steps)", () => {
    const table = { ...DEFAULT_TRANSITIONS, [AccountStatus.UnderReview]: [AccountStatus.Active, AccountStatus.Closed] };
    expect(canTransition(AccountStatus.UnderReview, AccountStatus.Verification1, table)).toBe(false);
    expect(canTransition(AccountStatus.UnderReview, AccountStatus.Active, table)).toBe(true);
  });

  it("every status named in the table is a valid status, and Closed is terminal", () => {
    for (const [from, tos] of Object.entries(DEFAULT_TRANSITIONS)) {
      for (const to of tos) {
        expect(to).toBeGreaterThanOrEqual(0);
        expect(to).toBeLessThanOrEqual(11);
        expect(to).not.toBe(Number(from));
      }
    }
    expect(DEFAULT_TRANSITIONS[AccountStatus.Closed]).toEqual([]);
  });

  it("employees sign in only once the account is approved", () => {
    expect(canEmployeeSignIn({ status: AccountStatus.UnderReview })).toBe(false);
    expect(canEmployeeSignIn({ status: AccountStatus.Approved })).toBe(true);
    expect(canEmployeeSignIn({ status: AccountStatus.Suspended })).toBe(true);
    expect(canEmployeeSignIn({ status: AccountStatus.Closed })).toBe(false);
  });
});

describe("registration rules", () => {
  const rules = [
    { jurisdiction: "*", documentType: "w9", description: "" },
    { jurisdiction: "US", documentType: "business_license", description: "" },
    { jurisdiction: "US-CA", documentType: "resale_certificate", description: "" },
    { jurisdiction: "US-NY", documentType: "ny_only", description: "" },
    { jurisdiction: "CA", documentType: "gst_registration", description: "" },
  ];
  it("a subdivision gets global, country and its own documents, not other states' or countries'", () => {
    expect(requiredDocuments("us-ca", rules).map((r) => r.documentType)).toEqual(["business_license", "resale_certificate", "w9"]);
    expect(requiredDocuments("US", rules).map((r) => r.documentType)).toEqual(["business_license", "w9"]);
    // "CA" the country (Canada) must not match "US-CA"
    expect(requiredDocuments("CA-ON", rules).map((r) => r.documentType)).toEqual(["gst_registration", "w9"]);
  });

  it("missing documents ignore duplicates and extra uploads", () => {
    expect(missingDocuments(["a", "b", "b", "c"], ["c", "x"])).toEqual(["a", "b"]);
    expect(statusAfterDocumentCheck([])).toBe(AccountStatus.UnderReview);
    expect(statusAfterDocumentCheck(["a"])).toBe(AccountStatus.DocumentsPending);
  });

  it("invitations: usable until used up or expired; Approved and beyond skip review", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    expect(invitationUsable({ skipToStatus: 8, maxUses: 1, uses: 0, expiresAt: null }, now)).toBe(true);
    expect(invitationUsable({ skipToStatus: 8, maxUses: 1, uses: 1, expiresAt: null }, now)).toBe(false);
    expect(invitationUsable({ skipToStatus: 8, maxUses: 5, uses: 0, expiresAt: now }, now)).toBe(false);
    expect(skipsReview(AccountStatus.Approved)).toBe(true);
    expect(skipsReview(AccountStatus.UnderReview)).toBe(false);
    expect(skipsReview(null)).toBe(false);
  });
});

describe("employee scope", () => {
  const base = { kind: "employee" as const, employeeId: "e", email: "e@x", accountId: "A", locationId: "L1", groupIds: [] };
  it("account admins see every location of their account; location roles only theirs; other accounts never", () => {
    expect(visibleLocationIds({ ...base, role: "admin" })).toBeNull();
    expect(visibleLocationIds({ ...base, role: "buyer" })).toEqual(["L1"]);
    expect(visibleLocationIds({ ...base, role: "unknown-role" })).toEqual(["L1"]);
    expect(() => assertLocationVisible({ ...base, role: "admin" }, { id: "L9", accountId: "B" })).toThrow(/not found/);
    expect(() => assertLocationVisible({ ...base, role: "buyer" }, { id: "L2", accountId: "A" })).toThrow(/not found/);
    expect(() => assertLocationVisible({ ...base, role: "admin" }, { id: "L2", accountId: "A" })).not.toThrow();
  });
});
