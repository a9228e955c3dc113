/**
 * Cart use-cases on the Worker side: who the caller is and which cart that means, the variant
 * facts an add needs (one statement), then one call to the cart's Durable Object.
 * SQL per call on a warm cart: none for a quantity change, remove, clear or view; one (variant
 * facts) for an add, a quick order, a reorder or a merge. The buyer's preferred currency and the
 * B2B account status are loaded only when the object asks for them (a cart with no currency yet;
 * an account status older than ACCOUNT_STATUS_TTL_MS): then one more round trip and ≤ 2 statements
 * in parallel. The Postgres summary mirror and cart.updated event are written by the object's
 * alarm a few seconds later (see durable-objects/cart), not in the request.
 */
import { eq } from "drizzle-orm";
import { accounts } from "../accounts/accounts.tables";
import { viewerGroupIds, type VariantFacts, type VariantFactsRequest } from "../catalog";
import type { ChannelContext } from "../kernel/channel-context";
import type { Db } from "../kernel/db";
import { DomainError, forbidden, notFound } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import type { PricingService } from "../pricing";
import type { BulkItem, CartCommand } from "./cart-engine";
import type { CartCallFact } from "./cart-call-facts";
import { noPastOrders, unwrap, type CartObjectApi, type CartObjects, type PastOrderSource, type Wire } from "./cart-client";
import { cartObjectName, cartOwnerFor } from "./cart-owner";
import { assertMayUseCart, assertRoleMayOrder } from "./cart-rules";
import type { CartCall, MutateOptions } from "./cart-runtime";
import type { BulkLineResult, CartHeader, CartView, LineFacts } from "./cart.types";
import { idleCarts, type CartMirrorRow } from "./carts.repository";
import {
  addLineSchema,
  cartNameSchema,
  couponSchema,
  cartRefSchema,
  currencySchema,
  idleCartsSchema,
  parseCartInput,
  quickOrderSchema,
  removeLineSchema,
  reorderSchema,
  setQuantitySchema,
} from "./carts.schema";
import { issueGuestToken, verifyGuestToken } from "./guest-token";
import { parseQuickOrderCsv } from "./quick-order-csv";

export interface CartsDeps {
  db: Db;
  now: Date;
  authSecret: string;
  pricing: Pick<PricingService, "buyerPricing">;
  objects: CartObjects;
  variantFacts: (db: Db, req: VariantFactsRequest) => Promise<VariantFacts[]>;
  pastOrders?: PastOrderSource;
  /** admits a coupon code onto a cart (promotions: known code, guess limit); absent: no code is known */
  coupons?: CouponGate;
}

export interface CouponGate {
  /** the normalized code, or a typed refusal (unknown code, too many guesses) */
  admit(code: string, who: string, channelCode: string, nowMs: number): Promise<string>;
}

export interface CallerContext {
  channel: ChannelContext;
  principal: Principal;
  country: string | null;
}

/** What the API returns for a cart: the priced view plus the guest token a guest must keep. */
export interface CartPayload extends CartView {
  guestToken: string | null;
}

export interface BulkPayload {
  cart: CartPayload;
  /** false when no line was applied */
  applied: boolean;
  appliedCount: number;
  rejectedCount: number;
  lines: BulkLineResult[];
}

/** What the caller will read of the returned cart (GraphQL selection). */
export interface CartShape {
  /** false: lines are not returned (totals still cover them) — a smaller payload from the object */
  withLines?: boolean;
}

interface Opened {
  call: CartCall;
  stub: CartObjectApi;
  guestToken: string | null;
}

/** Preferences known not to matter for this call (see open). */
const NO_PREFERENCES = {};

export class CartsService {
  constructor(private readonly deps: CartsDeps) {}

