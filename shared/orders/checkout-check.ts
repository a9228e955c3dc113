/**
 * The final check before an order is placed, as pure functions over what checkout loaded: the
 * cart the buyer reviewed, prices resolved now from the source of truth, the shipping options
 * for the address, the agreements in force. Each returns the problems it found as data, so the
 * preview can list them all and the placement refuses with the first (nothing written).
 */
import type { CartView, PricedCartLine } from "../carts";
import { DomainError, type ErrorCode } from "../kernel/errors";
import type { PriceResolution } from "../pricing";
import type { MethodOption, ShipmentQuote } from "../shipping";
import type { OrderAgreementSnapshot, OrderPackageSnapshot, OrderPriceSource, OrderShippingSnapshot } from "./order-snapshot.types";
import type { CheckoutAgreementRow } from "./orders.tables";

export interface CheckoutProblem {
  code: Extract<ErrorCode, "CONFLICT" | "BAD_USER_INPUT" | "FORBIDDEN">;
  reason: string;
  message: string;
  field?: string;
  lines?: { variantId: string; sku: string; [k: string]: unknown }[];
}

export function problemError(p: CheckoutProblem): DomainError {
  return new DomainError(p.code, p.message, { reason: p.reason, ...(p.field ? { field: p.field } : {}), ...(p.lines ? { lines: p.lines } : {}) });
}

export interface CheckedLine {
  position: number;
  variantId: string;
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  unitPrice: number;
  lineTotal: number;
  discount: number;
  priceSource: OrderPriceSource;
}

/**
 * Cart version, emptiness, lines that lost their price or visibility, and prices that moved since
 * the cart priced them (the cart prices through a cache; `prices` come from the database now).
 */
export function checkCart(
  cart: CartView,
  expectedVersion: number,
  prices: ReadonlyMap<string, PriceResolution>,
  visible: ReadonlySet<string>,
): { problems: CheckoutProblem[]; lines: CheckedLine[] } {
  if (cart.header.version !== expectedVersion) {
    return {
      problems: [{ code: "CONFLICT", reason: "cart_changed", field: "expectedCartVersion", message: `The cart changed (version ${cart.header.version}, you reviewed ${expectedVersion}); review it again` }],
      lines: [],
    };
  }
  if (cart.lines.length === 0) return { problems: [{ code: "CONFLICT", reason: "cart_invalid", message: "The cart is empty", lines: [] }], lines: [] };
  const invalid: NonNullable<CheckoutProblem["lines"]> = [];
  const changed: NonNullable<CheckoutProblem["lines"]> = [];
  const lines: CheckedLine[] = [];
  for (const l of [...cart.lines].sort((a, b) => a.position - b.position)) {
    const p = prices.get(l.variantId);
    if (!visible.has(l.variantId)) {
      invalid.push({ variantId: l.variantId, sku: l.sku, problem: "not_visible" });
      continue;
    }
    if (!l.priced || l.unitPrice === null || !p || !p.ok) {
      invalid.push({ variantId: l.variantId, sku: l.sku, problem: "unpriced", detail: p && !p.ok ? p.reason : l.unpricedReason });
      continue;
    }
    if (p.unitPrice !== l.unitPrice || p.quantity !== l.quantity) {
      changed.push({ variantId: l.variantId, sku: l.sku, cartUnitPrice: l.unitPrice, currentUnitPrice: p.unitPrice });
      continue;
    }
    lines.push(toCheckedLine(l, p, lines.length));
  }
  const problems: CheckoutProblem[] = [];
  if (invalid.length > 0) problems.push({ code: "CONFLICT", reason: "cart_invalid", message: `${invalid.length} cart line(s) can no longer be ordered (no price or no longer available)`, lines: invalid });
  if (changed.length > 0) problems.push({ code: "CONFLICT", reason: "price_changed", message: `The price of ${changed.length} cart line(s) changed; review the cart again`, lines: changed });
  return { problems, lines };
}

