/**
 * Hot-path money helpers for the engine. Same results as kernel/money (half-up percent,
 * largest-remainder allocation) but in plain integer arithmetic while the products stay below
 * 2^53, falling back to the kernel's BigInt versions beyond.
 */
import { allocate, mulDiv, percentOf } from "../kernel/money";

const SAFE = Number.MAX_SAFE_INTEGER;

/** amount × percent / 100, half-up; percent has at most 4 decimals (validated by percentSchema). */
export function percentOfAmount(amount: number, percent: number): number {
  const p = Math.round(percent * 10_000); // exact for ≤ 4 decimals
  const n = amount * p;
  if (amount < 0 || n > SAFE) return percentOf(amount, percent);
  const q = Math.floor(n / 1_000_000);
  return (n - q * 1_000_000) * 2 >= 1_000_000 ? q + 1 : q;
}

/** Split total over weights (non-negative integers) in proportion; parts sum to total. */
export function shareByWeight(total: number, weights: ArrayLike<number>): number[] {
  const n = weights.length;
  let sum = 0;
  let max = 0;
  for (let i = 0; i < n; i++) {
    const w = weights[i]!;
    sum += w;
    if (w > max) max = w;
  }
  if (total === 0) return new Array<number>(n).fill(0);
  if (total < 0 || sum <= 0 || total * max > SAFE) return allocate(total, Array.from(weights));
  const parts = new Array<number>(n);
  const rem = new Float64Array(n);
  const withRem: number[] = [];
  let left = total;
  for (let i = 0; i < n; i++) {
    const x = total * weights[i]!;
    const q = Math.floor(x / sum);
    parts[i] = q;
    left -= q;
    const r = x - q * sum;
    rem[i] = r;
    if (r > 0) withRem.push(i);
  }
  if (left > 0) {
    // largest remainder first, then lowest index (kernel allocate's order); left < withRem.length
    if ((sum + 1) * 65_536 <= SAFE && n < 65_536) {
      // one native numeric sort on packed keys (remainder, then inverted index) instead of a comparator
      const keys = new Float64Array(withRem.length);
      for (let k = 0; k < withRem.length; k++) keys[k] = rem[withRem[k]!]! * 65_536 + (65_535 - withRem[k]!);
      keys.sort();
      for (let k = 0; k < left; k++) parts[65_535 - (keys[keys.length - 1 - k]! % 65_536)]! += 1;
    } else {
      withRem.sort((a, b) => rem[b]! - rem[a]! || a - b);
      for (let k = 0; k < left; k++) parts[withRem[k]!]! += 1;
    }
  }
  return parts;
}

/** amount × num / den (den > 0), half-up, for non-negative integers. */
export function mulDivHalfUp(amount: number, num: number, den: number): number {
  const n = amount * num;
  if (amount < 0 || n > SAFE) return mulDiv(amount, num, den, "half_up");
  const q = Math.floor(n / den);
  return (n - q * den) * 2 >= den ? q + 1 : q;
}
