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
import { exactLine, indexRates, type ExactComponent, type ExactLine } from "./line-components";
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
  const exact: ExactLine[] = plan.lines.map((l, i) => exactLine(l, i, tables, inclusive, options.salesTaxOnExcise));
  if (plan.shipping) exact.push(exactLine(plan.shipping, -1, tables, inclusive, options.salesTaxOnExcise));

  const rounded = roundComponents(exact, plan.rounding.level, plan.rounding.mode);

  const lineTaxes: LineTax[] = exact.map((line, i) => {
    const taxes = rounded[i]!;
    const { input } = line.planned;
    let tax = 0;
    let excise = 0;
    for (let c = 0; c < taxes.length; c++) {
      tax += taxes[c]!;
      if (line.components[c]!.kind === "excise") excise += taxes[c]!;
    }
    const net = inclusive ? input.amount - tax : input.amount;
    const components: TaxComponent[] = line.components.map((c, ci) => ({
      kind: c.kind,
      jurisdictionKey: c.jurisdiction.key,
      jurisdictionName: c.jurisdiction.name,
      level: c.jurisdiction.level,
      category: c.category,
      rate: c.rate,
      method: c.method,
      rateId: c.rateId,
      taxableAmount: c.base === "net" ? net : c.base === "net_plus_excise" ? net + excise : c.base.fixed,
      tax: taxes[ci]!,
    }));
    return {
      lineId: input.id,
      isShipping: line.planned.isShipping,
      net,
      tax,
      gross: net + tax,
      jurisdictionKeys: line.planned.chain.map((j) => j.key),
      sourcing: line.planned.sourcing,
      exemption: line.planned.exemption,
      components,
    };
  });

  const shipping = plan.shipping ? lineTaxes.pop()! : null;
  const all = shipping ? [...lineTaxes, shipping] : lineTaxes;
  const byKind: Record<TaxKind, number> = { sales: 0, excise: 0 };
  let net = 0;
  let tax = 0;
  for (const l of all) {
    net += l.net;
    tax += l.tax;
    for (const c of l.components) byKind[c.kind] += c.tax;
  }
  return {
    strategy: options.strategy,
    currency: plan.currency,
    pricesIncludeTax: inclusive,
    rounding: plan.rounding,
    rateLookup: rates ? "performed" : "skipped",
    exemption: plan.exemption,
    lines: lineTaxes,
    shipping,
    jurisdictions: summarize(all),
    totals: { net, tax, gross: net + tax, byKind },
    calculatedAt: plan.now.toISOString(),
  };
}

/** Rounded tax per component, same shape as `lines[i].components`. */
function roundComponents(lines: readonly ExactLine[], level: "line" | "invoice", mode: "half_up" | "half_even"): number[][] {
  if (level === "line") return lines.map((l) => l.components.map((c) => roundFraction(c.exact, mode)));

  const out: number[][] = lines.map((l) => l.components.map(() => 0));
  const groups = new Map<string, { sum: Fraction; members: { line: number; comp: number; exact: Fraction }[] }>();
  lines.forEach((l, li) =>
    l.components.forEach((c: ExactComponent, ci) => {
      const key = `${c.kind}|${c.jurisdiction.key}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { sum: ZERO, members: [] }));
      g.sum = add(g.sum, c.exact);
      g.members.push({ line: li, comp: ci, exact: c.exact });
    }),
  );
  for (const g of groups.values()) {
    const parts = allocateExact(roundFraction(g.sum, mode), g.members.map((m) => m.exact));
    g.members.forEach((m, i) => (out[m.line]![m.comp] = parts[i]!));
  }
  return out;
}

const LEVEL_ORDER = new Map(JURISDICTION_LEVELS.map((l, i) => [l, i]));

function summarize(lines: readonly LineTax[]): JurisdictionTaxSummary[] {
  const byKind: Record<TaxKind, Map<string, JurisdictionTaxSummary>> = { sales: new Map(), excise: new Map() };
  for (const l of lines) {
    for (const c of l.components) {
      const map = byKind[c.kind];
      let s = map.get(c.jurisdictionKey);
      if (!s) {
        s = { kind: c.kind, jurisdictionKey: c.jurisdictionKey, jurisdictionName: c.jurisdictionName, level: c.level, rates: [], taxableAmount: 0, tax: 0 };
        map.set(c.jurisdictionKey, s);
      }
      if (!s.rates.includes(c.rate)) s.rates.push(c.rate);
      s.taxableAmount += c.taxableAmount;
      s.tax += c.tax;
    }
  }
  const byLevel = (a: JurisdictionTaxSummary, b: JurisdictionTaxSummary) =>
    LEVEL_ORDER.get(a.level)! - LEVEL_ORDER.get(b.level)! || (a.jurisdictionKey < b.jurisdictionKey ? -1 : a.jurisdictionKey > b.jurisdictionKey ? 1 : 0);
  return [...[...byKind.sales.values()].sort(byLevel), ...[...byKind.excise.values()].sort(byLevel)];
}
