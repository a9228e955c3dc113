/**
 * Exact (unrounded) tax components of one line. Every component is linear in the line's net:
 * excise is a fixed amount (per unit, per ml, % of wholesale) or a share of the net (% of retail);
 * sales tax is each jurisdiction's rate times the net (plus the excise where the strategy taxes
 * excise). That makes tax-inclusive extraction a closed formula rather than an iteration:
 *
 *   gross = net + A + B·net + R·(net + s·(A + B·net))
 *   net   = (gross − A·(1 + R·s)) / (1 + B + R·(1 + s·B))
 *
 * with A the fixed excise, B the sum of retail-percentage excise rates, R the sum of sales rates
 * and s = 1 when sales tax applies on top of excise.
 *
 * Which components a line has, their rates and the sums B and R depend only on its jurisdiction
 * chain, category, excise class and whether it is shipping: an order of hundreds of lines has a
 * handful of such combinations, so each is worked out once per calculation (a LineTemplate) and
 * a line only multiplies its own amounts through it.
 */
import { badInput } from "../kernel/errors";
import {
  add, cachedDecimal, decimalFraction, div, fastPathEnabled, fromInt, isNegative, mul, mulInt, ONE, sub, ZERO, type Fraction,
} from "./exact-fraction";
import type { ExciseMethod, ExciseRate, Jurisdiction, RateSet, SalesTaxRate, TaxKind } from "./tax.types";
import { STANDARD_CATEGORY, type PlannedLine } from "./tax-plan";

/** One component of a template: everything but the amounts. */
export interface ComponentSpec {
  kind: TaxKind;
  jurisdiction: Jurisdiction;
  category: string;
  rate: string;
  method: "percent" | ExciseMethod;
  rateId: string;
  value: Fraction;
  /** what the taxable amount is once the line is rounded ("wholesale": wholesale unit × quantity) */
  base: "net" | "net_plus_excise" | "wholesale";
  /** index of this kind × jurisdiction among the calculation's groups (invoice rounding, summary) */
  group: number;
}

export interface TaxGroup {
  kind: TaxKind;
  jurisdiction: Jurisdiction;
}

/** The components lines of one chain × category × excise class × shipping flag share, in output order. */
export interface LineTemplate {
  specs: readonly ComponentSpec[];
  /** specs[0, fixed): per_unit / per_volume / percent_wholesale excise; then retail excise; then sales */
  fixed: number;
  retailEnd: number;
  B: Fraction;
  /** 1 + R·s */
  fixedFactor: Fraction;
  /** 1 + B + R·(1 + s·B) */
  denominator: Fraction;
  /** the jurisdiction keys of the chain the template belongs to */
  chainKeys: readonly string[];
  /** the same values as plain numbers, for the line-rounding fast path; null when any is big or the fast path is off */
  small: SmallTemplate | null;
}

/** A template's fractions as numerator/denominator pairs of safe integers. */
export interface SmallTemplate {
  /** spec values: vn[k] / vd[k] */
  vn: number[];
  vd: number[];
  /** 1 + B */
  onePlusBn: number;
  onePlusBd: number;
  fixedFactorN: number;
  fixedFactorD: number;
  denominatorN: number;
  denominatorD: number;
}

export interface ExactLine {
  planned: PlannedLine;
  template: LineTemplate;
  /** net before rounding (the entered amount when prices exclude tax) */
  net: Fraction;
  /** exact tax per spec of the template, same order */
  exact: Fraction[];
}

interface Active<R> {
  rate: R;
  value: Fraction;
}

/** jurisdiction key → category/class → the rate in force; nested so no key string is built per line */
type Table<R> = Map<string, Map<string, Active<R>>>;

export interface RateTables {
  sales: Table<SalesTaxRate>;
  excise: Table<ExciseRate>;
}

function put<R extends { validFrom: Date }>(table: Table<R>, jurisdictionKey: string, slot: string, rate: R, value: () => Fraction): void {
  let inner = table.get(jurisdictionKey);
  if (!inner) table.set(jurisdictionKey, (inner = new Map()));
  const cur = inner.get(slot);
  if (!cur || cur.rate.validFrom.getTime() < rate.validFrom.getTime()) inner.set(slot, { rate, value: value() });
}

function isActive(r: { validFrom: Date; validTo: Date | null }, now: number): boolean {
  return r.validFrom.getTime() <= now && (r.validTo == null || now < r.validTo.getTime());
}

