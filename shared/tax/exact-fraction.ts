/**
 * Exact fractions. Tax is computed unrounded first (a rate applied to a net, or a net extracted
 * from a gross by dividing by 1 + R, which is not a terminating decimal), and rounded exactly
 * once at the level the rounding policy asks for.
 *
 * Fast path: a fraction whose numerator and denominator are safe integers is kept as plain
 * numbers, and every operation on two such fractions is done in float64 integer arithmetic,
 * checked: a product or sum whose magnitude reaches 2^53 could have been rounded, so the
 * operation is redone over BigInt (the exact path) instead. Results are therefore identical to
 * the BigInt path, only cheaper; `withExactArithmetic` forces the BigInt path (tests compare).
 */
import { divRound, parseDecimal } from "../kernel/money";
import type { RoundingMode } from "../kernel/money";
import { badInput } from "../kernel/errors";

interface SmallFraction {
  readonly big: false;
  readonly n: number;
  /** > 0 */
  readonly d: number;
}
interface BigFraction {
  readonly big: true;
  readonly n: bigint;
  /** > 0 */
  readonly d: bigint;
}
export type Fraction = SmallFraction | BigFraction;

const MAX = Number.MAX_SAFE_INTEGER;
/** A float64 result below 2^53 in magnitude is exact when its operands were exact integers. */
const safe = (x: number) => x <= MAX && x >= -MAX;
const small = (n: number, d: number): SmallFraction => ({ big: false, n, d });
const MAX_BIG = BigInt(MAX);

let exactOnly = false;

/** Run `fn` (synchronous) with the fast path off: every operation over BigInt. */
export function withExactArithmetic<T>(fn: () => T): T {
  const prev = exactOnly;
  exactOnly = true;
  try {
    return fn();
  } finally {
    exactOnly = prev;
  }
}

/** BigInt result, demoted to plain numbers when it fits (unless the fast path is off). */
function mkBig(n: bigint, d: bigint): Fraction {
  if (!exactOnly && n <= MAX_BIG && n >= -MAX_BIG && d <= MAX_BIG) return small(Number(n), Number(d));
  return { big: true, n, d };
}

function toBig(a: Fraction): BigFraction {
  return a.big ? a : { big: true, n: BigInt(a.n), d: BigInt(a.d) };
}

/** False inside withExactArithmetic: callers with their own plain-number paths must take the exact one. */
export const fastPathEnabled = (): boolean => !exactOnly;

const bothSmall = (a: Fraction, b: Fraction): boolean => !exactOnly && !a.big && !b.big;
const isZero = (a: Fraction) => (a.big ? a.n === 0n : a.n === 0);

export const ZERO: Fraction = small(0, 1);
export const ONE: Fraction = small(1, 1);

/** n / d from safe integers (d > 0) the caller has checked, e.g. a plain-number path's result. */
export const smallFraction = (n: number, d: number): Fraction => small(n, d);

export const DECIMAL_PATTERN = /^\d{1,12}(\.\d{1,12})?$/;

const decimalCache = new Map<string, Fraction>();

/** Parse a non-negative decimal string ("0.0725") into an exact fraction; cached, rates repeat. */
export function decimalFraction(value: string, field = "rate"): Fraction {
  const hit = decimalCache.get(value);
  if (hit) return hit;
  if (!DECIMAL_PATTERN.test(value)) throw badInput(`${field} must be a non-negative decimal like "0.0725", got "${value}"`, field);
  const { num, den } = parseDecimal(value, field);
  const r = reduceBig(num, den);
  // cached values must not depend on the mode they were first parsed in
  const f = r.n <= MAX_BIG && r.d <= MAX_BIG ? small(Number(r.n), Number(r.d)) : r;
  if (decimalCache.size > 10_000) decimalCache.clear();
  decimalCache.set(value, f);
  return f;
}

/** The cached fraction of a decimal string already parsed, if any (no field name to build on a hit). */
export function cachedDecimal(value: string): Fraction | undefined {
  return decimalCache.get(value);
}

export function fromInt(v: number | bigint): Fraction {
  if (typeof v === "number" && Number.isSafeInteger(v)) return small(v, 1);
  return mkBig(BigInt(v), 1n);
}

