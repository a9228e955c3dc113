/**
 * A RateSource over rates held in memory (fixtures, a per-isolate cache of the rate table). It
 * answers exactly what a database-backed source would: the rates for the asked jurisdictions,
 * categories and classes that are in force at `now`.
 */
import type { ExciseRate, RateQuery, RateSet, RateSource, SalesTaxRate, TaxRate } from "./tax.types";

const inForce = (r: TaxRate, t: number) => r.validFrom.getTime() <= t && (r.validTo == null || t < r.validTo.getTime());

export class InMemoryRateSource implements RateSource {
  private readonly sales = new Map<string, SalesTaxRate[]>();
  private readonly excise = new Map<string, ExciseRate[]>();
  /** every query received, in order: lets a test prove a short-circuit made none */
  readonly queries: RateQuery[] = [];

  constructor(rates: readonly TaxRate[]) {
    for (const r of rates) {
      const map: Map<string, TaxRate[]> = r.kind === "sales" ? this.sales : this.excise;
      const list = map.get(r.jurisdictionKey) ?? [];
      list.push(r);
      map.set(r.jurisdictionKey, list);
    }
  }

  ratesFor(query: RateQuery): RateSet {
    this.queries.push(query);
    const t = query.now.getTime();
    const categories = new Set(query.categories);
    const classes = new Set(query.exciseClasses);
    const sales: SalesTaxRate[] = [];
    const excise: ExciseRate[] = [];
    for (const key of query.jurisdictionKeys) {
      if (query.kinds.includes("sales")) for (const r of this.sales.get(key) ?? []) if (categories.has(r.category) && inForce(r, t)) sales.push(r);
      if (query.kinds.includes("excise")) for (const r of this.excise.get(key) ?? []) if (classes.has(r.productClass) && inForce(r, t)) excise.push(r);
    }
    return { sales, excise };
  }
}
