/**
 * Admin writes to the tax tables. Every write is one transaction; rate writes take an advisory
 * lock first so the overlap check and the insert see the same stored rates (two admins cannot
 * slip overlapping periods in side by side). Permissions are checked by the GraphQL layer.
 */
import { eq, sql } from "drizzle-orm";
import { isUniqueViolation, type Db, type Executor } from "../kernel/db";
import { badInput, conflict, notFound } from "../kernel/errors";
import { parseInput } from "../kernel/validation";
import { registryFor, validateAddressCodes } from "../geo";
import { z } from "zod";
import { importRateCsv } from "./rate-csv";
import { assertNoRateOverlaps, rateSlot } from "./rate-overlap";
import { parseJurisdiction, parseTaxRate } from "./tax.schemas";
import {
  deleteRate, existingJurisdictionKeys, findJurisdiction, findRate, listJurisdictions, listRates, lockRateTable, ratesInSlots, upsertRates,
  type StoredJurisdiction,
} from "./tax.repository";
import { taxCategories, taxJurisdictions, taxRates, taxStateSettings } from "./tax.tables";
import type { JurisdictionLevel, TaxRate } from "./tax.types";

const ALLOWED_PARENTS: Record<JurisdictionLevel, readonly JurisdictionLevel[]> = {
  country: [],
  state: ["country"],
  county: ["state"],
  city: ["state", "county"],
  district: ["country", "state", "county", "city"],
};

const stateSettingsSchema = z.object({
  sourcing: z.enum(["origin", "destination"]),
  hasNexus: z.boolean().default(true),
});

const categorySchema = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a lower-case code"),
  name: z.string().trim().min(1).max(120),
  salesCategory: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a lower-case code"),
  exciseClass: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a lower-case code").nullable().default(null),
});

export class TaxAdminService {
  constructor(private readonly deps: { db: Db; now: Date }) {}

  jurisdictions(country: string, parentKey?: string | null, level?: string | null): Promise<StoredJurisdiction[]> {
    return listJurisdictions(this.deps.db, { country: country.trim().toUpperCase(), parentKey, level });
  }

  async jurisdiction(key: string): Promise<StoredJurisdiction> {
    const j = await findJurisdiction(this.deps.db, key);
    if (!j) throw notFound("Tax jurisdiction", key);
    return j;
  }

