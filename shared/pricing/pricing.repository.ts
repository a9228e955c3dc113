import { and, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
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

/**
 * The rules one pricing context needs for some variants, in exactly three statements whatever the
 * number of variants: (1) overrides of the context's scopes, (2) price-list entries joined to their
 * lists, (3) exchange rates — with the book's registration folded into (3) as a data-modifying CTE
 * so registering costs no extra round trip. Rates are skipped (2 statements) when `withRates` is false.
 */
export async function loadSnapshot(
  db: Executor,
  scope: SnapshotScope,
  channel: ChannelCurrencies,
  opts: { withRates: boolean; register?: BookRegistration },
): Promise<PriceSnapshot> {
  const variants = [...scope.variantIds];
  if (variants.length === 0 && !opts.withRates) return { channel, overrides: [], priceLists: [], priceListEntries: [], exchangeRates: [] };
  const scopeFilter = or(
    eq(priceOverrides.level, "managed"),
    scope.locationId ? and(eq(priceOverrides.level, "location"), eq(priceOverrides.scopeId, scope.locationId)) : undefined,
    scope.accountId ? and(eq(priceOverrides.level, "account"), eq(priceOverrides.scopeId, scope.accountId)) : undefined,
    scope.groupIds.length > 0 ? and(eq(priceOverrides.level, "group"), inArray(priceOverrides.scopeId, [...scope.groupIds])) : undefined,
  );
  const [overrideRows, entryRows, rateRows] = await Promise.all([
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
    opts.withRates ? loadRates(db, opts.register ? { ...opts.register, scope } : undefined) : Promise.resolve([]),
  ]);
  const lists = new Map<string, PriceList>();
  const entries: PriceListEntry[] = [];
  for (const r of entryRows) {
    lists.set(r.list.id, toPriceList(r.list));
    entries.push({ priceListId: r.entry.priceListId, variantId: r.entry.variantId, tiers: r.entry.tiers });
  }
  return { channel, overrides: overrideRows.map(toOverride), priceLists: [...lists.values()], priceListEntries: entries, exchangeRates: rateRows };
}

async function loadRates(db: Executor, register?: BookRegistration & { scope: SnapshotScope }): Promise<ExchangeRate[]> {
  if (!register) {
    const rows = await db.select().from(exchangeRates);
    return rows.map((r) => ({ from: r.fromCurrency, to: r.toCurrency, rate: trimDecimal(r.rate), updatedAt: r.updatedAt }));
  }
  const s = register.scope;
  const groups = `{${[...s.groupIds].join(",")}}`;
  const rows = (await db.execute(sql`
    with registered as (
      insert into ${priceBooks} (key, channel_id, location_id, account_id, group_ids, last_loaded_at)
      values (${register.key}, ${s.channelId}::uuid, ${s.locationId}::uuid, ${s.accountId}::uuid, ${groups}::uuid[], ${register.now.toISOString()}::timestamptz)
      on conflict (key) do update set last_loaded_at = excluded.last_loaded_at
      returning 1
    )
    select from_currency, to_currency, rate::text as rate, updated_at from ${exchangeRates}
  `)) as unknown as { from_currency: string; to_currency: string; rate: string; updated_at: string | Date }[];
  return rows.map((r) => ({ from: r.from_currency, to: r.to_currency, rate: trimDecimal(r.rate), updatedAt: new Date(r.updated_at) }));
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
