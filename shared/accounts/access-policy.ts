/**
 * Who may see and change what inside the accounts domain. Pure functions of the principal:
 * services call them before touching data, and they refuse with errors that reveal nothing
 * about data the caller may not see (another account's ids read as NOT_FOUND).
 */
import { forbidden, notFound, unauthenticated } from "../kernel/errors";
import { hasPermission, type Principal } from "../kernel/principal";

export type EmployeePrincipal = Extract<Principal, { kind: "employee" }>;
export type CustomerPrincipal = Extract<Principal, { kind: "customer" }>;
export type StaffPrincipal = Extract<Principal, { kind: "staff" }>;

export interface EmployeeRoleSpec {
  /** "account": sees every location of its account; "location": only its own */
  scope: "account" | "location";
  canOrder: boolean;
  canApprove: boolean;
  /** self-service: manage locations, employees and their roles, addresses */
  canManageAccount: boolean;
}

export const EMPLOYEE_ROLES: Readonly<Record<string, EmployeeRoleSpec>> = Object.freeze({
  admin: { scope: "account", canOrder: true, canApprove: true, canManageAccount: true },
  approver: { scope: "location", canOrder: true, canApprove: true, canManageAccount: false },
  buyer: { scope: "location", canOrder: true, canApprove: false, canManageAccount: false },
  viewer: { scope: "location", canOrder: false, canApprove: false, canManageAccount: false },
});

export function isEmployeeRole(role: string): boolean {
  return Object.prototype.hasOwnProperty.call(EMPLOYEE_ROLES, role);
}

export function roleSpec(role: string): EmployeeRoleSpec {
  // an unknown role (e.g. removed from the table) gets the narrowest rights
  return EMPLOYEE_ROLES[role] ?? EMPLOYEE_ROLES.viewer!;
}

export function requireEmployee(p: Principal): EmployeePrincipal {
  if (p.kind === "guest") throw unauthenticated();
  if (p.kind !== "employee") throw forbidden("Only account employees can do this");
  return p;
}

export function requireCustomer(p: Principal): CustomerPrincipal {
  if (p.kind === "guest") throw unauthenticated();
  if (p.kind !== "customer") throw forbidden("Only customers can do this");
  return p;
}

export function requireAccountAdmin(p: Principal): EmployeePrincipal {
  const e = requireEmployee(p);
  if (!roleSpec(e.role).canManageAccount) throw forbidden("Only an account admin can manage the account");
  return e;
}

/** The location ids an employee may see: null = all of its account's locations. */
export function visibleLocationIds(e: EmployeePrincipal): string[] | null {
  return roleSpec(e.role).scope === "account" ? null : [e.locationId];
}

/** Location-level guard: other accounts' and out-of-scope locations read as not found. */
export function assertLocationVisible(e: EmployeePrincipal, location: { id: string; accountId: string } | undefined): asserts location {
  if (!location || location.accountId !== e.accountId) throw notFound("Location");
  const scope = visibleLocationIds(e);
  if (scope && !scope.includes(location.id)) throw notFound("Location");
}

export function requireStaffPermission(p: Principal, permission: string): StaffPrincipal {
  if (p.kind === "guest") throw unauthenticated();
  if (p.kind !== "staff" || !hasPermission(p, permission)) throw forbidden(`Missing permission "${permission}"`);
  return p;
}

/** The admin API's permissions for this domain (roles carry them). */
export const ACCOUNT_PERMISSIONS = Object.freeze([
  "accounts:read",
  "accounts:write",
  "customers:read",
  "customers:write",
  "staff:read",
  "staff:write",
] as const);
