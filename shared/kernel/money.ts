/**
 * Money is an integer count of a currency's minor unit (ISO 4217 exponent), never a float.
 * Every operation that can produce a fraction of a minor unit takes an explicit rounding mode;
 * the arithmetic is done in BigInt so that large totals and exact decimal rates stay exact.
 */
import { DomainError } from "./errors";

/** ISO 4217 minor-unit exponents for the currencies the platform accepts. */
export const CURRENCY_EXPONENTS: Readonly<Record<string, number>> = Object.freeze({
  AED: 2, ARS: 2, AUD: 2, BGN: 2, BHD: 3, BRL: 2, CAD: 2, CHF: 2, CLP: 0, CNY: 2, COP: 2, CZK: 2,
  DKK: 2, EGP: 2, EUR: 2, GBP: 2, HKD: 2, HUF: 2, IDR: 2, ILS: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0,
  KRW: 0, KWD: 3, MXN: 2, MYR: 2, NOK: 2, NZD: 2, OMR: 3, PEN: 2, PHP: 2, PLN: 2, QAR: 2, RON: 2,
  SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TRY: 2, TWD: 2, UAH: 2, USD: 2, VND: 0, ZAR: 2,
});

export type CurrencyCode = string;

export interface Money {
  /** integer, in the currency's minor unit */
  readonly amount: number;
  readonly currency: CurrencyCode;
}

/**
 * half_up: .5 away from zero (the usual retail rule); half_even: banker's rounding (accounting);
 * up / down: away from / toward zero; floor / ceil: toward -inf / +inf.
 */
export type RoundingMode = "half_up" | "half_even" | "up" | "down" | "floor" | "ceil";

export function isCurrencyCode(code: string): boolean {
  return Object.prototype.hasOwnProperty.call(CURRENCY_EXPONENTS, code);
}

export function currencyExponent(code: CurrencyCode): number {
  const e = CURRENCY_EXPONENTS[code];
  if (e === undefined) throw new DomainError("BAD_USER_INPUT", `Unknown currency code "${code}"`, { field: "currency" });
  return e;
}

export function assertMinorUnits(amount: number, field = "amount"): number {
  if (!Number.isSafeInteger(amount)) {
    throw new DomainError("BAD_USER_INPUT", `${field} must be an integer number of minor units, got ${amount}`, { field });
  }
  return amount;
}

export function money(amount: number, currency: CurrencyCode): Money {
  currencyExponent(currency);
  return { amount: assertMinorUnits(amount), currency };
}

/** Divide n by d (d > 0) and round the quotient with the given mode. Exact for any BigInt. */
export function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  if (d <= 0n) throw new RangeError("divRound: divisor must be positive");
  const q = n / d; // truncates toward zero
  const r = n % d;
  if (r === 0n) return q;
  const neg = n < 0n;
  const absR2 = (r < 0n ? -r : r) * 2n;
  switch (mode) {
    case "down":
      return q;
    case "up":
      return neg ? q - 1n : q + 1n;
    case "floor":
      return neg ? q - 1n : q;
    case "ceil":
      return neg ? q : q + 1n;
    case "half_up":
      if (absR2 >= d) return neg ? q - 1n : q + 1n;
      return q;
    case "half_even":
      if (absR2 > d) return neg ? q - 1n : q + 1n;
      if (absR2 < d) return q;
      return q % 2n === 0n ? q : neg ? q - 1n : q + 1n;
  }
}

/** Parse an exact decimal string ("1.0825", "-0.5", "3") into numerator/denominator (10^scale). */
export function parseDecimal(value: string, field = "value"): { num: bigint; den: bigint; scale: number } {
  const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!m) throw new DomainError("BAD_USER_INPUT", `${field} must be a decimal number, got "${value}"`, { field });
  const frac = m[3] ?? "";
  const digits = BigInt((m[2] ?? "0") + frac);
  const num = m[1] === "-" ? -digits : digits;
  return { num, den: 10n ** BigInt(frac.length), scale: frac.length };
}

/** amount × (decimal factor), rounded; e.g. a tax rate "0.0825" or an exchange rate "17.2345". */
export function multiplyByDecimal(amount: number, factor: string, mode: RoundingMode = "half_up"): number {
  assertMinorUnits(amount);
  const { num, den } = parseDecimal(factor, "factor");
  return Number(divRound(BigInt(amount) * num, den, mode));
}

/** amount × numerator / denominator with integer inputs, rounded. */
export function mulDiv(amount: number, numerator: number | bigint, denominator: number | bigint, mode: RoundingMode = "half_up"): number {
  assertMinorUnits(amount);
  return Number(divRound(BigInt(amount) * BigInt(numerator), BigInt(denominator), mode));
}

/** Percentage of an amount where percent may carry decimals ("12.5"): amount × p / 100. */
export function percentOf(amount: number, percent: number | string, mode: RoundingMode = "half_up"): number {
  const { num, den } = parseDecimal(String(percent), "percent");
  return Number(divRound(BigInt(assertMinorUnits(amount)) * num, den * 100n, mode));
}

/**
 * Convert minor units between currencies with an exact decimal rate (1 unit of `from` = rate units
 * of `to`), adjusting for the two exponents, rounded in the target currency.
 */
export function convertMinor(amount: number, from: CurrencyCode, to: CurrencyCode, rate: string, mode: RoundingMode = "half_up"): number {
  const fe = currencyExponent(from);
  const te = currencyExponent(to);
  const { num, den } = parseDecimal(rate, "rate");
  if (num <= 0n) throw new DomainError("BAD_USER_INPUT", "Exchange rate must be greater than zero", { field: "rate" });
  let n = BigInt(assertMinorUnits(amount)) * num;
  let d = den;
  if (te > fe) n *= 10n ** BigInt(te - fe);
  else if (fe > te) d *= 10n ** BigInt(fe - te);
  return Number(divRound(n, d, mode));
}

/**
 * Split `total` across weights in proportion, so the parts sum exactly to total (largest remainder).
 * Used to spread an order-level discount or tax over lines without losing or inventing a cent.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
  assertMinorUnits(total, "total");
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) {
    const out = weights.map(() => 0);
    out[0] = total;
    return out;
  }
  const T = BigInt(total);
  const S = BigInt(sum);
  const parts = weights.map((w) => (T * BigInt(w)) / S);
  const rems = weights.map((w, i) => ({ i, r: (T * BigInt(w)) % S }));
  let left = T - parts.reduce((a, b) => a + b, 0n);
  const step = left >= 0n ? 1n : -1n;
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : b.r > a.r ? 1 : -1));
  for (let k = 0; left !== 0n; k = (k + 1) % rems.length) {
    const idx = rems[k]!.i;
    parts[idx] = parts[idx]! + step;
    left -= step;
  }
  return parts.map(Number);
}

/** Format for humans/logs only (never for arithmetic): 1234 USD → "12.34 USD". */
export function formatMoney(m: Money): string {
  const e = currencyExponent(m.currency);
  const neg = m.amount < 0;
  const s = String(Math.abs(m.amount)).padStart(e + 1, "0");
  const body = e === 0 ? s : `${s.slice(0, s.length - e)}.${s.slice(s.length - e)}`;
  return `${neg ? "-" : ""}${body} ${m.currency}`;
}
