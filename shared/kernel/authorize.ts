import { forbidden, unauthenticated } from "./errors";
import { hasPermission, type Principal } from "./principal";

/** Staff-only guard for admin operations; refuses with the permission it needed. */
export function requirePermission(principal: Principal, permission: string): void {
  if (principal.kind === "guest") throw unauthenticated();
  if (!hasPermission(principal, permission)) throw forbidden(`Missing permission "${permission}"`);
}
