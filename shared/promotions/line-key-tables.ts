/**
 * Per key kind, value → the cart lines carrying it. Buyer keys (channel, group…) are values with
 * no lines. Line key tables are built on first use; when a universe (the values the indexed rules
 * mention) is given they record only those values, all line kinds in one pass over the cart.
 */
import type { IndexKeyKind } from "./cart-index";
import type { PromotionCartLine } from "./types";

/**
 * value → lines carrying it, for one key kind. Lines hang off the value as a linked list in flat
 * arrays (newest first), so building the table allocates no object per line and key.
 *
 * A table may be restricted to a `universe` of values: only those are recorded, which makes
 * building it one lookup per line instead of an insertion. Asking about a value outside the
 * universe falls back to the unrestricted table (built on first such question), so answers never
 * depend on the restriction.
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
    // a value this table holds is in its universe: no set lookup for the common question
    if (this.unrestricted === null || this.universe === null || this.heads.has(value)) return this;
    return this.universe.has(value) ? this : this.unrestricted();
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

const EMPTY: ReadonlySet<string> = new Set();

/**
 * A universe set prepared for probing once per line key, the bulk of indexing a cart: a bit
 * filter on a hash of the string's characters (fits in L1, answers "no" for almost every value a
 * cart holds without touching the big set) in front of a null-prototype object (a property lookup
 * beats Set.has on a hit). Made once per set.
 */
interface Dictionary {
  readonly bits: Int32Array;
  readonly values: Readonly<Record<string, true>>;
}

const FILTER_BITS = 1 << 16;

function charHash(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 16)) & (FILTER_BITS - 1);
}

function holds(d: Dictionary, v: string): boolean {
  const h = charHash(v);
  return (d.bits[h >>> 5]! & (1 << (h & 31))) !== 0 && d.values[v] === true;
}

const dictionaries = new WeakMap<ReadonlySet<string>, Dictionary>();

function dictionaryOf(values: ReadonlySet<string>): Dictionary | null {
  if (values.size === 0) return null;
  let d = dictionaries.get(values);
  if (!d) {
    const o: Record<string, true> = Object.create(null) as Record<string, true>;
    const bits = new Int32Array(FILTER_BITS >>> 5);
    for (const v of values) {
      o[v] = true;
      const h = charHash(v);
      bits[h >>> 5]! |= 1 << (h & 31);
    }
    dictionaries.set(values, (d = { bits, values: o }));
  }
  return d;
}

type Fill = (t: KeyTable, lines: readonly PromotionCartLine[]) => void;

// One explicit loop per kind (not a shared loop calling a getter per line): each reads one
// property of every line. Used for unrestricted tables (plain loop, fallbacks).
const FILL: Record<LineKeyKind, Fill> = {
  sku: (t, lines) => {
    for (let i = 0; i < lines.length; i++) t.insert(lines[i]!.sku, i, lines[i]!.quantity);
  },
  variant: (t, lines) => {
    for (let i = 0; i < lines.length; i++) t.insert(lines[i]!.variantId, i, lines[i]!.quantity);
  },
  product: (t, lines) => {
    for (let i = 0; i < lines.length; i++) t.insert(lines[i]!.productId, i, lines[i]!.quantity);
  },
  brand: (t, lines) => {
    for (let i = 0; i < lines.length; i++) {
      const v = lines[i]!.brandId;
      if (v != null) t.insert(v, i, lines[i]!.quantity);
    }
  },
  category: (t, lines) => fillMany(t, lines, false),
  collection: (t, lines) => fillMany(t, lines, true),
};

function fillMany(t: KeyTable, lines: readonly PromotionCartLine[], collections: boolean): void {
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const vs = collections ? l.collectionIds : l.categoryIds;
    if (!vs) continue;
    for (let k = 0; k < vs.length; k++) t.insert(vs[k]!, i, l.quantity);
  }
}

function fillTrait(name: string, only: Dictionary | null): Fill {
  return (t, lines) => {
    for (let i = 0; i < lines.length; i++) {
      const l = lines[i]!;
      const v = l.traits?.[name];
      if (v !== undefined && (only === null || holds(only, v))) t.insert(v, i, l.quantity);
    }
  };
}

