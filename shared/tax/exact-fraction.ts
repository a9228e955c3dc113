/**
 * Exact fractions over BigInt. Tax is computed unrounded first (a rate applied to a net, or a
 * net extracted from a gross by dividing by 1 + R, which is not a terminating decimal), and
 * rounded exactly once at the level the rounding policy asks for.
 */
import { divRound, parseDecimal } from "../kernel/money";
import type { RoundingMode } from "../kernel/money";
import { badInput } from "../kernel/errors";

export interface Fraction {
  readonly n: bigint;
  /** > 0 */
  readonly d: bigint;
}

export const ZERO: Fraction = { n: 0n, d: 1n };
export const ONE: Fraction = { n: 1n, d: 1n };

export const DECIMAL_PATTERN = /^\d{1,12}(\.\d{1,12})?$/;

const decimalCache = new Map<string, Fraction>();

/** Parse a non-negative decimal string ("0.0725") into an exact fraction; cached, rates repeat. */
export function decimalFraction(value: string, field = "rate"): Fraction {
  const hit = decimalCache.get(value);
  if (hit) return hit;
  if (!DECIMAL_PATTERN.test(value)) throw badInput(`${field} must be a non-negative decimal like "0.0725", got "${value}"`, field);
  const { num, den } = parseDecimal(value, field);
  const f = reduce({ n: num, d: den });
  if (decimalCache.size > 10_000) decimalCache.clear();
  decimalCache.set(value, f);
  return f;
}

export function fromInt(v: number | bigint): Fraction {
  return { n: BigInt(v), d: 1n };
}

function gcd(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export function reduce(f: Fraction): Fraction {
  if (f.n === 0n) return ZERO;
  if (f.d === 1n) return f;
  const g = gcd(f.n, f.d);
  return g === 1n ? f : { n: f.n / g, d: f.d / g };
}

export function add(a: Fraction, b: Fraction): Fraction {
  if (a.n === 0n) return b;
  if (b.n === 0n) return a;
  if (a.d === b.d) return { n: a.n + b.n, d: a.d };
  // powers of ten dominate (decimal rates): align without a gcd when one divides the other
  if (a.d > b.d && a.d % b.d === 0n) return { n: a.n + b.n * (a.d / b.d), d: a.d };
  if (b.d > a.d && b.d % a.d === 0n) return { n: a.n * (b.d / a.d) + b.n, d: b.d };
  return reduce({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
}

export function sub(a: Fraction, b: Fraction): Fraction {
  return add(a, { n: -b.n, d: b.d });
}

/** Denominators stay unreduced while small (rates are decimals): a gcd per product costs more than it saves. */
const REDUCE_ABOVE = 10n ** 24n;

export function mul(a: Fraction, b: Fraction): Fraction {
  if (a.n === 0n || b.n === 0n) return ZERO;
  const d = a.d * b.d;
  return d > REDUCE_ABOVE ? reduce({ n: a.n * b.n, d }) : { n: a.n * b.n, d };
}

export function mulInt(a: Fraction, k: number | bigint): Fraction {
  const kb = BigInt(k);
  if (kb === 0n || a.n === 0n) return ZERO;
  return { n: a.n * kb, d: a.d };
}

export function div(a: Fraction, b: Fraction): Fraction {
  if (b.n === 0n) throw new RangeError("division by zero");
  const n = a.n * b.d;
  const d = a.d * b.n;
  return reduce(d < 0n ? { n: -n, d: -d } : { n, d });
}

export function isNegative(a: Fraction): boolean {
  return a.n < 0n;
}

export function roundFraction(a: Fraction, mode: RoundingMode): number {
  return Number(a.d === 1n ? a.n : divRound(a.n, a.d, mode));
}

/** Back to a decimal string for display/storage, when it terminates within `maxScale` digits. */
export function fractionToDecimal(a: Fraction, maxScale = 12): string {
  const neg = a.n < 0n;
  let n = neg ? -a.n : a.n;
  const intPart = n / a.d;
  n %= a.d;
  let frac = "";
  for (let i = 0; i < maxScale && n !== 0n; i++) {
    n *= 10n;
    frac += String(n / a.d);
    n %= a.d;
  }
  return `${neg ? "-" : ""}${intPart}${frac ? `.${frac}` : ""}`;
}

/**
 * Spread an already-rounded `total` over exact parts so the results sum to `total` and each stays
 * within one minor unit of its exact share (largest remainder, ties to the earlier part).
 */
export function allocateExact(total: number, parts: readonly Fraction[]): number[] {
  if (parts.length === 0) return [];
  let d = 1n;
  for (const p of parts) if (d % p.d !== 0n) d = (d * p.d) / gcd(d, p.d);
  const weights = parts.map((p) => p.n * (d / p.d));
  const sum = weights.reduce((a, b) => a + b, 0n);
  const T = BigInt(total);
  if (sum === 0n) {
    const out = parts.map(() => 0);
    out[0] = total;
    return out;
  }
  const sign = sum < 0n ? -1n : 1n;
  const S = sum * sign;
  const shares = weights.map((w) => T * w * sign);
  const out = shares.map((s) => {
    const q = s / S;
    return s < 0n && s % S !== 0n ? q - 1n : q; // floor
  });
  const rem = shares.map((s, i) => ({ i, r: s - out[i]! * S }));
  let left = T - out.reduce((a, b) => a + b, 0n);
  rem.sort((a, b) => (a.r === b.r ? a.i - b.i : b.r > a.r ? 1 : -1));
  const step = left >= 0n ? 1n : -1n;
  if (step < 0n) rem.reverse();
  for (let k = 0; left !== 0n; k = (k + 1) % rem.length) {
    const idx = rem[k]!.i;
    out[idx] = out[idx]! + step;
    left -= step;
  }
  return out.map(Number);
}
