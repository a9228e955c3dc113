/**
 * The vocabulary of the pricing engine. Everything here is plain data so that a snapshot can be
 * loaded from Postgres, serialised into a Durable Object and resolved without touching I/O.
 *
 * Money: every unit price is an integer count of the currency's minor unit (JPY 0, USD 2, KWD 3).
 * Time: schedules are half-open intervals [validFrom, validTo) — validFrom is inclusive,
 * validTo is exclusive, null means unbounded on that side — compared with a `now` passed in.
 */
import type { CurrencyCode } from "../kernel/money";

/** One volume break: from `minQty` units upward the unit price is `unitPrice` (minor units). */
export interface PriceTier {
  readonly minQty: number;
  readonly unitPrice: number;
}

/** The five levels, highest priority first. `rank` 1 beats rank 2 and so on. */
export type PriceLevel = "managed" | "location" | "account" | "group" | "default";
export const PRICE_LEVELS: readonly PriceLevel[] = ["managed", "location", "account", "group", "default"];
export const LEVEL_RANK: Readonly<Record<PriceLevel, 1 | 2 | 3 | 4 | 5>> = {
  managed: 1,
  location: 2,
  account: 3,
  group: 4,
  default: 5,
};

/** Levels 1–4: a price set for one variant, for a scope (location, account or group id). */
export type OverrideLevel = Exclude<PriceLevel, "default">;

export interface PriceOverride {
  readonly id: string;
  readonly level: OverrideLevel;
  /** location id, account id or customer-group id; null for a managed price (it has no scope). */
  readonly scopeId: string | null;
  readonly variantId: string;
  /** null: valid in every channel; otherwise only in that channel. */
  readonly channelId: string | null;
  readonly currency: CurrencyCode;
  /** strictly increasing minQty; validated on write (see pricing.schemas.ts). */
  readonly tiers: readonly PriceTier[];
  readonly validFrom?: Date | null;
  readonly validTo?: Date | null;
}

export interface PriceList {
  readonly id: string;
  readonly name?: string;
  /** null: the list applies in every channel. */
  readonly channelId: string | null;
  readonly currency: CurrencyCode;
  /** higher number wins among lists that match in the same currency. */
  readonly priority: number;
  readonly validFrom?: Date | null;
  readonly validTo?: Date | null;
}

export interface PriceListEntry {
  readonly priceListId: string;
  readonly variantId: string;
  readonly tiers: readonly PriceTier[];
}

/** 1 unit of `from` = `rate` units of `to`, an exact decimal string ("17.2345"). */
export interface ExchangeRate {
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
  readonly rate: string;
  readonly updatedAt?: Date | null;
}

export interface ChannelCurrencies {
  readonly channelId: string;
  readonly baseCurrency: CurrencyCode;
  /** includes the base currency (the engine treats the base as supported either way). */
  readonly supportedCurrencies: readonly CurrencyCode[];
}

/**
 * Everything one pricing context needs for a set of variants. A repository fills it in at most
 * three round trips whatever the number of lines:
 *   1. overrides   — `WHERE variant_id = ANY($variants) AND (channel_id = $ch OR channel_id IS NULL)
 *                     AND (level = 'managed' OR (level = 'location' AND scope_id = $loc)
 *                          OR (level = 'account' AND scope_id = $acct)
 *                          OR (level = 'group' AND scope_id = ANY($groups)))`
 *   2. lists+entries — lists of the channel joined to their entries for `ANY($variants)`
 *                     (tiers aggregated per entry, e.g. json_agg), schedule filtering optional
 *   3. rates       — the channel's exchange rates (channel currencies usually come with the
 *                     request's channel already; otherwise join them here).
 * Extra rows (other scopes, expired lists) are harmless: the engine filters by context and `now`,
 * which is what lets a Durable Object keep one snapshot across schedule boundaries.
 */
export interface PriceSnapshot {
  readonly channel: ChannelCurrencies;
  readonly overrides: readonly PriceOverride[];
  readonly priceLists: readonly PriceList[];
  readonly priceListEntries: readonly PriceListEntry[];
  readonly exchangeRates: readonly ExchangeRate[];
}

/** Who is buying, as far as pricing cares. `currency` is the target currency (see selectCurrency). */
export interface PricingContext {
  readonly channelId: string;
  readonly currency: CurrencyCode;
  readonly locationId?: string | null;
  readonly accountId?: string | null;
  /** every customer group the buyer (account or B2C customer) belongs to. */
  readonly groupIds?: readonly string[];
}

/** What the repository needs to know to load a snapshot for a context. */
export interface SnapshotScope {
  readonly channelId: string;
  readonly locationId: string | null;
  readonly accountId: string | null;
  readonly groupIds: readonly string[];
  readonly variantIds: readonly string[];
}

/** Implemented by the pricing repository; must issue a constant number (≤ 3) of queries. */
export interface PriceSnapshotLoader {
  loadSnapshot(scope: SnapshotScope): Promise<PriceSnapshot>;
}

export interface PriceLine {
  readonly variantId: string;
  readonly quantity: number;
}

/** Why a price is what it is — enough to answer "what would X pay, and why". */
export interface PriceSource {
  readonly level: PriceLevel;
  readonly rank: 1 | 2 | 3 | 4 | 5;
  /** set for the default level */
  readonly priceListId: string | null;
  /** set for levels 1–4 */
  readonly overrideId: string | null;
  /** location / account / group id the override belongs to (null for managed and default) */
  readonly scopeId: string | null;
  /** the tier that applied (its minQty) */
  readonly tierMinQty: number;
  readonly method: "direct" | "converted";
  /** the exact decimal rate used, when converted */
  readonly rate: string | null;
  readonly rateUpdatedAt: Date | null;
  /** currency and unit price of the entry before any conversion */
  readonly sourceCurrency: CurrencyCode;
  readonly sourceUnitPrice: number;
}

export interface ResolvedPrice {
  readonly ok: true;
  readonly variantId: string;
  readonly quantity: number;
  readonly currency: CurrencyCode;
  readonly unitPrice: number;
  /** unitPrice × quantity, minor units */
  readonly lineTotal: number;
  readonly source: PriceSource;
}

/**
 * NO_PRICE: no level has an entry for the variant at this quantity.
 * NO_EXCHANGE_RATE: the winning level only has a base-currency entry and no base→target rate is
 * stored. The engine does not fall through to a lower level then: a negotiated price must not be
 * silently replaced by a list price because of a missing rate — the admin must add the rate.
 */
export interface Unpriced {
  readonly ok: false;
  readonly variantId: string;
  readonly quantity: number;
  readonly currency: CurrencyCode;
  readonly reason: "NO_PRICE" | "NO_EXCHANGE_RATE";
  /** for NO_EXCHANGE_RATE, the level that matched */
  readonly level?: PriceLevel;
}

export type PriceResolution = ResolvedPrice | Unpriced;

/**
 * One rung of the ladder a buyer sees: "10+ at $9.00". unitPrice/source are null only for a rung
 * where the price stops being available (e.g. a level that needs a missing exchange rate).
 */
export interface VisibleTier {
  readonly minQty: number;
  readonly unitPrice: number | null;
  readonly currency: CurrencyCode;
  readonly source: PriceSource | null;
}
