/**
 * Everything an order would be, computed from the cart without writing anything: the final check
 * (problems), the priced lines with their price source, shipping options and the chosen method's
 * packages, tax per jurisdiction, totals, required agreements and whether approval is needed.
 * Shared by `checkoutPreview` (returns it) and `placeOrder` (refuses on the first problem).
 *
 * Round trips, whatever the line count: the cart (its Durable Object, no SQL when warm) in parallel
 * with the buyer (2 statements, parallel), then ONE
 * parallel wave of 6 statements — prices from the database (overrides, list entries,
 * rates + visibility: 3), shipping data (1), agreements (1), tax facts (1) — then tax (geo check,
 * certificates for employees, jurisdictions, rates: ≤ 4).
 * CPU: packing dominates for large carts (every unit, once per method quoted), which is why a
 * placement quotes only the chosen method; the preview quotes every offered method.
 */
import { assertAccountMayOrder, assertRoleMayOrder, type CallerContext, type CartsService, type CartView } from "../carts";
import { roleSpec } from "../accounts";
import type { Db } from "../kernel/db";
import { DomainError, forbidden, notFound, unauthenticated } from "../kernel/errors";
import { channelCurrencies, loadSnapshot, priceStrategyFor, resolveCart, type ExchangeRate, type PriceResolution, type PricingService } from "../pricing";
import { loadQuoteData, methodsForAddress, quoteShipments, type QuoteItem, type RateStrategyRegistry, type ShipmentQuote } from "../shipping";
import type { TaxResult, TaxService } from "../tax";
import { decideApproval, type ApprovalDecision } from "./approval-policy";
import {
  audienceOf, checkAgreements, checkCart, checkCoupons, chooseShipping, offeredMethods, requiredAgreements,
  type CheckedLine, type CheckoutProblem, type OfferedMethod, type ShippingChoice,
} from "./checkout-check";
import { loadAgreements, loadBuyer, loadTaxFacts, type BuyerRecord, type SavedAddress } from "./checkout-data.repository";
import type { CheckoutPreviewInput, EnteredAddress } from "./checkout.schema";
import type { OrderAddressSnapshot, OrderAgreementSnapshot, OrderCurrencySnapshot, OrderTaxLineSnapshot } from "./order-snapshot.types";
import type { CheckoutAgreementRow } from "./orders.tables";

export interface AssemblyDeps {
  db: Db;
  now: Date;
  carts: Pick<CartsService, "cart">;
  pricing: Pick<PricingService, "buyerPricing">;
  tax: Pick<TaxService, "calculate">;
  shippingRates: RateStrategyRegistry;
}

export interface CheckoutTotals {
  currency: string;
  subtotal: number;
  discountTotal: number;
  shippingTotal: number | null;
  taxTotal: number | null;
  total: number;
  pricesIncludeTax: boolean;
}

export interface CheckoutAssembly {
  cart: CartView;
  buyerKind: "employee" | "customer" | "guest";
  buyer: BuyerRecord | null;
  email: string | null;
  lines: (CheckedLine & { tax: number })[];
  problems: CheckoutProblem[];
  shippingAddress: OrderAddressSnapshot | null;
  billingAddress: OrderAddressSnapshot | null;
  shippingOptions: OfferedMethod[];
  shipping: ShippingChoice | null;
  tax: TaxResult | null;
  taxLines: OrderTaxLineSnapshot[];
  totals: CheckoutTotals;
  requiredAgreements: CheckoutAgreementRow[];
  acceptedAgreements: OrderAgreementSnapshot[];
  approval: ApprovalDecision;
  currencySnapshot: OrderCurrencySnapshot;
}

/** Who may check out at all: a guest only where the channel allows guest checkout; staff never. */
export function assertMayCheckOut(ctx: CallerContext): void {
  const p = ctx.principal;
  if (p.kind === "staff") throw forbidden("Staff place orders through the admin API, not the shop checkout");
  if (p.kind === "guest" && !ctx.channel.guestCheckout) throw unauthenticated(`Channel "${ctx.channel.code}" has no guest checkout; sign in to place an order`);
  assertRoleMayOrder(p);
}

function fromEntered(a: EnteredAddress): OrderAddressSnapshot {
  return {
    addressId: null,
    recipient: a.recipient ?? null,
    company: a.company ?? null,
    line1: a.line1,
    line2: a.line2 ?? null,
    city: a.city,
    county: a.county ?? null,
    postalCode: a.postalCode,
    subdivisionCode: a.subdivision ?? null,
    countryCode: a.country,
    phone: a.phone ?? null,
  };
}