  private async open(ctx: CallerContext, guestToken: string | null | undefined, o: { change: boolean; currency?: string | null }): Promise<Opened | null> {
    assertMayUseCart(ctx.channel, ctx.principal);
    let guestCartId: string | null = null;
    let token: string | null = null;
    if (ctx.principal.kind === "guest") {
      if (guestToken) {
        guestCartId = await verifyGuestToken(this.deps.authSecret, ctx.channel.id, guestToken);
        token = guestToken;
      } else if (o.change) {
        const issued = await issueGuestToken(this.deps.authSecret, ctx.channel.id);
        guestCartId = issued.cartId;
        token = issued.token;
      } else return null;
    }
    const owner = cartOwnerFor(ctx.channel.id, ctx.principal, guestCartId);
    const p = ctx.principal;
    if (o.change) assertRoleMayOrder(p);
    // No Postgres here: a requested currency (validated here) makes preferences irrelevant, and a
    // cart that has a currency keeps it; the object asks for the real preferences when it has none.
    const bp = await this.deps.pricing.buyerPricing(ctx.channel, p, { currency: o.currency ?? null, country: ctx.country, preferences: NO_PREFERENCES });
    const actorId = p.kind === "employee" ? p.employeeId : p.kind === "customer" ? p.customerId : null;
    const call: CartCall = {
      owner,
      actor: {
        id: actorId,
        role: p.kind === "employee" ? p.role : null,
        email: p.kind === "employee" || p.kind === "customer" ? p.email : null,
        groupIds: p.kind === "employee" || p.kind === "customer" ? p.groupIds : [],
      },
      channelCode: ctx.channel.code,
      pricing: bp.request,
      provisionalCurrency: !o.currency,
      nowMs: this.deps.now.getTime(),
    };
    return { call, stub: this.deps.objects.get(cartObjectName(owner)), guestToken: token };
  }

  /** Calls the object; when it asks for facts it lacks, loads them into the call and calls once more. */
  private async invoke<T>(ctx: CallerContext, o: Opened, fn: (call: CartCall) => Promise<Wire<T>>): Promise<T> {
    const first = await fn(o.call);
    if (first.ok || !("missing" in first)) return unwrap(first);
    await this.supply(ctx, o, first.missing);
    return unwrap(await fn(o.call));
  }

  /** Before a bulk change: asks the object what it lacks and loads it, so the big payload goes once. */
  private async prepare(ctx: CallerContext, o: Opened, cartId: string | null | undefined): Promise<void> {
    const missing = unwrap(await o.stub.missingFacts(o.call, cartId));
    if (missing.length > 0) await this.supply(ctx, o, missing);
  }

  /** At most 2 statements, in parallel: the buyer's preferences and (B2B) the account status. */
  private async supply(ctx: CallerContext, o: Opened, missing: CartCallFact[]): Promise<void> {
    const p = ctx.principal;
    const [bp, account] = await Promise.all([
      missing.includes("buyerCurrency") ? this.deps.pricing.buyerPricing(ctx.channel, p, { currency: null, country: ctx.country }) : Promise.resolve(null),
      missing.includes("accountStatus") && p.kind === "employee" ? this.accountStatus(p.accountId) : Promise.resolve(undefined),
    ]);
    if (bp) o.call = { ...o.call, pricing: bp.request, provisionalCurrency: false };
    if (account !== undefined) o.call = { ...o.call, account: { status: account?.status ?? null, checkedAtMs: this.deps.now.getTime() } };
  }

  private async accountStatus(accountId: string): Promise<{ status: number } | null> {
    const [row] = await this.deps.db.select({ status: accounts.status }).from(accounts).where(eq(accounts.id, accountId)).limit(1);
    return row ?? null;
  }

  private facts(ctx: CallerContext, by: { variantIds?: string[]; skus?: string[] }): Promise<VariantFacts[]> {
    return this.deps.variantFacts(this.deps.db, { channelId: ctx.channel.id, groupIds: viewerGroupIds(ctx.principal), ...by });
  }

