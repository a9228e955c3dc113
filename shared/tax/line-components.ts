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
 */
import { badInput } from "../kernel/errors";
import {
  add, decimalFraction, div, fromInt, isNegative, mul, mulInt, ONE, sub, ZERO, type Fraction,
} from "./exact-fraction";
import type { ExciseMethod, ExciseRate, Jurisdiction, RateSet, SalesTaxRate, TaxKind } from "./tax.types";
import { STANDARD_CATEGORY, type PlannedLine } from "./tax-plan";

export interface ExactComponent {
  kind: TaxKind;
  jurisdiction: Jurisdiction;
  category: string;
  rate: string;
  method: "percent" | ExciseMethod;
  rateId: string;
  exact: Fraction;
  /** what the taxable amount is once the line is rounded */
  base: "net" | "net_plus_excise" | { fixed: number };
}

export interface ExactLine {
  planned: PlannedLine;
  /** net before rounding (the entered amount when prices exclude tax) */
  net: Fraction;
  components: ExactComponent[];
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

export function exactLine(planned: PlannedLine, index: number, tables: RateTables, inclusive: boolean, salesOnExcise: boolean): ExactLine {
  const { input } = planned;
  const field = planned.isShipping ? "shipping" : `lines.${index}`;
  const components: ExactComponent[] = [];
  if (planned.kinds.length === 0) return { planned, net: fromInt(input.amount), components };

  let A = ZERO;
  let B = ZERO;
  const retail: ExactComponent[] = [];
  const fixed: ExactComponent[] = [];
  if (planned.kinds.includes("excise") && input.exciseClass) {
    for (const j of planned.chain) {
      const hit = tables.excise.get(j.key)?.get(input.exciseClass);
      if (!hit) continue;
      const r = hit.rate;
      const c: ExactComponent = { kind: "excise", jurisdiction: j, category: r.productClass, rate: r.value, method: r.method, rateId: r.id, exact: ZERO, base: "net" };
      switch (r.method) {
        case "per_unit":
          c.exact = mulInt(hit.value, input.quantity);
          break;
        case "per_volume": {
          if (input.unitVolumeMl == null) throw badInput(`${field}.unitVolumeMl is needed for ${r.productClass} excise charged per ml`, `${field}.unitVolumeMl`);
          c.exact = mulInt(mul(hit.value, decimalFraction(String(input.unitVolumeMl), `${field}.unitVolumeMl`)), input.quantity);
          break;
        }
        case "percent_wholesale": {
          if (input.wholesaleUnitAmount == null) throw badInput(`${field}.wholesaleUnitAmount is needed for ${r.productClass} excise on the wholesale price`, `${field}.wholesaleUnitAmount`);
          const base = input.wholesaleUnitAmount * input.quantity;
          c.exact = mulInt(hit.value, base);
          c.base = { fixed: base };
          break;
        }
        case "percent_retail":
          B = add(B, hit.value);
          retail.push(c);
          continue;
      }
      A = add(A, c.exact);
      fixed.push(c);
    }
  }

  const sales: { c: ExactComponent; r: Fraction }[] = [];
  let R = ZERO;
  if (planned.kinds.includes("sales")) {
    for (const j of planned.chain) {
      if (planned.isShipping && !j.shippingTaxable) continue;
      const inner = tables.sales.get(j.key);
      const hit = inner?.get(planned.category) ?? (planned.category !== STANDARD_CATEGORY ? inner?.get(STANDARD_CATEGORY) : undefined);
      if (!hit) continue;
      R = add(R, hit.value);
      sales.push({
        c: { kind: "sales", jurisdiction: j, category: planned.category, rate: hit.rate.rate, method: "percent", rateId: hit.rate.id, exact: ZERO, base: salesOnExcise ? "net_plus_excise" : "net" },
        r: hit.value,
      });
    }
  }

  const amount = fromInt(input.amount);
  let net = amount;
  if (inclusive) {
    const s = salesOnExcise ? ONE : ZERO;
    const numerator = sub(amount, mul(A, add(ONE, mul(R, s))));
    const denominator = add(add(ONE, B), mul(R, add(ONE, mul(s, B))));
    net = div(numerator, denominator);
    if (isNegative(net)) throw badInput(`${field}.amount is smaller than the excise it must include`, `${field}.amount`);
  }
  for (const c of retail) {
    c.exact = mul(decimalFraction(c.rate), net);
    components.push(c);
  }
  components.unshift(...fixed);
  const exciseTotal = add(A, mul(B, net));
  const salesBase = salesOnExcise ? add(net, exciseTotal) : net;
  for (const { c, r } of sales) {
    c.exact = mul(r, salesBase);
    components.push(c);
  }
  return { planned, net, components };
}
