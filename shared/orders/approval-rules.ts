/**
 * Who may decide on an order waiting for approval. Pure: the service loads the order and passes
 * the caller. Another account's order, or an order outside a location-scoped approver's
 * location, reads as NOT_FOUND (its existence is not revealed); a visible order the caller may
 * not decide is FORBIDDEN with a machine reason.
 */
import { EMPLOYEE_ROLES, roleSpec, visibleLocationIds, type EmployeePrincipal } from "../accounts";
import { DomainError, notFound } from "../kernel/errors";

export interface ApprovalTarget {
  id: string;
  buyerKind: string;
  accountId: string | null;
  locationId: string | null;
  employeeId: string | null;
}

/** Roles that may approve, split by how far they see: account-wide or their own location only. */
export function approvingRoles(): { accountWide: string[]; locationScoped: string[] } {
  const entries = Object.entries(EMPLOYEE_ROLES).filter(([, spec]) => spec.canApprove);
  return {
    accountWide: entries.filter(([, s]) => s.scope === "account").map(([r]) => r),
    locationScoped: entries.filter(([, s]) => s.scope === "location").map(([r]) => r),
  };
}

/** Roles that receive escalations: those who manage the account. */
export function escalationRoles(): string[] {
  return Object.entries(EMPLOYEE_ROLES)
    .filter(([, spec]) => spec.canManageAccount)
    .map(([r]) => r);
}

/** Throws unless this employee may see the order (NOT_FOUND otherwise). */
export function assertOrderVisible(e: EmployeePrincipal, order: ApprovalTarget | undefined): asserts order is ApprovalTarget {
  if (!order || order.buyerKind !== "employee" || order.accountId !== e.accountId) throw notFound("Order", order?.id);
  const scope = visibleLocationIds(e);
  if (scope && (order.locationId === null || !scope.includes(order.locationId))) throw notFound("Order", order.id);
}

/** Throws unless this employee may approve or reject the order. */
export function assertMayDecide(e: EmployeePrincipal, order: ApprovalTarget | undefined): asserts order is ApprovalTarget {
  assertOrderVisible(e, order);
  if (!roleSpec(e.role).canApprove) {
    throw new DomainError("FORBIDDEN", `Role "${e.role}" cannot approve or reject orders`, { reason: "not_an_approver" });
  }
  if (order.employeeId !== null && order.employeeId === e.employeeId) {
    throw new DomainError("FORBIDDEN", "You cannot approve or reject your own order", { reason: "self_approval" });
  }
}