  private async change(ctx: CallerContext, o: Opened, cmd: CartCommand, opts: MutateOptions): Promise<{ cart: CartPayload; results: BulkLineResult[] | null; changed: boolean }> {
    const r = await this.invoke(ctx, o, (call) => o.stub.mutate(call, cmd, opts));
    return { cart: { ...r.view, guestToken: o.guestToken }, results: r.results, changed: r.changed };
  }

  private bulk(r: { cart: CartPayload; results: BulkLineResult[] | null; changed: boolean }): BulkPayload {
    const lines = (r.results ?? []).sort((a, b) => a.line - b.line);
    const appliedCount = lines.filter((l) => l.status === "APPLIED").length;
    return { cart: r.cart, applied: r.changed && appliedCount > 0, appliedCount, rejectedCount: lines.length - appliedCount, lines };
  }

  async cart(ctx: CallerContext, input: unknown): Promise<CartPayload | null> {
    const i = parseCartInput(cartRefSchema, input);
    const o = await this.open(ctx, i.guestToken, { change: false });
    if (!o) return null;
    const view = await this.invoke(ctx, o, (call) => o.stub.view(call, i.cartId));
    return view ? { ...view, guestToken: o.guestToken } : null;
  }

  async addLine(ctx: CallerContext, input: unknown, shape: CartShape = {}): Promise<CartPayload> {
    const i = parseCartInput(addLineSchema, input);
    const [o, facts] = await Promise.all([
      this.open(ctx, i.guestToken, { change: true }),
      this.facts(ctx, i.variantId ? { variantIds: [i.variantId] } : { skus: [i.sku!] }),
    ]);
    const f = facts[0] ?? null;
    const cmd: CartCommand = { type: "add", ref: i.variantId ?? i.sku!, field: i.variantId ? "input.variantId" : "input.sku", facts: f && toLineFacts(f), quantity: i.quantity };
    return (await this.change(ctx, o!, cmd, { ...i, ...shape })).cart;
  }

  async setQuantity(ctx: CallerContext, input: unknown, shape: CartShape = {}): Promise<CartPayload> {
    const i = parseCartInput(setQuantitySchema, input);
    const o = await this.open(ctx, i.guestToken, { change: true });
    return (await this.change(ctx, o!, { type: "setQuantity", variantId: i.variantId.toLowerCase(), quantity: i.quantity }, { ...i, ...shape })).cart;
  }

  async removeLine(ctx: CallerContext, input: unknown, shape: CartShape = {}): Promise<CartPayload> {
    const i = parseCartInput(removeLineSchema, input);
    const o = await this.open(ctx, i.guestToken, { change: true });
    return (await this.change(ctx, o!, { type: "remove", variantId: i.variantId.toLowerCase() }, { ...i, ...shape })).cart;
  }

  async clear(ctx: CallerContext, input: unknown, shape: CartShape = {}): Promise<CartPayload> {
    const i = parseCartInput(cartRefSchema, input);
    const o = await this.open(ctx, i.guestToken, { change: true });
    return (await this.change(ctx, o!, { type: "clear" }, { ...i, ...shape })).cart;
  }

  /** Enter a coupon code: promotions admits it (known code; unknown ones count as guesses), the cart keeps it. */
  async applyCoupon(ctx: CallerContext, input: unknown, shape: CartShape = {}): Promise<CartPayload> {
    const i = parseCartInput(couponSchema, input);
    const o = (await this.open(ctx, i.guestToken, { change: true }))!;
    if (!this.deps.coupons) throw new DomainError("BAD_USER_INPUT", "input.code: unknown coupon code", { field: "input.code" });
    const code = await this.deps.coupons.admit(i.code, o.call.owner.ownerId, ctx.channel.code, o.call.nowMs);
    return (await this.change(ctx, o, { type: "addCoupon", code }, { ...i, ...shape })).cart;
  }

  async removeCoupon(ctx: CallerContext, input: unknown, shape: CartShape = {}): Promise<CartPayload> {
    const i = parseCartInput(couponSchema, input);
    const o = (await this.open(ctx, i.guestToken, { change: true }))!;
    return (await this.change(ctx, o, { type: "removeCoupon", code: i.code.trim().toUpperCase() }, { ...i, ...shape })).cart;
  }