/**
 * Coupons on the cart whose use ran out (a cap or the code's own uses): the cart prices without
 * them, but the cart version does not move when another order takes the last use, so the buyer
 * may have reviewed the discount. Placing at the higher total would charge what was not reviewed;
 * the buyer takes the coupon off (or reviews the cart again) instead. The same refusal as a cap
 * reached at placement (checkout.service reservePromotions).
 */
const USED_UP = new Set(["cap_reached", "coupon_used_up"]);

export function checkCoupons(cart: Pick<CartView, "coupons">): CheckoutProblem[] {
  const used = cart.coupons.filter((c) => c.status === "NOT_APPLIED" && c.reason !== null && USED_UP.has(c.reason));
  if (used.length === 0) return [];
  return [
    {
      code: "CONFLICT",
      reason: "promotion_unavailable",
      field: "coupons",
      message: `Coupon ${used.map((c) => c.code).join(", ")} can no longer be used (usage limit reached); remove it from the cart and review the total again`,
    },
  ];
}

function toCheckedLine(l: PricedCartLine, p: Extract<PriceResolution, { ok: true }>, position: number): CheckedLine {
  const s = p.source;
  return {
    position,
    variantId: l.variantId,
    productId: l.productId,
    sku: l.sku,
    name: l.name,
    quantity: l.quantity,
    unitPrice: p.unitPrice,
    lineTotal: p.lineTotal,
    discount: l.discount,
    priceSource: {
      level: s.level,
      priceListId: s.priceListId,
      overrideId: s.overrideId,
      scopeId: s.scopeId,
      tierMinQty: s.tierMinQty,
      method: s.method,
      rate: s.rate,
      sourceCurrency: s.sourceCurrency,
      sourceUnitPrice: s.sourceUnitPrice,
    },
  };
}

export interface ShippingChoice {
  snapshot: OrderShippingSnapshot;
  packages: OrderPackageSnapshot[];
}

export interface OfferedMethod {
  methodId: string;
  methodCode: string;
  name: string;
  carrier: string;
  currency: string;
  /** summed over every shipment of the order */
  amount: number;
}

/**
 * Methods that can carry EVERY shipment of the order (a split order ships each part with the
 * chosen method), in the order currency, cheapest first.
 */
export function offeredMethods(shipments: readonly ShipmentQuote[], idByCode: ReadonlyMap<string, string>, currency: string): OfferedMethod[] {
  if (shipments.length === 0) return [];
  const totals = new Map<string, OfferedMethod>();
  const counts = new Map<string, number>();
  for (const s of shipments) {
    for (const o of s.options) {
      if (o.currency !== currency) continue;
      const prev = totals.get(o.methodCode);
      totals.set(o.methodCode, {
        methodId: idByCode.get(o.methodCode) ?? o.methodCode,
        methodCode: o.methodCode,
        name: o.methodName,
        carrier: o.providerName,
        currency: o.currency,
        amount: (prev?.amount ?? 0) + o.price,
      });
      counts.set(o.methodCode, (counts.get(o.methodCode) ?? 0) + 1);
    }
  }
  return [...totals.values()].filter((m) => counts.get(m.methodCode) === shipments.length).sort((a, b) => a.amount - b.amount || a.methodCode.localeCompare(b.methodCode));
}

