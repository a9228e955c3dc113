import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import { visibleVariantsSql } from "../catalog";
import { exchangeRates, priceBooks, priceListEntries, priceLists, priceOverrides } from "./pricing.tables";
import type { ChannelCurrencies, ExchangeRate, OverrideLevel, PriceList, PriceListEntry, PriceOverride, PriceSnapshot, SnapshotScope } from "./types";

/** numeric comes back padded ("17.234500000000000000"); keep the admin's exact value, minus padding. */
export function trimDecimal(s: string): string {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

function toOverride(r: typeof priceOverrides.$inferSelect): PriceOverride {
  return {
    id: r.id,
    level: r.level as OverrideLevel,
    scopeId: r.scopeId,
    variantId: r.variantId,
    channelId: r.channelId,
    currency: r.currency,
    tiers: r.tiers,
    validFrom: r.validFrom,
    validTo: r.validTo,
  };
}

export function toPriceList(r: typeof priceLists.$inferSelect): PriceList {
  return { id: r.id, name: r.name, channelId: r.channelId, currency: r.currency, priority: r.priority, validFrom: r.validFrom, validTo: r.validTo };
}

export interface BookRegistration {
  key: string;
  now: Date;
}

export interface LoadedSnapshot {
  snapshot: PriceSnapshot;
  /** which of the requested variants the context's buyer may see (catalog visibility) */
  visible: Set<string>;
}

/**
 * The rules one pricing context needs for some variants, in exactly three statements whatever the
 * number of variants: (1) overrides of the context's scopes, (2) price-list entries joined to their
 * lists, (3) which variants the buyer may see (the catalog's own rule), plus the exchange rates when
 * asked, plus the book's registration as a data-modifying CTE, so neither costs a round trip.
 */
export async function loadSnapshot(
  db: Executor,
  scope: SnapshotScope,
  channel: ChannelCurrencies,
  opts: { withRates: boolean; register?: BookRegistration },
): Promise<LoadedSnapshot> {
  const variants = [...scope.variantIds];
  const scopeFilter = or(
    eq(priceOverrides.level, "managed"),
    scope.locationId ? and(eq(priceOverrides.level, "location"), eq(priceOverrides.scopeId, scope.locationId)) : undefined,
    scope.accountId ? and(eq(priceOverrides.level, "account"), eq(priceOverrides.scopeId, scope.accountId)) : undefined,
    scope.groupIds.length > 0 ? and(eq(priceOverrides.level, "group"), inArray(priceOverrides.scopeId, [...scope.groupIds])) : undefined,
  );
  const [overrideRows, entryRows, extra] = await Promise.all([
    variants.length === 0
      ? Promise.resolve([])
      : db
          .select()
          .from(priceOverrides)
          .where(
            and(
              inArray(priceOverrides.variantId, variants),
              or(eq(priceOverrides.channelId, scope.channelId), isNull(priceOverrides.channelId)),
              scopeFilter,
            ),
          ),
    variants.length === 0
      ? Promise.resolve([])
      : db
          .select({ entry: priceListEntries, list: priceLists })
          .from(priceListEntries)
          .innerJoin(priceLists, eq(priceLists.id, priceListEntries.priceListId))
          .where(and(inArray(priceListEntries.variantId, variants), or(eq(priceLists.channelId, scope.channelId), isNull(priceLists.channelId)))),
    variants.length === 0 && !opts.withRates ? Promise.resolve([]) : ratesAndVisibility(db, scope, opts),
  ]);
  const lists = new Map<string, PriceList>();
  const entries: PriceListEntry[] = [];
  for (const r of entryRows) {
    lists.set(r.list.id, toPriceList(r.list));
    entries.push({ priceListId: r.entry.priceListId, variantId: r.entry.variantId, tiers: r.entry.tiers });
  }
  const rates: ExchangeRate[] = [];
  const visible = new Set<string>();
  for (const r of extra) {
    if (r.kind === "rate") rates.push({ from: r.from_currency!, to: r.to_currency!, rate: trimDecimal(r.rate!), updatedAt: new Date(r.updated_at!) });
    else visible.add(r.variant_id!);
  }
  return {
    snapshot: { channel, overrides: overrideRows.map(toOverride), priceLists: [...lists.values()], priceListEntries: entries, exchangeRates: rates },
    visible,
  };
}

interface ExtraRow {
  kind: "rate" | "visible";
  from_currency: string | null;
  to_currency: string | null;
  rate: string | null;
  updated_at: string | Date | null;
  variant_id: string | null;
}

async function ratesAndVisibility(db: Executor, s: SnapshotScope, opts: { withRates: boolean; register?: BookRegistration }): Promise<ExtraRow[]> {
  const vis = visibleVariantsSql({ kind: "shop", channelId: s.channelId, groupIds: [...s.groupIds] }, s.variantIds);
  const groups = `{${[...s.groupIds].join(",")}}`;
  const registration = opts.register
    ? sql`, registered as (
        insert into ${priceBooks} (key, channel_id, location_id, account_id, group_ids, last_loaded_at)
        values (${opts.register.key}, ${s.channelId}::uuid, ${s.locationId}::uuid, ${s.accountId}::uuid, ${groups}::uuid[], ${opts.register.now.toISOString()}::timestamptz)
        on conflict (key) do update set last_loaded_at = excluded.last_loaded_at
        returning 1)`
    : sql``;
  return (await db.execute(sql`
    with ${vis.cte}${registration}
    select 'rate' as kind, from_currency, to_currency, rate::text as rate, updated_at, null::uuid as variant_id
      from ${exchangeRates} where ${opts.withRates}::boolean
    union all
    select 'visible', null, null, null, null, x.id from (${vis.select}) x
  `)) as unknown as ExtraRow[];
}

/** Keys of the books a change can affect (see PricingChange). One statement. */
export async function affectedBookKeys(
  db: Executor,
  change: { level: OverrideLevel | "list" | "rate"; scopeId: string | null; channelId: string | null },
): Promise<string[]> {
  const channelFilter = change.channelId ? eq(priceBooks.channelId, change.channelId) : undefined;
  let scopeFilter;
  if (change.level === "location" && change.scopeId) scopeFilter = eq(priceBooks.locationId, change.scopeId);
  else if (change.level === "account" && change.scopeId) scopeFilter = eq(priceBooks.accountId, change.scopeId);
  else if (change.level === "group" && change.scopeId) scopeFilter = sql`${change.scopeId}::uuid = any(${priceBooks.groupIds})`;
  const rows = await db
    .select({ key: priceBooks.key })
    .from(priceBooks)
    .where(and(channelFilter, scopeFilter));
  return rows.map((r) => r.key);
}
