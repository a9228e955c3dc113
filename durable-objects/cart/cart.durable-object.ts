import { DurableObject } from "cloudflare:workers";
import { CartRuntime, toWire, type CartCall, type CartCommand, type MutateOptions } from "../../shared/carts";
import { priceBookClient } from "../../shared/platform";

/**
 * One buyer context's carts (a B2B location, a B2C customer or a guest token): a thin shell
 * over CartRuntime in shared/carts, which serializes the calls, keeps the lines in this object's
 * SQLite storage and reprices through the PriceBook object of the buyer's pricing context.
 * Typed refusals travel back as data (toWire) so the Worker rethrows the same DomainError.
 */
export class CartObject extends DurableObject<Env> {
  private readonly runtime: CartRuntime;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const prices = priceBookClient(env);
    this.runtime = new CartRuntime(ctx.storage, { resolvePrices: (req) => prices.resolve(req) });
  }

  view(call: CartCall, cartId?: string | null) {
    return toWire(() => this.runtime.view(call, cartId));
  }
  mutate(call: CartCall, cmd: CartCommand, opts?: MutateOptions) {
    return toWire(() => this.runtime.mutate(call, cmd, opts));
  }
  exportLines(call: CartCall, cartId?: string | null) {
    return toWire(() => this.runtime.exportLines(call, cartId));
  }
  list(call: CartCall) {
    return toWire(() => this.runtime.list(call));
  }
  create(call: CartCall, name: string) {
    return toWire(() => this.runtime.create(call, name));
  }
  activate(call: CartCall, cartId: string) {
    return toWire(() => this.runtime.activate(call, cartId));
  }
  remove(call: CartCall, cartId: string) {
    return toWire(() => this.runtime.remove(call, cartId));
  }
}
