/**
 * SQL for the tax tables. Row ↔ engine mapping lives here so nothing else knows that the table
 * says `per_ml` where the engine says `per_volume`, or that the state settings are a join.
 */
import { and, asc, eq, gt, inArray, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import { taxCategories, taxJurisdictions, taxRates, taxStateSettings, type TaxJurisdictionRow, type TaxRateRow } from "./tax.tables";
import type { ExciseMethod, Jurisdiction, JurisdictionLevel, RateQuery, RateSet, SourcingBasis, TaxRate } from "./tax.types";

const BASIS_OF: Record<ExciseMethod, string> = { per_unit: "per_unit", per_volume: "per_ml", percent_wholesale: "percent_wholesale", percent_retail: "percent_retail" };
const METHOD_OF: Record<string, ExciseMethod> = { per_unit: "per_unit", per_ml: "per_volume", percent_wholesale: "percent_wholesale", percent_retail: "percent_retail" };

export function toTaxRate(r: TaxRateRow): TaxRate {
  if (r.kind === "sales") return { id: r.id, kind: "sales", jurisdictionKey: r.jurisdictionKey, category: r.category, rate: r.rate, validFrom: r.validFrom, validTo: r.validTo };
  return {
    id: r.id, kind: "excise", jurisdictionKey: r.jurisdictionKey, productClass: r.category, method: METHOD_OF[r.exciseBasis ?? ""] ?? "per_unit",
    value: r.rate, currency: r.currency, validFrom: r.validFrom, validTo: r.validTo,
  };
}

export function toRateRow(r: TaxRate, at: Date): typeof taxRates.$inferInsert {
  return {
    id: r.id,
    jurisdictionKey: r.jurisdictionKey,
    kind: r.kind,
    category: r.kind === "sales" ? r.category : r.productClass,
    rate: r.kind === "sales" ? r.rate : r.value,
    exciseBasis: r.kind === "excise" ? BASIS_OF[r.method] : null,
    currency: r.kind === "excise" ? (r.currency ?? null) : null,
    validFrom: r.validFrom,
    validTo: r.validTo,
    updatedAt: at,
  };
}

export interface StoredJurisdiction extends Jurisdiction {
  countryCode: string;
  subdivisionCode: string | null;
  /** false when the state's settings say the seller has no nexus there */
  hasNexus: boolean;
}

function toJurisdiction(r: TaxJurisdictionRow, s: { sourcing: string | null; hasNexus: boolean | null }): StoredJurisdiction {
  return {
    key: r.key,
    level: r.level as JurisdictionLevel,
    code: r.code,
    name: r.name,
    parentKey: r.parentKey,
    postalPatterns: r.postalPatterns,
    shippingTaxable: r.shippingTaxable,
    ...(r.level === "state" && s.sourcing ? { sourcing: s.sourcing as SourcingBasis } : {}),
    countryCode: r.countryCode,
    subdivisionCode: r.subdivisionCode,
    hasNexus: s.hasNexus ?? true,
  };
}

const jurisdictionSelect = { j: taxJurisdictions, sourcing: taxStateSettings.sourcing, hasNexus: taxStateSettings.hasNexus };

/**
 * The jurisdictions an order's addresses can match, in ONE query: for each country, its
 * country-wide rows plus everything inside the named subdivisions (or the whole country when an
 * address names no subdivision, so postal patterns can still place it).
 */
export async function loadJurisdictionsFor(db: Executor, scopes: ReadonlyMap<string, ReadonlySet<string> | "all">): Promise<StoredJurisdiction[]> {
  const conds: SQL[] = [];
  for (const [country, subs] of scopes) {
    if (subs === "all") conds.push(eq(taxJurisdictions.countryCode, country));
    else {
      const inside = subs.size ? inArray(taxJurisdictions.subdivisionCode, [...subs]) : undefined;
      conds.push(and(eq(taxJurisdictions.countryCode, country), inside ? or(isNull(taxJurisdictions.subdivisionCode), inside) : isNull(taxJurisdictions.subdivisionCode))!);
    }
  }
  if (conds.length === 0) return [];
  const rows = await db
    .select(jurisdictionSelect)
    .from(taxJurisdictions)
    .leftJoin(taxStateSettings, eq(taxStateSettings.subdivisionCode, taxJurisdictions.subdivisionCode))
    .where(or(...conds));
  return rows.map((r) => toJurisdiction(r.j, r));
}

export async function findJurisdiction(db: Executor, key: string): Promise<StoredJurisdiction | undefined> {
  const [r] = await db
    .select(jurisdictionSelect)
    .from(taxJurisdictions)
    .leftJoin(taxStateSettings, eq(taxStateSettings.subdivisionCode, taxJurisdictions.subdivisionCode))
    .where(eq(taxJurisdictions.key, key))
    .limit(1);
  return r ? toJurisdiction(r.j, r) : undefined;
}

export async function listJurisdictions(db: Executor, filter: { country: string; parentKey?: string | null; level?: string | null }): Promise<StoredJurisdiction[]> {
  const rows = await db
    .select(jurisdictionSelect)
    .from(taxJurisdictions)
    .leftJoin(taxStateSettings, eq(taxStateSettings.subdivisionCode, taxJurisdictions.subdivisionCode))
    .where(
      and(
        eq(taxJurisdictions.countryCode, filter.country),
        filter.parentKey ? eq(taxJurisdictions.parentKey, filter.parentKey) : undefined,
        filter.level ? eq(taxJurisdictions.level, filter.level) : undefined,
      ),
    )
    .orderBy(asc(taxJurisdictions.key))
    .limit(1000);
  return rows.map((r) => toJurisdiction(r.j, r));
}

/** Keys among `keys` that exist (one query). */
export async function existingJurisdictionKeys(db: Executor, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.select({ key: taxJurisdictions.key }).from(taxJurisdictions).where(inArray(taxJurisdictions.key, [...keys]));
  return new Set(rows.map((r) => r.key));
}

/** The rates an order needs, in force at `now`: ONE query whatever the line count. */
export async function queryRates(db: Executor, q: RateQuery): Promise<RateSet> {
  const kindConds: SQL[] = [];
  if (q.kinds.includes("sales") && q.categories.length) kindConds.push(and(eq(taxRates.kind, "sales"), inArray(taxRates.category, [...q.categories]))!);
  if (q.kinds.includes("excise") && q.exciseClasses.length) kindConds.push(and(eq(taxRates.kind, "excise"), inArray(taxRates.category, [...q.exciseClasses]))!);
  if (kindConds.length === 0 || q.jurisdictionKeys.length === 0) return { sales: [], excise: [] };
  const rows = await db
    .select()
    .from(taxRates)
    .where(
      and(
        inArray(taxRates.jurisdictionKey, [...q.jurisdictionKeys]),
        lte(taxRates.validFrom, q.now),
        or(isNull(taxRates.validTo), gt(taxRates.validTo, q.now)),
        or(...kindConds),
      ),
    );
  const out: { sales: TaxRate[]; excise: TaxRate[] } = { sales: [], excise: [] };
  for (const r of rows) {
    const t = toTaxRate(r);
    out[t.kind].push(t);
  }
  return out as RateSet;
}

/** Stored rates sharing a slot (jurisdiction, kind, category) with any of `slots`; one query. */
export async function ratesInSlots(db: Executor, slots: readonly { jurisdictionKey: string; kind: string; category: string }[]): Promise<TaxRate[]> {
  if (slots.length === 0) return [];
  const keys = [...new Set(slots.map((s) => s.jurisdictionKey))];
  const rows = await db.select().from(taxRates).where(inArray(taxRates.jurisdictionKey, keys));
  const wanted = new Set(slots.map((s) => `${s.jurisdictionKey}|${s.kind}|${s.category}`));
  return rows.filter((r) => wanted.has(`${r.jurisdictionKey}|${r.kind}|${r.category}`)).map(toTaxRate);
}

export async function listRates(db: Executor, jurisdictionKey: string): Promise<TaxRate[]> {
  const rows = await db.select().from(taxRates).where(eq(taxRates.jurisdictionKey, jurisdictionKey)).orderBy(asc(taxRates.kind), asc(taxRates.category), asc(taxRates.validFrom));
  return rows.map(toTaxRate);
}

export async function findRate(db: Executor, id: string): Promise<TaxRate | undefined> {
  const [r] = await db.select().from(taxRates).where(eq(taxRates.id, id)).limit(1);
  return r ? toTaxRate(r) : undefined;
}

export async function upsertRates(db: Executor, rates: readonly TaxRate[], at: Date): Promise<void> {
  for (let i = 0; i < rates.length; i += 1000) {
    await db
      .insert(taxRates)
      .values(rates.slice(i, i + 1000).map((r) => toRateRow(r, at)))
      .onConflictDoUpdate({
        target: taxRates.id,
        set: {
          jurisdictionKey: sql`excluded.jurisdiction_key`, kind: sql`excluded.kind`, category: sql`excluded.category`, rate: sql`excluded.rate`,
          exciseBasis: sql`excluded.excise_basis`, currency: sql`excluded.currency`, validFrom: sql`excluded.valid_from`, validTo: sql`excluded.valid_to`, updatedAt: at,
        },
      });
  }
}

export async function deleteRate(db: Executor, id: string): Promise<boolean> {
  const rows = await db.delete(taxRates).where(eq(taxRates.id, id)).returning({ id: taxRates.id });
  return rows.length > 0;
}

/** Serializes rate writes: the overlap check and the insert must see the same stored rates. */
export async function lockRateTable(db: Executor): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(hashtext('vectis.tax_rates'))`);
}

export async function categoryMappings(db: Executor, codes: readonly string[]): Promise<Map<string, { salesCategory: string; exciseClass: string | null }>> {
  if (codes.length === 0) return new Map();
  const rows = await db.select().from(taxCategories).where(inArray(taxCategories.code, [...codes]));
  return new Map(rows.map((r) => [r.code, { salesCategory: r.salesCategory, exciseClass: r.exciseClass }]));
}