type LineTables = Record<LineKeyKind, KeyTable>;

/**
 * Every restricted line table in one pass over the lines: each line object and its key strings
 * are read once (the cart's lines are the memory this touches most), one dictionary probe per key.
 */
function fillRestricted(t: LineTables, universe: LineKeyUniverse, lines: readonly PromotionCartLine[]): void {
  const dict = (kind: LineKeyKind) => dictionaryOf(universe.kinds.get(kind) ?? EMPTY);
  const sku = dict("sku");
  const variant = dict("variant");
  const product = dict("product");
  const brand = dict("brand");
  const category = dict("category");
  const collection = dict("collection");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const q = l.quantity;
    if (sku !== null && holds(sku, l.sku)) t.sku.insert(l.sku, i, q);
    if (variant !== null && holds(variant, l.variantId)) t.variant.insert(l.variantId, i, q);
    if (product !== null && holds(product, l.productId)) t.product.insert(l.productId, i, q);
    if (brand !== null) {
      const v = l.brandId;
      if (v != null && holds(brand, v)) t.brand.insert(v, i, q);
    }
    if (category !== null) {
      const vs = l.categoryIds;
      if (vs) for (let k = 0; k < vs.length; k++) if (holds(category, vs[k]!)) t.category.insert(vs[k]!, i, q);
    }
    if (collection !== null) {
      const vs = l.collectionIds;
      if (vs) for (let k = 0; k < vs.length; k++) if (holds(collection, vs[k]!)) t.collection.insert(vs[k]!, i, q);
    }
  }
}

const LINE_KINDS: readonly LineKeyKind[] = ["sku", "variant", "product", "brand", "category", "collection"];

/**
 * Buyer keys are filled when the cart index is built; line key tables the first time something
 * asks for one (restricted: all kinds in one pass; unrestricted: that kind only, so the plain
 * loop pays only for the kinds its rules ask about).
 */
export class CartKeyTables implements KeyTables {
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
  private readonly line: Partial<LineTables> = {};
  private readonly unrestricted: Partial<LineTables> = {};
  private readonly traits = new Map<string, KeyTable>();
  private readonly unrestrictedTraits = new Map<string, KeyTable>();

  constructor(
    private readonly cartLines: readonly PromotionCartLine[],
    private readonly universe: LineKeyUniverse | null,
  ) {}

  private unrestrictedTable(kind: LineKeyKind): KeyTable {
    let t = this.unrestricted[kind];
    if (!t) {
      t = new KeyTable();
      FILL[kind](t, this.cartLines);
      this.unrestricted[kind] = t;
    }
    return t;
  }

  private lineTable(kind: LineKeyKind): KeyTable {
    const u = this.universe;
    if (!u) return (this.line[kind] = this.unrestrictedTable(kind));
    const t = {} as LineTables;
    for (const k of LINE_KINDS) t[k] = new KeyTable(u.kinds.get(k) ?? EMPTY, () => this.unrestrictedTable(k));
    fillRestricted(t, u, this.cartLines);
    Object.assign(this.line, t);
    return t[kind];
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

  private unrestrictedTrait(name: string): KeyTable {
    let all = this.unrestrictedTraits.get(name);
    if (!all) {
      all = new KeyTable();
      fillTrait(name, null)(all, this.cartLines);
      this.unrestrictedTraits.set(name, all);
    }
    return all;
  }

  /** one table per trait name, keyed by the raw value (no "name=value" strings to hash) */
  traitTable(name: string): KeyTable {
    let t = this.traits.get(name);
    if (t) return t;
    if (this.universe) {
      const only = this.universe.traits.get(name) ?? EMPTY;
      t = new KeyTable(only, () => this.unrestrictedTrait(name));
      const d = dictionaryOf(only);
      if (d !== null) fillTrait(name, d)(t, this.cartLines);
    } else {
      t = this.unrestrictedTrait(name);
    }
    this.traits.set(name, t);
    return t;
  }
}