function fromSaved(a: SavedAddress): OrderAddressSnapshot {
  const { kind: _kind, ...snap } = a;
  return snap;
}

/** B2B ships to the location's saved addresses; customers to a saved or entered one; guests enter one. */
function resolveAddress(
  which: "shipping" | "billing",
  buyerKind: CheckoutAssembly["buyerKind"],
  id: string | null | undefined,
  entered: EnteredAddress | null | undefined,
  saved: readonly SavedAddress[],
): { address: OrderAddressSnapshot | null; problem?: CheckoutProblem } {
  const idField = `${which}AddressId`;
  if (id) {
    if (buyerKind === "guest") return { address: null, problem: { code: "BAD_USER_INPUT", reason: "address_not_found", field: idField, message: "Guests enter their address" } };
    const a = saved.find((s) => s.addressId === id);
    // another location's or customer's address reads as unknown: ids reveal nothing
    if (!a) return { address: null, problem: { code: "BAD_USER_INPUT", reason: "address_not_found", field: idField, message: `Address "${id}" is not one of your saved addresses` } };
    return { address: fromSaved(a) };
  }
  if (entered) {
    if (buyerKind === "employee") {
      return { address: null, problem: { code: "BAD_USER_INPUT", reason: "saved_address_required", field: `${which}Address`, message: `Business orders use one of the location's saved addresses: give ${idField}` } };
    }
    return { address: fromEntered(entered) };
  }
  return { address: null };
}

interface Loaded {
  buyer: BuyerRecord | null;
  saved: SavedAddress[];
  prices: Map<string, PriceResolution>;
  visible: Set<string>;
  rates: readonly ExchangeRate[];
  quote: Awaited<ReturnType<typeof loadQuoteData>>;
  agreements: CheckoutAgreementRow[];
  taxFacts: Awaited<ReturnType<typeof loadTaxFacts>>;
}

export class CheckoutAssembler {
  constructor(private readonly deps: AssemblyDeps) {}

  async cartOf(ctx: CallerContext, input: Pick<CheckoutPreviewInput, "cartId" | "guestToken">): Promise<CartView> {
    const cart = await this.deps.carts.cart(ctx, { cartId: input.cartId ?? null, guestToken: input.guestToken ?? null });
    if (!cart) throw notFound("Cart");
    return cart;
  }