/** Keep the rates in force at `now`, one per jurisdiction+category (the latest start wins if data overlaps). */
export function indexRates(rates: RateSet, now: Date, currency: string): RateTables {
  const t = now.getTime();
  const sales: Table<SalesTaxRate> = new Map();
  for (const r of rates.sales) {
    if (isActive(r, t)) put(sales, r.jurisdictionKey, r.category, r, () => decimalFraction(r.rate, `rate ${r.id}`));
  }
  const excise: Table<ExciseRate> = new Map();
  for (const r of rates.excise) {
    if (!isActive(r, t)) continue;
    if ((r.method === "per_unit" || r.method === "per_volume") && r.currency && r.currency !== currency) {
      throw badInput(`Excise rate ${r.id} is stated in ${r.currency} but the order is in ${currency}`, "currency", { rateId: r.id });
    }
    put(excise, r.jurisdictionKey, r.productClass, r, () => decimalFraction(r.value, `excise ${r.id}`));
  }
  return { sales, excise };
}

interface ChainEntry {
  keys: readonly string[];
  empty: LineTemplate;
  /** category → excise class ("" when no excise is computed) → template per (sales?, shipping?) */
  byCategory: Map<string, Map<string, (LineTemplate | undefined)[]>>;
}

/**
 * Templates of one calculation. Built inside it (never shared across calls): the fractions it
 * holds are made in whatever arithmetic mode the calculation runs in.
 */
export class TemplateCache {
  private readonly chains = new Map<readonly Jurisdiction[], ChainEntry>();
  /** jurisdiction key → group, per kind */
  private readonly salesGroups = new Map<string, number>();
  private readonly exciseGroups = new Map<string, number>();
  readonly groups: TaxGroup[] = [];

  constructor(
    private readonly tables: RateTables,
    private readonly salesOnExcise: boolean,
  ) {}

  private chain(chain: readonly Jurisdiction[]): ChainEntry {
    let e = this.chains.get(chain);
    if (!e) {
      // frozen: every line of this chain shares the array in its result (LineTax.jurisdictionKeys)
      const keys = Object.freeze(chain.map((j) => j.key));
      const empty: LineTemplate = { specs: [], fixed: 0, retailEnd: 0, B: ZERO, fixedFactor: ONE, denominator: ONE, chainKeys: keys, small: null };
      this.chains.set(chain, (e = { keys, empty, byCategory: new Map() }));
    }
    return e;
  }

  /** The line's template (which carries its chain's jurisdiction keys). */
  templateOf(planned: PlannedLine): LineTemplate {
    const entry = this.chain(planned.chain);
    const kinds = planned.kinds;
    if (kinds.length === 0) return entry.empty;
    let withSales = false;
    let withExcise = false;
    for (let k = 0; k < kinds.length; k++) {
      if (kinds[k] === "sales") withSales = true;
      else if (kinds[k] === "excise") withExcise = true;
    }
    const cls = withExcise && planned.input.exciseClass ? planned.input.exciseClass : "";
    let byClass = entry.byCategory.get(planned.category);
    if (!byClass) entry.byCategory.set(planned.category, (byClass = new Map()));
    let slots = byClass.get(cls);
    if (!slots) byClass.set(cls, (slots = [undefined, undefined, undefined, undefined]));
    const slot = (withSales ? 2 : 0) + (planned.isShipping ? 1 : 0);
    return (slots[slot] ??= this.build(planned, cls, withSales, entry.keys));
  }

  private group(kind: TaxKind, j: Jurisdiction): number {
    const ids = kind === "sales" ? this.salesGroups : this.exciseGroups;
    let g = ids.get(j.key);
    if (g === undefined) {
      g = this.groups.length;
      this.groups.push({ kind, jurisdiction: j });
      ids.set(j.key, g);
    }
    return g;
  }

