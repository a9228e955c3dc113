/**
 * Shop quotes: which methods can ship these lines to this address, at what price, in which boxes.
 * SQL per standalone quote: 2 statements whatever the line count, run in parallel — visible
 * variant facts (catalog rule, 1) and the channel's zones/methods/boxes/assignments with the
 * variants' shipping facts (1). The goods subtotal for `free_over` comes from the PriceBook
 * (pricing.quote), only when an offered method needs it: no Worker SQL for a guest, the buyer's
 * currency-preference lookup (1) for a logged-in buyer — so at most 3, asserted in the API test.
 * A cart quote adds the cart's own view (its Durable Object) and is cached per cart version.
 */
import { catalogAccess, viewerGroupIds, type VariantFacts, type VariantFactsRequest } from "../catalog";
import type { ChannelContext } from "../kernel/channel-context";
import type { Db } from "../kernel/db";
import { DomainError, notFound, unauthenticated } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import type { CartsService } from "../carts";
import type { PricingService } from "../pricing";
import { quoteShipments, type QuoteItem, type ShipmentQuote } from "./quote";
import { loadQuoteData, type QuoteData, type ShippingVariantFacts } from "./quote-data.repository";
import type { RateStrategyRegistry } from "./rates/rate-strategy";
import { cartQuoteInputSchema, MAX_QUOTE_UNITS, quoteInputSchema, type AddressInput } from "./shipping.schema";
import { methodsForAddress } from "./zones";

export interface ShippingQuoteDeps {
  db: Db;
  now: Date;
  rates: RateStrategyRegistry;
  pricing: Pick<PricingService, "quote">;
  carts: Pick<CartsService, "cart">;
  variantFacts: (db: Db, req: VariantFactsRequest) => Promise<VariantFacts[]>;
}

export interface QuoteCaller {
  channel: ChannelContext;
  principal: Principal;
  country: string | null;
}

export interface ShippingQuoteResult {
  shipments: ShipmentQuote[];
  /** restricted classes (null = unrestricted goods) no offered method can carry to this address */
  unshippable: (string | null)[];
  /** sum of each shipment's cheapest option when every option shares one currency; null otherwise */
  cheapestTotal: { amount: number; currency: string } | null;
  /** cart quotes: the cart version quoted, and SKUs of cart lines the buyer may no longer see */
  cartVersion: number | null;
  skippedSkus: string[];
}

interface PricedLine {
  lineIndex: number;
  variantId: string;
  quantity: number;
}

/** Cart quotes per isolate, keyed by cart id + version + buyer scope + address. */
const CART_CACHE_TTL_MS = 60_000;
const CART_CACHE_MAX = 500;
const cartCache = new Map<string, { result: ShippingQuoteResult; expires: number }>();

export class ShippingQuoteService {
  constructor(private readonly deps: ShippingQuoteDeps) {}

  private visibleOnly(c: QuoteCaller): void {
    if (catalogAccess(c.channel, c.principal).catalog === "hidden") throw unauthenticated(`Channel "${c.channel.code}" requires you to log in to see its catalog`);
  }

  /** The 2 statements, in parallel. */
  private load(c: QuoteCaller, by: { variantIds: string[]; skus: string[] }): Promise<[VariantFacts[], QuoteData]> {
    return Promise.all([
      this.deps.variantFacts(this.deps.db, { channelId: c.channel.id, groupIds: viewerGroupIds(c.principal), ...by }),
      loadQuoteData(this.deps.db, c.channel.id, by),
    ]);
  }

  async quote(c: QuoteCaller, input: unknown): Promise<ShippingQuoteResult> {
    const req = parseInput(quoteInputSchema, input);
    this.visibleOnly(c);
    const variantIds = req.lines.flatMap((l) => (l.variantId ? [l.variantId] : []));
    const skus = req.lines.flatMap((l) => (l.sku ? [l.sku] : []));
    const [visible, data] = await this.load(c, { variantIds, skus });
    const byId = new Map(visible.map((v) => [v.variantId, v]));
    const bySku = new Map(visible.map((v) => [v.sku, v]));
    const lines: PricedLine[] = req.lines.map((l, i) => {
      const v = l.variantId ? byId.get(l.variantId.toLowerCase()) : bySku.get(l.sku!);
      // hidden and unknown look the same: a buyer learns nothing about what they may not see
      if (!v) throw new DomainError("NOT_FOUND", `${l.sku ? `SKU "${l.sku}"` : `Variant "${l.variantId}"`} was not found`, { field: `lines.${i}.${l.sku ? "sku" : "variantId"}` });
      return { lineIndex: i, variantId: v.variantId, quantity: l.quantity };
    });
    const subtotals = await this.subtotals(c, data, req.address, lines);
    return this.compute(data, req.address, lines, subtotals, { cartVersion: null, skippedSkus: [] });
  }

