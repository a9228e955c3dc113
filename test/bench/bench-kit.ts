/**
 * Contract for benchmarks: each `test/bench/*.bench.ts` default-exports a BenchSuite. The runner
 * (`scripts/bench.ts`) filters cases by name, runs them in order and prints figures; it asserts
 * nothing about time. Figures carry the reference the issue names, if any, for side-by-side output.
 */
export interface Figure {
  bench: string; // e.g. "pricing.cart500"
  metric: string; // e.g. "p99"
  value: number;
  unit: string; // "ms", "req/s", "queries", "%", "bins", "x"
  reference?: number | string | null;
  goal?: string;
}

export interface BenchCase {
  name: string; // dotted, filterable: "packing.mpv.class1.n50"
  run(): Promise<Figure[]> | Figure[];
}

export interface BenchSuite {
  cases: BenchCase[];
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const idx = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[idx]!;
}

/** Time `fn` `iterations` times after `warmup` runs; returns sorted durations in ms. */
export async function timeIt(fn: () => unknown, iterations: number, warmup = Math.min(20, iterations)): Promise<number[]> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out.sort((a, b) => a - b);
}

export function latencyFigures(bench: string, sortedMs: number[], ref: { p50?: number | string; p99?: number | string } = {}, goal?: { p50?: string; p99?: string }): Figure[] {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return [
    { bench, metric: "p50", value: r(percentile(sortedMs, 50)), unit: "ms", reference: ref.p50 ?? null, goal: goal?.p50 },
    { bench, metric: "p99", value: r(percentile(sortedMs, 99)), unit: "ms", reference: ref.p99 ?? null, goal: goal?.p99 },
  ];
}
