/**
 * Promotions: a 500-line cart against 1,000 / 5,000 / 20,000 active rules, indexed evaluation
 * (rule index + CartIndex) vs a plain loop over every rule, results checked identical.
 */
import { compileRules, evaluatePromotions, evaluatePromotionsPlain, PromotionRuleIndex, type PromotionResult } from "../../shared/promotions";
import { latencyFigures, percentile, timeIt, type BenchCase, type BenchSuite, type Figure } from "./bench-kit";
import { BENCH_CATALOG, makeCart, makeContext, makeRules, makeUsage, mulberry32 } from "./promotions-fixtures";

const NOW = Date.UTC(2026, 5, 15, 14, 0);
const CARTS = 8;
/** the rule index lives in a warm isolate (see active-rules cache): measure it warm */
const WARMUP = 300;

/**
 * CPU time of each call (process.cpuUsage, µs): on this shared 2-core machine wall-clock tails
 * are dominated by the process being descheduled, which CPU time does not count.
 */
function cpuTimes(fn: () => unknown, iterations: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const c0 = process.cpuUsage();
    fn();
    const c = process.cpuUsage(c0);
    out.push((c.user + c.system) / 1000);
  }
  return out.sort((a, b) => a - b);
}

/** Everything but explanations of rules the index skipped must match. */
export function sameOutcome(a: PromotionResult, b: PromotionResult): boolean {
  const strip = (r: PromotionResult) => JSON.stringify({ ...r, explanations: undefined });
  if (strip(a) !== strip(b)) return false;
  const full = new Map(b.explanations.map((e) => [e.ruleId, JSON.stringify(e)]));
  return a.explanations.every((e) => full.get(e.ruleId) === JSON.stringify(e));
}

function benchCase(ruleCount: number, iterations: number, plainIterations: number): BenchCase {
  const name = `promotions.rules${ruleCount}`;
  return {
    name,
    async run(): Promise<Figure[]> {
      const rng = mulberry32(7_000 + ruleCount);
      const json = makeRules(ruleCount, BENCH_CATALOG, rng, NOW);
      const rules = compileRules(json);
      const t0 = performance.now();
      const index = new PromotionRuleIndex(rules);
      const buildMs = performance.now() - t0;
      const inputs = Array.from({ length: CARTS }, () => {
        const ctx = makeContext(rng, NOW);
        ctx.usage = makeUsage(json, rng);
        return { cart: makeCart(500, BENCH_CATALOG, rng), ctx };
      });
      let identical = 0;
      let applied = 0;
      let candidates = 0;
      let exhaustive = 0;
      for (const { cart, ctx } of inputs) {
        const a = evaluatePromotions(index, cart, ctx);
        const b = evaluatePromotionsPlain(rules, cart, ctx);
        if (sameOutcome(a, b)) identical++;
        if (a.searchExhaustive) exhaustive++;
        applied += a.applied.length;
        candidates += a.explanations.length + a.applied.length;
      }
      let k = 0;
      const runIndexed = () => {
        const { cart, ctx } = inputs[k++ % CARTS]!;
        return evaluatePromotions(index, cart, ctx);
      };
      const indexed = await timeIt(runIndexed, iterations, WARMUP);
      const indexedCpu = cpuTimes(runIndexed, iterations);
      k = 0;
      const plain = await timeIt(() => {
        const { cart, ctx } = inputs[k++ % CARTS]!;
        return evaluatePromotionsPlain(rules, cart, ctx);
      }, plainIterations, 3);
      const p50 = (xs: number[]) => xs[Math.floor(xs.length / 2)]!;
      const r = (x: number) => Math.round(x * 1000) / 1000;
      const vendure = ruleCount === 1000 ? "Vendure 3.7.3: 1,888 ms p50 (50-line order, 1,000 promotions)" : null;
      return [
        ...latencyFigures(`${name}.indexed`, indexed, { p50: vendure ?? undefined }, ruleCount === 5000 ? { p99: "≤ 2 ms" } : undefined),
        ...latencyFigures(`${name}.indexed_cpu`, indexedCpu, {}, ruleCount === 5000 ? { p99: "≤ 2 ms" } : undefined),
        ...latencyFigures(`${name}.plain`, plain),
        { bench: name, metric: "speedup_p50", value: r(p50(plain) / p50(indexed)), unit: "x", goal: ruleCount === 5000 ? "≥ 50×" : undefined },
        { bench: name, metric: "speedup_p99", value: r(percentile(plain, 99) / percentile(indexed, 99)), unit: "x" },
        { bench: name, metric: "identical_results", value: identical, unit: `of ${CARTS} carts` },
        { bench: name, metric: "exhaustive_search", value: exhaustive, unit: `of ${CARTS} carts` },
        { bench: name, metric: "rules_considered_avg", value: r(candidates / CARTS), unit: "rules" },
        { bench: name, metric: "rules_applied_avg", value: r(applied / CARTS), unit: "rules" },
        { bench: name, metric: "index_build", value: r(buildMs), unit: "ms" },
      ];
    },
  };
}

const suite: BenchSuite = {
  cases: [benchCase(1_000, 400, 40), benchCase(5_000, 400, 20), benchCase(20_000, 200, 8)],
};
export default suite;