  async cartQuote(c: QuoteCaller, input: unknown): Promise<ShippingQuoteResult> {
    const req = parseInput(cartQuoteInputSchema, input);
    this.visibleOnly(c);
    const cart = await this.deps.carts.cart(c, { cartId: req.cartId ?? null, guestToken: req.guestToken ?? null });
    if (!cart) throw notFound("Cart");
    const key = JSON.stringify([c.channel.id, cart.header.id, cart.header.version, cart.totals.currency, viewerGroupIds(c.principal), req.address]);
    const nowMs = this.deps.now.getTime();
    const hit = cartCache.get(key);
    if (hit && hit.expires > nowMs) return hit.result;
    const units = cart.lines.reduce((s, l) => s + l.quantity, 0);
    if (units > MAX_QUOTE_UNITS) throw new DomainError("BAD_USER_INPUT", `Carts of more than ${MAX_QUOTE_UNITS} units are quoted at checkout`, { field: "cart" });
    const [visible, data] = cart.lines.length > 0 ? await this.load(c, { variantIds: cart.lines.map((l) => l.variantId), skus: [] }) : [[], null];
    const seen = new Set(visible.map((v) => v.variantId));
    const lines = cart.lines.flatMap((l, i) => (seen.has(l.variantId) ? [{ lineIndex: i, variantId: l.variantId, quantity: l.quantity }] : []));
    const skippedSkus = cart.lines.filter((l) => !seen.has(l.variantId)).map((l) => l.sku);
    // the cart already priced its lines for this buyer: net goods value after discounts
    const subtotals = { [cart.totals.currency]: Math.max(0, cart.totals.subtotal - cart.totals.discountTotal) };
    const result = data && lines.length > 0
      ? this.compute(data, req.address, lines, subtotals, { cartVersion: cart.header.version, skippedSkus })
      : { shipments: [], unshippable: [], cheapestTotal: null, cartVersion: cart.header.version, skippedSkus };
    if (cartCache.size >= CART_CACHE_MAX) cartCache.delete(cartCache.keys().next().value!);
    cartCache.set(key, { result, expires: nowMs + CART_CACHE_TTL_MS });
    return result;
  }

  /** Server-side goods subtotal per currency, only for currencies of offered methods that need one. */
  private async subtotals(c: QuoteCaller, data: QuoteData, address: AddressInput, lines: PricedLine[]): Promise<Record<string, number>> {
    const access = catalogAccess(c.channel, c.principal);
    if (access.catalog !== "visible" || access.prices !== "shown") return {};
    const offered = methodsForAddress(data.zones, address);
    const currencies = [...new Set(data.methods.filter((m) => offered.has(m.id) && this.deps.rates.get(m.rateStrategy).usesSubtotal).map((m) => m.currency))];
    const out: Record<string, number> = {};
    for (const currency of currencies) {
      const q = await this.deps.pricing.quote(c.channel, c.principal, lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })), { currency, country: c.country });
      // a currency the channel cannot price in leaves the subtotal unknown (never free)
      if (q.currency !== currency) continue;
      out[currency] = q.lines.reduce((s, r) => s + (r.ok ? r.lineTotal : 0), 0);
    }
    return out;
  }

  private compute(data: QuoteData, address: AddressInput, lines: PricedLine[], subtotals: Record<string, number>, extra: Pick<ShippingQuoteResult, "cartVersion" | "skippedSkus">): ShippingQuoteResult {
    const facts = new Map<string, ShippingVariantFacts>(data.variants.map((v) => [v.variantId, v]));
    const merged = new Map<string, QuoteItem>();
    for (const l of lines) {
      const f = facts.get(l.variantId)!;
      const prev = merged.get(l.variantId);
      if (prev) prev.quantity += l.quantity;
      else merged.set(l.variantId, { lineIndex: l.lineIndex, sku: f.sku, quantity: l.quantity, lengthMm: f.lengthMm, widthMm: f.widthMm, heightMm: f.heightMm, weightG: f.weightG, fragile: f.fragile, orientation: f.orientation, restrictedClass: f.restrictedClass });
    }
    const offered = methodsForAddress(data.zones, address);
    const methods = data.methods.filter((m) => offered.has(m.id));
    const shipments = quoteShipments({ items: [...merged.values()], methods, subtotal: null, subtotalByCurrency: subtotals }, this.deps.rates);
    const unshippable = shipments.filter((s) => s.options.length === 0).map((s) => s.restrictedClass);
    const cheapest = shipments.map((s) => s.options[0]);
    const currencies = new Set(cheapest.map((o) => o?.currency));
    const cheapestTotal = unshippable.length === 0 && currencies.size === 1 && cheapest.length > 0
      ? { amount: cheapest.reduce((s, o) => s + o!.price, 0), currency: cheapest[0]!.currency }
      : null;
    return { shipments, unshippable, cheapestTotal, ...extra };
  }
}