  private build(planned: PlannedLine, cls: string, withSales: boolean, chainKeys: readonly string[]): LineTemplate {
    const fixed: ComponentSpec[] = [];
    const retail: ComponentSpec[] = [];
    const sales: ComponentSpec[] = [];
    let B = ZERO;
    let R = ZERO;
    if (cls !== "") {
      for (const j of planned.chain) {
        const hit = this.tables.excise.get(j.key)?.get(cls);
        if (!hit) continue;
        const r = hit.rate;
        const spec: ComponentSpec = {
          kind: "excise", jurisdiction: j, category: r.productClass, rate: r.value, method: r.method, rateId: r.id, value: hit.value,
          base: r.method === "percent_wholesale" ? "wholesale" : "net", group: this.group("excise", j),
        };
        if (r.method === "percent_retail") {
          B = add(B, hit.value);
          retail.push(spec);
        } else fixed.push(spec);
      }
    }
    if (withSales) {
      for (const j of planned.chain) {
        if (planned.isShipping && !j.shippingTaxable) continue;
        const inner = this.tables.sales.get(j.key);
        const hit = inner?.get(planned.category) ?? (planned.category !== STANDARD_CATEGORY ? inner?.get(STANDARD_CATEGORY) : undefined);
        if (!hit) continue;
        R = add(R, hit.value);
        sales.push({
          kind: "sales", jurisdiction: j, category: planned.category, rate: hit.rate.rate, method: "percent", rateId: hit.rate.id, value: hit.value,
          base: this.salesOnExcise ? "net_plus_excise" : "net", group: this.group("sales", j),
        });
      }
    }
    const s = this.salesOnExcise ? ONE : ZERO;
    const specs = [...fixed, ...retail, ...sales];
    const fixedFactor = add(ONE, mul(R, s));
    const denominator = add(add(ONE, B), mul(R, add(ONE, mul(s, B))));
    return {
      specs,
      fixed: fixed.length,
      retailEnd: fixed.length + retail.length,
      B,
      fixedFactor,
      denominator,
      chainKeys,
      small: smallTemplate(specs, add(ONE, B), fixedFactor, denominator),
    };
  }
}

function smallTemplate(specs: readonly ComponentSpec[], onePlusB: Fraction, fixedFactor: Fraction, denominator: Fraction): SmallTemplate | null {
  if (!fastPathEnabled() || onePlusB.big || fixedFactor.big || denominator.big) return null;
  const vn = new Array<number>(specs.length);
  const vd = new Array<number>(specs.length);
  for (let k = 0; k < specs.length; k++) {
    const v = specs[k]!.value;
    if (v.big) return null;
    vn[k] = v.n;
    vd[k] = v.d;
  }
  return {
    vn, vd, onePlusBn: onePlusB.n, onePlusBd: onePlusB.d,
    fixedFactorN: fixedFactor.n, fixedFactorD: fixedFactor.d, denominatorN: denominator.n, denominatorD: denominator.d,
  };
}

const fieldOf = (planned: PlannedLine, index: number) => (planned.isShipping ? "shipping" : `lines.${index}`);

export function exactLine(planned: PlannedLine, index: number, cache: TemplateCache, inclusive: boolean, salesOnExcise: boolean): ExactLine {
  const { input } = planned;
  const template = cache.templateOf(planned);
  const specs = template.specs;
  const amount = fromInt(input.amount);
  if (specs.length === 0) return { planned, template, net: amount, exact: [] };

  const exact = new Array<Fraction>(specs.length);
  let A = ZERO;
  for (let k = 0; k < template.fixed; k++) {
    const spec = specs[k]!;
    let e: Fraction;
    switch (spec.method) {
      case "per_volume": {
        if (input.unitVolumeMl == null) {
          const field = fieldOf(planned, index);
          throw badInput(`${field}.unitVolumeMl is needed for ${spec.category} excise charged per ml`, `${field}.unitVolumeMl`);
        }
        const ml = String(input.unitVolumeMl);
        e = mulInt(mul(spec.value, cachedDecimal(ml) ?? decimalFraction(ml, `${fieldOf(planned, index)}.unitVolumeMl`)), input.quantity);
        break;
      }
      case "percent_wholesale": {
        if (input.wholesaleUnitAmount == null) {
          const field = fieldOf(planned, index);
          throw badInput(`${field}.wholesaleUnitAmount is needed for ${spec.category} excise on the wholesale price`, `${field}.wholesaleUnitAmount`);
        }
        e = mulInt(spec.value, input.wholesaleUnitAmount * input.quantity);
        break;
      }
      default: // per_unit
        e = mulInt(spec.value, input.quantity);
    }
    exact[k] = e;
    A = add(A, e);
  }

  let net = amount;
  if (inclusive) {
    net = div(sub(amount, mul(A, template.fixedFactor)), template.denominator);
    if (isNegative(net)) {
      const field = fieldOf(planned, index);
      throw badInput(`${field}.amount is smaller than the excise it must include`, `${field}.amount`);
    }
  }
  for (let k = template.fixed; k < template.retailEnd; k++) exact[k] = mul(specs[k]!.value, net);
  if (template.retailEnd < specs.length) {
    const salesBase = salesOnExcise ? add(net, add(A, mul(template.B, net))) : net;
    for (let k = template.retailEnd; k < specs.length; k++) exact[k] = mul(specs[k]!.value, salesBase);
  }
  return { planned, template, net, exact };
}
