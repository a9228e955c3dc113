/**
 * Step one of a tax calculation, before any rate exists: validate the request, match each
 * distinct address once (choosing origin or destination per state), apply exemptions, and work
 * out the single batched RateQuery the order needs, or that none is needed at all.
 */
import { badInput } from "../kernel/errors";
import { currencyExponent } from "../kernel/money";
import { DECIMAL_PATTERN } from "./exact-fraction";
import { certificateExemption, channelExemption } from "./exemptions";
import { normalizeTaxAddress, taxAddressKey, type GeoRegistry } from "./tax-address";
import type {
  Jurisdiction, JurisdictionLookup, LineExemption, RateQuery, SourcingBasis, TaxAddress, TaxKind,
  TaxLineInput, TaxRequest, TaxRounding,
} from "./tax.types";
import { TAX_KINDS } from "./tax.types";

export const EXEMPT_CATEGORY = "exempt";
export const STANDARD_CATEGORY = "standard";
export const SHIPPING_LINE_ID = "shipping";

const CODE = /^[a-z][a-z0-9_]{0,39}$/;

export interface PlannedLine {
  input: TaxLineInput;
  isShipping: boolean;
  category: string;
  chain: readonly Jurisdiction[];
  sourcing: SourcingBasis;
  exemption: LineExemption | null;
  /** kinds that still need computing for this line (requested, applicable, not exempt) */
  kinds: readonly TaxKind[];
}

export interface TaxPlan {
  currency: string;
  now: Date;
  pricesIncludeTax: boolean;
  rounding: TaxRounding;
  lines: PlannedLine[];
  shipping: PlannedLine | null;
  /** null: nothing to look up (all exempt, tax-free channel, or only exempt categories) */
  query: RateQuery | null;
  /** set when one rule exempted every line */
  exemption: LineExemption | null;
}

interface Destination {
  chain: readonly Jurisdiction[];
  sourcing: SourcingBasis;
  exemption: LineExemption | null;
}

export async function planTax(
  request: TaxRequest,
  lookup: JurisdictionLookup,
  strategyKinds: readonly TaxKind[],
  defaultRounding: TaxRounding,
  geo?: GeoRegistry,
): Promise<TaxPlan> {
  validateRequest(request);
  const kinds = TAX_KINDS.filter((k) => strategyKinds.includes(k) && (!request.kinds || request.kinds.includes(k)));
  const rounding = request.rounding ?? defaultRounding;
  const pricesIncludeTax = request.channel.pricesIncludeTax === true;
  const channelExempt = channelExemption(request.channel);
  const shipFrom = request.shipFrom ? normalizeTaxAddress(request.shipFrom, "shipFrom", geo) : null;

  // Lines of one order share a handful of destinations: normalize, match and check certificates
  // once per distinct raw address, then plan every line synchronously from that cache.
  const byRaw = new Map<string, Destination>();
  const byNormalized = new Map<string, Destination>();
  const destinationOf = async (raw: TaxAddress, field: string): Promise<Destination> => {
    const rawKey = rawKeyOf(raw);
    const hit = byRaw.get(rawKey);
    if (hit) return hit;
    const address = normalizeTaxAddress(raw, field, geo);
    const key = taxAddressKey(address);
    let dest = byNormalized.get(key);
    if (!dest) {
      dest = channelExempt ? { chain: [], sourcing: "destination", exemption: channelExempt } : await resolveDestination(address);
      byNormalized.set(key, dest);
    }
    byRaw.set(rawKey, dest);
    return dest;
  };
  const resolveDestination = async (address: TaxAddress): Promise<Destination> => {
    let chain = await lookup.match(address);
    let sourcing: SourcingBasis = "destination";
    const state = chain.find((j) => j.level === "state");
    // origin sourcing only governs intrastate sales; interstate sales stay destination-based
    if (state?.sourcing === "origin" && shipFrom && shipFrom.subdivision === address.subdivision) {
      chain = await lookup.match(shipFrom);
      sourcing = "origin";
    }
    const exemption = certificateExemption(request.certificates, new Set(chain.map((j) => j.key)), request.now);
    return { chain, sourcing, exemption };
  };

  const planLine = (input: TaxLineInput, d: Destination, isShipping: boolean): PlannedLine => {
    const category = input.taxCategory ?? STANDARD_CATEGORY;
    const exemption = d.exemption;
    const exemptKinds: readonly TaxKind[] = !exemption ? [] : exemption.reason === "channel_tax_free" ? TAX_KINDS : exemption.kinds;
    const applicable = kinds.filter((k) => {
      if (exemptKinds.includes(k) || d.chain.length === 0) return false;
      if (k === "sales") return category !== EXEMPT_CATEGORY && (!isShipping || d.chain.some((j) => j.shippingTaxable));
      return !isShipping && input.exciseClass != null;
    });
    return { input, isShipping, category, chain: d.chain, sourcing: d.sourcing, exemption, kinds: applicable };
  };

  const main = await destinationOf(request.shipTo, "shipTo");
  // lines usually share address objects: identity first, the raw-text key only for new objects
  const byObject = new WeakMap<TaxAddress, Destination>();
  for (let i = 0; i < request.lines.length; i++) {
    const to = request.lines[i]!.shipTo;
    if (to && !byObject.has(to)) byObject.set(to, byRaw.get(rawKeyOf(to)) ?? (await destinationOf(to, `lines.${i}.shipTo`)));
  }
  const lines = request.lines.map((line) => planLine(line, line.shipTo ? byObject.get(line.shipTo)! : main, false));
  const shipping = request.shipping
    ? planLine({ id: SHIPPING_LINE_ID, quantity: 1, amount: request.shipping.amount, taxCategory: request.shipping.taxCategory ?? STANDARD_CATEGORY }, main, true)
    : null;

  const all = shipping ? [...lines, shipping] : lines;
  const first = all[0]?.exemption ?? null;
  const orderExemption = first && all.every((l) => sameExemption(l.exemption, first)) ? first : null;
  return {
    currency: request.currency,
    now: request.now,
    pricesIncludeTax,
    rounding,
    lines,
    shipping,
    query: buildQuery(all, request),
    exemption: orderExemption,
  };
}

