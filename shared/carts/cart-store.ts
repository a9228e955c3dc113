/**
 * The cart's own storage: SQLite inside its Durable Object. Every cart of one buyer context
 * (saved carts / shopping lists) lives in the same object; lines are cached in memory after the
 * first read, so a change on a 500-line cart writes one row and reads nothing.
 */
import type { CartHeader, CartLine, CartOwner, CartSummaryRow, LineFacts } from "./cart.types";

/** The slice of Durable Object storage the store uses (ctx.storage fits it). */
export interface CartStorage {
  sql: { exec<T extends Record<string, SqlValue>>(query: string, ...bindings: unknown[]): { toArray(): T[] } };
  transactionSync<T>(fn: () => T): T;
}
type SqlValue = string | number | null | ArrayBuffer;

interface HeaderRow extends Record<string, SqlValue> {
  id: string;
  name: string;
  is_active: number;
  version: number;
  currency: string | null;
  created_at: number;
  updated_at: number;
}

interface LineRow extends Record<string, SqlValue> {
  variant_id: string;
  line_id: string;
  quantity: number;
  facts: string;
  added_by: string | null;
  updated_by: string | null;
  added_at: number;
  updated_at: number;
  position: number;
}

const SCHEMA = [
  "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
  `CREATE TABLE IF NOT EXISTS carts (id TEXT PRIMARY KEY, name TEXT NOT NULL, is_active INTEGER NOT NULL, version INTEGER NOT NULL,
    currency TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS lines (cart_id TEXT NOT NULL, variant_id TEXT NOT NULL, line_id TEXT NOT NULL, quantity INTEGER NOT NULL,
    facts TEXT NOT NULL, added_by TEXT, updated_by TEXT, added_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, position INTEGER NOT NULL,
    PRIMARY KEY (cart_id, variant_id))`,
  // the Postgres summary mirror still to write, one row per cart (coalesced); seq grows on every change
  "CREATE TABLE IF NOT EXISTS mirror_pending (cart_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, op TEXT NOT NULL)",
];

/** What the Postgres mirror of one cart must become: its latest summary (and a cart.updated event), or gone. */
export type MirrorChange = { op: "upsert"; summary: CartSummaryRow; channelCode: string; atMs: number } | { op: "delete" };

export interface PendingMirror {
  cartId: string;
  /** settle with this seq: a change queued meanwhile keeps the row pending */
  seq: number;
  change: MirrorChange;
}

const toHeader = (r: HeaderRow): CartHeader => ({
  id: r.id,
  name: r.name,
  isActive: r.is_active === 1,
  version: r.version,
  currency: r.currency,
  createdAtMs: r.created_at,
  updatedAtMs: r.updated_at,
});

export interface LineWrite {
  cartId: string;
  upserts: readonly CartLine[];
  removals: readonly string[];
  clearAll: boolean;
  header: CartHeader;
  /** queued in the same transaction as the lines, so a committed change is always mirrored eventually */
  mirror?: MirrorChange;
}

export class CartStore {
  private headers: Map<string, CartHeader> | null = null;
  private readonly lineCache = new Map<string, Map<string, CartLine>>();
  // this object is the storage's only writer, so what it read or wrote stays true (null: no row)
  private readonly metaCache = new Map<string, string | null>();
  private ownerCache: CartOwner | null | undefined;

  constructor(private readonly storage: CartStorage) {
    for (const s of SCHEMA) storage.sql.exec(s);
  }

  owner(): CartOwner | null {
    if (this.ownerCache === undefined) {
      const raw = this.getMeta("owner");
      this.ownerCache = raw ? (JSON.parse(raw) as CartOwner) : null;
    }
    return this.ownerCache;
  }

  setOwner(owner: CartOwner): void {
    this.setMeta("owner", JSON.stringify(owner));
    this.ownerCache = owner;
  }

