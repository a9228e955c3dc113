/**
 * Who is calling. Resolved once per request from the access token; every service authorizes
 * against it. Kept in the kernel because every domain reads it and none owns it.
 */
export type Principal =
  | { kind: "guest"; guestToken?: string }
  | { kind: "customer"; customerId: string; email: string; groupIds: string[] }
  | {
      kind: "employee";
      employeeId: string;
      accountId: string;
      locationId: string;
      role: string;
      email: string;
      groupIds: string[];
    }
  | { kind: "staff"; staffId: string; email: string; permissions: string[] };

export const GUEST: Principal = Object.freeze({ kind: "guest" });

export function hasPermission(p: Principal, permission: string): boolean {
  if (p.kind !== "staff") return false;
  if (p.permissions.includes("*") || p.permissions.includes(permission)) return true;
  const [area] = permission.split(":");
  return p.permissions.includes(`${area}:*`);
}