  /** A currency switch reprices every line in the new currency (pricing validates the currency). */
  async setCurrency(ctx: CallerContext, input: unknown, shape: CartShape = {}): Promise<CartPayload> {
    const i = parseCartInput(currencySchema, input);
    const o = await this.open(ctx, i.guestToken, { change: true, currency: i.currency });
    return (await this.change(ctx, o!, { type: "setCurrency", currency: i.currency }, { ...i, ...shape })).cart;
  }

  /** Quick order: the CSV's valid lines are added, each refused line says why. SQL: variant facts (1). */
  async quickOrder(ctx: CallerContext, input: unknown, shape: CartShape = {}): Promise<BulkPayload> {
    const i = parseCartInput(quickOrderSchema, input);
    const parsed = parseQuickOrderCsv(i.csv);
    // variant facts (1 statement) in parallel with asking the cart what it lacks (a new cart: ≤ 2 more)
    const [o, facts] = await Promise.all([
      this.open(ctx, i.guestToken, { change: true }).then(async (opened) => {
        await this.prepare(ctx, opened!, i.cartId);
        return opened;
      }),
      this.facts(ctx, { skus: parsed.rows.map((r) => r.sku) }),
    ]);
    const bySku = new Map(facts.map((f) => [f.sku, toLineFacts(f)]));
    const items: BulkItem[] = [
      ...parsed.rows.map((r) => ({ line: r.line, sku: r.sku, quantity: r.quantity, facts: bySku.get(r.sku) ?? null })),
      ...parsed.rejected.map((r) => ({ line: r.line, sku: r.sku, quantity: 0, facts: null, rejection: r.rejection! })),
    ].sort((a, b) => a.line - b.line);
    return this.bulk(await this.change(ctx, o!, { type: "bulkAdd", items, allOrNothing: i.allOrNothing ?? false }, { ...i, allOrNothing: i.allOrNothing ?? false, ...shape }));
  }

  /** Pending the orders domain: the default PastOrderSource finds no order. */
  async reorder(ctx: CallerContext, input: unknown): Promise<BulkPayload> {
    const i = parseCartInput(reorderSchema, input);
    const o = await this.open(ctx, i.guestToken, { change: true });
    const lines = await (this.deps.pastOrders ?? noPastOrders).linesOf(o!.call.owner.ownerId, i.orderId);
    if (!lines) throw notFound("Order", i.orderId);
    const facts = new Map((await this.facts(ctx, { variantIds: lines.map((l) => l.variantId) })).map((f) => [f.variantId, toLineFacts(f)]));
    const items: BulkItem[] = lines.map((l, n) => ({ line: n + 1, sku: facts.get(l.variantId)?.sku ?? l.variantId, quantity: l.quantity, facts: facts.get(l.variantId) ?? null }));
    return this.bulk(await this.change(ctx, o!, { type: "bulkAdd", items, allOrNothing: false }, i));
  }