  getMeta(key: string): string | null {
    let v = this.metaCache.get(key);
    if (v === undefined) {
      v = this.storage.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]?.value ?? null;
      this.metaCache.set(key, v);
    }
    return v;
  }

  setMeta(key: string, value: string): void {
    this.storage.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, value);
    this.metaCache.set(key, value);
  }

  allHeaders(): CartHeader[] {
    this.headers ??= new Map(this.storage.sql.exec<HeaderRow>("SELECT * FROM carts").toArray().map((r) => [r.id, toHeader(r)]));
    return [...this.headers.values()].sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id));
  }

  header(id: string): CartHeader | null {
    this.allHeaders();
    return this.headers!.get(id) ?? null;
  }

  active(): CartHeader | null {
    return this.allHeaders().find((h) => h.isActive) ?? null;
  }

  putHeader(h: CartHeader): void {
    this.storage.sql.exec(
      "INSERT OR REPLACE INTO carts (id, name, is_active, version, currency, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      h.id,
      h.name,
      h.isActive ? 1 : 0,
      h.version,
      h.currency,
      h.createdAtMs,
      h.updatedAtMs,
    );
    this.allHeaders();
    this.headers!.set(h.id, h);
  }

  /** Makes `id` the only active cart (one statement pair in one transaction). */
  activate(id: string): void {
    this.storage.transactionSync(() => {
      this.storage.sql.exec("UPDATE carts SET is_active = CASE WHEN id = ? THEN 1 ELSE 0 END", id);
    });
    for (const h of this.allHeaders()) this.headers!.set(h.id, { ...h, isActive: h.id === id });
  }

  deleteCart(id: string): void {
    this.storage.transactionSync(() => {
      this.storage.sql.exec("DELETE FROM lines WHERE cart_id = ?", id);
      this.storage.sql.exec("DELETE FROM carts WHERE id = ?", id);
      this.queueMirror(id, { op: "delete" });
    });
    this.headers?.delete(id);
    this.lineCache.delete(id);
  }

  lines(cartId: string): ReadonlyMap<string, CartLine> {
    let cached = this.lineCache.get(cartId);
    if (!cached) {
      const rows = this.storage.sql.exec<LineRow>("SELECT * FROM lines WHERE cart_id = ? ORDER BY position", cartId).toArray();
      cached = new Map(
        rows.map((r) => [
          r.variant_id,
          {
            lineId: r.line_id,
            variantId: r.variant_id,
            quantity: r.quantity,
            facts: JSON.parse(r.facts) as LineFacts,
            addedBy: r.added_by,
            updatedBy: r.updated_by,
            addedAtMs: r.added_at,
            updatedAtMs: r.updated_at,
            position: r.position,
          },
        ]),
      );
      this.lineCache.set(cartId, cached);
    }
    return cached;
  }

  nextPosition(cartId: string): number {
    let max = -1;
    for (const l of this.lines(cartId).values()) if (l.position > max) max = l.position;
    return max + 1;
  }

  /** Writes a priced draft atomically: every line change and the header's new version, or nothing. */
  write(w: LineWrite): void {
    const sql = this.storage.sql;
    this.storage.transactionSync(() => {
      if (w.clearAll) sql.exec("DELETE FROM lines WHERE cart_id = ?", w.cartId);
      for (const v of w.removals) sql.exec("DELETE FROM lines WHERE cart_id = ? AND variant_id = ?", w.cartId, v);
      for (const l of w.upserts) {
        sql.exec(
          `INSERT INTO lines (cart_id, variant_id, line_id, quantity, facts, added_by, updated_by, added_at, updated_at, position)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (cart_id, variant_id) DO UPDATE SET quantity = excluded.quantity, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
          w.cartId,
          l.variantId,
          l.lineId,
          l.quantity,
          JSON.stringify(l.facts),
          l.addedBy,
          l.updatedBy,
          l.addedAtMs,
          l.updatedAtMs,
          l.position,
        );
      }
      sql.exec(
        "UPDATE carts SET version = ?, currency = ?, updated_at = ? WHERE id = ?",
        w.header.version,
        w.header.currency,
        w.header.updatedAtMs,
        w.cartId,
      );
      if (w.mirror) this.queueMirror(w.cartId, w.mirror);
    });
    const cache = this.lineCache.get(w.cartId);
    if (cache) {
      if (w.clearAll) cache.clear();
      for (const v of w.removals) cache.delete(v);
      for (const l of w.upserts) cache.set(l.variantId, l);
    }
    this.headers?.set(w.cartId, w.header);
  }

  private queueMirror(cartId: string, change: MirrorChange): void {
    this.storage.sql.exec(
      "INSERT INTO mirror_pending (cart_id, seq, op) VALUES (?, 1, ?) ON CONFLICT (cart_id) DO UPDATE SET seq = mirror_pending.seq + 1, op = excluded.op",
      cartId,
      JSON.stringify(change),
    );
  }

  pendingMirrors(): PendingMirror[] {
    return this.storage.sql
      .exec<{ cart_id: string; seq: number; op: string }>("SELECT cart_id, seq, op FROM mirror_pending ORDER BY cart_id")
      .toArray()
      .map((r) => ({ cartId: r.cart_id, seq: r.seq, change: JSON.parse(r.op) as MirrorChange }));
  }

  /** Drops a pending mirror once written, unless the cart changed again since it was read. */
  settleMirror(cartId: string, seq: number): void {
    this.storage.sql.exec("DELETE FROM mirror_pending WHERE cart_id = ? AND seq = ?", cartId, seq);
  }
}
