/**
 * What runs inside a cart's Durable Object: every call is serialized (one at a time, in arrival
 * order), so two buyers of one location changing the shared cart at once both land. A change is
 * applied to an in-memory draft, priced, adjusted (promotions…), and only then persisted in one
 * storage transaction: a failure at any step leaves the stored cart untouched.
 */
import { DomainError, forbidden, notFound } from "../kernel/errors";
import { pricingContextKey, type PriceBookRequest, type PriceBookResolveResult, type PriceLine, type PriceResolution } from "../pricing";
import type { PromotionContext } from "../promotions";
import { applyCommand, dropUnpricedChanges, revertDraft, type CartCommand, type CartDraft } from "./cart-engine";
import { lookAheadRules, noShippingEstimate, priceCartView, promotionsStep, runSteps, noActiveRules, type ActiveRulesProvider, type CartStep, type PipelineState } from "./cart-pipeline";
import type { PromotionRuleIndex } from "../promotions";
import { AccountStatusCache, MissingCallFacts, type AccountStatusFact, type CartCallFact } from "./cart-call-facts";
import type { CartObjectStats } from "./cart-client";
import { assertAccountMayOrder, assertExpectedVersion, rejectionError, unknownStock, type StockLookup } from "./cart-rules";
import { CartStore, type CartStorage, type PendingMirror } from "./cart-store";
import type { BulkLineResult, CartHeader, CartLine, CartOwner, CartSummaryRow, CartView } from "./cart.types";

/** Everything the Worker tells the cart about the caller for one call. */
export interface CartCall {
  owner: CartOwner;
  actor: { id: string | null; role: string | null; email: string | null; groupIds: string[] };
  channelCode: string;
  /** the buyer's PriceBook request (currency chosen by pricing; the cart's own currency wins) */
  pricing: PriceBookRequest;
  /**
   * true: pricing's currency was chosen without the buyer's preferences (not loaded, to save a
   * statement); the object uses the cart's own currency and asks for `buyerCurrency` when it has none.
   */
  provisionalCurrency?: boolean;
  /** B2B: the account status, when the Worker just read it; otherwise the object's cached one (≤ 60 s) */
  account?: AccountStatusFact | null;
  nowMs: number;
}

export interface MutateOptions {
  cartId?: string | null;
  expectedVersion?: number | null;
  /** bulk changes: apply nothing when any line is refused */
  allOrNothing?: boolean;
  /** merges: a key seen before makes the call a no-op (retried merges do not double quantities) */
  idempotencyKey?: string | null;
  /** false: the view comes back with `lines: []` (totals still cover every line) — a smaller RPC payload */
  withLines?: boolean;
}

export interface MutationResult {
  view: CartView;
  results: BulkLineResult[] | null;
  /** false when nothing changed (all lines refused, all-or-nothing refusal, repeated merge) */
  changed: boolean;
  summary: CartSummaryRow;
}

export interface CartRuntimeDeps {
  resolvePrices(req: PriceBookRequest & { lines: PriceLine[] }): Promise<PriceBookResolveResult>;
  rules?: ActiveRulesProvider;
  stock?: StockLookup;
  /** extra steps after promotions (shipping estimate…) */
  steps?: CartStep[];
  newId?: () => string;
}

const DEFAULT_NAME = "Cart";
const MAX_COUPONS = 5;

export class CartRuntime {
  private readonly store: CartStore;
  private tail: Promise<unknown> = Promise.resolve();
  private readonly steps: CartStep[];
  private readonly newId: () => string;
  private readonly accountStatus = new AccountStatusCache();
  private readonly counters = { priceBookCalls: 0, priceBookSqlStatements: 0, callsRefusedForFacts: 0 };

  constructor(storage: CartStorage, private readonly deps: CartRuntimeDeps) {
    this.store = new CartStore(storage);
    this.steps = [promotionsStep(deps.rules ?? noActiveRules), ...(deps.steps ?? [noShippingEstimate])];
    this.newId = deps.newId ?? (() => crypto.randomUUID());
  }

