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
    this.insert(value, line, qty);
  }

  /** add, the universe already checked */
  insert(value: string, line: number, qty: number): void {
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

const EMPTY: ReadonlySet<string> = new Set();

type Fill = (t: KeyTable, lines: readonly PromotionCartLine[]) => void;

// One explicit loop per kind (not a shared loop calling a getter per line): each reads one
// property of every line and costs one set lookup per value; this is most of building a cart index.
const FILL: Record<LineKeyKind, Fill> = {
  sku: (t, lines) => {
    const only = t.universe;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (only === null || only.has(l.sku)) t.insert(l.sku, i, l.quantity);
    }
  },
  variant: (t, lines) => {
    const only = t.universe;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (only === null || only.has(l.variantId)) t.insert(l.variantId, i, l.quantity);
    }
  },
  product: (t, lines) => {
    const only = t.universe;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      if (only === null || only.has(l.productId)) t.insert(l.productId, i, l.quantity);
    }
  },
  brand: (t, lines) => {
    const only = t.universe;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const v = l.brandId;
      if (v != null && (only === null || only.has(v))) t.insert(v, i, l.quantity);
    }
  },
  category: (t, lines) => fillMany(t, lines, false),
  collection: (t, lines) => fillMany(t, lines, true),
};

function fillMany(t: KeyTable, lines: readonly PromotionCartLine[], collections: boolean): void {
  const only = t.universe;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const vs = collections ? l.collectionIds : l.categoryIds;
    if (!vs) continue;
    for (let k = 0; k < vs.length; k++) {
      const v = vs[k]!;
      if (only === null || only.has(v)) t.insert(v, i, l.quantity);
    }
  }
}

function fillTrait(name: string): Fill {
  return (t, lines) => {
    const only = t.universe;
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const v = l.traits?.[name];
      if (v !== undefined && (only === null || only.has(v))) t.insert(v, i, l.quantity);
    }
  };
}

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
  private readonly line: Partial<Record<LineKeyKind, KeyTable>> = {};
  private readonly unrestricted: Partial<Record<LineKeyKind, KeyTable>> = {};
  private readonly traits = new Map<string, KeyTable>();
  private readonly unrestrictedTraits = new Map<string, KeyTable>();

  constructor(
    private readonly cartLines: readonly PromotionCartLine[],
    private readonly universe: LineKeyUniverse | null,
  ) {}

  private filled(fill: Fill, only: ReadonlySet<string> | null, unrestricted: (() => KeyTable) | null): KeyTable {
    const t = new KeyTable(only, unrestricted);
    fill(t, this.cartLines);
    return t;
  }

  private lineTable(kind: LineKeyKind): KeyTable {
    const hit = this.line[kind];
    if (hit) return hit;
    const t = this.universe
      ? this.filled(FILL[kind], this.universe.kinds.get(kind) ?? EMPTY, () => (this.unrestricted[kind] ??= this.filled(FILL[kind], null, null)))
      : this.filled(FILL[kind], null, null);
    this.line[kind] = t;
    return t;
  }

  get sku(): KeyTable {
    return this.line.sku ?? this.lineTable("sku");
  }
  get variant(): KeyTable {
    return this.line.variant ?? this.lineTable("variant");
  }
  get product(): KeyTable {
    return this.line.product ?? this.lineTable("product");
  }
  get brand(): KeyTable {
    return this.line.brand ?? this.lineTable("brand");
  }
  get category(): KeyTable {
    return this.line.category ?? this.lineTable("category");
  }
  get collection(): KeyTable {
    return this.line.collection ?? this.lineTable("collection");
  }
  /** one table per trait name, keyed by the raw value (no "name=value" strings to hash) */
  traitTable(name: string): KeyTable {
    let t = this.traits.get(name);
    if (t) return t;
    const fill = fillTrait(name);
    t = this.universe
      ? this.filled(fill, this.universe.traits.get(name) ?? EMPTY, () => {
        let all = this.unrestrictedTraits.get(name);
        if (!all) this.unrestrictedTraits.set(name, (all = this.filled(fill, null, null)));
        return all;
      })
      : this.filled(fill, null, null);
    this.traits.set(name, t);
    return t;
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

/** Indexes of lines carrying any of `keys`, ascending, without duplicates. */
export function linesWithAnyKey(index: CartIndex, keys: readonly IndexKey[]): number[] {
  if (keys.length === 1) return keyLines(index, keys[0]!);
  const seen = new Set<number>();
  for (const k of keys) for (const i of keyLines(index, k)) seen.add(i);
  return [...seen].sort((a, b) => a - b);
}