/** The chosen method (by id or code) and its packages, or the problem. */
export function chooseShipping(
  shipments: readonly ShipmentQuote[],
  offered: readonly OfferedMethod[],
  selected: string,
  variantBySku: ReadonlyMap<string, string>,
): { choice: ShippingChoice } | { problem: CheckoutProblem } {
  const m = offered.find((o) => o.methodId === selected || o.methodCode === selected);
  if (!m) {
    return {
      problem: {
        code: "BAD_USER_INPUT",
        reason: "unknown_shipping_method",
        field: "shippingMethodId",
        message: `Shipping method "${selected}" is not offered for this cart and address (offered: ${offered.map((o) => o.methodCode).join(", ") || "none"})`,
      },
    };
  }
  const options: MethodOption[] = shipments.map((s) => s.options.find((o) => o.methodCode === m.methodCode)!);
  const packages = options.flatMap((o) =>
    o.packages.map((p): OrderPackageSnapshot => {
      const items = new Map<string, number>();
      for (const pl of p.placements) items.set(pl.sku, (items.get(pl.sku) ?? 0) + 1);
      return {
        boxCode: p.boxCode ?? "oversize",
        dimensions: { length: p.lengthMm, width: p.widthMm, height: p.heightMm, unit: "mm" },
        weight: { value: p.weightG, unit: "g" },
        items: [...items].map(([sku, quantity]) => ({ variantId: variantBySku.get(sku) ?? "", sku, quantity })),
      };
    }),
  );
  return {
    choice: {
      snapshot: { methodId: m.methodId, methodCode: m.methodCode, name: m.name, carrier: m.carrier, amount: m.amount, currency: m.currency, deliveryDays: null },
      packages,
    },
  };
}

export type AgreementAudience = "b2b" | "b2c";

export function audienceOf(buyerKind: "employee" | "customer" | "guest"): AgreementAudience {
  return buyerKind === "employee" ? "b2b" : "b2c";
}

/** In force at `now`: valid_from ≤ now < valid_to (null = open). */
export function isCurrent(a: Pick<CheckoutAgreementRow, "validFrom" | "validTo">, now: Date): boolean {
  return a.validFrom.getTime() <= now.getTime() && (a.validTo === null || a.validTo.getTime() > now.getTime());
}

/** The agreements this buyer must accept now: the current version of each required code for its audience. */
export function requiredAgreements(rows: readonly CheckoutAgreementRow[], audience: AgreementAudience, now: Date): CheckoutAgreementRow[] {
  return rows
    .filter((a) => a.required && (a.appliesTo === "all" || a.appliesTo === audience) && isCurrent(a, now))
    .sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Every required agreement accepted at its current version. Accepting an outdated version
 * (superseded or past valid_to) is a CONFLICT the buyer resolves by reading the new terms.
 */
export function checkAgreements(
  rows: readonly CheckoutAgreementRow[],
  audience: AgreementAudience,
  accepted: readonly { code: string; version: number }[],
  now: Date,
): { problems: CheckoutProblem[]; snapshots: OrderAgreementSnapshot[] } {
  const problems: CheckoutProblem[] = [];
  const snapshots: OrderAgreementSnapshot[] = [];
  for (const [i, acc] of accepted.entries()) {
    const row = rows.find((r) => r.code === acc.code && r.version === acc.version);
    if (!row) {
      problems.push({ code: "BAD_USER_INPUT", reason: "unknown_agreement", field: `acceptedAgreements.${i}`, message: `No agreement "${acc.code}" version ${acc.version} on this channel` });
    } else if (!isCurrent(row, now)) {
      const current = rows.find((r) => r.code === acc.code && isCurrent(r, now));
      problems.push({
        code: "CONFLICT",
        reason: "agreement_expired",
        field: `acceptedAgreements.${i}`,
        message: `"${row.title}" version ${row.version} is no longer valid${current ? `; version ${current.version} replaces it` : ""}`,
      });
    } else snapshots.push({ agreementId: row.id, code: row.code, version: row.version, acceptedAt: now.toISOString() });
  }
  for (const req of requiredAgreements(rows, audience, now)) {
    if (accepted.some((a) => a.code === req.code)) continue;
    problems.push({ code: "BAD_USER_INPUT", reason: "agreement_required", field: "acceptedAgreements", message: `Accept "${req.title}" (code ${req.code}, version ${req.version}) to place the order` });
  }
  // a refusal the buyer can fix by re-reading (expired) comes after what they simply missed
  problems.sort((a, b) => (a.reason === "agreement_required" ? 0 : 1) - (b.reason === "agreement_required" ? 0 : 1));
  return { problems, snapshots };
}
