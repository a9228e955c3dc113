/**
 * Which cart a caller reaches. The Durable Object name is derived from the owner only, so an
 * employee can only ever reach its own location's cart and a customer its own: there is no cart
 * id a caller could pass to reach someone else's.
 */
import { forbidden } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import type { CartOwner } from "./cart.types";

export function cartOwnerFor(channelId: string, principal: Principal, guestCartId: string | null): CartOwner {
  switch (principal.kind) {
    case "employee":
      return {
        kind: "location",
        channelId,
        ownerId: `${principal.accountId}:${principal.locationId}`,
        accountId: principal.accountId,
        locationId: principal.locationId,
        customerId: null,
      };
    case "customer":
      return { kind: "customer", channelId, ownerId: principal.customerId, accountId: null, locationId: null, customerId: principal.customerId };
    case "guest":
      if (!guestCartId) throw forbidden("A guest cart needs its token");
      return { kind: "guest", channelId, ownerId: guestCartId, accountId: null, locationId: null, customerId: null };
    default:
      throw forbidden("Staff do not have carts");
  }
}

/** The Durable Object name of an owner's carts. */
export function cartObjectName(owner: CartOwner): string {
  return `${owner.kind}:${owner.channelId}:${owner.ownerId}`;
}
