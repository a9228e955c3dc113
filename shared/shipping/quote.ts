/**
 * Pure shipping quote: split the items into shipments (unrestricted items together, each
 * restricted class apart), then for every method allowed for a shipment pack it into that
 * method's boxes (its own, else its provider's) and price the packages with its rate strategy.
 * Lengths mm, weights g, money minor units of the method's currency.
 */
import { DomainError, badInput } from "../kernel/errors";
import { packItems, type BoxTemplate, type PackedPackage, type PackItem, type Rotation } from "./packing";
import type { RatePackage, RateStrategyRegistry } from "./rates/rate-strategy";

/** What shipping needs to know about a variant (the catalog's dimensions, weight and handling). */
export interface ItemShippingFacts {
  sku: string;
  lengthMm: number | null;
  widthMm: number | null;
  heightMm: number | null;
  weightG: number | null;
  fragile: boolean;
  orientation: "free" | "this_side_up" | "fixed";
  restrictedClass: string | null;
}

export interface QuoteItem extends ItemShippingFacts {
  /** index of the caller's line, for error fields (`lines.<i>`) */
  lineIndex: number;
  quantity: number;
}

export interface QuoteBox {
  code: string;
  inner: { lengthMm: number; widthMm: number; heightMm: number };
  outer: { lengthMm: number; widthMm: number; heightMm: number };
  tareG: number;
  maxLoadG: number | null;
  materialCostMinor: number;
}

export interface QuoteMethod {
  code: string;
  name: string;
  providerCode: string;
  providerName: string;
  currency: string;
  rateStrategy: string;
  rateConfig: Record<string, unknown>;
  shipMode: "box" | "order";
  allowedClasses: readonly string[];
  /** the method's own boxes when it has any, else its provider's */
  boxes: readonly QuoteBox[];
}

export interface QuotedPackage {
  /** null for an oversize item shipped without a box */
  boxCode: string | null;
  oversize: boolean;
  lengthMm: number;
  widthMm: number;
  heightMm: number;
  weightG: number;
  fillRatio: number;
  placements: { sku: string; unit: number; x: number; y: number; z: number; lengthMm: number; widthMm: number; heightMm: number; orientation: string }[];
}

export interface MethodOption {
  methodCode: string;
  methodName: string;
  providerCode: string;
  providerName: string;
  currency: string;
  price: number;
  packages: QuotedPackage[];
  /** SKUs that fit none of the method's boxes and ship as flagged oversize packages */
  oversizeSkus: string[];
}

export interface ShipmentQuote {
  /** null = unrestricted items */
  restrictedClass: string | null;
  lines: { sku: string; quantity: number }[];
  options: MethodOption[];
}

export interface QuoteInput {
  items: readonly QuoteItem[];
  methods: readonly QuoteMethod[];
  subtotal: number | null;
  /** goods subtotal per currency (minor units of that currency); wins over `subtotal` for methods in it */
  subtotalByCurrency?: Readonly<Record<string, number>>;
}

/** Box axes: w = length, h = height (vertical), d = width; items likewise. */
function toBox(b: QuoteBox): BoxTemplate {
  return {
    id: b.code,
    inner: { w: b.inner.lengthMm, h: b.inner.heightMm, d: b.inner.widthMm },
    outer: { w: b.outer.lengthMm, h: b.outer.heightMm, d: b.outer.widthMm },
    maxWeight: b.maxLoadG, tareWeight: b.tareG, cost: b.materialCostMinor, count: null,
  };
}

function toItem(it: QuoteItem): PackItem {
  const f = `lines.${it.lineIndex}`;
  const dims = [it.lengthMm, it.widthMm, it.heightMm];
  if (dims.some((d) => d === null || !(d > 0))) throw badInput(`SKU "${it.sku}" has no positive shipping dimensions`, `${f}.sku`);
  if (it.weightG === null || it.weightG < 0) throw badInput(`SKU "${it.sku}" has no shipping weight`, `${f}.sku`);
  const rotation: Rotation = it.orientation;
  return { id: it.sku, w: it.lengthMm!, h: it.heightMm!, d: it.widthMm!, weight: it.weightG, qty: it.quantity, rotation, fragile: it.fragile };
}

function ratePackage(p: PackedPackage): RatePackage {
  return { lengthMm: p.outer.w, widthMm: p.outer.d, heightMm: p.outer.h, weightG: p.weight };
}

