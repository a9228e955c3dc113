import { and, asc, eq, inArray, sql } from "drizzle-orm";
import countryToCurrency from "country-to-currency";
import type { ChannelContext } from "../kernel/channel-context";
import type { Db } from "../kernel/db";
import { DomainError, notFound } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { transactional, type NewEvent, type Outbox } from "../events";
import { viewerGroupIds } from "../catalog";
import { explainPrice, type PriceExplanation } from "./resolve-cart";
import { pricingContextKey } from "./context-key";
import { runConversionWizard } from "./conversion-wizard";
import { selectCurrency, type CurrencySource } from "./currency-selection";
import type { PriceBookClient, PriceBookRequest } from "./price-book-client";
import {
  parseConversionWizardInput,
  parseExchangeRateInput,
  parsePriceListEntriesUpsert,
  parsePriceListInput,
  parsePriceOverrideInput,
  findOverlappingOverride,
} from "./pricing.schemas";
import { loadSnapshot, toPriceList, trimDecimal } from "./pricing.repository";
import { exchangeRates, priceListEntries, priceLists, priceOverrides } from "./pricing.tables";
import type { ChannelCurrencies, OverrideLevel, PriceLine, PriceList, PriceResolution, PricingContext, VisibleTier } from "./types";

/** Preferred currencies of the buyer behind a principal (accounts domain data), looked up per request. */
export interface BuyerPreferences {
  locationPreferred?: string | null;
  accountPreferred?: string | null;
  customerPreferred?: string | null;
}
export type BuyerPreferenceLookup = (principal: Principal) => Promise<BuyerPreferences>;

export interface PricingDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  priceBooks: PriceBookClient;
  preferences: BuyerPreferenceLookup;
}

/** What a pricing change touches, so only the affected PriceBooks are invalidated. */
export interface PricingChange {
  level: OverrideLevel | "list" | "rate";
  scopeId: string | null;
  channelId: string | null;
  /** null: everything the affected books hold (list metadata, rates) */
  variantIds: string[] | null;
}

export interface BuyerPricing {
  context: PricingContext;
  currencySource: CurrencySource;
  request: PriceBookRequest;
}

export interface PriceQuote {
  currency: string;
  currencySource: CurrencySource;
  lines: PriceResolution[];
  /** variants the buyer may not see (only with onHidden: "report"); never priced */
  hidden: string[];
  sqlStatements: number;
}

export interface QuoteOptions {
  currency?: string | null;
  country?: string | null;
  /** "throw" (default): a hidden variant is NOT_FOUND, as in any lookup; "report": listed in `hidden` (carts flag such lines) */
  onHidden?: "throw" | "report";
}

function notFoundVariants(hidden: string[]): DomainError {
  return new DomainError("NOT_FOUND", `Variant ${hidden[0]} was not found${hidden.length > 1 ? ` (and ${hidden.length - 1} more)` : ""}`, { field: "lines", variantIds: hidden.slice(0, 20) });
}

const COUNTRY_CURRENCIES = countryToCurrency as Record<string, string>;
const MAX_LINES = 5000;

export function channelCurrencies(channel: ChannelContext): ChannelCurrencies {
  return { channelId: channel.id, baseCurrency: channel.baseCurrency, supportedCurrencies: channel.supportedCurrencies };
}

export class PricingService {
  private prefs: Promise<BuyerPreferences> | null = null;
  constructor(private readonly deps: PricingDeps) {}

