/**
 * How price lines and resolutions cross the Durable Object boundary. Structured clone writes every
 * property name of every object again, so 500 resolutions (each with its source) cost milliseconds
 * each way; here they travel as one Float64Array of numbers (minor units, quantities and tiers are
 * safe integers, exact in a double) plus a table of the distinct strings, which a typed-array clone
 * copies in one piece. `decodeResolutions(encodeResolutions(x))` gives back objects equal to `x`,
 * keys in the same order (the API's JSON output does not change).
 */
import type { CurrencyCode } from "../kernel/money";
import type { PriceLevel, PriceLine, PriceResolution, PriceSource } from "./types";

export interface WireLines {
  variantIds: string[];
  quantities: Float64Array;
}

export interface WireResolutions {
  count: number;
  strings: string[];
  /** `STRIDE` numbers per resolution, in the order of the fields below; string fields are indexes into `strings`, −1 for null */
  cells: Float64Array;
}

const OK = 0;
const VARIANT = 1;
const QUANTITY = 2;
const CURRENCY = 3;
const UNIT_PRICE = 4;
const LINE_TOTAL = 5;
/** the source's level, or an unpriced line's level (−1 when absent) */
const LEVEL = 6;
const RANK = 7;
const PRICE_LIST = 8;
const OVERRIDE = 9;
const SCOPE = 10;
const TIER_MIN_QTY = 11;
const METHOD = 12;
const RATE = 13;
/** epoch ms, NaN for null */
const RATE_UPDATED_AT = 14;
const SOURCE_CURRENCY = 15;
const SOURCE_UNIT_PRICE = 16;
/** an unpriced line's reason */
const REASON = 17;
const STRIDE = 18;

export function encodeLines(lines: readonly PriceLine[]): WireLines {
  const variantIds = new Array<string>(lines.length);
  const quantities = new Float64Array(lines.length);
  for (let i = 0; i < lines.length; i++) {
    variantIds[i] = lines[i]!.variantId;
    quantities[i] = lines[i]!.quantity;
  }
  return { variantIds, quantities };
}

export function decodeLines(wire: WireLines): PriceLine[] {
  const out = new Array<PriceLine>(wire.variantIds.length);
  for (let i = 0; i < out.length; i++) out[i] = { variantId: wire.variantIds[i]!, quantity: wire.quantities[i]! };
  return out;
}

export function encodeResolutions(resolutions: readonly PriceResolution[]): WireResolutions {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const ref = (s: string | null | undefined): number => {
    if (s == null) return -1;
    let k = index.get(s);
    if (k === undefined) {
      k = strings.length;
      strings.push(s);
      index.set(s, k);
    }
    return k;
  };
  const cells = new Float64Array(resolutions.length * STRIDE).fill(-1);
  for (let i = 0; i < resolutions.length; i++) {
    const r = resolutions[i]!;
    const o = i * STRIDE;
    cells[o + OK] = r.ok ? 1 : 0;
    cells[o + VARIANT] = ref(r.variantId);
    cells[o + QUANTITY] = r.quantity;
    cells[o + CURRENCY] = ref(r.currency);
    if (r.ok) {
      const s = r.source;
      cells[o + UNIT_PRICE] = r.unitPrice;
      cells[o + LINE_TOTAL] = r.lineTotal;
      cells[o + LEVEL] = ref(s.level);
      cells[o + RANK] = s.rank;
      cells[o + PRICE_LIST] = ref(s.priceListId);
      cells[o + OVERRIDE] = ref(s.overrideId);
      cells[o + SCOPE] = ref(s.scopeId);
      cells[o + TIER_MIN_QTY] = s.tierMinQty;
      cells[o + METHOD] = ref(s.method);
      cells[o + RATE] = ref(s.rate);
      cells[o + RATE_UPDATED_AT] = s.rateUpdatedAt ? s.rateUpdatedAt.getTime() : NaN;
      cells[o + SOURCE_CURRENCY] = ref(s.sourceCurrency);
      cells[o + SOURCE_UNIT_PRICE] = s.sourceUnitPrice;
    } else {
      cells[o + LEVEL] = ref(r.level);
      cells[o + REASON] = ref(r.reason);
    }
  }
  return { count: resolutions.length, strings, cells };
}

export function decodeResolutions(wire: WireResolutions): PriceResolution[] {
  const { strings, cells } = wire;
  const str = (k: number): string => strings[k]!;
  const nullable = (k: number): string | null => (k < 0 ? null : strings[k]!);
  const out = new Array<PriceResolution>(wire.count);
  for (let i = 0; i < wire.count; i++) {
    const o = i * STRIDE;
    const variantId = str(cells[o + VARIANT]!);
    const quantity = cells[o + QUANTITY]!;
    const currency = str(cells[o + CURRENCY]!) as CurrencyCode;
    if (cells[o + OK] === 1) {
      const updatedAt = cells[o + RATE_UPDATED_AT]!;
      const source: PriceSource = {
        level: str(cells[o + LEVEL]!) as PriceLevel,
        rank: cells[o + RANK] as PriceSource["rank"],
        priceListId: nullable(cells[o + PRICE_LIST]!),
        overrideId: nullable(cells[o + OVERRIDE]!),
        scopeId: nullable(cells[o + SCOPE]!),
        tierMinQty: cells[o + TIER_MIN_QTY]!,
        method: str(cells[o + METHOD]!) as PriceSource["method"],
        rate: nullable(cells[o + RATE]!),
        rateUpdatedAt: Number.isNaN(updatedAt) ? null : new Date(updatedAt),
        sourceCurrency: str(cells[o + SOURCE_CURRENCY]!) as CurrencyCode,
        sourceUnitPrice: cells[o + SOURCE_UNIT_PRICE]!,
      };
      out[i] = { ok: true, variantId, quantity, currency, unitPrice: cells[o + UNIT_PRICE]!, lineTotal: cells[o + LINE_TOTAL]!, source };
    } else {
      const reason = str(cells[o + REASON]!) as "NO_PRICE" | "NO_EXCHANGE_RATE";
      const level = cells[o + LEVEL]!;
      out[i] = level < 0 ? { ok: false, variantId, quantity, currency, reason } : { ok: false, variantId, quantity, currency, reason, level: str(level) as PriceLevel };
    }
  }
  return out;
}