  /** The one parallel wave of reads (see the file header). */
  private async load(ctx: CallerContext, cart: CartView, buyer: Awaited<ReturnType<typeof loadBuyer>>): Promise<Loaded> {
    const { db, now } = this.deps;
    const variantIds = [...new Set(cart.lines.map((l) => l.variantId))];
    const bp = await this.deps.pricing.buyerPricing(ctx.channel, ctx.principal, { currency: cart.totals.currency, country: ctx.country, preferences: {} });
    const [snap, quote, agreements, taxFacts] = await Promise.all([
      loadSnapshot(db, { ...bp.request.scope, variantIds }, channelCurrencies(ctx.channel), { withRates: true }),
      loadQuoteData(db, ctx.channel.id, { variantIds, skus: [] }),
      loadAgreements(db, ctx.channel.id),
      loadTaxFacts(db, variantIds),
    ]);
    const strategy = priceStrategyFor(ctx.channel.strategies.pricing === "default" ? null : ctx.channel.strategies.pricing);
    const resolved = variantIds.length > 0 ? resolveCart(cart.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })), bp.context, snap.snapshot, now, strategy) : [];
    return {
      buyer: buyer.buyer,
      saved: buyer.addresses,
      prices: new Map(resolved.map((r) => [r.variantId, r])),
      visible: snap.visible,
      rates: snap.snapshot.exchangeRates,
      quote,
      agreements,
      taxFacts,
    };
  }

  private assertBuyer(ctx: CallerContext, buyer: BuyerRecord | null): void {
    const p = ctx.principal;
    if (p.kind === "employee") {
      if (!buyer || buyer.kind !== "employee" || buyer.status !== "active") throw forbidden("This employee may not order");
      if (!roleSpec(buyer.role).canOrder) throw forbidden(`The ${buyer.role} role cannot order`);
      assertAccountMayOrder({ status: buyer.account.status });
    } else if (p.kind === "customer" && (!buyer || buyer.status !== "active")) throw forbidden("This customer account may not order");
  }

  /**
   * `opts.chosenMethodOnly` (placement): pack and price only the method the buyer chose — packing
   * is the costly part of a large cart and the order needs no other option. When that method cannot
   * carry the cart, every method is quoted so the refusal names what is offered, as the preview does.
   */
  async assemble(ctx: CallerContext, input: CheckoutPreviewInput, cart?: CartView, opts: { chosenMethodOnly?: boolean } = {}): Promise<CheckoutAssembly> {
    assertMayCheckOut(ctx);
    // the buyer (and its addresses) in parallel with the cart: a refused buyer learns nothing of the cart
    const addressIds = [input.shippingAddressId, input.billingAddressId].filter((x): x is string => !!x);
    const [buyerRows, c] = await Promise.all([
      loadBuyer(this.deps.db, ctx.principal, addressIds),
      cart ? Promise.resolve(cart) : this.cartOf(ctx, input).catch((e: unknown) => e as Error),
    ]);
    this.assertBuyer(ctx, buyerRows.buyer);
    if (c instanceof Error) throw c;
    const buyerKind = ctx.principal.kind as CheckoutAssembly["buyerKind"];
    const loaded = await this.load(ctx, c, buyerRows);
    const now = this.deps.now;
    const currency = c.totals.currency;
    const problems: CheckoutProblem[] = [];

    const checked = checkCart(c, input.expectedCartVersion, loaded.prices, loaded.visible);
    problems.push(...checked.problems);
    if (checked.lines.length > 0) problems.push(...checkCoupons(c));

    const ship = resolveAddress("shipping", buyerKind, input.shippingAddressId, input.shippingAddress, loaded.saved);
    if (ship.problem) problems.push(ship.problem);
    else if (!ship.address) problems.push({ code: "BAD_USER_INPUT", reason: "address_required", field: buyerKind === "employee" ? "shippingAddressId" : "shippingAddress", message: "A shipping address is required" });
    const bill = input.billingAddressId || input.billingAddress ? resolveAddress("billing", buyerKind, input.billingAddressId, input.billingAddress, loaded.saved) : { address: ship.address };
    if (bill.problem) problems.push(bill.problem);

    const email = loaded.buyer?.email ?? input.email ?? null;
    if (!email) problems.push({ code: "BAD_USER_INPUT", reason: "email_required", field: "email", message: "Guests give an email address for the order confirmation" });

    const buyer = loaded.buyer;
    if (buyer?.kind === "employee" && buyer.account.poRequired && !input.poNumber) {
      problems.push({ code: "BAD_USER_INPUT", reason: "po_required", field: "poNumber", message: "This account requires a PO number on every order" });
    }

    const agreements = checkAgreements(loaded.agreements, audienceOf(buyerKind), input.acceptedAgreements, now);
    problems.push(...agreements.problems);

    const subtotal = checked.lines.reduce((s, l) => s + l.lineTotal, 0);
    const discountTotal = Math.min(subtotal, checked.lines.reduce((s, l) => s + l.discount, 0));

    // shipping: only for lines that passed the check, to an address in some zone
    let shipments: ShipmentQuote[] = [];
    let shippingOptions: OfferedMethod[] = [];
    let shipping: ShippingChoice | null = null;
    if (ship.address && checked.lines.length > 0) {
      const to = { country: ship.address.countryCode, subdivision: ship.address.subdivisionCode, postalCode: ship.address.postalCode };
      const offered = methodsForAddress(loaded.quote.zones, to);
      if (offered.size === 0) {
        problems.push({ code: "BAD_USER_INPUT", reason: "address_not_serviceable", field: "shippingAddress", message: `No shipping zone of this channel serves ${ship.address.countryCode}${ship.address.subdivisionCode ? ` (${ship.address.subdivisionCode})` : ""} ${ship.address.postalCode}` });
      } else {
        const facts = new Map(loaded.quote.variants.map((v) => [v.variantId, v]));
        const items: QuoteItem[] = checked.lines.map((l, i) => {
          const f = facts.get(l.variantId);
          if (!f) throw new DomainError("CONFLICT", `Variant ${l.sku} has no shipping facts`, { reason: "cart_invalid" });
          return { ...f, lineIndex: i, quantity: l.quantity };
        });
        const methods = loaded.quote.methods.filter((m) => offered.has(m.id));
        const idByCode = new Map(loaded.quote.methods.map((m) => [m.code, m.id]));
        const quote = (ms: typeof methods) => {
          shipments = quoteShipments({ items, methods: ms, subtotal: null, subtotalByCurrency: { [currency]: subtotal - discountTotal } }, this.deps.shippingRates);
          shippingOptions = offeredMethods(shipments, idByCode, currency);
        };
        const selected = input.shippingMethodId;
        const chosen = opts.chosenMethodOnly && selected ? methods.filter((m) => m.id === selected || m.code === selected) : [];
        let done = false;
        if (chosen.length > 0) {
          try {
            quote(chosen);
            done = shippingOptions.length > 0;
          } catch {
            // e.g. an item too heavy for the chosen method's boxes: the full quote says what applies
          }
        }
        if (!done) quote(methods);
        if (shippingOptions.length === 0) {
          problems.push({ code: "BAD_USER_INPUT", reason: "address_not_serviceable", field: "shippingAddress", message: `No shipping method can carry this cart to this address in ${currency}` });
        } else if (input.shippingMethodId) {
          const chosen = chooseShipping(shipments, shippingOptions, input.shippingMethodId, new Map(checked.lines.map((l) => [l.sku, l.variantId])));
          if ("problem" in chosen) problems.push(chosen.problem);
          else shipping = chosen.choice;
        }
      }
    }

    // tax once the goods and the destination are known
    let tax: TaxResult | null = null;
    // not for an address no zone serves: the buyer must change it first, and the tax engine's own
    // refusal (an unknown region) would hide that reason
    if (ship.address && checked.lines.length > 0 && !problems.some((p) => p.reason === "address_not_serviceable")) {
      tax = await this.deps.tax.calculate({
        channel: ctx.channel,
        principal: ctx.principal,
        currency,
        shipTo: { country: ship.address.countryCode, subdivision: ship.address.subdivisionCode, county: ship.address.county, city: ship.address.city, postalCode: ship.address.postalCode },
        lines: checked.lines.map((l) => {
          const f = loaded.taxFacts.get(l.variantId);
          return { id: String(l.position), quantity: l.quantity, amount: l.lineTotal - l.discount, taxCategory: f?.salesCategory, exciseClass: f?.exciseClass ?? null, unitVolumeMl: f?.volumeMl ?? null };
        }),
        shipping: shipping ? { amount: shipping.snapshot.amount } : null,
      });
    }
    const lineTax = new Map((tax?.lines ?? []).map((l) => [l.lineId, l.tax]));
    const shippingTotal = shipping?.snapshot.amount ?? null;
    const taxTotal = tax ? tax.totals.tax : null;
    const pricesIncludeTax = ctx.channel.pricesIncludeTax;
    const total = subtotal - discountTotal + (shippingTotal ?? 0) + (pricesIncludeTax ? 0 : (taxTotal ?? 0));

    const approval = decideApproval({
      buyerKind,
      employee: buyer?.kind === "employee" ? { role: buyer.role, spendingLimit: buyer.spendingLimit, spendingLimitCurrency: buyer.spendingLimitCurrency } : null,
      account: buyer?.kind === "employee" ? { approvalRequiredRoles: buyer.account.approvalRequiredRoles, poReviewRequired: buyer.account.poReviewRequired } : null,
      orderTotal: total,
      orderCurrency: currency,
      baseCurrency: ctx.channel.baseCurrency,
      rates: loaded.rates,
    });

    const usedRates = new Map<string, ExchangeRate>();
    for (const l of checked.lines) {
      if (l.priceSource.method !== "converted") continue;
      const r = loaded.rates.find((x) => x.from === l.priceSource.sourceCurrency && x.to === currency);
      if (r) usedRates.set(`${r.from}>${r.to}`, r);
    }

    return {
      cart: c,
      buyerKind,
      buyer,
      email,
      lines: checked.lines.map((l) => ({ ...l, tax: lineTax.get(String(l.position)) ?? 0 })),
      problems,
      shippingAddress: ship.address,
      billingAddress: bill.address ?? null,
      shippingOptions,
      shipping,
      tax,
      taxLines: (tax?.jurisdictions ?? []).map((j) => ({ kind: j.kind, jurisdictionKey: j.jurisdictionKey, jurisdictionName: j.jurisdictionName, level: j.level, rates: j.rates, taxableAmount: j.taxableAmount, tax: j.tax })),
      totals: { currency, subtotal, discountTotal, shippingTotal, taxTotal, total, pricesIncludeTax },
      requiredAgreements: requiredAgreements(loaded.agreements, audienceOf(buyerKind), now),
      acceptedAgreements: agreements.snapshots,
      approval,
      currencySnapshot: {
        currency,
        baseCurrency: ctx.channel.baseCurrency,
        rates: [...usedRates.values()].map((r) => ({ source: r.from, target: r.to, rate: r.rate, updatedAt: r.updatedAt ? new Date(r.updatedAt).toISOString() : null })),
      },
    };
  }
}
