/**
 * Packing benchmarks (issue 8): Martello–Pisinger–Vigo classes (fixed orientation, unlimited
 * identical bins), Bischoff–Ratcliff BR1–7 (one container, orientation flags honoured) and a
 * cart-sized multi-box case. PACKING_BR_SAMPLE=k runs every k-th BR instance (default 1 = all 700).
 * Constraints applied: MPV runs with the literature's rules — fixed orientation, NO support rule
 * (minSupportRatio 0, items may float, as binpackingjs and the published tables allow);
 * PACKING_MPV_SUPPORT=0.75 reruns it with the engine's default gravity rule instead. BR and the cart
 * case run with the default support rule (0.75 of the base) and, for BR, the orientation flags.
 */
import { readFileSync } from "node:fs";
import { packItems } from "../../shared/shipping/packing";
import { latencyFigures, percentile, timeIt, type BenchCase, type BenchSuite, type Figure } from "./bench-kit";
import { brToInput, containerVolume, parseBr } from "./packing/br-parser";
import { cartInstance } from "./packing/cart-case";
import { generateMpv, MPV_CLASSES, mpvLowerBound, mpvToInput } from "./packing/mpv-generator";

/** binpackingjs 4.1.0 mean bins, from ../shared/notes/packing-benchmarks.md: [class][n] */
const BINPACKINGJS: Record<number, Record<number, number>> = {
  1: { 50: 14.6, 100: 28.4, 200: 53.6 }, 4: { 50: 29.7, 100: 59.2, 200: 119.5 }, 5: { 50: 8.8, 100: 16.0, 200: 29.0 },
  6: { 50: 10.6, 100: 19.8, 200: 38.6 }, 7: { 50: 8.0, 100: 13.7, 200: 25.2 }, 8: { 50: 10.2, 100: 19.7, 200: 31.4 },
};
const BR_DATA = new URL("../../../shared/data/packing/bischoff-ratcliff-br1-7-eb-afit.txt", import.meta.url);
const r2 = (x: number) => Math.round(x * 100) / 100;
const MPV_SUPPORT = Number(process.env.PACKING_MPV_SUPPORT ?? 0) || 0;

const mpvTotals = { ours: 0, ref: 0 };

function mpvCase(cls: number, n: number): BenchCase {
  const bench = `packing.mpv.class${cls}.n${n}`;
  return {
    name: bench,
    run(): Figure[] {
      let bins = 0, lb = 0;
      const ms: number[] = [];
      for (let v = 1; v <= 10; v++) {
        const inst = generateMpv(cls, n, v);
        const input = { ...mpvToInput(inst), options: { minSupportRatio: MPV_SUPPORT } };
        const t0 = performance.now();
        const res = packItems(input);
        ms.push(performance.now() - t0);
        bins += res.packages.length;
        lb += mpvLowerBound(inst);
      }
      ms.sort((a, b) => a - b);
      const ref = BINPACKINGJS[cls]![n]!;
      mpvTotals.ours += bins / 10;
      mpvTotals.ref += ref;
      return [
        { bench, metric: "bins", value: bins / 10, unit: "bins", reference: ref, goal: `< ${ref} (binpackingjs)` },
        { bench, metric: "support_ratio", value: MPV_SUPPORT, unit: "ratio" },
        { bench, metric: "lb", value: lb / 10, unit: "bins" },
        { bench, metric: "gap_to_lb", value: r2((100 * (bins - lb)) / lb), unit: "%" },
        { bench, metric: "vs_binpackingjs", value: r2((100 * (bins / 10 - ref)) / ref), unit: "%" },
        { bench, metric: "ms_mean", value: r2(ms.reduce((a, b) => a + b, 0) / ms.length), unit: "ms" },
        { bench, metric: "ms_max", value: r2(ms[ms.length - 1]!), unit: "ms", goal: n === 200 ? "< 100" : undefined },
      ];
    },
  };
}

const mpvTotal: BenchCase = {
  name: "packing.mpv.total",
  run: () => [{
    bench: "packing.mpv.total", metric: "bins_vs_binpackingjs", unit: "%",
    value: mpvTotals.ref ? r2((100 * (mpvTotals.ours - mpvTotals.ref)) / mpvTotals.ref) : NaN,
    reference: mpvTotals.ref, goal: "<= -15 (all 18 MPV cases must run first)",
  }],
};

const brCase: BenchCase = {
  name: "packing.br",
  run(): Figure[] {
    const sample = Math.max(1, Number(process.env.PACKING_BR_SAMPLE ?? 1) || 1);
    const all = parseBr(readFileSync(BR_DATA, "utf8"));
    const perSet = new Map<number, number[]>();
    const ms: number[] = [];
    let eb = 0, count = 0;
    for (let i = 0; i < all.length; i += sample) {
      const inst = all[i]!;
      const t0 = performance.now();
      const res = packItems(brToInput(inst));
      ms.push(performance.now() - t0);
      const vol = res.packages.reduce((s, p) => s + p.fillRatio * containerVolume(inst), 0);
      const util = (100 * vol) / containerVolume(inst);
      if (!perSet.has(inst.set)) perSet.set(inst.set, []);
      perSet.get(inst.set)!.push(util);
      eb += inst.ebAfit;
      count++;
    }
    ms.sort((a, b) => a - b);
    const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
    const figs: Figure[] = [
      { bench: "packing.br", metric: "utilization_mean", value: r2(mean([...perSet.values()].flat())), unit: "%", reference: r2(eb / count), goal: ">= 88.1 (EB-AFIT), stretch 90" },
    ];
    for (const [set, u] of perSet) figs.push({ bench: `packing.br.BR${set}`, metric: "utilization_mean", value: r2(mean(u)), unit: "%" });
    figs.push({ bench: "packing.br", metric: "instances", value: count, unit: "count" });
    figs.push({ bench: "packing.br", metric: "p95", value: r2(percentile(ms, 95)), unit: "ms", reference: "binpackingjs 36-100", goal: "<= 100" });
    return figs;
  },
};

const cartCase: BenchCase = {
  name: "packing.cart",
  async run(): Promise<Figure[]> {
    const carts = Array.from({ length: 20 }, (_, i) => cartInstance(i + 1));
    let k = 0;
    const ms = await timeIt(() => packItems(carts[k++ % carts.length]!), 400, 40);
    return latencyFigures("packing.cart", ms, {}, { p99: "<= 5" });
  },
};

const suite: BenchSuite = {
  cases: [...MPV_CLASSES.flatMap((c) => [50, 100, 200].map((n) => mpvCase(c, n))), mpvTotal, brCase, cartCase],
};
export default suite;
