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
/** a line's field name, only built for a message */
const at = (i: number) => `lines.${i}`;

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
  /** applicable kinds per (exempt category?, shipping?, excise class?): lines share a handful */
  kinds?: (readonly TaxKind[] | undefined)[];
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

  const applicableKinds = (d: Destination, exemptCategory: boolean, isShipping: boolean, hasExciseClass: boolean): readonly TaxKind[] => {
    const exemption = d.exemption;
    const exemptKinds: readonly TaxKind[] = !exemption ? [] : exemption.reason === "channel_tax_free" ? TAX_KINDS : exemption.kinds;
    return kinds.filter((k) => {
      if (exemptKinds.includes(k) || d.chain.length === 0) return false;
      if (k === "sales") return !exemptCategory && (!isShipping || d.chain.some((j) => j.shippingTaxable));
      return !isShipping && hasExciseClass;
    });
  };
  const planLine = (input: TaxLineInput, d: Destination, isShipping: boolean): PlannedLine => {
    const category = input.taxCategory ?? STANDARD_CATEGORY;
    const exemptCategory = category === EXEMPT_CATEGORY;
    const hasExciseClass = input.exciseClass != null;
    const slot = (exemptCategory ? 4 : 0) + (isShipping ? 2 : 0) + (hasExciseClass ? 1 : 0);
    const cached = (d.kinds ??= [])[slot];
    const applicable = cached ?? (d.kinds[slot] = applicableKinds(d, exemptCategory, isShipping, hasExciseClass));
    return { input, isShipping, category, chain: d.chain, sourcing: d.sourcing, exemption: d.exemption, kinds: applicable };
  };

  const main = await destinationOf(request.shipTo, "shipTo");
  // lines usually share address objects: identity first, the raw-text key only for new objects
  const byObject = new Map<TaxAddress, Destination>();
  const lines = new Array<PlannedLine>(request.lines.length);
  for (let i = 0; i < lines.length; i++) {
    const line = request.lines[i]!;
    const to = line.shipTo;
    let d = main;
    if (to) {
      const known = byObject.get(to);
      if (known) d = known;
      else byObject.set(to, (d = byRaw.get(rawKeyOf(to)) ?? (await destinationOf(to, `lines.${i}.shipTo`))));
    }
    lines[i] = planLine(line, d, false);
  }
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
  // lines share chain and kinds arrays: visit each distinct one once
  const seenChains = new Set<readonly Jurisdiction[]>();
  let lastKinds: readonly TaxKind[] | null = null;
  let sales = false;
  let excise = false;
  for (const l of lines) {
    if (l.kinds.length === 0) continue;
    if (!seenChains.has(l.chain)) {
      seenChains.add(l.chain);
      for (const j of l.chain) keys.add(j.key);
    }
    if (l.kinds !== lastKinds) {
      lastKinds = l.kinds;
      sales = false;
      excise = false;
      for (const k of l.kinds) {
        kinds.add(k);
        if (k === "sales") sales = true;
        else if (k === "excise") excise = true;
      }
    }
    if (sales) categories.add(l.category);
    if (excise && l.input.exciseClass) classes.add(l.input.exciseClass);
  }
  if (kinds.has("sales")) categories.add(STANDARD_CATEGORY);
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
  // codes and volumes repeat across lines: each distinct one is pattern-checked once
  const codes = new Set<string>();
  const code = (v: string) => codes.has(v) || (CODE.test(v) && (codes.add(v), true));
  const volumes = new Set<string | number>();
  const volume = (v: string | number) => volumes.has(v) || (DECIMAL_PATTERN.test(String(v)) && (volumes.add(v), true));
  for (let i = 0; i < r.lines.length; i++) {
    const l = r.lines[i]!;
    if (typeof l.id !== "string" || l.id === "" || l.id === SHIPPING_LINE_ID) throw badInput(`${at(i)}.id must be a non-empty id other than "${SHIPPING_LINE_ID}"`, `${at(i)}.id`);
    if (ids.has(l.id)) throw badInput(`Duplicate line id "${l.id}"`, `${at(i)}.id`);
    ids.add(l.id);
    if (!Number.isSafeInteger(l.quantity) || l.quantity <= 0) throw badInput(`${at(i)}.quantity must be a positive integer`, `${at(i)}.quantity`);
    if (!Number.isSafeInteger(l.amount) || l.amount < 0) throw badInput(`${at(i)}.amount must be a non-negative integer of minor units`, `${at(i)}.amount`);
    if (l.taxCategory != null && !code(l.taxCategory)) throw badInput(`${at(i)}.taxCategory "${l.taxCategory}" is not a valid category code`, `${at(i)}.taxCategory`);
    if (l.exciseClass != null && !code(l.exciseClass)) throw badInput(`${at(i)}.exciseClass "${l.exciseClass}" is not a valid class code`, `${at(i)}.exciseClass`);
    if (l.unitVolumeMl != null && !volume(l.unitVolumeMl)) throw badInput(`${at(i)}.unitVolumeMl must be a non-negative decimal`, `${at(i)}.unitVolumeMl`);
    if (l.wholesaleUnitAmount != null && (!Number.isSafeInteger(l.wholesaleUnitAmount) || l.wholesaleUnitAmount < 0)) {
      throw badInput(`${at(i)}.wholesaleUnitAmount must be a non-negative integer of minor units`, `${at(i)}.wholesaleUnitAmount`);
    }
  }
  if (r.shipping) {
    if (!Number.isSafeInteger(r.shipping.amount) || r.shipping.amount < 0) throw badInput("shipping.amount must be a non-negative integer of minor units", "shipping.amount");
    if (r.shipping.taxCategory != null && !CODE.test(r.shipping.taxCategory)) throw badInput("shipping.taxCategory is not a valid category code", "shipping.taxCategory");
  }
}
