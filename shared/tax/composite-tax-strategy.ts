/**
 * Extension slots: one provider per tax kind (e.g. an Avalara or TaxJar adapter for sales tax,
 * an ExciseIQ adapter for excise), each behind the same TaxStrategy interface, merged into one
 * itemized result. Prices that include tax need every kind extracted together from one gross, so
 * a split across providers is refused for tax-inclusive channels rather than approximated.
 */
import { badInput } from "../kernel/errors";
import type { JurisdictionTaxSummary, LineTax, TaxKind, TaxRequest, TaxResult, TaxStrategy } from "./tax.types";
import { TAX_KINDS } from "./tax.types";

export class CompositeTaxStrategy implements TaxStrategy {
  readonly kinds: readonly TaxKind[];

  /** `providers` maps each kind to the strategy that handles it; one strategy may serve several. */
  constructor(
    readonly code: string,
    private readonly providers: Partial<Record<TaxKind, TaxStrategy>>,
  ) {
    this.kinds = TAX_KINDS.filter((k) => providers[k]);
    for (const k of this.kinds) {
      if (!providers[k]!.kinds.includes(k)) throw badInput(`Strategy "${providers[k]!.code}" does not handle ${k} tax`, `providers.${k}`);
    }
  }

  async resolveAll(request: TaxRequest): Promise<TaxResult> {
    const wanted = this.kinds.filter((k) => !request.kinds || request.kinds.includes(k));
    const groups = new Map<TaxStrategy, TaxKind[]>();
    for (const k of wanted) {
      const s = this.providers[k]!;
      groups.set(s, [...(groups.get(s) ?? []), k]);
    }
    if (groups.size > 1 && request.channel.pricesIncludeTax && !request.channel.taxFree) {
      throw badInput("Tax-inclusive prices need a single strategy for all tax kinds", "channel.pricesIncludeTax");
    }
    const results = await Promise.all([...groups].map(([s, kinds]) => s.resolveAll({ ...request, kinds })));
    return results.length === 1 ? { ...results[0]!, strategy: this.code } : merge(this.code, results);
  }
}

function mergeLine(a: LineTax, b: LineTax): LineTax {
  const components = [...a.components, ...b.components];
  const tax = a.tax + b.tax;
  return { ...a, tax, gross: a.net + tax, components, exemption: a.exemption ?? b.exemption };
}

function merge(code: string, results: TaxResult[]): TaxResult {
  const [first, ...rest] = results as [TaxResult, ...TaxResult[]];
  let lines = first.lines;
  let shipping = first.shipping;
  const jurisdictions: JurisdictionTaxSummary[] = [...first.jurisdictions];
  const byKind = { ...first.totals.byKind };
  for (const r of rest) {
    lines = lines.map((l, i) => mergeLine(l, r.lines[i]!));
    shipping = shipping && r.shipping ? mergeLine(shipping, r.shipping) : shipping;
    jurisdictions.push(...r.jurisdictions);
    for (const k of TAX_KINDS) byKind[k] += r.totals.byKind[k];
  }
  const all = shipping ? [...lines, shipping] : lines;
  const net = all.reduce((s, l) => s + l.net, 0);
  const tax = all.reduce((s, l) => s + l.tax, 0);
  return {
    ...first,
    strategy: code,
    rateLookup: results.some((r) => r.rateLookup === "performed") ? "performed" : "skipped",
    exemption: results.every((r) => r.exemption) ? first.exemption : null,
    lines,
    shipping,
    jurisdictions,
    totals: { net, tax, gross: net + tax, byKind },
  };
}