  /** One call at a time: awaiting pricing must not let another change read a stale draft. */
  private serialize<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** The object's name is derived from the owner; a mismatch means a routing bug, never serve it. */
  private checkOwner(owner: CartOwner): void {
    const stored = this.store.owner();
    if (!stored) return this.store.setOwner(owner);
    if (stored.kind !== owner.kind || stored.channelId !== owner.channelId || stored.ownerId !== owner.ownerId) throw forbidden("This cart belongs to someone else");
  }

  /**
   * Before anything is read or written for a call: the facts it lacks (all at once, so the Worker
   * makes one extra round trip at most) and, for a change to a location cart, the account check.
   */
  private requireFacts(call: CartCall, cartId: string | null | undefined, change: boolean, prices = true): void {
    const { missing, account } = this.factsFor(call, cartId, change, prices);
    if (missing.length > 0) {
      this.counters.callsRefusedForFacts++;
      throw new MissingCallFacts(missing);
    }
    if (account) assertAccountMayOrder(account.status === null ? null : { status: account.status });
  }

  /**
   * What a change with this call would ask for, without doing it: a bulk change (quick order,
   * 500 lines of facts) asks first, in parallel with its variant-facts statement, rather than
   * sending its payload twice. A hint only — the change itself checks again.
   */
  missingFacts(call: CartCall, cartId?: string | null): CartCallFact[] {
    this.checkOwner(call.owner);
    return this.factsFor(call, cartId, true, true).missing;
  }

  private factsFor(call: CartCall, cartId: string | null | undefined, change: boolean, prices: boolean): { missing: CartCallFact[]; account: AccountStatusFact | null } {
    const missing: CartCallFact[] = [];
    let account: AccountStatusFact | null = null;
    if (change && call.owner.kind === "location") {
      account = this.accountStatus.current(call.account, call.nowMs);
      if (!account) missing.push("accountStatus");
    }
    if (call.provisionalCurrency && prices) {
      const header = cartId ? this.store.header(cartId) : this.store.active();
      // a cart that does not exist yet is only created by a change, which then needs a currency;
      // an unknown cartId needs nothing (the call is refused as NOT_FOUND)
      if (header ? header.currency === null : change && !cartId) missing.push("buyerCurrency");
    }
    return { missing, account };
  }

  private cartFor(call: CartCall, cartId: string | null | undefined, create: boolean): CartHeader | null {
    if (cartId) {
      const h = this.store.header(cartId);
      if (!h) throw notFound("Cart", cartId);
      return h;
    }
    const active = this.store.active();
    if (active || !create) return active;
    const h: CartHeader = { id: this.newId(), name: DEFAULT_NAME, isActive: true, version: 0, currency: null, createdAtMs: call.nowMs, updatedAtMs: call.nowMs };
    this.store.putHeader(h);
    return h;
  }