function view(p: PackedPackage): QuotedPackage {
  return {
    boxCode: p.boxId, oversize: p.oversize, lengthMm: p.outer.w, widthMm: p.outer.d, heightMm: p.outer.h, weightG: p.weight, fillRatio: p.fillRatio,
    placements: p.placements.map((q) => ({ sku: q.itemId, unit: q.unit, x: q.x, y: q.y, z: q.z, lengthMm: q.w, widthMm: q.d, heightMm: q.h, orientation: q.orientation })),
  };
}

/** Items grouped into shipments: unrestricted first, then each restricted class by name. */
export function splitShipments(items: readonly QuoteItem[]): { restrictedClass: string | null; items: QuoteItem[] }[] {
  const groups = new Map<string | null, QuoteItem[]>();
  for (const it of items) {
    const k = it.restrictedClass ?? null;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(it);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === null ? -1 : b === null ? 1 : a.localeCompare(b)))
    .map(([restrictedClass, its]) => ({ restrictedClass, items: its }));
}

function quoteMethod(m: QuoteMethod, items: readonly QuoteItem[], subtotal: number | null, rates: RateStrategyRegistry): MethodOption | null {
  if (m.boxes.length === 0) return null;
  const strategy = rates.get(m.rateStrategy);
  const config = strategy.configSchema.parse(m.rateConfig);
  const perPackage = strategy.perPackage;
  const res = packItems({
    boxes: m.boxes.map(toBox),
    items: items.map(toItem),
    // the packer weighs box cost against what each extra package costs to ship
    options: perPackage && m.shipMode === "box" ? { rateEstimate: (p) => Math.min(perPackage({ lengthMm: p.outer.w, widthMm: p.outer.d, heightMm: p.outer.h, weightG: p.weight }, config), 1e12) } : {},
  });
  const pkgs = res.packages.map(ratePackage);
  const rated = m.shipMode === "box" ? pkgs : [orderPackage(pkgs)];
  const price = strategy.price(rated, config, { subtotal });
  if (!Number.isSafeInteger(price) || price >= Number.MAX_SAFE_INTEGER) return null; // beyond the table: not offered
  return {
    methodCode: m.code, methodName: m.name, providerCode: m.providerCode, providerName: m.providerName, currency: m.currency,
    price, packages: res.packages.map(view), oversizeSkus: res.oversize,
  };
}

/** "Ship by order": one charge for the shipment, on its total weight and largest package. */
function orderPackage(pkgs: readonly RatePackage[]): RatePackage {
  const biggest = pkgs.reduce((a, b) => (b.lengthMm * b.widthMm * b.heightMm > a.lengthMm * a.widthMm * a.heightMm ? b : a));
  return { ...biggest, weightG: pkgs.reduce((s, p) => s + p.weightG, 0) };
}

/**
 * Quote every shipment on every method allowed for it. An item heavier than every box of every
 * allowed method is BAD_USER_INPUT on its line; a method that cannot carry it is just not offered.
 */
export function quoteShipments(input: QuoteInput, rates: RateStrategyRegistry): ShipmentQuote[] {
  return splitShipments(input.items).map(({ restrictedClass, items }) => {
    const methods = input.methods.filter((m) => restrictedClass === null || m.allowedClasses.includes(restrictedClass));
    const options: MethodOption[] = [];
    let weightError: DomainError | null = null;
    for (const m of methods) {
      try {
        const subtotal = input.subtotalByCurrency ? (input.subtotalByCurrency[m.currency] ?? null) : input.subtotal;
        const o = quoteMethod(m, items, subtotal, rates);
        if (o) options.push(o);
      } catch (e) {
        const field = e instanceof DomainError ? e.details.field : undefined;
        const match = field ? /^items\.(\d+)\.weight$/.exec(field) : null;
        if (!match) throw e;
        const it = items[Number(match[1])]!;
        weightError = badInput(`SKU "${it.sku}" is heavier than the load limit of every box that fits it`, `lines.${it.lineIndex}.quantity`);
      }
    }
    if (options.length === 0 && weightError) throw weightError;
    options.sort((a, b) => a.price - b.price || a.methodCode.localeCompare(b.methodCode));
    return { restrictedClass, lines: items.map((i) => ({ sku: i.sku, quantity: i.quantity })), options };
  });
}
