/**
 * The tax domain's vocabulary. Everything here is plain data so a request, its rates and its
 * result can be stored with an order and replayed; amounts are integer minor units of the order
 * currency, rates are exact decimal strings ("0.0725" = 7.25 %), and time is a passed-in Date.
 */
import type { CurrencyCode, RoundingMode } from "../kernel/money";

export const TAX_KINDS = ["sales", "excise"] as const;
export type TaxKind = (typeof TAX_KINDS)[number];

/** Cascade order: an address is matched from the country down; every matched level applies. */
export const JURISDICTION_LEVELS = ["country", "state", "county", "city", "district"] as const;
export type JurisdictionLevel = (typeof JURISDICTION_LEVELS)[number];

/** Origin: intrastate sales are taxed where the goods ship from. Destination: where they arrive. */
export type SourcingBasis = "origin" | "destination";

export interface Jurisdiction {
  /** unique key, e.g. "US", "US-CA", "US-CA-LOS_ANGELES", "US-CA-LOS_ANGELES-LOS_ANGELES" */
  key: string;
  level: JurisdictionLevel;
  /** country: ISO 3166-1 alpha-2; state: ISO 3166-2 ("US-CA"); below: the name/code used in addresses */
  code: string;
  name: string;
  parentKey: string | null;
  /**
   * Postal-code patterns that lie in this jurisdiction: exact ("90210"), prefix ("902*") or an
   * inclusive range of equal length ("90001..90099"). When present and the address carries a
   * postal code, the postal code must match; a level the address does not name is matched by
   * postal code alone.
   */
  postalPatterns?: readonly string[];
  /** whether shipping charges are taxed by this jurisdiction (default false) */
  shippingTaxable?: boolean;
  /** meaningful at state level: how intrastate sales are sourced (default destination) */
  sourcing?: SourcingBasis;
}

export interface TaxAddress {
  /** ISO 3166-1 alpha-2, "US" */
  country: string;
  /** ISO 3166-2, "US-CA" */
  subdivision?: string | null;
  county?: string | null;
  city?: string | null;
  postalCode?: string | null;
}

/** A sales-tax rate: one jurisdiction, one product tax category, valid in [validFrom, validTo). */
export interface SalesTaxRate {
  id: string;
  kind: "sales";
  jurisdictionKey: string;
  /** "standard", "reduced", "zero", … ("exempt" never needs a rate: it is always untaxed) */
  category: string;
  /** decimal fraction, "0.0725" */
  rate: string;
  validFrom: Date;
  validTo: Date | null;
}

export type ExciseMethod = "per_unit" | "per_volume" | "percent_wholesale" | "percent_retail";

/** An excise rule: one jurisdiction, one product class ("tobacco", "vapor"), valid in [validFrom, validTo). */
export interface ExciseRate {
  id: string;
  kind: "excise";
  jurisdictionKey: string;
  productClass: string;
  method: ExciseMethod;
  /**
   * per_unit: minor units per unit; per_volume: minor units per ml; both in `currency`, may carry
   * decimals ("0.5"). percent_*: decimal fraction of the wholesale/retail price ("0.40").
   */
  value: string;
  /** currency of a per_unit/per_volume amount; must be the order currency */
  currency?: CurrencyCode | null;
  validFrom: Date;
  validTo: Date | null;
}

export type TaxRate = SalesTaxRate | ExciseRate;

export interface ExemptionCertificate {
  number: string;
  /** exempts in this jurisdiction and every jurisdiction below it */
  jurisdictionKey: string;
  /** exclusive: at or after this instant the certificate no longer exempts; null = no expiry */
  expiresAt: Date | null;
  /** kinds this certificate exempts (default: all) */
  kinds?: readonly TaxKind[];
  /** who holds it, for the audit trail ("account:…", "location:…") */
  holder?: string;
}

export interface TaxChannel {
  code: string;
  /** channel sells tax-free: no tax at all, no rate look-up */
  taxFree?: boolean;
  /** prices are entered gross (VAT-style); tax is extracted from them */
  pricesIncludeTax?: boolean;
}

export interface TaxLineInput {
  id: string;
  /** integer > 0 */
  quantity: number;
  /** extended line amount after line discounts, minor units; net, or gross when prices include tax */
  amount: number;
  /** sales tax category; default "standard" */
  taxCategory?: string;
  /** excise product class; none = no excise */
  exciseClass?: string | null;
  /** volume of one unit in ml (decimal string allowed), needed by per_volume excise */
  unitVolumeMl?: number | string | null;
  /** wholesale price of one unit in minor units, needed by percent_wholesale excise */
  wholesaleUnitAmount?: number | null;
  /** ship-to override for multi-destination orders */
  shipTo?: TaxAddress | null;
}