const rawKeyOf = (a: TaxAddress) => `${a.country}|${a.subdivision ?? ""}|${a.county ?? ""}|${a.city ?? ""}|${a.postalCode ?? ""}`;

function sameExemption(a: LineExemption | null, b: LineExemption): boolean {
  if (!a || a.reason !== b.reason) return false;
  return a.reason === "channel_tax_free" || (b.reason === "certificate" && a.certificateNumber === b.certificateNumber && a.kinds.length === b.kinds.length);
}

function buildQuery(lines: readonly PlannedLine[], request: TaxRequest): RateQuery | null {
  const keys = new Set<string>();
  const categories = new Set<string>();
  const classes = new Set<string>();
  const kinds = new Set<TaxKind>();
  for (const l of lines) {
    if (l.kinds.length === 0) continue;
    for (const j of l.chain) keys.add(j.key);
    for (const k of l.kinds) kinds.add(k);
    if (l.kinds.includes("sales")) {
      categories.add(l.category);
      categories.add(STANDARD_CATEGORY);
    }
    if (l.kinds.includes("excise") && l.input.exciseClass) classes.add(l.input.exciseClass);
  }
  if (kinds.size === 0) return null;
  return {
    jurisdictionKeys: [...keys].sort(),
    categories: [...categories].sort(),
    exciseClasses: [...classes].sort(),
    kinds: TAX_KINDS.filter((k) => kinds.has(k)),
    currency: request.currency,
    now: request.now,
  };
}

/** Cheap structural checks (the order service builds the request; this guards the engine's maths). */
function validateRequest(r: TaxRequest): void {
  currencyExponent(r.currency);
  if (!(r.now instanceof Date) || Number.isNaN(r.now.getTime())) throw badInput("now must be a valid Date", "now");
  if (r.rounding) {
    if (r.rounding.level !== "line" && r.rounding.level !== "invoice") throw badInput(`rounding.level must be "line" or "invoice"`, "rounding.level");
    if (r.rounding.mode !== "half_up" && r.rounding.mode !== "half_even") throw badInput(`rounding.mode must be "half_up" or "half_even"`, "rounding.mode");
  }
  const ids = new Set<string>();
  r.lines.forEach((l, i) => {
    const f = `lines.${i}`;
    if (typeof l.id !== "string" || l.id === "" || l.id === SHIPPING_LINE_ID) throw badInput(`${f}.id must be a non-empty id other than "${SHIPPING_LINE_ID}"`, `${f}.id`);
    if (ids.has(l.id)) throw badInput(`Duplicate line id "${l.id}"`, `${f}.id`);
    ids.add(l.id);
    if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0) throw badInput(`${f}.quantity must be a positive integer`, `${f}.quantity`);
    if (!Number.isSafeInteger(l.amount) || l.amount < 0) throw badInput(`${f}.amount must be a non-negative integer of minor units`, `${f}.amount`);
    if (l.taxCategory != null && !CODE.test(l.taxCategory)) throw badInput(`${f}.taxCategory "${l.taxCategory}" is not a valid category code`, `${f}.taxCategory`);
    if (l.exciseClass != null && !CODE.test(l.exciseClass)) throw badInput(`${f}.exciseClass "${l.exciseClass}" is not a valid class code`, `${f}.exciseClass`);
    if (l.unitVolumeMl != null && !DECIMAL_PATTERN.test(String(l.unitVolumeMl))) throw badInput(`${f}.unitVolumeMl must be a non-negative decimal`, `${f}.unitVolumeMl`);
    if (l.wholesaleUnitAmount != null && (!Number.isSafeInteger(l.wholesaleUnitAmount) || l.wholesaleUnitAmount < 0)) {
      throw badInput(`${f}.wholesaleUnitAmount must be a non-negative integer of minor units`, `${f}.wholesaleUnitAmount`);
    }
  });
  if (r.shipping) {
    if (!Number.isSafeInteger(r.shipping.amount) || r.shipping.amount < 0) throw badInput("shipping.amount must be a non-negative integer of minor units", "shipping.amount");
    if (r.shipping.taxCategory != null && !CODE.test(r.shipping.taxCategory)) throw badInput("shipping.taxCategory is not a valid category code", "shipping.taxCategory");
  }
}
