/**
 * The built-in strategy: rates from a table (through a RateSource), jurisdictions from a lookup.
 * Order of work is the short-circuit the brief asks for: exemptions and tax-free channels are
 * settled from the request and the jurisdiction match alone, and the RateSource is called once
 * per order only when some line still needs a rate. `rateLookup: "skipped"` in the result says so.
 */
import { computeTax } from "./compute-tax";
import { planTax } from "./tax-plan";
import type { GeoRegistry } from "./tax-address";
import type { JurisdictionLookup, RateSource, TaxKind, TaxRequest, TaxResult, TaxRounding, TaxStrategy } from "./tax.types";
import { TAX_KINDS } from "./tax.types";

export interface TableTaxStrategyOptions {
  jurisdictions: JurisdictionLookup;
  rates: RateSource;
  /** default when the request does not say: per line, half_up */
  rounding?: TaxRounding;
  /** sales tax charged on the price including excise; default true */
  salesTaxOnExcise?: boolean;
  kinds?: readonly TaxKind[];
  /** optional registry check of country/subdivision codes (the geo domain) */
  geo?: GeoRegistry;
  code?: string;
}

export class TableTaxStrategy implements TaxStrategy {
  readonly code: string;
  readonly kinds: readonly TaxKind[];
  private readonly rounding: TaxRounding;
  private readonly salesTaxOnExcise: boolean;

  constructor(private readonly options: TableTaxStrategyOptions) {
    this.code = options.code ?? "table";
    this.kinds = options.kinds ?? TAX_KINDS;
    this.rounding = options.rounding ?? { level: "line", mode: "half_up" };
    this.salesTaxOnExcise = options.salesTaxOnExcise ?? true;
  }

  async resolveAll(request: TaxRequest): Promise<TaxResult> {
    const plan = await planTax(request, this.options.jurisdictions, this.kinds, this.rounding, this.options.geo);
    const rates = plan.query ? await this.options.rates.ratesFor(plan.query) : null;
    return computeTax(plan, rates, { strategy: this.code, salesTaxOnExcise: this.salesTaxOnExcise });
  }
}