  /**
   * On login: the guest cart's lines are added to the buyer's active cart (quantities summed,
   * each line re-checked against the buyer's own visibility and rules), then the guest cart is
   * emptied. Retrying with the same token after a partial failure does not add twice.
   */
  async mergeGuestCart(ctx: CallerContext, guestToken: string): Promise<BulkPayload> {
    if (ctx.principal.kind === "guest") throw forbidden("Sign in first, then merge the guest cart into your own");
    const guestCartId = await verifyGuestToken(this.deps.authSecret, ctx.channel.id, guestToken);
    const o = await this.open(ctx, null, { change: true });
    const guestOwner = cartOwnerFor(ctx.channel.id, { kind: "guest" }, guestCartId);
    const guest: Opened = {
      call: { ...o!.call, owner: guestOwner, actor: { id: null, role: null, email: null, groupIds: [] } },
      stub: this.deps.objects.get(cartObjectName(guestOwner)),
      guestToken: null,
    };
    const exported = unwrap(await guest.stub.exportLines(guest.call));
    if (!exported || exported.lines.length === 0) {
      const view = await this.invoke(ctx, o!, (call) => o!.stub.view(call));
      const empty = view ? { ...view, guestToken: null } : null;
      if (!empty) return { cart: await this.emptyPayload(ctx, o!), applied: false, appliedCount: 0, rejectedCount: 0, lines: [] };
      return { cart: empty, applied: false, appliedCount: 0, rejectedCount: 0, lines: [] };
    }
    const facts = new Map((await this.facts(ctx, { variantIds: exported.lines.map((l) => l.variantId) })).map((f) => [f.variantId, toLineFacts(f)]));
    const items: BulkItem[] = exported.lines.map((l, n) => ({ line: n + 1, sku: l.facts.sku, quantity: l.quantity, facts: facts.get(l.variantId) ?? null }));
    const r = await this.change(ctx, o!, { type: "bulkAdd", items, allOrNothing: false }, { idempotencyKey: `merge:${guestCartId}:${exported.header.id}:${exported.header.version}` });
    guest.call = { ...guest.call, pricing: o!.call.pricing, provisionalCurrency: o!.call.provisionalCurrency };
    await this.invoke(ctx, guest, (call) => guest.stub.mutate(call, { type: "clear" }, { cartId: exported.header.id, withLines: false }));
    return this.bulk(r);
  }

  /** A buyer's carts (saved carts / shopping lists) and which one is active. */
  async list(ctx: CallerContext, input: unknown): Promise<CartHeader[]> {
    const i = parseCartInput(cartRefSchema, input);
    const o = await this.open(ctx, i.guestToken, { change: false });
    return o ? unwrap(await o.stub.list(o.call)) : [];
  }

  async createNamed(ctx: CallerContext, input: unknown): Promise<CartHeader> {
    const i = parseCartInput(cartNameSchema, input);
    const o = await this.open(ctx, i.guestToken, { change: true });
    return this.invoke(ctx, o!, (call) => o!.stub.create(call, i.name));
  }

  async activate(ctx: CallerContext, input: unknown): Promise<CartHeader> {
    const i = parseCartInput(cartRefSchema, input);
    if (!i.cartId) throw notFound("Cart");
    const o = await this.open(ctx, i.guestToken, { change: true });
    const cartId = i.cartId;
    return this.invoke(ctx, o!, (call) => o!.stub.activate(call, cartId));
  }

  async remove(ctx: CallerContext, input: unknown): Promise<boolean> {
    const i = parseCartInput(cartRefSchema, input);
    if (!i.cartId) throw notFound("Cart");
    const o = await this.open(ctx, i.guestToken, { change: true });
    const cartId = i.cartId;
    // the object also queues the mirror row's deletion (after any pending upsert of it)
    await this.invoke(ctx, o!, (call) => o!.stub.remove(call, cartId));
    return true;
  }

  /** Admin: carts with lines idle for more than `idleHours` (abandoned-cart follow-up). */
  async idle(q: { idleHours: number; channelId: string | null; limit: number }): Promise<CartMirrorRow[]> {
    return idleCarts(this.deps.db, { before: new Date(this.deps.now.getTime() - q.idleHours * 3_600_000), channelId: q.channelId, limit: q.limit });
  }

  async idleFromArgs(a: { idleHours: number; channelId?: string | null; first?: number | null }): Promise<CartMirrorRow[]> {
    const i = parseCartInput(idleCartsSchema, a);
    return this.idle({ idleHours: i.idleHours, channelId: i.channelId ?? null, limit: i.first ?? 100 });
  }

  private async emptyPayload(ctx: CallerContext, o: Opened): Promise<CartPayload> {
    const r = await this.invoke(ctx, o, (call) => o.stub.mutate(call, { type: "reprice" }));
    return { ...r.view, guestToken: null };
  }
}

export function toLineFacts(f: VariantFacts): LineFacts {
  return { ...f };
}
