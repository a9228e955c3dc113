/**
 * Tax for a 500-line order across mixed jurisdictions (city-level CA, special district, origin-
 * sourced TX, state-only NV, Chicago with tobacco/vapor/cigar excise), mixed categories, shipping.
 * Times the whole pure pipeline: plan (match, exemptions) + one in-memory rate look-up + compute.
 */
import { InMemoryRateSource, JurisdictionIndex, TableTaxStrategy, type TaxLineInput, type TaxRequest, type TaxRounding } from "../../shared/tax";
import { ADDR, JURISDICTIONS, NOW, RATES } from "../shared/tax/fixtures";
import { latencyFigures, timeIt, type BenchSuite, type Figure } from "./bench-kit";

const DESTINATIONS = [ADDR.laCity, ADDR.santaMonicaTransit, ADDR.caStateOnly, ADDR.nv, ADDR.houston, ADDR.chicago, ADDR.austin];
const CATEGORIES = ["standard", "standard", "reduced", "food", "exempt"];
const EXCISE = [null, null, null, "tobacco", "vapor", "cigar"] as const;

function order(lines: number, rounding: TaxRounding, pricesIncludeTax: boolean): TaxRequest {
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const out: TaxLineInput[] = [];
  for (let i = 0; i < lines; i++) {
    const exciseClass = EXCISE[rnd(EXCISE.length)]!;
    const quantity = 1 + rnd(12);
    out.push({
      id: `line-${i}`,
      quantity,
      // ≥ 8.00 a unit so a gross price always covers the per-pack excise in the inclusive case
      amount: quantity * (800 + rnd(20_000)),
      taxCategory: CATEGORIES[rnd(CATEGORIES.length)]!,
      exciseClass,
      unitVolumeMl: exciseClass === "vapor" ? "2.5" : null,
      wholesaleUnitAmount: exciseClass === "vapor" ? 350 + rnd(400) : null,
      shipTo: DESTINATIONS[rnd(DESTINATIONS.length)]!,
    });
  }
  return {
    currency: "USD", now: NOW, channel: { code: "bench", pricesIncludeTax }, shipTo: ADDR.laCity, shipFrom: ADDR.austin,
    lines: out, shipping: { amount: 2500 }, rounding,
  };
}

function strategy() {
  return new TableTaxStrategy({ jurisdictions: new JurisdictionIndex(JURISDICTIONS), rates: new InMemoryRateSource(RATES) });
}

/**
 * CPU time of each call (process.cpuUsage, µs → ms): on this shared 2-core machine wall-clock
 * tails are dominated by the process being descheduled, which CPU time does not count. The
 * engine is synchronous inside resolveAll (the in-memory sources resolve at once).
 */
async function cpuTimes(fn: () => Promise<unknown>, iterations: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const c0 = process.cpuUsage();
    await fn();
    const c = process.cpuUsage(c0);
    out.push((c.user + c.system) / 1000);
  }
  return out.sort((a, b) => a - b);
}

async function measure(bench: string, request: TaxRequest, withReference: boolean): Promise<Figure[]> {
  const s = strategy();
  const check = await s.resolveAll(request);
  if (check.lines.length !== 500 || check.totals.tax <= 0) throw new Error(`${bench}: unexpected result`);
  // a long warm-up: the first runs measure the JIT, not the engine
  const samples = await timeIt(() => s.resolveAll(request), 500, 200);
  const figures = latencyFigures(bench, samples, withReference ? { p99: 2 } : {}, { p99: "≤ 2 ms (pure)" });
  figures.push(...latencyFigures(`${bench}_cpu`, await cpuTimes(() => s.resolveAll(request), 500), {}, { p99: "≤ 2 ms (pure)" }));
  figures.push({ bench, metric: "tax_components", value: check.lines.reduce((n, l) => n + l.components.length, 0), unit: "count" });
  return figures;
}

const suite: BenchSuite = {
  cases: [
    { name: "tax.order500", run: () => measure("tax.order500", order(500, { level: "line", mode: "half_up" }, false), true) },
    { name: "tax.order500.invoice-rounding", run: () => measure("tax.order500.invoice-rounding", order(500, { level: "invoice", mode: "half_even" }, false), false) },
    { name: "tax.order500.inclusive", run: () => measure("tax.order500.inclusive", order(500, { level: "line", mode: "half_up" }, true), false) },
  ],
};

export default suite;
