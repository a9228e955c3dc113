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
      // packed keys (remainder, then inverted index), all distinct: the `left` largest get one
      // more unit, in whatever order, so selecting them is enough (no full sort)
      const m = withRem.length;
      const keys = new Float64Array(m);
      for (let k = 0; k < m; k++) keys[k] = rem[withRem[k]!]! * 65_536 + (65_535 - withRem[k]!);
      selectLargest(keys, left);
      for (let k = m - left; k < m; k++) {
        const key = keys[k]!;
        parts[65_535 - (key - Math.floor(key / 65_536) * 65_536)]! += 1;
      }
    } else {
      withRem.sort((a, b) => rem[b]! - rem[a]! || a - b);
      for (let k = 0; k < left; k++) parts[withRem[k]!]! += 1;
    }
  }
  return parts;
}

/**
 * Rearrange distinct `a` so its `k` largest values occupy the last k slots (quickselect; a full
 * sort when the partitioning degenerates).
 */
function selectLargest(a: Float64Array, k: number): void {
  const n = a.length;
  if (k <= 0 || k >= n) return;
  const target = n - k;
  let lo = 0;
  let hi = n - 1;
  for (let round = 0; hi > lo; round++) {
    if (round > 64) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const mid = (lo + hi) >>> 1;
    const x = a[lo]!;
    const y = a[mid]!;
    const z = a[hi]!;
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    // now a[lo..j] ≤ pivot ≤ a[i..hi], and j < i
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return;
  }
}

/** amount × num / den (den > 0), half-up, for non-negative integers. */
export function mulDivHalfUp(amount: number, num: number, den: number): number {
  const n = amount * num;
  if (amount < 0 || n > SAFE) return mulDiv(amount, num, den, "half_up");
  const q = Math.floor(n / den);
  return (n - q * den) * 2 >= den ? q + 1 : q;
}