  async createJurisdiction(input: unknown): Promise<StoredJurisdiction> {
    const j = parseJurisdiction(input, "input");
    const db = this.deps.db;
    let countryCode: string;
    let subdivisionCode: string | null = null;
    if (j.level === "country") {
      if (j.key !== j.code) throw badInput(`input.key must equal the country code "${j.code}"`, "input.key");
      countryCode = validateAddressCodes({ country: j.code }, await registryFor(db, [{ country: j.code }]), "input").country;
    } else {
      const parent = await findJurisdiction(db, j.parentKey!);
      if (!parent) throw badInput(`input.parentKey "${j.parentKey}" is not a tax jurisdiction`, "input.parentKey");
      if (!ALLOWED_PARENTS[j.level].includes(parent.level)) throw badInput(`A ${j.level} cannot sit under a ${parent.level}`, "input.parentKey");
      countryCode = parent.countryCode;
      if (j.level === "state") {
        const codes = { country: countryCode, subdivision: j.code };
        subdivisionCode = validateAddressCodes(codes, await registryFor(db, [codes]), "input").subdivision;
        if (j.code.split("-")[0] !== countryCode) throw badInput(`input.code "${j.code}" is not in ${countryCode}`, "input.code");
      } else subdivisionCode = parent.subdivisionCode;
    }
    if (j.sourcing && j.level !== "state") throw badInput("input.sourcing is set per state", "input.sourcing");
    try {
      await db.transaction(async (tx) => {
        await tx.insert(taxJurisdictions).values({
          key: j.key, level: j.level, code: j.code, name: j.name, parentKey: j.parentKey, countryCode, subdivisionCode,
          postalPatterns: [...(j.postalPatterns ?? [])], shippingTaxable: j.shippingTaxable, updatedAt: this.deps.now,
        });
        if (j.sourcing && subdivisionCode) await upsertStateSettings(tx, subdivisionCode, { sourcing: j.sourcing }, this.deps.now);
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw conflict(`A jurisdiction with key "${j.key}" or the same code under its parent already exists`, { field: "input.key" });
      throw e;
    }
    return this.jurisdiction(j.key);
  }

  /** Name, postal patterns and shipping taxability change; key, level and place in the tree do not. */
  async updateJurisdiction(key: string, input: unknown): Promise<StoredJurisdiction> {
    const current = await this.jurisdiction(key);
    const { countryCode: _c, subdivisionCode: _s, hasNexus: _n, ...base } = current;
    const patch = (input ?? {}) as Record<string, unknown>;
    for (const f of ["key", "level", "code", "parentKey"]) if (f in patch && patch[f] !== (base as Record<string, unknown>)[f]) throw badInput(`input.${f} cannot change`, `input.${f}`);
    const j = parseJurisdiction({ ...base, ...patch }, "input");
    await this.deps.db
      .update(taxJurisdictions)
      .set({ name: j.name, postalPatterns: [...(j.postalPatterns ?? [])], shippingTaxable: j.shippingTaxable, updatedAt: this.deps.now })
      .where(eq(taxJurisdictions.key, key));
    return this.jurisdiction(key);
  }

  async deleteJurisdiction(key: string): Promise<boolean> {
    const db = this.deps.db;
    const [use] = await db
      .select({
        children: sql<number>`(select count(*)::int from ${taxJurisdictions} where ${taxJurisdictions.parentKey} = ${key})`,
        rates: sql<number>`(select count(*)::int from ${taxRates} where ${taxRates.jurisdictionKey} = ${key})`,
      })
      .from(sql`(select 1) as one`);
    if (use && (use.children > 0 || use.rates > 0)) throw conflict(`Jurisdiction "${key}" still has ${use.children} sub-jurisdictions and ${use.rates} rates`, { field: "key" });
    const rows = await db.delete(taxJurisdictions).where(eq(taxJurisdictions.key, key)).returning({ key: taxJurisdictions.key });
    if (rows.length === 0) throw notFound("Tax jurisdiction", key);
    return true;
  }

  async setStateSettings(subdivision: string, input: unknown): Promise<{ subdivisionCode: string; sourcing: string; hasNexus: boolean }> {
    const s = parseInput(stateSettingsSchema, input, "input");
    const code = subdivision.trim().toUpperCase();
    const codes = { country: code.slice(0, 2), subdivision: code };
    validateAddressCodes(codes, await registryFor(this.deps.db, [codes]), "subdivision");
    await upsertStateSettings(this.deps.db, code, s, this.deps.now);
    return { subdivisionCode: code, sourcing: s.sourcing, hasNexus: s.hasNexus };
  }

  rates(jurisdictionKey: string): Promise<TaxRate[]> {
    return listRates(this.deps.db, jurisdictionKey);
  }

  async createRate(input: unknown): Promise<TaxRate> {
    const rate = parseTaxRate(input, "input");
    return this.writeRate(rate, "create");
  }

  async updateRate(id: string, input: unknown): Promise<TaxRate> {
    const current = await findRate(this.deps.db, id);
    if (!current) throw notFound("Tax rate", id);
    const patch = (input ?? {}) as Record<string, unknown>;
    if ("kind" in patch && patch.kind !== current.kind) throw badInput("input.kind cannot change", "input.kind");
    const rate = parseTaxRate({ ...current, ...patch, id }, "input");
    return this.writeRate(rate, "update");
  }

  async deleteRate(id: string): Promise<boolean> {
    if (!(await deleteRate(this.deps.db, id))) throw notFound("Tax rate", id);
    return true;
  }

  /** All or nothing: every row valid, known and free of overlaps (with each other and stored rates), or no write. */
  async importRates(csv: string): Promise<{ imported: number; rates: TaxRate[] }> {
    if (typeof csv !== "string" || csv.length > 5_000_000) throw badInput("csv must be text of at most 5 MB", "csv");
    const parsed = importRateCsv(csv);
    return this.deps.db.transaction(async (tx) => {
      await lockRateTable(tx);
      const known = await existingJurisdictionKeys(tx, [...new Set(parsed.map((r) => r.jurisdictionKey))]);
      const existing = await ratesInSlots(tx, parsed.map(slotOf));
      const rates = importRateCsv(csv, existing, { isKnownJurisdiction: (k) => known.has(k) });
      await upsertRates(tx, rates, this.deps.now);
      return { imported: rates.length, rates };
    });
  }

  async upsertCategory(input: unknown): Promise<{ code: string; name: string; salesCategory: string; exciseClass: string | null }> {
    const c = parseInput(categorySchema, input, "input");
    await this.deps.db
      .insert(taxCategories)
      .values(c)
      .onConflictDoUpdate({ target: taxCategories.code, set: { name: c.name, salesCategory: c.salesCategory, exciseClass: c.exciseClass } });
    return c;
  }

  private async writeRate(rate: TaxRate, mode: "create" | "update"): Promise<TaxRate> {
    return this.deps.db.transaction(async (tx) => {
      await lockRateTable(tx);
      if (!(await existingJurisdictionKeys(tx, [rate.jurisdictionKey])).has(rate.jurisdictionKey)) {
        throw badInput(`input.jurisdictionKey "${rate.jurisdictionKey}" is not a tax jurisdiction`, "input.jurisdictionKey");
      }
      if (mode === "create" && (await findRate(tx, rate.id))) throw conflict(`A tax rate with id "${rate.id}" already exists`, { field: "input.id" });
      assertNoRateOverlaps([rate], await ratesInSlots(tx, [slotOf(rate)]), "input");
      await upsertRates(tx, [rate], this.deps.now);
      return rate;
    });
  }
}

function slotOf(r: TaxRate) {
  const [kind, jurisdictionKey, category] = rateSlot(r).split("|") as [string, string, string];
  return { kind, jurisdictionKey, category };
}

async function upsertStateSettings(db: Executor, code: string, s: { sourcing: string; hasNexus?: boolean }, at: Date): Promise<void> {
  await db
    .insert(taxStateSettings)
    .values({ subdivisionCode: code, sourcing: s.sourcing, hasNexus: s.hasNexus ?? true, updatedAt: at })
    .onConflictDoUpdate({ target: taxStateSettings.subdivisionCode, set: { sourcing: s.sourcing, ...(s.hasNexus !== undefined ? { hasNexus: s.hasNexus } : {}), updatedAt: at } });
}
