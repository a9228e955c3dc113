import type { PriceBookClient } from "../pricing";

export function priceBookClient(env: Env): PriceBookClient {
  const stub = (key: string) => env.PRICE_BOOK.get(env.PRICE_BOOK.idFromName(key));
  return {
    resolve: (req) => stub(req.key).resolve(req),
    tiers: (req) => stub(req.key).tiers(req),
    invalidate: (key, variantIds) => stub(key).invalidate(variantIds),
  };
}
