/**
 * The conversion wizard: from a price list's entries, produce real target-currency entries (which
 * an admin can then edit), converted with an exact decimal rate and a chosen rounding.
 *
 * Roundings, all computed from the EXACT converted value (no double rounding):
 *   none          — to the nearest minor unit of the target (half up).
 *   nearest_whole — to the nearest whole major unit (half up): USD 12.50 → 13.00, KWD 3.4995 →
 *                   3.000, JPY already whole. A positive price never rounds down to 0: it becomes
 *                   one whole unit.
 *   charm_99      — UP to the next "x.99" price: the smallest amount ≥ the exact value whose
 *                   fraction is .99 of a major unit (USD 12.01 → 12.99, 12.99 stays, 13.00 → 13.99;
 *                   KWD 3.001 → 3.990). A currency without two decimals cannot end in .99, so for
 *                   exponent 0 or 1 it rounds up to the next amount ending in 9 minor units
 *                   (JPY 1234 → 1239, 1240 → 1249). Zero stays zero.
 */
import { DomainError } from "../kernel/errors";
import { currencyExponent, divRound, parseDecimal, type CurrencyCode } from "../kernel/money";
import type { PriceTier } from "./types";

export type WizardRounding = "none" | "nearest_whole" | "charm_99";
export const WIZARD_ROUNDINGS: readonly WizardRounding[] = ["none", "nearest_whole", "charm_99"];

export interface WizardSourceEntry {
  readonly variantId: string;
  readonly tiers: readonly PriceTier[];
}

export interface ConversionWizardInput {
  readonly entries: readonly WizardSourceEntry[];
  readonly from: CurrencyCode;
  readonly to: CurrencyCode;
  /** 1 unit of `from` = rate units of `to`, exact decimal string */
  readonly rate: string;
  readonly rounding: WizardRounding;
  /** the list that will receive the generated entries */
  readonly targetPriceListId: string;
}

export interface ConvertedTier extends PriceTier {
  /** the source tier's price, in `from` minor units */
  readonly sourceUnitPrice: number;
}

export interface ConvertedEntry {
  readonly priceListId: string;
  readonly variantId: string;
  readonly tiers: readonly ConvertedTier[];
}

/** Converts one amount with the wizard's rounding; exported for previews of a single price. */
export function convertForWizard(amount: number, from: CurrencyCode, to: CurrencyCode, rate: string, rounding: WizardRounding): number {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new DomainError("BAD_USER_INPUT", `unitPrice must be a non-negative integer, got ${amount}`, { field: "unitPrice" });
  }
  const fe = currencyExponent(from);
  const te = currencyExponent(to);
  const { num, den } = parseDecimal(rate, "rate");
  if (num <= 0n) throw new DomainError("BAD_USER_INPUT", "Exchange rate must be greater than zero", { field: "rate" });
  // target minor units = amount × rate × 10^te / 10^fe, kept as the exact fraction n/d
  const n = BigInt(amount) * num * 10n ** BigInt(te);
  const d = den * 10n ** BigInt(fe);
  const whole = 10n ** BigInt(te);
  switch (rounding) {
    case "none":
      return Number(divRound(n, d, "half_up"));
    case "nearest_whole": {
      const v = divRound(n, d * whole, "half_up") * whole;
      return Number(amount > 0 && v === 0n ? whole : v);
    }
    case "charm_99": {
      if (amount === 0) return 0;
      const c = divRound(n, d, "ceil");
      const step = te >= 2 ? whole : 10n;
      const ending = te >= 2 ? whole - 10n ** BigInt(te - 2) : 9n;
      const k = c <= ending ? 0n : divRound(c - ending, step, "ceil");
      return Number(ending + k * step);
    }
  }
}

export function runConversionWizard(input: ConversionWizardInput): ConvertedEntry[] {
  if (input.from === input.to) {
    throw new DomainError("BAD_USER_INPUT", "Target currency must differ from the list's currency", { field: "to" });
  }
  return input.entries.map((e) => ({
    priceListId: input.targetPriceListId,
    variantId: e.variantId,
    tiers: e.tiers.map((t) => ({
      minQty: t.minQty,
      unitPrice: convertForWizard(t.unitPrice, input.from, input.to, input.rate, input.rounding),
      sourceUnitPrice: t.unitPrice,
    })),
  }));
}
