import type { ChannelContext } from "../kernel/channel-context";
import type { Principal } from "../kernel/principal";

/**
 * What the channel's login wall lets this caller see. `login_required` hides the catalog from
 * anonymous visitors (an error, they must log in); `login_to_price` shows products but no prices.
 */
export type CatalogAccess =
  | { catalog: "hidden" }
  | { catalog: "visible"; prices: "shown" }
  | { catalog: "visible"; prices: "hidden"; reason: PriceHiddenReason };

export type PriceHiddenReason = "LOGIN_REQUIRED" | "NOT_PRICED";

export function isAuthenticated(p: Principal): boolean {
  return p.kind !== "guest";
}

export function catalogAccess(channel: Pick<ChannelContext, "loginWallMode">, principal: Principal): CatalogAccess {
  if (isAuthenticated(principal)) return { catalog: "visible", prices: "shown" };
  switch (channel.loginWallMode) {
    case "login_required":
      return { catalog: "hidden" };
    case "login_to_price":
      return { catalog: "visible", prices: "hidden", reason: "LOGIN_REQUIRED" };
    default:
      return { catalog: "visible", prices: "shown" };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The customer groups whose restricted products the caller may see; guests and staff have none. */
export function viewerGroupIds(p: Principal): string[] {
  if (p.kind !== "customer" && p.kind !== "employee") return [];
  return [...new Set(p.groupIds.filter((g) => UUID.test(g)).map((g) => g.toLowerCase()))].sort();
}

export function isUuid(s: string): boolean {
  return UUID.test(s);
}