  /**
   * The buyer's pricing context; preferences are read once per request. `preferences`: a caller
   * that knows them, or knows they cannot matter (carts: a requested currency, or a cart that
   * already has one), passes them to skip the look-up (a Postgres statement).
   */
  async buyerPricing(channel: ChannelContext, principal: Principal, opts: { currency?: string | null; country?: string | null; preferences?: BuyerPreferences } = {}): Promise<BuyerPricing> {
    const prefs = opts.preferences ?? (await (this.prefs ??= this.deps.preferences(principal)));
    const currencies = channelCurrencies(channel);
    const sel = selectCurrency({
      channel: currencies,
      requested: opts.currency ?? null,
      ...prefs,
      anonymous: principal.kind === "guest",
      country: opts.country ?? null,
      countryCurrencies: COUNTRY_CURRENCIES,
    });
    if (opts.currency && sel.source !== "requested") {
      throw new DomainError("BAD_USER_INPUT", `Currency ${opts.currency} is not offered on channel ${channel.code}`, { field: "currency" });
    }
    // only well-formed ids reach SQL; the catalog's rule for groups a viewer may see by
    const groupIds = viewerGroupIds(principal);
    const accountId = principal.kind === "employee" ? principal.accountId : null;
    const locationId = principal.kind === "employee" ? principal.locationId : null;
    const context: PricingContext = { channelId: channel.id, currency: sel.currency, accountId, locationId, groupIds };
    return {
      context,
      currencySource: sel.source,
      request: {
        key: pricingContextKey(context),
        scope: { channelId: channel.id, accountId, locationId, groupIds },
        channel: currencies,
        context,
        strategyCode: channel.strategies.pricing === "default" ? null : channel.strategies.pricing,
        nowMs: this.deps.now.getTime(),
      },
    };
  }

  /**
   * Prices for lines in the buyer's context, through its PriceBook: no SQL when warm, 3 statements
   * when cold (rules + the catalog's visibility for the buyer), whatever the number of lines.
   */
  async quote(channel: ChannelContext, principal: Principal, lines: PriceLine[], opts: QuoteOptions = {}): Promise<PriceQuote> {
    if (lines.length > MAX_LINES) throw new DomainError("BAD_USER_INPUT", `At most ${MAX_LINES} lines per request`, { field: "lines" });
    const bp = await this.buyerPricing(channel, principal, opts);
    if (lines.length === 0) return { currency: bp.context.currency, currencySource: bp.currencySource, lines: [], hidden: [], sqlStatements: 0 };
    const r = await this.deps.priceBooks.resolve({ ...bp.request, lines });
    if (r.hidden.length > 0 && opts.onHidden !== "report") throw notFoundVariants(r.hidden);
    return { currency: bp.context.currency, currencySource: bp.currencySource, lines: r.resolutions, hidden: r.hidden, sqlStatements: r.sqlStatements };
  }

  async tiers(channel: ChannelContext, principal: Principal, variantIds: string[], opts: { currency?: string | null; country?: string | null } = {}): Promise<Record<string, VisibleTier[]>> {
    if (variantIds.length === 0) return {};
    const bp = await this.buyerPricing(channel, principal, opts);
    const r = await this.deps.priceBooks.tiers({ ...bp.request, variantIds });
    if (r.hidden.length > 0) throw notFoundVariants(r.hidden);
    return r.tiers;
  }

  /** Admin: what a given buyer context would pay and why, straight from the database (no cache). */
  async explainFor(channel: ChannelContext, input: { variantId: string; quantity: number; currency: string; accountId?: string | null; locationId?: string | null; groupIds?: string[] }): Promise<PriceExplanation> {
    const context: PricingContext = {
      channelId: channel.id,
      currency: input.currency,
      accountId: input.accountId ?? null,
      locationId: input.locationId ?? null,
      groupIds: input.groupIds ?? [],
    };
    if (!channel.supportedCurrencies.includes(input.currency) && channel.baseCurrency !== input.currency) {
      throw new DomainError("BAD_USER_INPUT", `Currency ${input.currency} is not offered on channel ${channel.code}`, { field: "currency" });
    }
    const { snapshot } = await loadSnapshot(
      this.deps.db,
      { channelId: channel.id, accountId: context.accountId ?? null, locationId: context.locationId ?? null, groupIds: context.groupIds ?? [], variantIds: [input.variantId] },
      channelCurrencies(channel),
      { withRates: true },
    );
    return explainPrice({ variantId: input.variantId, quantity: input.quantity }, context, snapshot, this.deps.now);
  }

  // ---- admin writes: each in one transaction with its pricing.changed event ----

  private change(emit: (...e: NewEvent[]) => Promise<void>, c: PricingChange): Promise<void> {
    return emit({ type: "pricing.changed", aggregateType: "pricing", aggregateId: c.scopeId ?? c.channelId ?? "global", payload: c });
  }

