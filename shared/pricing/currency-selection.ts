/**
 * Which currency a buyer is priced in. Pure: the caller passes the channel's currencies, the
 * buyer's preferences and, for anonymous visitors, the request country (request.cf.country) with a
 * country → currency map (ISO data held by the geo domain).
 *
 * Order:
 *   1. an explicitly requested currency (storefront switcher, admin "in currency C"), if supported;
 *   2. otherwise the buyer's preference — the most specific one set: location, else account, else
 *      B2C customer. If that preference is not supported by the channel the buyer gets the base
 *      currency (spec: "falls back to the channel's base currency"); a less specific preference is
 *      NOT tried instead, because the more specific one was set deliberately to override it;
 *   3. anonymous visitors only: the currency of their country, if supported;
 *   4. the channel's base currency.
 * Country is used only for anonymous visitors: a signed-in buyer without any preference gets the
 * base currency, so a travelling employee does not see their account switch currency.
 */
import type { CurrencyCode } from "../kernel/money";
import type { ChannelCurrencies } from "./types";

export type CurrencySource = "requested" | "location" | "account" | "customer" | "country" | "base";

export interface CurrencySelectionInput {
  readonly channel: ChannelCurrencies;
  readonly requested?: CurrencyCode | null;
  readonly locationPreferred?: CurrencyCode | null;
  readonly accountPreferred?: CurrencyCode | null;
  readonly customerPreferred?: CurrencyCode | null;
  /** true for a visitor who is not signed in */
  readonly anonymous: boolean;
  /** ISO 3166-1 alpha-2, e.g. request.cf.country */
  readonly country?: string | null;
  /** ISO 3166-1 alpha-2 → ISO 4217, e.g. { MX: "MXN", JP: "JPY" } */
  readonly countryCurrencies?: Readonly<Record<string, CurrencyCode>> | ReadonlyMap<string, CurrencyCode>;
}

export interface CurrencySelection {
  readonly currency: CurrencyCode;
  readonly source: CurrencySource;
}

function lookupCountry(map: CurrencySelectionInput["countryCurrencies"], country: string): CurrencyCode | undefined {
  if (!map) return undefined;
  const key = country.toUpperCase();
  if (map instanceof Map) return map.get(key);
  const rec = map as Readonly<Record<string, CurrencyCode>>;
  return Object.prototype.hasOwnProperty.call(rec, key) ? rec[key] : undefined;
}

export function selectCurrency(input: CurrencySelectionInput): CurrencySelection {
  const { channel } = input;
  const supported = (c: CurrencyCode | null | undefined): c is CurrencyCode =>
    !!c && (c === channel.baseCurrency || channel.supportedCurrencies.includes(c));
  if (supported(input.requested)) return { currency: input.requested, source: "requested" };
  const preference: [CurrencyCode | null | undefined, CurrencySource][] = [
    [input.locationPreferred, "location"],
    [input.accountPreferred, "account"],
    [input.customerPreferred, "customer"],
  ];
  for (const [c, source] of preference) {
    if (!c) continue;
    return supported(c) ? { currency: c, source } : { currency: channel.baseCurrency, source: "base" };
  }
  if (input.anonymous && input.country) {
    const c = lookupCountry(input.countryCurrencies, input.country);
    if (supported(c)) return { currency: c, source: "country" };
  }
  return { currency: channel.baseCurrency, source: "base" };
}