  private async price(call: CartCall, lines: readonly CartLine[], currency: string | null): Promise<{ currency: string; prices: Map<string, PriceResolution> }> {
    const context = { ...call.pricing.context, currency: currency ?? call.pricing.context.currency };
    const prices = new Map<string, PriceResolution>();
    if (lines.length > 0) {
      const r = await this.deps.resolvePrices({
        ...call.pricing,
        key: pricingContextKey(context),
        context,
        lines: lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })),
      });
      this.counters.priceBookCalls++;
      this.counters.priceBookSqlStatements += r.sqlStatements;
      for (const p of r.resolutions) prices.set(p.variantId, p);
    }
    return { currency: context.currency, prices };
  }

  /** coupon codes entered on a cart (kept in the object's metadata, not a cart version change) */
  private couponsOf(cartId: string): string[] {
    const raw = this.store.getMeta(`coupons:${cartId}`);
    return raw ? (JSON.parse(raw) as string[]) : [];
  }

  /** the cart's coupon codes after a coupon command (undefined: not a coupon command) */
  private nextCoupons(cartId: string, cmd: CartCommand): string[] | undefined {
    if (cmd.type !== "addCoupon" && cmd.type !== "removeCoupon") return undefined;
    const current = this.couponsOf(cartId);
    if (cmd.type === "removeCoupon") {
      if (!current.includes(cmd.code)) throw new DomainError("BAD_USER_INPUT", `input.code: coupon ${cmd.code} is not on the cart`, { field: "input.code" });
      return current.filter((c) => c !== cmd.code);
    }
    if (current.includes(cmd.code)) return current;
    if (current.length >= MAX_COUPONS) throw new DomainError("BAD_USER_INPUT", `input.code: at most ${MAX_COUPONS} coupon codes per cart`, { field: "input.code" });
    return [...current, cmd.code];
  }

  private promotionContext(call: CartCall, couponCodes: string[]): PromotionContext {
    return {
      couponCodes,
      channelCode: call.channelCode,
      customerId: call.owner.customerId,
      customerGroupIds: call.actor.groupIds,
      accountId: call.owner.accountId,
      locationId: call.owner.locationId,
      role: call.actor.role,
      email: call.actor.email,
      now: call.nowMs,
    };
  }

  /** the rules lookup, started before pricing (see lookAheadRules) */
  private rulesAhead(call: CartCall): Promise<PromotionRuleIndex | null> {
    return lookAheadRules(this.deps.rules ?? noActiveRules, call.channelCode, call.nowMs);
  }

  private async evaluate(call: CartCall, header: CartHeader, lines: readonly CartLine[], prices: Map<string, PriceResolution>, currency: string, rules: Promise<PromotionRuleIndex | null>, coupons?: string[]): Promise<CartView> {
    const sorted = [...lines].sort((a, b) => a.position - b.position);
    const promotionContext = this.promotionContext(call, coupons ?? this.couponsOf(header.id));
    const state: PipelineState = { lines: sorted, currency, prices, promotionContext, promotion: null, rules, shippingEstimate: null, warnings: [] };
    await runSteps(state, this.steps);
    const priced = priceCartView(state, this.deps.stock ?? unknownStock);
    return { header: { ...header, currency }, owner: call.owner, ...priced };
  }

  private summary(view: CartView): CartSummaryRow {
    return {
      cartId: view.header.id,
      owner: view.owner,
      name: view.header.name,
      isActive: view.header.isActive,
      version: view.header.version,
      lineCount: view.totals.lineCount,
      subtotal: view.totals.subtotal,
      currency: view.totals.currency,
      updatedAtMs: view.header.updatedAtMs,
    };
  }

  view(call: CartCall, cartId?: string | null): Promise<CartView | null> {
    return this.serialize(async () => {
      this.checkOwner(call.owner);
      this.requireFacts(call, cartId, false);
      const header = this.cartFor(call, cartId, false);
      if (!header) return null;
      const lines = [...this.store.lines(header.id).values()];
      const rules = this.rulesAhead(call);
      const { currency, prices } = await this.price(call, lines, header.currency);
      return this.evaluate(call, header, lines, prices, currency, rules);
    });
  }

  mutate(call: CartCall, cmd: CartCommand, opts: MutateOptions = {}): Promise<MutationResult> {
    return this.serialize(async () => {
      this.checkOwner(call.owner);
      this.requireFacts(call, opts.cartId, true);
      const header = this.cartFor(call, opts.cartId, true)!;
      assertExpectedVersion(opts.expectedVersion, header.version);
      const before = this.store.lines(header.id);
      if (opts.idempotencyKey && this.store.getMeta(`idem:${header.id}:${opts.idempotencyKey}`)) {
        const lines = [...before.values()];
        const rules = this.rulesAhead(call);
        const { currency, prices } = await this.price(call, lines, header.currency);
        const view = await this.evaluate(call, header, lines, prices, currency, rules);
        return { view, results: [], changed: false, summary: this.summary(view) };
      }
      const draft = applyCommand(
        { lines: before, currency: header.currency, nextPosition: this.store.nextPosition(header.id), nowMs: call.nowMs, actor: { id: call.actor.id }, newLineId: this.newId },
        cmd,
      );
      const lines = [...draft.lines.values()];
      const rules = this.rulesAhead(call);
      const { currency, prices } = await this.price(call, lines, draft.currency);
      const unpriced = new Set<string>();
      for (const [v, p] of prices) if (!p.ok) unpriced.add(v);
      const dropped = dropUnpricedChanges(draft, unpriced, before);
      if (dropped.length > 0 && cmd.type === "add") {
        throw rejectionError({ reason: "NOT_PRICED", message: `no price for you in ${currency}` }, "variantId", dropped[0]);
      }
      if (opts.allOrNothing && draft.results?.some((r) => r.status === "REJECTED")) revertDraft(draft, before);
      const changed = isChange(draft, header, currency, cmd.type === "setCurrency");
      const next: CartHeader = changed ? { ...header, version: header.version + 1, currency, updatedAtMs: call.nowMs } : header;
      const coupons = this.nextCoupons(header.id, cmd);
      const view = await this.evaluate(call, next, [...draft.lines.values()], prices, currency, rules, coupons);
      const summary = this.summary(view);
      if (coupons) this.store.setMeta(`coupons:${header.id}`, JSON.stringify(coupons));
      if (changed) {
        this.store.write({
          cartId: header.id,
          upserts: [...draft.touched].map((v) => draft.lines.get(v)!),
          removals: draft.cleared ? [] : [...draft.removed],
          clearAll: draft.cleared,
          header: next,
          mirror: { op: "upsert", summary, channelCode: call.channelCode, atMs: call.nowMs },
        });
      }
      if (opts.idempotencyKey) this.store.setMeta(`idem:${header.id}:${opts.idempotencyKey}`, String(next.version));
      return { view: opts.withLines === false ? { ...view, lines: [] } : view, results: draft.results, changed, summary };
    });
  }

  /** The lines of a cart, for a merge into another owner's cart. */
  exportLines(call: CartCall, cartId?: string | null): Promise<{ header: CartHeader; lines: CartLine[] } | null> {
    return this.serialize(async () => {
      this.checkOwner(call.owner);
      const header = this.cartFor(call, cartId, false);
      if (!header) return null;
      return { header, lines: [...this.store.lines(header.id).values()].sort((a, b) => a.position - b.position) };
    });
  }

  list(call: CartCall): Promise<CartHeader[]> {
    return this.serialize(async () => {
      this.checkOwner(call.owner);
      return this.store.allHeaders();
    });
  }

  /** A new named cart (saved cart / shopping list); it becomes the active one. */
  create(call: CartCall, name: string): Promise<CartHeader> {
    return this.serialize(async () => {
      this.checkOwner(call.owner);
      this.requireFacts(call, null, true, false);
      if (this.store.allHeaders().length >= 50) throw new DomainError("BAD_USER_INPUT", "At most 50 saved carts", { field: "name" });
      const h: CartHeader = { id: this.newId(), name, isActive: false, version: 0, currency: null, createdAtMs: call.nowMs, updatedAtMs: call.nowMs };
      this.store.putHeader(h);
      this.store.activate(h.id);
      return this.store.header(h.id)!;
    });
  }

  activate(call: CartCall, cartId: string): Promise<CartHeader> {
    return this.serialize(async () => {
      this.checkOwner(call.owner);
      this.requireFacts(call, cartId, true, false);
      if (!this.store.header(cartId)) throw notFound("Cart", cartId);
      this.store.activate(cartId);
      return this.store.header(cartId)!;
    });
  }

  remove(call: CartCall, cartId: string): Promise<boolean> {
    return this.serialize(async () => {
      this.checkOwner(call.owner);
      this.requireFacts(call, cartId, true, false);
      if (!this.store.header(cartId)) throw notFound("Cart", cartId);
      this.store.deleteCart(cartId);
      return true;
    });
  }

  /**
   * Writes the pending Postgres mirrors (summary + cart.updated event) through `write`, outside
   * the call queue so carts stay usable meanwhile; each is settled only if the cart did not change
   * again during the write. A failed write stays pending (at-least-once). Returns how many remain.
   */
  async flushMirrors(write: (p: PendingMirror) => Promise<void>): Promise<number> {
    for (const p of this.store.pendingMirrors()) {
      await write(p);
      this.store.settleMirror(p.cartId, p.seq);
    }
    return this.store.pendingMirrors().length;
  }

  stats(extra: { postgresStatements: number; mirrorFlushes: number; promotionRulesStatements: number }): CartObjectStats {
    return { ...this.counters, ...extra, pendingMirrors: this.store.pendingMirrors().length };
  }
}

/** A first pricing only records the currency it chose; that alone is not a new version. */
function isChange(draft: CartDraft, header: CartHeader, currency: string, switching: boolean): boolean {
  if (draft.touched.size > 0 || draft.removed.size > 0) return true;
  return currency !== header.currency && (switching || header.currency !== null);
}
