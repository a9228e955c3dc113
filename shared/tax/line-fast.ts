/**
 * Line rounding without Fraction objects. With level "line" each component is rounded on its
 * own, so only its rounded value is needed: the same exact quantities line-components.ts builds
 * as Fractions (excise, the net extracted from a gross, the sales base) are carried here as
 * numerator/denominator pairs in local variables, each product and sum checked against 2^53 as
 * in exact-fraction.ts, and rounded with the same integer rule. Any step that would leave the
 * safe range (or any input the exact path reports an error for) returns false, and the caller
 * takes the Fraction path instead: results are identical, only the allocation goes.
 */
import type { RoundingMode } from "../kernel/money";
import { cachedDecimal, divRoundSmall, gcdNum } from "./exact-fraction";
import type { LineTemplate } from "./line-components";
import type { PlannedLine } from "./tax-plan";

const MAX = Number.MAX_SAFE_INTEGER;
/** A float64 result below 2^53 in magnitude is exact when its operands were exact integers. */
const safe = (x: number) => x <= MAX && x >= -MAX;

// The result of mulTo/addTo: two numbers returned without an object (synchronous use only).
let rn = 0;
let rd = 1;

/** (an/ad)·(bn/bd) into rn/rd (denominators > 0); false when it does not fit in safe integers. */
function mulTo(an: number, ad: number, bn: number, bd: number): boolean {
  if (an === 0 || bn === 0) {
    rn = 0;
    rd = 1;
    return true;
  }
  let n = an * bn;
  let d = ad * bd;
  if (!safe(n) || !safe(d)) {
    const g1 = gcdNum(an, bd);
    const g2 = gcdNum(bn, ad);
    n = (an / g1) * (bn / g2);
    d = (ad / g2) * (bd / g1);
    if (!safe(n) || !safe(d)) return false;
  }
  rn = n;
  rd = d;
  return true;
}

/** an/ad + bn/bd into rn/rd over the least common denominator; false when it does not fit. */
function addTo(an: number, ad: number, bn: number, bd: number): boolean {
  if (ad === bd) {
    const n = an + bn;
    if (!safe(n)) return false;
    rn = n;
    rd = ad;
    return true;
  }
  const l = (ad / gcdNum(ad, bd)) * bd;
  if (!safe(l)) return false;
  const x = an * (l / ad);
  const y = bn * (l / bd);
  if (!safe(x) || !safe(y) || !safe(x + y)) return false;
  rn = x + y;
  rd = l;
  return true;
}

/**
 * The rounded tax of each of the line's components into `out` (template order), or false when
 * the line needs the exact path (a value past 2^53, the fast path off, or an input error).
 */
export function roundLineFast(
  planned: PlannedLine, template: LineTemplate, inclusive: boolean, salesOnExcise: boolean, mode: RoundingMode, out: number[],
): boolean {
  if (!exactLineFast(planned, template, inclusive, salesOnExcise, scratchN, scratchD, 0)) return false;
  for (let k = 0; k < template.specs.length; k++) out[k] = divRoundSmall(scratchN[k]!, scratchD[k]!, mode);
  return true;
}

/** where exactLineFast writes: a plain array or a typed one */
export type NumberSlots = number[] | Float64Array;

const scratchN: number[] = [];
const scratchD: number[] = [];

/**
 * The exact tax of each of the line's components as outN[at + k] / outD[at + k] (denominators
 * > 0, not necessarily reduced), or false when the line needs the exact path.
 */
export function exactLineFast(
  planned: PlannedLine, template: LineTemplate, inclusive: boolean, salesOnExcise: boolean, outN: NumberSlots, outD: NumberSlots, at: number,
): boolean {
  const specs = template.specs;
  if (specs.length === 0) return true;
  const small = template.small;
  if (small === null) return false;
  const { vn, vd } = small;
  const input = planned.input;
  const quantity = input.quantity;

  let An = 0;
  let Ad = 1;
  for (let k = 0; k < template.fixed; k++) {
    switch (specs[k]!.method) {
      case "per_volume": {
        if (input.unitVolumeMl == null) return false;
        // a volume not parsed yet is parsed (and validated, with its field name) by the exact path
        const ml = cachedDecimal(String(input.unitVolumeMl));
        if (ml === undefined || ml.big) return false;
        if (!mulTo(vn[k]!, vd[k]!, ml.n, ml.d) || !mulTo(rn, rd, quantity, 1)) return false;
        break;
      }
      case "percent_wholesale": {
        if (input.wholesaleUnitAmount == null) return false;
        const wholesale = input.wholesaleUnitAmount * quantity;
        if (!safe(wholesale) || !mulTo(vn[k]!, vd[k]!, wholesale, 1)) return false;
        break;
      }
      default: // per_unit
        if (!mulTo(vn[k]!, vd[k]!, quantity, 1)) return false;
    }
    outN[at + k] = rn;
    outD[at + k] = rd;
    if (!addTo(An, Ad, rn, rd)) return false;
    An = rn;
    Ad = rd;
  }

  let netN = input.amount;
  let netD = 1;
  if (inclusive) {
    // net = (gross − A·(1 + R·s)) / (1 + B + R·(1 + s·B))
    if (!mulTo(An, Ad, small.fixedFactorN, small.fixedFactorD) || !addTo(netN, 1, -rn, rd)) return false;
    if (!mulTo(rn, rd, small.denominatorD, small.denominatorN)) return false;
    // a negative net is an input error the exact path reports
    if (rn < 0) return false;
    netN = rn;
    netD = rd;
  }
  for (let k = template.fixed; k < template.retailEnd; k++) {
    if (!mulTo(vn[k]!, vd[k]!, netN, netD)) return false;
    outN[at + k] = rn;
    outD[at + k] = rd;
  }
  if (template.retailEnd === specs.length) return true;
  let baseN = netN;
  let baseD = netD;
  if (salesOnExcise) {
    // net + A + B·net = net·(1 + B) + A
    if (!mulTo(netN, netD, small.onePlusBn, small.onePlusBd) || !addTo(rn, rd, An, Ad)) return false;
    baseN = rn;
    baseD = rd;
  }
  for (let k = template.retailEnd; k < specs.length; k++) {
    if (!mulTo(vn[k]!, vd[k]!, baseN, baseD)) return false;
    outN[at + k] = rn;
    outD[at + k] = rd;
  }
  return true;
}

/** an/ad + bn/bd as [rn, rd] through the module scratch; exported for the invoice sums. */
export function addExact(an: number, ad: number, bn: number, bd: number): boolean {
  return addTo(an, ad, bn, bd);
}
export const lastNumerator = (): number => rn;
export const lastDenominator = (): number => rd;
