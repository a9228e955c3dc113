/**
 * What the orders domain provides to others through their ports (wired in workers/services.ts):
 * the carts domain's PastOrderSource (reorder) and the catalog's VariantReferenceCheck. Declared
 * structurally so orders does not import those domains' modules.
 */
import type { Executor } from "../kernel/db";
import { isUuid, reorderScope } from "./order-access";
import { reorderLines, variantsReferencedByOrders } from "./orders.repository";

/** carts' PastOrderSource: an order's lines if the cart owner may see it, else null. 1 query. */
export function pastOrderSource(db: Executor) {
  return {
    async linesOf(principalOwnerId: string, orderId: string): Promise<{ variantId: string; quantity: number }[] | null> {
      const scope = reorderScope(principalOwnerId);
      if (!scope || !isUuid(orderId)) return null;
      return reorderLines(db, scope, orderId);
    },
  };
}

/** catalog's VariantReferenceCheck: variants an order line points at are archived, not deleted. 1 query. */
export function orderVariantReferences(db: Executor) {
  return {
    referencedVariantIds: (variantIds: string[]) => variantsReferencedByOrders(db, variantIds),
  };
}
