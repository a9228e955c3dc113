/**
 * Invoice rounding: exact components summed per kind × jurisdiction (the template groups),
 * rounded once, spread back over the lines by largest remainder. The result is flat: the rounded
 * tax of line i's component c is at `taxes[starts[i] + c]`.
 *
 * The plain-number path keeps every exact component as a numerator/denominator pair in two
 * arrays (no Fraction per component); any value past 2^53, or the fast path being off, sends the
 * whole calculation through the Fraction path, whose results it reproduces exactly.
 */
import type { RoundingMode } from "../kernel/money";
import { add, allocateExact, allocateSmall, divRoundSmall, fastPathEnabled, roundFraction, smallFraction, ZERO, type Fraction } from "./exact-fraction";
import { exactLine, type LineTemplate, type TemplateCache } from "./line-components";
import { addExact, exactLineFast, lastDenominator, lastNumerator } from "./line-fast";
import type { PlannedLine } from "./tax-plan";

export interface InvoiceTaxes {
  taxes: number[];
  starts: number[];
}

export interface InvoiceInput {
  count: number;
  plannedAt: (i: number) => PlannedLine;
  cache: TemplateCache;
  inclusive: boolean;
  salesOnExcise: boolean;
  mode: RoundingMode;
}

export function roundInvoice(input: InvoiceInput): InvoiceTaxes {
  return roundInvoiceFast(input) ?? roundInvoiceExact(input);
}

function roundInvoiceFast({ count, plannedAt, cache, inclusive, salesOnExcise, mode }: InvoiceInput): InvoiceTaxes | null {
  if (!fastPathEnabled()) return null;
  // templates first (they create the groups), so every buffer below is allocated once at its size
  const templates = new Array<LineTemplate>(count);
  const starts = new Array<number>(count);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const t = cache.templateOf(plannedAt(i));
    templates[i] = t;
    starts[i] = size;
    size += t.specs.length;
  }
  const ns = new Float64Array(size);
  const ds = new Float64Array(size);
  const groupCount = cache.groups.length;
  const sumN = new Array<number>(groupCount).fill(0);
  const sumD = new Array<number>(groupCount).fill(1);
  // components ordered by group (a counting sort): group g's are order[groupStart[g], groupStart[g + 1])
  const groupStart = new Int32Array(groupCount + 1);
  for (let i = 0; i < count; i++) {
    const t = templates[i]!;
    if (!exactLineFast(plannedAt(i), t, inclusive, salesOnExcise, ns, ds, starts[i]!)) return null;
    const specs = t.specs;
    for (let c = 0; c < specs.length; c++) {
      const g = specs[c]!.group;
      const at = starts[i]! + c;
      if (!addExact(sumN[g]!, sumD[g]!, ns[at]!, ds[at]!)) return null;
      sumN[g] = lastNumerator();
      sumD[g] = lastDenominator();
      groupStart[g + 1]!++;
    }
  }
  for (let g = 0; g < groupCount; g++) groupStart[g + 1]! += groupStart[g]!;
  const fill = groupStart.slice(0, groupCount);
  const order = new Int32Array(size);
  const gn = new Float64Array(size);
  const gd = new Float64Array(size);
  for (let i = 0; i < count; i++) {
    const specs = templates[i]!.specs;
    for (let c = 0; c < specs.length; c++) {
      const at = starts[i]! + c;
      const k = fill[specs[c]!.group]!++;
      order[k] = at;
      gn[k] = ns[at]!;
      gd[k] = ds[at]!;
    }
  }
  const taxes = new Array<number>(size).fill(0);
  for (let g = 0; g < groupCount; g++) {
    const from = groupStart[g]!;
    const to = groupStart[g + 1]!;
    const total = divRoundSmall(sumN[g]!, sumD[g]!, mode);
    const n = gn.subarray(from, to);
    const d = gd.subarray(from, to);
    const shares = allocateSmall(total, n, d) ?? allocateExact(total, Array.from(n, (x, k) => smallFraction(x, d[k]!)));
    for (let k = 0; k < shares.length; k++) taxes[order[from + k]!] = shares[k]!;
  }
  return { taxes, starts };
}

function roundInvoiceExact({ count, plannedAt, cache, inclusive, salesOnExcise, mode }: InvoiceInput): InvoiceTaxes {
  // groups come into being as templates are built, inside the loop
  const sums: Fraction[] = [];
  const parts: Fraction[][] = [];
  const at: number[][] = [];
  const starts = new Array<number>(count);
  let size = 0;
  for (let li = 0; li < count; li++) {
    const { template, exact } = exactLine(plannedAt(li), li, cache, inclusive, salesOnExcise);
    const specs = template.specs;
    starts[li] = size;
    for (let ci = 0; ci < specs.length; ci++) {
      const g = specs[ci]!.group;
      const e = exact[ci]!;
      sums[g] = add(sums[g] ?? ZERO, e);
      (parts[g] ??= []).push(e);
      (at[g] ??= []).push(size + ci);
    }
    size += specs.length;
  }
  const taxes = new Array<number>(size).fill(0);
  for (let g = 0; g < cache.groups.length; g++) {
    const shares = allocateExact(roundFraction(sums[g]!, mode), parts[g]!);
    const where = at[g]!;
    for (let m = 0; m < shares.length; m++) taxes[where[m]!] = shares[m]!;
  }
  return { taxes, starts };
}