  async listPriceLists(): Promise<PriceList[]> {
    return (await this.deps.db.select().from(priceLists).orderBy(asc(priceLists.name))).map(toPriceList);
  }

  async createPriceList(input: unknown): Promise<PriceList> {
    const data = parsePriceListInput(input, "input");
    return transactional(this.deps.db, this.deps.outbox, async (tx) => {
      const [row] = await tx.insert(priceLists).values(data).returning();
      return toPriceList(row!);
    });
  }

  async updatePriceList(id: string, input: unknown): Promise<PriceList> {
    const data = parsePriceListInput(input, "input");
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const [row] = await tx.update(priceLists).set({ ...data, updatedAt: this.deps.now }).where(eq(priceLists.id, id)).returning();
      if (!row) throw notFound("Price list", id);
      await this.change(emit, { level: "list", scopeId: null, channelId: row.channelId, variantIds: null });
      return toPriceList(row);
    });
  }

  async deletePriceList(id: string): Promise<boolean> {
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const [row] = await tx.delete(priceLists).where(eq(priceLists.id, id)).returning();
      if (!row) throw notFound("Price list", id);
      await this.change(emit, { level: "list", scopeId: null, channelId: row.channelId, variantIds: null });
      return true;
    });
  }

  /** Bulk upsert of a list's entries: one statement for the whole batch. */
  async upsertEntries(input: unknown): Promise<number> {
    const data = parsePriceListEntriesUpsert(input);
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const [list] = await tx.select().from(priceLists).where(eq(priceLists.id, data.priceListId));
      if (!list) throw notFound("Price list", data.priceListId);
      await tx
        .insert(priceListEntries)
        .values(data.entries.map((e) => ({ priceListId: data.priceListId, variantId: e.variantId, tiers: e.tiers, updatedAt: this.deps.now })))
        .onConflictDoUpdate({ target: [priceListEntries.priceListId, priceListEntries.variantId], set: { tiers: sqlExcluded("tiers"), updatedAt: this.deps.now } });
      await this.change(emit, { level: "list", scopeId: null, channelId: list.channelId, variantIds: data.entries.map((e) => e.variantId) });
      return data.entries.length;
    });
  }

  async priceListEntries(priceListId: string): Promise<{ variantId: string; tiers: { minQty: number; unitPrice: number }[] }[]> {
    const rows = await this.deps.db.select().from(priceListEntries).where(eq(priceListEntries.priceListId, priceListId));
    return rows.map((r) => ({ variantId: r.variantId, tiers: r.tiers }));
  }

  async setOverride(input: unknown): Promise<{ id: string }> {
    const data = parsePriceOverrideInput(input, "input");
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const existing = await tx
        .select()
        .from(priceOverrides)
        .where(and(eq(priceOverrides.level, data.level), eq(priceOverrides.variantId, data.variantId), eq(priceOverrides.currency, data.currency)));
      const clash = findOverlappingOverride([
        ...existing.map((r) => ({ level: r.level as OverrideLevel, scopeId: r.scopeId, variantId: r.variantId, channelId: r.channelId, currency: r.currency, validFrom: r.validFrom, validTo: r.validTo })),
        data,
      ]);
      if (clash) {
        throw new DomainError("CONFLICT", `An overlapping ${data.level} price already exists for this variant, scope, channel and currency`, { field: "input.validFrom" });
      }
      const [row] = await tx.insert(priceOverrides).values(data).returning({ id: priceOverrides.id });
      await this.change(emit, { level: data.level, scopeId: data.scopeId, channelId: data.channelId, variantIds: [data.variantId] });
      return row!;
    });
  }

  async deleteOverride(id: string): Promise<boolean> {
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const [row] = await tx.delete(priceOverrides).where(eq(priceOverrides.id, id)).returning();
      if (!row) throw notFound("Price override", id);
      await this.change(emit, { level: row.level as OverrideLevel, scopeId: row.scopeId, channelId: row.channelId, variantIds: [row.variantId] });
      return true;
    });
  }

  async overridesFor(variantIds: string[]) {
    if (variantIds.length === 0) return [];
    return this.deps.db.select().from(priceOverrides).where(inArray(priceOverrides.variantId, variantIds));
  }

  async setExchangeRate(input: unknown): Promise<{ from: string; to: string; rate: string; updatedAt: Date }> {
    const data = parseExchangeRateInput(input);
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const [row] = await tx
        .insert(exchangeRates)
        .values({ fromCurrency: data.from, toCurrency: data.to, rate: data.rate, updatedAt: this.deps.now })
        .onConflictDoUpdate({ target: [exchangeRates.fromCurrency, exchangeRates.toCurrency], set: { rate: data.rate, updatedAt: this.deps.now } })
        .returning();
      await this.change(emit, { level: "rate", scopeId: null, channelId: null, variantIds: null });
      return { from: row!.fromCurrency, to: row!.toCurrency, rate: trimDecimal(row!.rate), updatedAt: row!.updatedAt };
    });
  }

  async listExchangeRates() {
    const rows = await this.deps.db.select().from(exchangeRates).orderBy(asc(exchangeRates.fromCurrency), asc(exchangeRates.toCurrency));
    return rows.map((r) => ({ from: r.fromCurrency, to: r.toCurrency, rate: trimDecimal(r.rate), updatedAt: r.updatedAt }));
  }

  /**
   * The conversion wizard: real, editable entries in the target currency from a source list,
   * rounded as asked (e.g. charm .99). Creates the target list when none is given.
   */
  async runConversionWizard(input: unknown): Promise<{ priceList: PriceList; entries: number }> {
    const data = parseConversionWizardInput(input);
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const [source] = await tx.select().from(priceLists).where(eq(priceLists.id, data.sourcePriceListId));
      if (!source) throw notFound("Price list", data.sourcePriceListId);
      if (source.currency === data.to) throw new DomainError("BAD_USER_INPUT", "The target currency must differ from the source list's", { field: "input.to" });
      let rate = data.rate;
      if (!rate) {
        const [r] = await tx.select().from(exchangeRates).where(and(eq(exchangeRates.fromCurrency, source.currency), eq(exchangeRates.toCurrency, data.to)));
        if (!r) throw new DomainError("BAD_USER_INPUT", `No stored exchange rate ${source.currency}→${data.to}; give one or add it first`, { field: "input.rate" });
        rate = trimDecimal(r.rate);
      }
      const target = data.targetPriceListId
        ? (await tx.select().from(priceLists).where(eq(priceLists.id, data.targetPriceListId)))[0]
        : (
            await tx
              .insert(priceLists)
              .values({ name: `${source.name} (${data.to})`, channelId: source.channelId, currency: data.to, priority: source.priority, validFrom: source.validFrom, validTo: source.validTo })
              .returning()
          )[0];
      if (!target) throw notFound("Price list", data.targetPriceListId ?? "");
      const targetId = target.id;
      if (target.currency !== data.to) throw new DomainError("BAD_USER_INPUT", `Target list is in ${target.currency}, not ${data.to}`, { field: "input.targetPriceListId" });
      const sourceEntries = await tx.select().from(priceListEntries).where(eq(priceListEntries.priceListId, source.id));
      const converted = runConversionWizard({ entries: sourceEntries.map((e) => ({ variantId: e.variantId, tiers: e.tiers })), from: source.currency, to: data.to, rate, rounding: data.rounding, targetPriceListId: target.id });
      if (converted.length > 0) {
        await tx
          .insert(priceListEntries)
          .values(converted.map((c) => ({ priceListId: targetId, variantId: c.variantId, tiers: c.tiers.map((t) => ({ minQty: t.minQty, unitPrice: t.unitPrice })), updatedAt: this.deps.now })))
          .onConflictDoUpdate({ target: [priceListEntries.priceListId, priceListEntries.variantId], set: { tiers: sqlExcluded("tiers"), updatedAt: this.deps.now } });
      }
      await this.change(emit, { level: "list", scopeId: null, channelId: target.channelId, variantIds: converted.map((c) => c.variantId) });
      return { priceList: toPriceList(target), entries: converted.length };
    });
  }
}

/** `excluded.<column>` in an upsert: the value the conflicting insert proposed. */
function sqlExcluded(column: string) {
  return sql.raw(`excluded.${column}`);
}