export type RoundingLevel = "line" | "invoice";
export type TaxRoundingMode = Extract<RoundingMode, "half_up" | "half_even">;

export interface TaxRounding {
  /** line: each line's tax per jurisdiction is rounded; invoice: totals per jurisdiction and kind are rounded once, then spread over lines */
  level: RoundingLevel;
  mode: TaxRoundingMode;
}

export interface TaxRequest {
  currency: CurrencyCode;
  now: Date;
  channel: TaxChannel;
  shipTo: TaxAddress;
  shipFrom?: TaxAddress | null;
  lines: readonly TaxLineInput[];
  /** shipping charge in minor units (gross when prices include tax) */
  shipping?: { amount: number; taxCategory?: string } | null;
  /** certificates held by the buying account and/or location */
  certificates?: readonly ExemptionCertificate[];
  /** restrict to these kinds (default: all the strategy handles) */
  kinds?: readonly TaxKind[];
  /** overrides the strategy's default rounding */
  rounding?: TaxRounding;
}

/** What the engine asks of a RateSource: one batched call per order, never per line. */
export interface RateQuery {
  jurisdictionKeys: readonly string[];
  /** sales categories needed (the "standard" fallback is always included when sales is queried) */
  categories: readonly string[];
  exciseClasses: readonly string[];
  kinds: readonly TaxKind[];
  currency: CurrencyCode;
  now: Date;
}

export interface RateSet {
  sales: readonly SalesTaxRate[];
  excise: readonly ExciseRate[];
}

/** Where rates come from (a table in Postgres, a cache, a fixture). The short-circuit never calls it. */
export interface RateSource {
  ratesFor(query: RateQuery): RateSet | Promise<RateSet>;
}

/** Maps an address to the jurisdictions that apply, country first. */
export interface JurisdictionLookup {
  match(address: TaxAddress): readonly Jurisdiction[] | Promise<readonly Jurisdiction[]>;
  get(key: string): Jurisdiction | undefined;
}

export interface TaxComponent {
  kind: TaxKind;
  jurisdictionKey: string;
  jurisdictionName: string;
  level: JurisdictionLevel;
  /** sales category or excise product class */
  category: string;
  /** the decimal rate, or the per-unit/per-ml amount for those excise methods */
  rate: string;
  method: "percent" | ExciseMethod;
  rateId: string;
  /** the amount the rate applied to (minor units); for per_unit/per_volume the line net */
  taxableAmount: number;
  tax: number;
}

export type LineExemption =
  | { reason: "channel_tax_free"; channel: string }
  | { reason: "certificate"; certificateNumber: string; jurisdictionKey: string; kinds: readonly TaxKind[] };

export interface LineTax {
  lineId: string;
  isShipping: boolean;
  net: number;
  tax: number;
  gross: number;
  /** jurisdiction keys the line's address matched, country first (empty when nothing matched) */
  jurisdictionKeys: readonly string[];
  /** the address basis used for the match */
  sourcing: SourcingBasis;
  exemption: LineExemption | null;
  components: TaxComponent[];
}

export interface JurisdictionTaxSummary {
  kind: TaxKind;
  jurisdictionKey: string;
  jurisdictionName: string;
  level: JurisdictionLevel;
  rates: string[];
  taxableAmount: number;
  tax: number;
}

export interface TaxTotals {
  net: number;
  tax: number;
  gross: number;
  byKind: Record<TaxKind, number>;
}

export interface TaxResult {
  strategy: string;
  currency: CurrencyCode;
  pricesIncludeTax: boolean;
  rounding: TaxRounding;
  /** "skipped" proves the short-circuit: no RateSource call was made */
  rateLookup: "performed" | "skipped";
  /** set when the whole order was exempted by one rule */
  exemption: LineExemption | null;
  lines: LineTax[];
  shipping: LineTax | null;
  jurisdictions: JurisdictionTaxSummary[];
  totals: TaxTotals;
  calculatedAt: string;
}

export interface TaxStrategy {
  readonly code: string;
  readonly kinds: readonly TaxKind[];
  resolveAll(request: TaxRequest): Promise<TaxResult>;
}
