import type { GraphQLContext } from "../kernel/graphql/context";
import type { PriceResult } from "./catalog.service";

/**
 * Collects every variant price a response asks for and resolves them with ONE provider call.
 * GraphQL resolves the fields of already-loaded lists synchronously, so waiting one macrotask
 * lets all `price` fields of a page join the same batch.
 */
type Pending = { ids: Set<string>; result: Promise<Map<string, PriceResult>> };
const batches = new WeakMap<GraphQLContext, Pending>();

export function loadPrice(ctx: GraphQLContext, variantId: string): Promise<PriceResult> {
  let pending = batches.get(ctx);
  if (!pending) {
    const ids = new Set<string>();
    const result = new Promise<void>((r) => setTimeout(r, 0)).then(() => {
      batches.delete(ctx);
      return ctx.services.catalog.prices({ channel: ctx.channel, principal: ctx.principal, now: ctx.now }, [...ids]);
    });
    pending = { ids, result };
    batches.set(ctx, pending);
  }
  pending.ids.add(variantId);
  return pending.result.then((m) => m.get(variantId) ?? { price: null, reason: "NOT_PRICED" });
}
