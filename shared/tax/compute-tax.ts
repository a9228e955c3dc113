/**
 * Step two: rates in hand, compute, round and itemize. Pure and synchronous.
 *
 * Rounding (documented policy):
 * - level "line": every component (one jurisdiction × kind × line) is rounded on its own; the
 *   order's tax is the sum of those rounded amounts.
 * - level "invoice": the exact components are summed per jurisdiction × kind across the order and
 *   rounded once; each total is then spread back over the lines by largest remainder, so stored
 *   line taxes add up to the invoice figure exactly.
 * - mode half_up or half_even, applied in the order currency's minor unit (JPY yen, KWD fils).
 * - Tax-inclusive prices: the gross entered is kept; net = gross − rounded tax, so net + tax =
 *   gross for every line and for the order, to the minor unit.
 */
import { roundFraction } from "./exact-fraction";
import { roundInvoice } from "./invoice-rounding";
import { exactLine, indexRates, TemplateCache } from "./line-components";
import { roundLineFast } from "./line-fast";
import type { TaxPlan } from "./tax-plan";
import type {
  JurisdictionTaxSummary, LineTax, RateSet, TaxComponent, TaxResult,
} from "./tax.types";
import { JURISDICTION_LEVELS } from "./tax.types";

export interface ComputeOptions {
  strategy: string;
  /** sales tax applies to the price including excise (true in most US states for tobacco) */
  salesTaxOnExcise: boolean;
}

const EMPTY: RateSet = { sales: [], excise: [] };

export function computeTax(plan: TaxPlan, rates: RateSet | null, options: ComputeOptions): TaxResult {
  const tables = indexRates(rates ?? EMPTY, plan.now, plan.currency);
  const inclusive = plan.pricesIncludeTax;
  const salesOnExcise = options.salesTaxOnExcise;
  const cache = new TemplateCache(tables, salesOnExcise);
  const count = plan.lines.length;
  const total = count + (plan.shipping ? 1 : 0);
  const plannedAt = (i: number) => (i < count ? plan.lines[i]! : plan.shipping!);
  const mode = plan.rounding.mode;
  // invoice rounding needs every line's exact components first; line rounding works line by line
  const invoice = plan.rounding.level === "invoice" ? roundInvoice({ count: total, plannedAt, cache, inclusive, salesOnExcise, mode }) : null;

  // one summary per kind × jurisdiction (the template's group), filled in line order (with line
  // rounding, templates and so groups are still being created inside the loop)
  const summaries: (JurisdictionTaxSummary | undefined)[] = [];
  let salesTotal = 0;
  let exciseTotal = 0;
  let netTotal = 0;
  let taxTotal = 0;
  const taxes: number[] = [];
  const lineTaxes: LineTax[] = new Array<LineTax>(total);
  for (let i = 0; i < total; i++) {
    const planned = plannedAt(i);
    const { input } = planned;
    const template = cache.templateOf(planned);
    const specs = template.specs;
    // this line's rounded components are lineTax[base + c]
    const lineTax = invoice ? invoice.taxes : taxes;
    const base = invoice ? invoice.starts[i]! : 0;
    if (!invoice && !roundLineFast(planned, template, inclusive, salesOnExcise, mode, taxes)) {
      const exact = exactLine(planned, i < count ? i : -1, cache, inclusive, salesOnExcise).exact;
      for (let c = 0; c < specs.length; c++) taxes[c] = roundFraction(exact[c]!, mode);
    }
    let tax = 0;
    let excise = 0;
    for (let c = 0; c < specs.length; c++) {
      const t = lineTax[base + c]!;
      tax += t;
      if (specs[c]!.kind === "excise") excise += t;
    }
    salesTotal += tax - excise;
    exciseTotal += excise;
    const net = inclusive ? input.amount - tax : input.amount;
    const components: TaxComponent[] = new Array<TaxComponent>(specs.length);
    for (let c = 0; c < specs.length; c++) {
      const spec = specs[c]!;
      const j = spec.jurisdiction;
      const taxableAmount = spec.base === "net" ? net : spec.base === "net_plus_excise" ? net + excise : input.wholesaleUnitAmount! * input.quantity;
      const t = lineTax[base + c]!;
      components[c] = {
        kind: spec.kind,
        jurisdictionKey: j.key,
        jurisdictionName: j.name,
        level: j.level,
        category: spec.category,
        rate: spec.rate,
        method: spec.method,
        rateId: spec.rateId,
        taxableAmount,
        tax: t,
      };
      let s = summaries[spec.group];
      if (!s) {
        s = { kind: spec.kind, jurisdictionKey: j.key, jurisdictionName: j.name, level: j.level, rates: [], taxableAmount: 0, tax: 0 };
        summaries[spec.group] = s;
      }
      if (!s.rates.includes(spec.rate)) s.rates.push(spec.rate);
      s.taxableAmount += taxableAmount;
      s.tax += t;
    }
    netTotal += net;
    taxTotal += tax;
    lineTaxes[i] = {
      lineId: input.id,
      isShipping: planned.isShipping,
      net,
      tax,
      gross: net + tax,
      jurisdictionKeys: template.chainKeys,
      sourcing: planned.sourcing,
      exemption: planned.exemption,
      components,
    };
  }

  const shipping = plan.shipping ? lineTaxes.pop()! : null;
  return {
    strategy: options.strategy,
    currency: plan.currency,
    pricesIncludeTax: inclusive,
    rounding: plan.rounding,
    rateLookup: rates ? "performed" : "skipped",
    exemption: plan.exemption,
    lines: lineTaxes,
    shipping,
    jurisdictions: sortSummaries(summaries),
    totals: { net: netTotal, tax: taxTotal, gross: netTotal + taxTotal, byKind: { sales: salesTotal, excise: exciseTotal } },
    calculatedAt: plan.now.toISOString(),
  };
}

const LEVEL_ORDER = new Map(JURISDICTION_LEVELS.map((l, i) => [l, i]));

function sortSummaries(all: readonly (JurisdictionTaxSummary | undefined)[]): JurisdictionTaxSummary[] {
  const sales: JurisdictionTaxSummary[] = [];
  const excise: JurisdictionTaxSummary[] = [];
  for (const s of all) if (s) (s.kind === "sales" ? sales : excise).push(s);
  const byLevel = (a: JurisdictionTaxSummary, b: JurisdictionTaxSummary) =>
    LEVEL_ORDER.get(a.level)! - LEVEL_ORDER.get(b.level)! || (a.jurisdictionKey < b.jurisdictionKey ? -1 : a.jurisdictionKey > b.jurisdictionKey ? 1 : 0);
  return [...sales.sort(byLevel), ...excise.sort(byLevel)];
}
