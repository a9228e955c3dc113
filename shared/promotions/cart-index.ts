/**
 * CartIndex: one pass over the cart computes the aggregates and checks the lines; key tables
 * (raw id strings as map keys: hashing fresh concatenated strings would dominate) are built one
 * pass per key kind on first use, so that every
 * condition is a hash lookup or an aggregate read, and the rule index can list candidate rules
 * from the keys the cart actually has.
 */
import { assertMinorUnits } from "../kernel/money";
import { DomainError } from "../kernel/errors";
import type { PromotionCart, PromotionCartLine, PromotionContext } from "./types";

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

/**
 * value → lines carrying it, for one key kind. Lines hang off the value as a linked list in flat
 * arrays (newest first), so building the table allocates no object per line and key.
 * Buyer keys (channel, group…) are values with no lines.
 *
 * A table may be restricted to a `universe` of values (the values some indexed rule mentions):
 * only those are recorded, which makes building it one set lookup per line instead of an
 * insertion. Asking about a value outside the universe falls back to the unrestricted table
 * (built on first such question), so answers never depend on the restriction.
 */
export class KeyTable {
  private readonly heads = new Map<string, number>();
  private readonly entryLine: number[] = [];
  private readonly entryNext: number[] = [];
  private readonly entryQty: number[] = [];

  constructor(
    readonly universe: ReadonlySet<string> | null = null,
    private readonly unrestricted: (() => KeyTable) | null = null,
  ) {}

  /** the table to ask about `value`: this one, or the unrestricted one when value is outside the universe */
  private owner(value: string): KeyTable {
    return this.universe !== null && this.unrestricted !== null && !this.universe.has(value) ? this.unrestricted() : this;
  }

  add(value: string, line: number, qty: number): void {
    if (this.universe !== null && !this.universe.has(value)) return;
    const head = this.heads.get(value);
    if (head !== undefined && head >= 0 && this.entryLine[head] === line) return; // same line twice
    const e = this.entryLine.length;
    this.entryLine.push(line);
    this.entryQty.push(qty);
    this.entryNext.push(head ?? -1);
    this.heads.set(value, e);
  }

  mark(value: string): void {
    if (!this.heads.has(value)) this.heads.set(value, -1);
  }

  has(value: string): boolean {
    const t = this.owner(value);
    return t.heads.has(value);
  }

  /** number of values held (restricted tables: held values of the universe) */
  get size(): number {
    return this.heads.size;
  }

  /** values held (restricted tables: held values of the universe only) */
  values(): IterableIterator<string> {
    return this.heads.keys();
  }

  /** lines carrying `value`, ascending */
  lines(value: string): number[] {
    const t = this.owner(value);
    const out: number[] = [];
    for (let e = t.heads.get(value) ?? -1; e >= 0; e = t.entryNext[e]!) out.push(t.entryLine[e]!);
    return out.reverse();
  }

  qty(value: string): number {
    const t = this.owner(value);
    let q = 0;
    for (let e = t.heads.get(value) ?? -1; e >= 0; e = t.entryNext[e]!) q += t.entryQty[e]!;
    return q;
  }
}

/** Line key kinds whose tables can be restricted to the values the indexed rules mention. */
export type LineKeyKind = "sku" | "variant" | "product" | "brand" | "category" | "collection";

/** Per line key kind (and per trait name) the values some rule mentions; see KeyTable. */
export interface LineKeyUniverse {
  readonly kinds: ReadonlyMap<LineKeyKind, ReadonlySet<string>>;
  readonly traits: ReadonlyMap<string, ReadonlySet<string>>;
}

export type KeyTables = Readonly<Record<Exclude<IndexKeyKind, "trait">, KeyTable>> & {
  /** trait value → lines, for one trait name */
  traitTable(name: string): KeyTable;
};

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

type LineKeys = (line: PromotionCartLine, table: KeyTable, i: number) => void;
const EMPTY: ReadonlySet<string> = new Set();

/**
 * Buyer keys are filled when the index is built; each line key kind is filled by one pass over
 * the lines the first time something asks for it, so kinds no rule mentions cost nothing.
 */
class CartKeyTables implements KeyTables {
  readonly channel = new KeyTable();
  readonly group = new KeyTable();
  readonly account = new KeyTable();
  readonly location = new KeyTable();
  readonly role = new KeyTable();
  readonly email = new KeyTable();
  readonly email_domain = new KeyTable();
  readonly country = new KeyTable();
  readonly region = new KeyTable();
  readonly tier = new KeyTable();
  readonly coupon = new KeyTable();
  readonly currency = new KeyTable();
  readonly staff = new KeyTable();
  private readonly lazy = new Map<string, KeyTable>();

  constructor(
    private readonly cartLines: readonly PromotionCartLine[],
    private readonly universe: LineKeyUniverse | null,
  ) {}

