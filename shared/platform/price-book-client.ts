import { timedStub, type RequestTimings } from "../kernel/request-timings";
import { decodeResolutions, encodeLines, type PriceBookClient } from "../pricing";

/** `timings`: the request's Server-Timing spans (calls are timed as "pricebook"); none outside a request */
export function priceBookClient(env: Env, timings?: RequestTimings): PriceBookClient {
  const stub = (key: string) => timedStub(env.PRICE_BOOK.get(env.PRICE_BOOK.idFromName(key)), "pricebook", timings);
  return {
    // lines and resolutions cross in the compact wire format: structured clone of 500 resolution
    // objects costs milliseconds each way (see price-book-wire.ts)
    resolve: async ({ lines, ...req }) => {
      const r = await stub(req.key).resolve({ ...req, lines: encodeLines(lines) });
      return { ...r, resolutions: decodeResolutions(r.resolutions) };
    },
    tiers: (req) => stub(req.key).tiers(req),
    invalidate: (key, variantIds) => stub(key).invalidate(variantIds),
  };
}
