import { vi } from "vitest";
import { InMemoryRateSource, JurisdictionIndex, TableTaxStrategy, type TableTaxStrategyOptions, type TaxRate } from "../../../shared/tax";
import { JURISDICTIONS, RATES } from "./fixtures";

/** A table strategy over the fixtures, with a spy on the RateSource to count look-ups. */
export function makeStrategy(opts: Partial<TableTaxStrategyOptions> = {}, rates: TaxRate[] = RATES) {
  const source = new InMemoryRateSource(rates);
  const ratesFor = vi.spyOn(source, "ratesFor");
  const strategy = new TableTaxStrategy({ jurisdictions: new JurisdictionIndex(JURISDICTIONS), rates: source, ...opts });
  return { strategy, source, ratesFor };
}