  private build(kind: string, fill: LineKeys, only: ReadonlySet<string> | undefined): KeyTable {
    let t = this.lazy.get(kind);
    if (t) return t;
    const lines = this.cartLines;
    t = only ? new KeyTable(only, () => this.build(`${kind}\u0000all`, fill, undefined)) : new KeyTable();
    for (let i = 0; i < lines.length; i++) fill(lines[i]!, t, i);
    this.lazy.set(kind, t);
    return t;
  }

  private only(kind: LineKeyKind): ReadonlySet<string> | undefined {
    return this.universe ? (this.universe.kinds.get(kind) ?? EMPTY) : undefined;
  }

  get sku(): KeyTable {
    return this.build("sku", (l, t, i) => t.add(l.sku, i, l.quantity), this.only("sku"));
  }
  get variant(): KeyTable {
    return this.build("variant", (l, t, i) => t.add(l.variantId, i, l.quantity), this.only("variant"));
  }
  get product(): KeyTable {
    return this.build("product", (l, t, i) => t.add(l.productId, i, l.quantity), this.only("product"));
  }
  get brand(): KeyTable {
    return this.build("brand", (l, t, i) => {
      if (l.brandId != null) t.add(l.brandId, i, l.quantity);
    }, this.only("brand"));
  }
  get category(): KeyTable {
    return this.build("category", (l, t, i) => {
      if (l.categoryIds) for (const c of l.categoryIds) t.add(c, i, l.quantity);
    }, this.only("category"));
  }
  get collection(): KeyTable {
    return this.build("collection", (l, t, i) => {
      if (l.collectionIds) for (const c of l.collectionIds) t.add(c, i, l.quantity);
    }, this.only("collection"));
  }
  /** one table per trait name, keyed by the raw value (no "name=value" strings to hash) */
  traitTable(name: string): KeyTable {
    return this.build(`trait:${name}`, (l, t, i) => {
      const v = l.traits?.[name];
      if (v !== undefined) t.add(v, i, l.quantity);
    }, this.universe ? (this.universe.traits.get(name) ?? EMPTY) : undefined);
  }
}

/** `universe`: restrict line key tables to these values (the rule index's mentioned keys). */
export function buildCartIndex(cart: PromotionCart, ctx: PromotionContext, universe: LineKeyUniverse | null = null): CartIndex {
  const tables = new CartKeyTables(cart.lines, universe);
  const lineTotals = new Float64Array(cart.lines.length);
  let subtotal = 0;
  let itemCount = 0;
  let totalWeight = 0;


  for (let i = 0; i < cart.lines.length; i++) {
    const line = cart.lines[i]!;
    validateLine(line, i);
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

  const mark = (kind: Exclude<IndexKeyKind, "trait">, value: string) => tables[kind].mark(value);
  const couponCodes = new Set<string>();
  for (const c of ctx.couponCodes ?? []) {
    const n = normalizeCoupon(c);
    if (n) {
      couponCodes.add(n);
      mark("coupon", n);
    }
  }
  const groupIds = new Set<string>(ctx.customerGroupIds ?? []);
  for (const g of groupIds) mark("group", g);
  mark("channel", ctx.channelCode);
  mark("currency", cart.currency);
  if (ctx.accountId) mark("account", ctx.accountId);
  if (ctx.locationId) mark("location", ctx.locationId);
  if (ctx.role) mark("role", ctx.role);
  if (ctx.shipToCountry) mark("country", ctx.shipToCountry.toUpperCase());
  if (ctx.shipToRegion) mark("region", ctx.shipToRegion.toUpperCase());
  if (ctx.customerTier) mark("tier", ctx.customerTier);
  if (ctx.isStaff) mark("staff", "true");
  const email = ctx.email ? ctx.email.trim().toLowerCase() : null;
  if (email) {
    mark("email", email);
    const at = email.lastIndexOf("@");
    if (at >= 0) mark("email_domain", email.slice(at + 1));
  }
  const nowMs = typeof ctx.now === "number" ? ctx.now : ctx.now.getTime();
  if (!Number.isFinite(nowMs)) throw new DomainError("BAD_USER_INPUT", "now must be a valid time", { field: "now" });

  return {
    cart, ctx, lines: cart.lines, lineTotals, subtotal, itemCount, totalWeight, shipping, nowMs,
    tables, couponCodes, groupIds, email,
  };
}

/** Indexes of lines carrying any of `keys`, ascending, without duplicates. */
export function linesWithAnyKey(index: CartIndex, keys: readonly IndexKey[]): number[] {
  if (keys.length === 1) return keyLines(index, keys[0]!);
  const seen = new Set<number>();
  for (const k of keys) for (const i of keyLines(index, k)) seen.add(i);
  return [...seen].sort((a, b) => a - b);
}
