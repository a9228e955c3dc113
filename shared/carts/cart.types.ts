import type { VariantFacts } from "../catalog";
/**
 * The vocabulary of carts. A cart lives in a Durable Object (one per buyer context); these are
 * plain data so they cross the RPC boundary by structured clone. Money: integer minor units.
 */

/**
 * What the cart keeps about a variant from the moment it is added, so that a quantity change,
 * repricing and promotions need no SQL: quantity rules, promotion keys, shipping weight.
 */
export type LineFacts = VariantFacts;

export interface CartLine {
  lineId: string;
  variantId: string;
  quantity: number;
  facts: LineFacts;
  /** employee or customer id that added the line; null for a guest */
  addedBy: string | null;
  updatedBy: string | null;
  addedAtMs: number;
  updatedAtMs: number;
  /** insertion order, kept stable across quantity changes */
  position: number;
}

export type CartOwnerKind = "location" | "customer" | "guest";

/** Who a cart belongs to: the Durable Object name is derived from it and nothing else. */
export interface CartOwner {
  kind: CartOwnerKind;
  channelId: string;
  /** location: "<accountId>:<locationId>", customer: customer id, guest: the guest cart id */
  ownerId: string;
  accountId: string | null;
  locationId: string | null;
  customerId: string | null;
}

export interface CartHeader {
  id: string;
  name: string;
  isActive: boolean;
  version: number;
  /** null until the first pricing chose one */
  currency: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/** Why a line or a requested quantity is refused. */
export type LineRejectionReason =
  | "UNKNOWN_SKU"
  | "NOT_VISIBLE"
  | "MALFORMED_LINE"
  | "NOT_POSITIVE"
  | "ABOVE_MAX"
  | "BELOW_MOQ"
  | "NOT_CASE_MULTIPLE"
  | "NOT_INCREMENT_STEP"
  | "NOT_PRICED"
  | "CART_FULL";

export interface LineRejection {
  reason: LineRejectionReason;
  message: string;
  /** the closest quantity the rules allow, at or above the requested one, when there is one */
  nearestValid?: number;
}

export type StockStatus = "UNKNOWN" | "IN_STOCK" | "LOW_STOCK" | "OUT_OF_STOCK";

export interface PricedCartLine {
  lineId: string;
  variantId: string;
  productId: string;
  sku: string;
  name: string;
  productName: string;
  quantity: number;
  casePack: number;
  priced: boolean;
  unpricedReason: string | null;
  unitPrice: number | null;
  lineTotal: number;
  /** "managed" | "location" | "account" | "group" | "default" */
  priceLevel: string | null;
  tierMinQty: number | null;
  /** line-phase promotion discounts + this line's share of order discounts */
  discount: number;
  net: number;
  addedBy: string | null;
  updatedBy: string | null;
  stock: StockStatus;
  position: number;
}

export interface CartDiscount {
  ruleId: string;
  name: string;
  amount: number;
  couponCode: string | null;
}

/** A coupon code entered on the cart and what became of it. */
export interface CartCoupon {
  /** normalized (upper case) */
  code: string;
  status: "APPLIED" | "NOT_APPLIED" | "UNKNOWN";
  ruleId: string | null;
  /** the engine's reason (coupon_expired, condition_failed, cap_reached, coupon_used_up…) */
  reason: string | null;
  message: string | null;
}

/** A promotion the engine considered for this cart and did not apply, with why. */
export interface PromotionNote {
  ruleId: string;
  reason: string;
  message: string;
  couponCode: string | null;
}

export interface CartTotals {
  currency: string;
  lineCount: number;
  totalQuantity: number;
  /** sum of priced line totals, before discounts */
  subtotal: number;
  discountTotal: number;
  /** null until a shipping estimator is plugged into the pipeline */
  shippingEstimate: number | null;
  /** subtotal − discounts + shipping estimate (tax is computed at checkout) */
  total: number;
}

export interface CartView {
  header: CartHeader;
  owner: CartOwner;
  lines: PricedCartLine[];
  totals: CartTotals;
  discounts: CartDiscount[];
  /** coupon codes entered on the cart */
  coupons: CartCoupon[];
  /** promotions considered and not applied (the rule index skips rules that cannot apply) */
  promotionNotes: PromotionNote[];
  warnings: string[];
}

/** One line of a bulk change (quick order, reorder, merge) and what happened to it. */
export interface BulkLineResult {
  /** 1-based line number in the input */
  line: number;
  sku: string;
  quantity: number | null;
  status: "APPLIED" | "REJECTED";
  rejection: LineRejection | null;
}

export interface CartSummaryRow {
  cartId: string;
  owner: CartOwner;
  name: string;
  isActive: boolean;
  version: number;
  lineCount: number;
  subtotal: number;
  currency: string | null;
  updatedAtMs: number;
}
