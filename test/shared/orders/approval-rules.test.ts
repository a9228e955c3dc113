import { describe, expect, it } from "vitest";
import { approvingRoles, assertMayDecide, escalationRoles, type ApprovalTarget } from "../../../shared/orders/approval-rules";
import type { EmployeePrincipal } from "../../../shared/accounts/access-policy";

const ACC = "acc-1";
const emp = (role: string, over: Partial<EmployeePrincipal> = {}): EmployeePrincipal => ({
  kind: "employee",
  employeeId: `e-${role}`,
  accountId: ACC,
  locationId: "loc-1",
  role,
  email: `${role}@x.test`,
  groupIds: [],
  ...over,
});
const order = (over: Partial<ApprovalTarget> = {}): ApprovalTarget => ({ id: "o1", buyerKind: "employee", accountId: ACC, locationId: "loc-1", employeeId: "e-buyer", ...over });

function refusal(fn: () => void): { code: string; reason?: unknown } | null {
  try {
    fn();
    return null;
  } catch (e) {
    const d = e as { code: string; details: { reason?: unknown } };
    return { code: d.code, ...(d.details.reason ? { reason: d.details.reason } : {}) };
  }
}

describe("who may decide an approval", () => {
  it("derives approving and escalation roles from EMPLOYEE_ROLES", () => {
    expect(approvingRoles()).toEqual({ accountWide: ["admin"], locationScoped: ["approver"] });
    expect(escalationRoles()).toEqual(["admin"]);
  });

  it("an approver of the order's location and an account-wide admin may decide", () => {
    expect(refusal(() => assertMayDecide(emp("approver"), order()))).toBeNull();
    expect(refusal(() => assertMayDecide(emp("admin", { locationId: "loc-2" }), order()))).toBeNull();
  });

  it("hides other accounts, other locations (location scope), non-employee orders and missing orders as NOT_FOUND", () => {
    expect(refusal(() => assertMayDecide(emp("admin", { accountId: "acc-2" }), order()))).toEqual({ code: "NOT_FOUND" });
    expect(refusal(() => assertMayDecide(emp("approver", { locationId: "loc-2" }), order()))).toEqual({ code: "NOT_FOUND" });
    expect(refusal(() => assertMayDecide(emp("approver"), order({ locationId: null })))).toEqual({ code: "NOT_FOUND" });
    expect(refusal(() => assertMayDecide(emp("admin"), order({ buyerKind: "customer", accountId: null })))).toEqual({ code: "NOT_FOUND" });
    expect(refusal(() => assertMayDecide(emp("admin"), undefined))).toEqual({ code: "NOT_FOUND" });
  });

  it("refuses roles that cannot approve (even of a visible order) and self-approval", () => {
    expect(refusal(() => assertMayDecide(emp("buyer", { employeeId: "e-other" }), order()))).toEqual({ code: "FORBIDDEN", reason: "not_an_approver" });
    expect(refusal(() => assertMayDecide(emp("viewer"), order()))).toEqual({ code: "FORBIDDEN", reason: "not_an_approver" });
    expect(refusal(() => assertMayDecide(emp("unknown-role"), order()))).toEqual({ code: "FORBIDDEN", reason: "not_an_approver" });
    expect(refusal(() => assertMayDecide(emp("admin", { employeeId: "e-buyer" }), order()))).toEqual({ code: "FORBIDDEN", reason: "self_approval" });
  });
});
