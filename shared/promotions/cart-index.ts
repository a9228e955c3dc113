/**
 * CartIndex: one pass over the cart computes the aggregates and checks the lines; key tables
 * (raw id strings as map keys: hashing fresh concatenated strings would dominate; see
 * line-key-tables) are built on first use, so that every condition is a hash lookup or an
 * aggregate read, and the rule index can list candidate rules from the keys the cart actually has.
 */
import { assertMinorUnits } from "../kernel/money";
import { DomainError } from "../kernel/errors";
import { CartKeyTables, type KeyTable, type KeyTables, type LineKeyUniverse } from "./line-key-tables";
import type { PromotionCart, PromotionCartLine, PromotionContext } from "./types";

export { KeyTable, type KeyTables, type LineKeyKind, type LineKeyUniverse } from "./line-key-tables";

export type IndexKeyKind =
  | "sku" | "variant" | "product" | "category" | "collection" | "brand" | "trait"
  | "channel" | "group" | "account" | "location" | "role" | "email" | "email_domain"
  | "country" | "region" | "tier" | "coupon" | "currency" | "staff";

export const INDEX_KEY_KINDS: readonly IndexKeyKind[] = [
  "sku", "variant", "product", "category", "collection", "brand", "trait",
  "channel", "group", "account", "location", "role", "email", "email_domain",
  "country", "region", "tier", "coupon", "currency", "staff",
];

/** Something a cart or buyer can hold: a SKU, a category id, a coupon code, a channel… */
export interface IndexKey {
  readonly kind: IndexKeyKind;
  readonly value: string;
  /** for kind "trait": the trait name (value is the trait's value) */
  readonly trait?: string;
}

export function indexKey(kind: IndexKeyKind, value: string): IndexKey {
  return { kind, value };
}

export function traitKey(name: string, value: string): IndexKey {
  return { kind: "trait", value, trait: name };
}

/** Coupon codes compare case-insensitively and ignore surrounding blanks. */
export function normalizeCoupon(code: string): string {
  return code.trim().toUpperCase();
}

export interface CartIndex {
  readonly cart: PromotionCart;
  readonly ctx: PromotionContext;
  readonly lines: readonly PromotionCartLine[];
  /** quantity × unitPrice per line */
  readonly lineTotals: Float64Array;
  readonly subtotal: number;
  readonly itemCount: number;
  readonly totalWeight: number;
  readonly shipping: number;
  readonly nowMs: number;
  /** per key kind: value → lines carrying it; holds every key of the cart and the buyer */
  readonly tables: KeyTables;
  readonly couponCodes: ReadonlySet<string>;
  readonly groupIds: ReadonlySet<string>;
  readonly email: string | null;
  /** 0 … n−1: the lines of every rule without line predicates (shared; actions only read it) */
  readonly allLines: readonly number[];
  /** line amounts buffer the combination search reuses for this cart (see apply-rules) */
  lineScratch: Float64Array | null;
}

function tableOf(cart: CartIndex, key: IndexKey): KeyTable {
  return key.kind === "trait" ? cart.tables.traitTable(key.trait ?? "") : cart.tables[key.kind];
}

export function hasKey(cart: CartIndex, key: IndexKey): boolean {
  return tableOf(cart, key).has(key.value);
}

export function keyLines(cart: CartIndex, key: IndexKey): number[] {
  return tableOf(cart, key).lines(key.value);
}

export function keyQty(cart: CartIndex, key: IndexKey): number {
  return tableOf(cart, key).qty(key.value);
}

function validateLine(line: PromotionCartLine, i: number): void {
  if (!Number.isSafeInteger(line.quantity) || line.quantity <= 0) {
    throw new DomainError("BAD_USER_INPUT", `lines.${i}.quantity must be a positive integer`, { field: `lines.${i}.quantity` });
  }
  assertMinorUnits(line.unitPrice, `lines.${i}.unitPrice`);
  if (line.unitPrice < 0) {
    throw new DomainError("BAD_USER_INPUT", `lines.${i}.unitPrice must not be negative`, { field: `lines.${i}.unitPrice` });
  }
  if (line.weight !== undefined && !(line.weight >= 0)) {
    throw new DomainError("BAD_USER_INPUT", `lines.${i}.weight must not be negative`, { field: `lines.${i}.weight` });
  }
}

