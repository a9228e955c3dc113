/**
 * Postgres-backed RateSource and JurisdictionLookup for the table strategy.
 *
 * Queries per order: 1 for jurisdictions (every country/subdivision the order's addresses name,
 * loaded together by `prefetch`), 1 for rates (the engine's single batched RateQuery) — 2 in all,
 * whatever the line count. An exempt or tax-free order runs 1 or 0 of them: the table strategy
 * never asks the RateSource when no line needs a rate.
 */
import type { Executor } from "../kernel/db";
import { JurisdictionIndex } from "./jurisdiction-index";
import { loadJurisdictionsFor, queryRates, type StoredJurisdiction } from "./tax.repository";
import type { Jurisdiction, JurisdictionLookup, RateQuery, RateSet, RateSource, TaxAddress } from "./tax.types";

export class PgRateSource implements RateSource {
  /** statements issued through this source (tests prove a short-circuit made none) */
  calls = 0;
  constructor(private readonly db: Executor) {}

  ratesFor(query: RateQuery): Promise<RateSet> {
    this.calls++;
    return queryRates(this.db, query);
  }
}

const scopeKey = (country: string, sub: string | null) => `${country}|${sub ?? "*"}`;

export class PgJurisdictionLookup implements JurisdictionLookup {
  private index = new JurisdictionIndex([]);
  private rows: StoredJurisdiction[] = [];
  /** country|subdivision (or country|* for the whole country) already loaded */
  private readonly loaded = new Set<string>();
  queries = 0;

  constructor(private readonly db: Executor) {}

  /** Load everything these addresses can match in one query; later `match` calls are in memory. */
  async prefetch(addresses: readonly (TaxAddress | null | undefined)[]): Promise<void> {
    const scopes = new Map<string, Set<string> | "all">();
    for (const a of addresses) {
      if (!a) continue;
      const country = String(a.country ?? "").trim().toUpperCase();
      if (!/^[A-Z]{2}$/.test(country) || this.loaded.has(scopeKey(country, null))) continue;
      const sub = a.subdivision ? String(a.subdivision).trim().toUpperCase() : null;
      if (sub === null) {
        scopes.set(country, "all");
        continue;
      }
      if (this.loaded.has(scopeKey(country, sub))) continue;
      const cur = scopes.get(country);
      if (cur === "all") continue;
      scopes.set(country, (cur ?? new Set<string>()).add(sub));
    }
    if (scopes.size === 0) return;
    this.queries++;
    const rows = await loadJurisdictionsFor(this.db, scopes);
    const known = new Set(this.rows.map((r) => r.key));
    for (const r of rows) if (!known.has(r.key)) this.rows.push(r);
    for (const [country, subs] of scopes) {
      if (subs === "all") this.loaded.add(scopeKey(country, null));
      else for (const s of subs) this.loaded.add(scopeKey(country, s));
    }
    this.index = new JurisdictionIndex(withNexus(this.rows));
  }

  async match(address: TaxAddress): Promise<Jurisdiction[]> {
    await this.prefetch([address]);
    return this.index.match(address);
  }

  get(key: string): Jurisdiction | undefined {
    return this.index.get(key);
  }
}

/** A state where the seller has no nexus collects nothing: drop it and everything inside it. */
function withNexus(rows: readonly StoredJurisdiction[]): Jurisdiction[] {
  const noNexus = new Set(rows.filter((r) => r.level === "state" && !r.hasNexus).map((r) => r.subdivisionCode));
  return rows
    .filter((r) => r.level === "country" || r.subdivisionCode === null || !noNexus.has(r.subdivisionCode))
    .map(({ countryCode: _c, subdivisionCode: _s, hasNexus: _n, ...j }) => j);
}
