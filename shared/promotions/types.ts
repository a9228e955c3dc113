/** Inputs and outputs of the promotions engine. Money: integer minor units of `currency`. */

export interface PromotionCartLine {
  /** stable line id when the cart has one; otherwise the index is used */
  lineId?: string;
  variantId: string;
  productId: string;
  sku: string;
  categoryIds?: readonly string[];
  collectionIds?: readonly string[];
  brandId?: string | null;
  /** trait name → value ("flavor" → "mint") */
  traits?: Readonly<Record<string, string>>;
  quantity: number;
  /** price of one unit after price resolution, before promotions */
  unitPrice: number;
  /** weight of one unit in grams */
  weight?: number;
}

export interface PromotionCart {
  currency: string;
  lines: readonly PromotionCartLine[];
  /** shipping amount before promotions (0 when not yet known) */
  shippingAmount?: number;
}

/** How often this buyer/rule has already redeemed; read from the consistent usage counter. */
export interface RuleUsage {
  total?: number;
  customer?: number;
  account?: number;
  location?: number;
  /** per customer group id the buyer belongs to */
  group?: Readonly<Record<string, number>>;
  /** redemptions today (the counter's day boundary) */
  today?: number;
}

export interface PromotionContext {
  channelCode: string;
  customerId?: string | null;
  customerGroupIds?: readonly string[];
  accountId?: string | null;
  locationId?: string | null;
  /** employee role of a B2B buyer or staff role of a sales rep */
  role?: string | null;
  email?: string | null;
  shipToCountry?: string | null;
  /** ISO 3166-2 subdivision ("US-CA") */
  shipToRegion?: string | null;
  isFirstOrder?: boolean;
  /** minor units in the cart currency */
  lifetimeValue?: number;
  orderCount?: number;
  customerTier?: string | null;
  isStaff?: boolean;
  couponCodes?: readonly string[];
  now: Date | number;
  /** rule id → usage counts */
  usage?: Readonly<Record<string, RuleUsage>>;
  /** normalized coupon code → redemptions so far (single-use / max uses per code) */
  couponUsage?: Readonly<Record<string, number>>;
}

export interface LineDiscount {
  ruleId: string;
  amount: number;
}

export interface PromotionLineResult {
  index: number;
  lineId?: string;
  variantId: string;
  /** quantity × unitPrice */
  lineTotal: number;
  /** line-phase discounts, by rule */
  discounts: LineDiscount[];
  lineDiscount: number;
  /** this line's share of order-level discounts (for tax and refunds) */
  orderDiscountShare: number;
  /** lineTotal − lineDiscount − orderDiscountShare, never below zero */
  net: number;
}

export interface GiftLine {
  ruleId: string;
  variantId: string;
  productId?: string;
  sku: string;
  quantity: number;
  unitPrice: number;
  /** the gift is fully discounted: discount = quantity × unitPrice */
  discount: number;
}

export type ExplanationReason =
  | "disabled"
  | "not_started"
  | "ended"
  | "channel_excluded"
  | "not_visible"
  | "coupon_required"
  | "coupon_not_started"
  | "coupon_expired"
  | "coupon_used_up"
  | "condition_failed"
  | "cap_reached"
  | "no_discount"
  | "excluded_by_exclusive"
  | "excluded_by_list"
  | "excluded_by_coupon_only"
  | "excluded_by_max_per_cart"
  | "not_in_best_combination";

export interface Explanation {
  ruleId: string;
  reason: ExplanationReason;
  message: string;
  /** failed condition type, cap name, rule id that excluded it, list id… */
  detail?: Record<string, string | number>;
}

export interface AppliedRule {
  ruleId: string;
  name: string;
  /** everything this rule saved the buyer (line + order + shipping + gift value) */
  saving: number;
  couponCode?: string;
}

export interface PromotionResult {
  currency: string;
  lines: PromotionLineResult[];
  orderDiscounts: LineDiscount[];
  shippingDiscount: number;
  shippingDiscounts: LineDiscount[];
  gifts: GiftLine[];
  applied: AppliedRule[];
  /** every rule considered and not applied, in rule order */
  explanations: Explanation[];
  /** codes the buyer entered that match no rule */
  unknownCoupons: string[];
  subtotal: number;
  totalDiscount: number;
  /** false when the combination search hit its budget and returned the best found so far */
  searchExhaustive: boolean;
  /** combinations of two or more rules the search applied to the cart */
  searchEvaluations: number;
}