/** `universe`: restrict line key tables to these values (the rule index's mentioned keys). */
export function buildCartIndex(cart: PromotionCart, ctx: PromotionContext, universe: LineKeyUniverse | null = null): CartIndex {
  const tables = new CartKeyTables(cart.lines, universe);
  const lineTotals = new Float64Array(cart.lines.length);
  const allLines = new Array<number>(cart.lines.length);
  let subtotal = 0;
  let itemCount = 0;
  let totalWeight = 0;


  for (let i = 0; i < cart.lines.length; i++) {
    const line = cart.lines[i]!;
    validateLine(line, i);
    allLines[i] = i;
    const q = line.quantity;
    const total = q * line.unitPrice;
    lineTotals[i] = total;
    subtotal += total;
    itemCount += q;
    totalWeight += q * (line.weight ?? 0);
  }
  const shipping = cart.shippingAmount ?? 0;
  assertMinorUnits(shipping, "shippingAmount");
  if (shipping < 0) throw new DomainError("BAD_USER_INPUT", "shippingAmount must not be negative", { field: "shippingAmount" });

  const couponCodes = new Set<string>();
  for (const c of ctx.couponCodes ?? []) {
    const n = normalizeCoupon(c);
    if (n) {
      couponCodes.add(n);
      tables.coupon.mark(n);
    }
  }
  const groupIds = new Set<string>(ctx.customerGroupIds ?? []);
  for (const g of groupIds) tables.group.mark(g);
  tables.channel.mark(ctx.channelCode);
  tables.currency.mark(cart.currency);
  if (ctx.accountId) tables.account.mark(ctx.accountId);
  if (ctx.locationId) tables.location.mark(ctx.locationId);
  if (ctx.role) tables.role.mark(ctx.role);
  if (ctx.shipToCountry) tables.country.mark(ctx.shipToCountry.toUpperCase());
  if (ctx.shipToRegion) tables.region.mark(ctx.shipToRegion.toUpperCase());
  if (ctx.customerTier) tables.tier.mark(ctx.customerTier);
  if (ctx.isStaff) tables.staff.mark("true");
  const email = ctx.email ? ctx.email.trim().toLowerCase() : null;
  if (email) {
    tables.email.mark(email);
    const at = email.lastIndexOf("@");
    if (at >= 0) tables.email_domain.mark(email.slice(at + 1));
  }
  const nowMs = typeof ctx.now === "number" ? ctx.now : ctx.now.getTime();
  if (!Number.isFinite(nowMs)) throw new DomainError("BAD_USER_INPUT", "now must be a valid time", { field: "now" });

  return {
    cart, ctx, lines: cart.lines, lineTotals, subtotal, itemCount, totalWeight, shipping, nowMs,
    tables, couponCodes, groupIds, email, allLines, lineScratch: null,
  };
}

/** Kinds of which a line carries at most one value (per trait name, for traits). */
const SINGLE_VALUED: ReadonlySet<IndexKeyKind> = new Set<IndexKeyKind>(["sku", "variant", "product", "brand", "trait"]);

const disjointCache = new WeakMap<readonly IndexKey[], boolean>();

/**
 * Whether no line can carry two of `keys`: distinct values of one single-valued kind (and one
 * trait name). Then the lines of the keys are disjoint and need no de-duplication.
 */
function disjointKeys(keys: readonly IndexKey[]): boolean {
  let d = disjointCache.get(keys);
  if (d === undefined) {
    const first = keys[0]!;
    const values = new Set<string>();
    d = SINGLE_VALUED.has(first.kind);
    for (const k of keys) {
      if (k.kind !== first.kind || k.trait !== first.trait || values.has(k.value)) d = false;
      values.add(k.value);
    }
    disjointCache.set(keys, d);
  }
  return d;
}

const ascending = (a: number, b: number) => a - b;

/** Indexes of lines carrying any of `keys`, ascending, without duplicates. */
export function linesWithAnyKey(index: CartIndex, keys: readonly IndexKey[]): number[] {
  if (keys.length === 1) return keyLines(index, keys[0]!);
  if (disjointKeys(keys)) {
    const out: number[] = [];
    for (const k of keys) for (const i of keyLines(index, k)) out.push(i);
    return out.sort(ascending);
  }
  const seen = new Set<number>();
  for (const k of keys) for (const i of keyLines(index, k)) seen.add(i);
  return [...seen].sort(ascending);
}

/** Units on lines carrying any of `keys`. */
export function quantityWithAnyKey(index: CartIndex, keys: readonly IndexKey[]): number {
  let q = 0;
  if (keys.length === 1 || disjointKeys(keys)) {
    for (const k of keys) q += keyQty(index, k);
    return q;
  }
  for (const i of linesWithAnyKey(index, keys)) q += index.lines[i]!.quantity;
  return q;
}
