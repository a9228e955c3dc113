/**
 * Tax strategies by the code a channel names in `strategies.tax`. The built-in table strategy is
 * registered as "table" and is the default; an external provider (TaxJar, Avalara, ExciseIQ)
 * registers its own factory under its code, or a CompositeTaxStrategy splits kinds between them.
 */
import { DomainError } from "../kernel/errors";
import type { GeoRegistry } from "./tax-address";
import { TableTaxStrategy } from "./table-tax-strategy";
import type { JurisdictionLookup, RateSource, TaxAddress, TaxRequest, TaxResult, TaxStrategy } from "./tax.types";

export interface TaxStrategyDeps {
  jurisdictions: JurisdictionLookup & { prefetch?(addresses: readonly (TaxAddress | null | undefined)[]): Promise<void> };
  rates: RateSource;
  geo?: GeoRegistry;
}

export type TaxStrategyFactory = (deps: TaxStrategyDeps) => TaxStrategy;

export const DEFAULT_TAX_STRATEGY = "table";

export class TaxStrategyRegistry {
  private readonly factories = new Map<string, TaxStrategyFactory>();

  register(code: string, factory: TaxStrategyFactory): this {
    this.factories.set(code, factory);
    return this;
  }

  has(code: string): boolean {
    return this.factories.has(code);
  }

  /** An unknown code is a configuration fault, never silently replaced by another strategy. */
  create(code: string | null | undefined, deps: TaxStrategyDeps): TaxStrategy {
    const wanted = code && code !== "default" ? code : DEFAULT_TAX_STRATEGY;
    const factory = this.factories.get(wanted);
    if (!factory) throw new DomainError("INTERNAL", `Tax strategy "${wanted}" is not registered`);
    return factory(deps);
  }
}

function addressesOf(r: TaxRequest): (TaxAddress | null | undefined)[] {
  return [r.shipTo, r.shipFrom, ...r.lines.map((l) => l.shipTo)];
}

/** The table strategy, loading every jurisdiction the order can match in one query first. */
export function tableStrategyFactory(deps: TaxStrategyDeps): TaxStrategy {
  const table = new TableTaxStrategy({ jurisdictions: deps.jurisdictions, rates: deps.rates, geo: deps.geo });
  return {
    code: table.code,
    kinds: table.kinds,
    async resolveAll(request: TaxRequest): Promise<TaxResult> {
      // a tax-free channel needs no jurisdiction either: nothing is loaded
      if (!request.channel.taxFree && deps.jurisdictions.prefetch) await deps.jurisdictions.prefetch(addressesOf(request));
      return table.resolveAll(request);
    },
  };
}

export function defaultTaxStrategies(): TaxStrategyRegistry {
  return new TaxStrategyRegistry().register(DEFAULT_TAX_STRATEGY, tableStrategyFactory);
}
