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
import { add, allocateExact, roundFraction, ZERO, type Fraction } from "./exact-fraction";
import { exactLine, indexRates, TemplateCache, type ExactLine } from "./line-components";
import type { TaxPlan } from "./tax-plan";
import type {
  JurisdictionTaxSummary, LineTax, RateSet, TaxComponent, TaxKind, TaxResult,
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
  const exact: ExactLine[] = new Array<ExactLine>(count + (plan.shipping ? 1 : 0));
  for (let i = 0; i < count; i++) exact[i] = exactLine(plan.lines[i]!, i, cache, inclusive, salesOnExcise);
  if (plan.shipping) exact[count] = exactLine(plan.shipping, -1, cache, inclusive, salesOnExcise);

  const mode = plan.rounding.mode;
  const invoice = plan.rounding.level === "invoice" ? roundInvoice(exact, cache.groups.length, mode) : null;

  // one summary per kind × jurisdiction (the template's group), filled in line order
  const summaries: (JurisdictionTaxSummary | undefined)[] = new Array<JurisdictionTaxSummary | undefined>(cache.groups.length);
  const byKind: Record<TaxKind, number> = { sales: 0, excise: 0 };
  let netTotal = 0;
  let taxTotal = 0;
  const taxes: number[] = [];
  const lineTaxes: LineTax[] = new Array<LineTax>(exact.length);
  for (let i = 0; i < exact.length; i++) {
    const line = exact[i]!;
    const { planned, template } = line;
    const { input } = planned;
    const specs = template.specs;
    const lineInvoice = invoice ? invoice[i]! : null;
    let tax = 0;
    let excise = 0;
    for (let c = 0; c < specs.length; c++) {
      const t = lineInvoice ? lineInvoice[c]! : roundFraction(line.exact[c]!, mode);
      taxes[c] = t;
      tax += t;
      if (specs[c]!.kind === "excise") excise += t;
    }
    const net = inclusive ? input.amount - tax : input.amount;
    const components: TaxComponent[] = new Array<TaxComponent>(specs.length);
    for (let c = 0; c < specs.length; c++) {
      const spec = specs[c]!;
      const j = spec.jurisdiction;
      const taxableAmount = spec.base === "net" ? net : spec.base === "net_plus_excise" ? net + excise : input.wholesaleUnitAmount! * input.quantity;
      const t = taxes[c]!;
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
      byKind[spec.kind] += t;
    }
    netTotal += net;
    taxTotal += tax;
    lineTaxes[i] = {
      lineId: input.id,
      isShipping: planned.isShipping,
      net,
      tax,
      gross: net + tax,
      jurisdictionKeys: line.chainKeys.slice(),
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
    totals: { net: netTotal, tax: taxTotal, gross: netTotal + taxTotal, byKind },
    calculatedAt: plan.now.toISOString(),
  };
}

/**
 * Invoice rounding: exact components summed per kind × jurisdiction (the template groups),
 * rounded once, spread back over the lines. Rounded tax per line and component.
 */
function roundInvoice(lines: readonly ExactLine[], groupCount: number, mode: "half_up" | "half_even"): number[][] {
  const sums: Fraction[] = new Array<Fraction>(groupCount).fill(ZERO);
  const parts: Fraction[][] = Array.from({ length: groupCount }, () => []);
  const at: number[][] = Array.from({ length: groupCount }, () => []);
  const out: number[][] = new Array<number[]>(lines.length);
  for (let li = 0; li < lines.length; li++) {
    const { template, exact } = lines[li]!;
    const specs = template.specs;
    out[li] = new Array<number>(specs.length).fill(0);
    for (let ci = 0; ci < specs.length; ci++) {
      const g = specs[ci]!.group;
      const e = exact[ci]!;
      sums[g] = add(sums[g]!, e);
      parts[g]!.push(e);
      at[g]!.push(li, ci);
    }
  }
  for (let g = 0; g < groupCount; g++) {
    const shares = allocateExact(roundFraction(sums[g]!, mode), parts[g]!);
    const where = at[g]!;
    for (let m = 0; m < shares.length; m++) out[where[2 * m]!]![where[2 * m + 1]!] = shares[m]!;
  }
  return out;
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