function gcdBig(a: bigint, b: bigint): bigint {
  if (a < 0n) a = -a;
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

export function gcdNum(a: number, b: number): number {
  if (a < 0) a = -a;
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function reduceBig(n: bigint, d: bigint): BigFraction {
  if (n === 0n) return { big: true, n: 0n, d: 1n };
  if (d === 1n) return { big: true, n, d };
  const g = gcdBig(n, d);
  return g === 1n ? { big: true, n, d } : { big: true, n: n / g, d: d / g };
}

function reduceSmall(n: number, d: number): SmallFraction {
  if (n === 0) return small(0, 1);
  if (d === 1) return small(n, d);
  const g = gcdNum(n, d);
  return g === 1 ? small(n, d) : small(n / g, d / g);
}

export function reduce(f: Fraction): Fraction {
  if (!f.big && !exactOnly) return reduceSmall(f.n, f.d);
  const b = toBig(f);
  const r = reduceBig(b.n, b.d);
  return mkBig(r.n, r.d);
}

export function add(a: Fraction, b: Fraction): Fraction {
  if (isZero(a)) return b;
  if (isZero(b)) return a;
  if (bothSmall(a, b)) {
    const x = a as SmallFraction;
    const y = b as SmallFraction;
    if (x.d === y.d) {
      const n = x.n + y.n;
      if (safe(n)) return small(n, x.d);
    } else if (x.d > y.d && x.d % y.d === 0) {
      const m = y.n * (x.d / y.d);
      if (safe(m) && safe(x.n + m)) return small(x.n + m, x.d);
    } else if (y.d > x.d && y.d % x.d === 0) {
      const m = x.n * (y.d / x.d);
      if (safe(m) && safe(m + y.n)) return small(m + y.n, y.d);
    } else {
      const p = x.n * y.d;
      const q = y.n * x.d;
      const d = x.d * y.d;
      if (safe(p) && safe(q) && safe(d) && safe(p + q)) return reduceSmall(p + q, d);
    }
  }
  const x = toBig(a);
  const y = toBig(b);
  if (x.d === y.d) return mkBig(x.n + y.n, x.d);
  // powers of ten dominate (decimal rates): align without a gcd when one divides the other
  if (x.d > y.d && x.d % y.d === 0n) return mkBig(x.n + y.n * (x.d / y.d), x.d);
  if (y.d > x.d && y.d % x.d === 0n) return mkBig(x.n * (y.d / x.d) + y.n, y.d);
  const r = reduceBig(x.n * y.d + y.n * x.d, x.d * y.d);
  return mkBig(r.n, r.d);
}

export function sub(a: Fraction, b: Fraction): Fraction {
  return add(a, b.big ? { big: true, n: -b.n, d: b.d } : small(-b.n, b.d));
}

/** Denominators stay unreduced while small (rates are decimals): a gcd per product costs more than it saves. */
const REDUCE_ABOVE = 10n ** 24n;

export function mul(a: Fraction, b: Fraction): Fraction {
  if (isZero(a) || isZero(b)) return ZERO;
  if (bothSmall(a, b)) {
    const x = a as SmallFraction;
    const y = b as SmallFraction;
    const n = x.n * y.n;
    const d = x.d * y.d;
    if (safe(n) && safe(d)) return small(n, d);
    // cancel across before giving up on plain numbers
    const g1 = gcdNum(x.n, y.d);
    const g2 = gcdNum(y.n, x.d);
    const n2 = (x.n / g1) * (y.n / g2);
    const d2 = (x.d / g2) * (y.d / g1);
    if (safe(n2) && safe(d2)) return small(n2, d2);
  }
  const x = toBig(a);
  const y = toBig(b);
  const d = x.d * y.d;
  if (d > REDUCE_ABOVE) {
    const r = reduceBig(x.n * y.n, d);
    return mkBig(r.n, r.d);
  }
  return mkBig(x.n * y.n, d);
}

export function mulInt(a: Fraction, k: number | bigint): Fraction {
  if (isZero(a) || k === 0 || k === 0n) return ZERO;
  if (!exactOnly && !a.big && typeof k === "number") {
    const n = a.n * k;
    if (Number.isSafeInteger(k) && safe(n)) return small(n, a.d);
  }
  const x = toBig(a);
  return mkBig(x.n * BigInt(k), x.d);
}

export function div(a: Fraction, b: Fraction): Fraction {
  if (isZero(b)) throw new RangeError("division by zero");
  if (bothSmall(a, b)) {
    const x = a as SmallFraction;
    const y = b as SmallFraction;
    const n = x.n * y.d;
    const d = x.d * y.n;
    if (safe(n) && safe(d)) return d < 0 ? reduceSmall(-n, -d) : reduceSmall(n, d);
  }
  const x = toBig(a);
  const y = toBig(b);
  const n = x.n * y.d;
  const d = x.d * y.n;
  const r = d < 0n ? reduceBig(-n, -d) : reduceBig(n, d);
  return mkBig(r.n, r.d);
}

export function isNegative(a: Fraction): boolean {
  return a.big ? a.n < 0n : a.n < 0;
}

/** True when both denote the same number (whatever their representation). */
export function fractionsEqual(a: Fraction, b: Fraction): boolean {
  const x = toBig(a);
  const y = toBig(b);
  return x.n * y.d === y.n * x.d;
}

/** Same rule as money.divRound, on safe integers (`%` and exact division keep it exact); d > 0. */
export function divRoundSmall(n: number, d: number, mode: RoundingMode): number {
  const r = n % d;
  const q = (n - r) / d;
  if (r === 0) return q;
  const neg = n < 0;
  const absR2 = Math.abs(r) * 2;
  switch (mode) {
    case "down":
      return q;
    case "up":
      return neg ? q - 1 : q + 1;
    case "floor":
      return neg ? q - 1 : q;
    case "ceil":
      return neg ? q : q + 1;
    case "half_up":
      return absR2 >= d ? (neg ? q - 1 : q + 1) : q;
    case "half_even":
      if (absR2 > d) return neg ? q - 1 : q + 1;
      if (absR2 < d) return q;
      return q % 2 === 0 ? q : neg ? q - 1 : q + 1;
  }
}

export function roundFraction(a: Fraction, mode: RoundingMode): number {
  if (!a.big && !exactOnly) return a.d === 1 ? a.n : divRoundSmall(a.n, a.d, mode);
  const x = toBig(a);
  return Number(x.d === 1n ? x.n : divRound(x.n, x.d, mode));
}

/** Back to a decimal string for display/storage, when it terminates within `maxScale` digits. */
export function fractionToDecimal(a: Fraction, maxScale = 12): string {
  const x = toBig(a);
  const neg = x.n < 0n;
  let n = neg ? -x.n : x.n;
  const intPart = n / x.d;
  n %= x.d;
  let frac = "";
  for (let i = 0; i < maxScale && n !== 0n; i++) {
    n *= 10n;
    frac += String(n / x.d);
    n %= x.d;
  }
  return `${neg ? "-" : ""}${intPart}${frac ? `.${frac}` : ""}`;
}

/**
 * Spread an already-rounded `total` over exact parts so the results sum to `total` and each stays
 * within one minor unit of its exact share (largest remainder, ties to the earlier part).
 * Plain numbers while the common denominator and every share stay below 2^53 (checked, as in
 * the other operations), BigInt otherwise; same results either way.
 */
export function allocateExact(total: number, fractions: readonly Fraction[]): number[] {
  if (fractions.length === 0) return [];
  if (!exactOnly && Number.isSafeInteger(total) && fractions.every((f) => !f.big)) {
    const small = fractions as readonly SmallFraction[];
    const fast = allocateSmall(total, small.map((f) => f.n), small.map((f) => f.d));
    if (fast) return fast;
  }
  const parts = fractions.map(toBig);
  let d = 1n;
  for (const p of parts) if (d % p.d !== 0n) d = (d * p.d) / gcdBig(d, p.d);
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

/**
 * allocateExact over parts ns[i] / ds[i] (safe integers, ds[i] > 0); null when some
 * intermediate would leave the safe range. Callers check the fast path is on.
 */
export function allocateSmall(total: number, ns: ArrayLike<number>, ds: ArrayLike<number>): number[] | null {
  const n = ns.length;
  if (n === 0) return [];
  let d = 1;
  for (let i = 0; i < n; i++) {
    const fd = ds[i]!;
    if (d % fd !== 0) {
      d = (d / gcdNum(d, fd)) * fd;
      if (!safe(d)) return null;
    }
  }
  const weights = new Array<number>(n);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const w = ns[i]! * (d / ds[i]!);
    sum += w;
    if (!safe(w) || !safe(sum)) return null;
    weights[i] = w;
  }
  if (sum === 0) {
    const out = new Array<number>(n).fill(0);
    out[0] = total;
    return out;
  }
  const sign = sum < 0 ? -1 : 1;
  const S = sum * sign;
  const out = new Array<number>(n);
  const rem = new Array<number>(n);
  let left = total;
  for (let i = 0; i < n; i++) {
    const share = total * weights[i]! * sign;
    if (!safe(share)) return null;
    // floor division kept exact: % on safe integers is exact, (share − r) / S divides evenly
    let r = share % S;
    let q = (share - r) / S;
    if (r < 0) {
      q -= 1;
      r += S;
    }
    out[i] = q;
    rem[i] = r;
    left -= q;
  }
  if (left === 0) return out;
  const step = left >= 0 ? 1 : -1;
  if (safe(S * n)) {
    // largest remainder first, ties to the lower index: one native sort of packed keys
    // rem·n + (n − 1 − i), ascending, walked from the end (or from the start when taking back)
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = rem[i]! * n + (n - 1 - i);
    keys.sort();
    for (let k = 0; left !== 0; k = (k + 1) % n) {
      const key = keys[step > 0 ? n - 1 - k : k]!;
      const idx = n - 1 - (key % n);
      out[idx] = out[idx]! + step;
      left -= step;
    }
    return out;
  }
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (rem[a] === rem[b] ? a - b : rem[b]! > rem[a]! ? 1 : -1));
  if (step < 0) order.reverse();
  for (let k = 0; left !== 0; k = (k + 1) % n) {
    const idx = order[k]!;
    out[idx] = out[idx]! + step;
    left -= step;
  }
  return out;
}
