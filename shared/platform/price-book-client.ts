import { timedStub, type RequestTimings } from "../kernel/request-timings";
import type { PriceBookClient } from "../pricing";

/** `timings`: the request's Server-Timing spans (calls are timed as "pricebook"); none outside a request */
export function priceBookClient(env: Env, timings?: RequestTimings): PriceBookClient {
  const stub = (key: string) => timedStub(env.PRICE_BOOK.get(env.PRICE_BOOK.idFromName(key)), "pricebook", timings);
  return {
    resolve: (req) => stub(req.key).resolve(req),
    tiers: (req) => stub(req.key).tiers(req),
    invalidate: (key, variantIds) => stub(key).invalidate(variantIds),
  };
}
