/**
 * Tax for a channel and a principal: builds the engine request (exemption certificates of the
 * employee's account/location, ship-to/ship-from, lines), validates address codes against the ISO
 * registry, and runs the strategy the channel names. Checkout calls `calculate` and stores the
 * itemized TaxResult with the order; `estimate` serves carts and the shop API from SKUs.
 *
 * Queries per calculation: 1 geo check, 1 certificates (employees only), then the table
 * strategy's 1 jurisdictions + 1 rates; `estimate` adds 1 catalog read. A tax-free channel runs
 * only the geo check; an exempt buyer never reaches the rate query.
 */
import type { ChannelContext } from "../kernel/channel-context";
import type { Db } from "../kernel/db";
import { badInput } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import { assertAddressCodes } from "../geo";
import { ANY_JURISDICTION, AccountExemptionSource, type ExemptionSource } from "./exemption-source";
import { PgJurisdictionLookup, PgRateSource } from "./db-tax-sources";
import { defaultTaxStrategies, DEFAULT_TAX_STRATEGY, type TaxStrategyRegistry } from "./tax-strategy-registry";
import { estimateInputSchema, loadCatalogTaxInfo } from "./tax-estimate";
import type { RateSource, TaxAddress, TaxLineInput, TaxResult, TaxRounding } from "./tax.types";

export interface TaxServiceDeps {
  db: Db;
  now: Date;
  strategies?: TaxStrategyRegistry;
  exemptions?: ExemptionSource;
  /** wraps the Postgres RateSource (tests spy on it; a cache could sit here) */
  wrapRates?: (inner: RateSource) => RateSource;
}

export interface CalculateTaxInput {
  channel: ChannelContext;
  principal: Principal;
  /** default: the channel's base currency; must be one the channel supports */
  currency?: string | null;
  shipTo: TaxAddress;
  shipFrom?: TaxAddress | null;
  lines: readonly TaxLineInput[];
  shipping?: { amount: number; taxCategory?: string } | null;
  rounding?: TaxRounding;
}

export class TaxService {
  private readonly strategies: TaxStrategyRegistry;
  private readonly exemptions: ExemptionSource;

  constructor(private readonly deps: TaxServiceDeps) {
    this.strategies = deps.strategies ?? defaultTaxStrategies();
    this.exemptions = deps.exemptions ?? new AccountExemptionSource(deps.db);
  }

  async calculate(input: CalculateTaxInput): Promise<TaxResult> {
    const { channel } = input;
    const currency = input.currency ?? channel.baseCurrency;
    if (!channel.supportedCurrencies.includes(currency)) {
      throw badInput(`currency ${currency} is not sold in channel ${channel.code} (${channel.supportedCurrencies.join(", ")})`, "currency");
    }
    const addresses = [{ address: input.shipTo, field: "shipTo" }];
    if (input.shipFrom) addresses.push({ address: input.shipFrom, field: "shipFrom" });
    input.lines.forEach((l, i) => l.shipTo && addresses.push({ address: l.shipTo, field: `lines.${i}.shipTo` }));
    await assertAddressCodes(this.deps.db, addresses);

    // a tax-free channel never needs certificates, rates, or an external provider
    const certificates = channel.taxFree ? [] : await this.exemptions.certificatesFor(input.principal);
    const country = String(input.shipTo.country).trim().toUpperCase();
    const rates = new PgRateSource(this.deps.db);
    const strategy = this.strategies.create(channel.taxFree ? DEFAULT_TAX_STRATEGY : channel.strategies.tax, {
      jurisdictions: new PgJurisdictionLookup(this.deps.db),
      rates: this.deps.wrapRates ? this.deps.wrapRates(rates) : rates,
    });
    return strategy.resolveAll({
      currency,
      now: this.deps.now,
      channel: { code: channel.code, taxFree: channel.taxFree, pricesIncludeTax: channel.pricesIncludeTax },
      shipTo: input.shipTo,
      shipFrom: input.shipFrom ?? null,
      lines: input.lines,
      shipping: input.shipping ?? null,
      certificates: certificates.map((c) => (c.jurisdictionKey === ANY_JURISDICTION ? { ...c, jurisdictionKey: country } : c)),
      ...(input.rounding ? { rounding: input.rounding } : {}),
    });
  }

  /** Tax for catalog lines given by SKU or variant id at a unit price (minor units). */
  async estimate(channel: ChannelContext, principal: Principal, raw: unknown): Promise<TaxResult> {
    const input = parseInput(estimateInputSchema, raw);
    const info = await loadCatalogTaxInfo(this.deps.db, input.lines);
    const lines: TaxLineInput[] = input.lines.map((l, i) => {
      const v = info.resolve(l, i);
      return {
        id: `${i + 1}:${v.sku}`,
        quantity: l.quantity,
        amount: l.unitPrice * l.quantity,
        taxCategory: v.salesCategory,
        exciseClass: v.exciseClass,
        unitVolumeMl: v.volumeMl,
        wholesaleUnitAmount: l.wholesaleUnitPrice ?? null,
      };
    });
    return this.calculate({
      channel,
      principal,
      currency: input.currency ?? null,
      shipTo: input.address,
      shipFrom: input.shipFrom ?? null,
      lines,
      shipping: input.shippingAmount != null ? { amount: input.shippingAmount } : null,
    });
  }
}
