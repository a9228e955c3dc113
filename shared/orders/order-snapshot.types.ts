/**
 * The shapes frozen into an order at placement (jsonb columns of `orders` / `order_lines`).
 * They are copies, not references: later changes to prices, rules, rates or addresses never
 * alter a placed order. Money in integer minor units of the order currency.
 */

export interface OrderAddressSnapshot {
  /** the saved address it came from (B2B location address), null when entered at checkout */
  addressId: string | null;
  recipient: string | null;
  company: string | null;
  line1: string;
  line2: string | null;
  city: string;
  county: string | null;
  postalCode: string;
  /** ISO 3166-2, e.g. "US-CA" */
  subdivisionCode: string | null;
  /** ISO 3166-1 alpha-2 */
  countryCode: string;
  phone: string | null;
}

export interface OrderPriceSource {
  level: string;
  priceListId: string | null;
  overrideId: string | null;
  scopeId: string | null;
  tierMinQty: number;
  method: "direct" | "converted";
  rate: string | null;
  sourceCurrency: string;
  sourceUnitPrice: number;
}

export interface OrderDiscountSnapshot {
  ruleId: string;
  name: string;
  amount: number;
  couponCode: string | null;
}

export interface OrderTaxLineSnapshot {
  kind: string;
  jurisdictionKey: string;
  jurisdictionName: string;
  level: string;
  rates: string[];
  taxableAmount: number;
  tax: number;
}

export interface OrderShippingSnapshot {
  methodId: string;
  methodCode: string;
  name: string;
  carrier: string | null;
  amount: number;
  currency: string;
  /** estimated delivery window the buyer was shown, if any */
  deliveryDays: { min: number; max: number } | null;
}

export interface OrderPackageSnapshot {
  boxCode: string;
  /** outer dimensions and gross weight, in the units the shipping domain reports */
  dimensions: { length: number; width: number; height: number; unit: string };
  weight: { value: number; unit: string };
  items: { variantId: string; sku: string; quantity: number }[];
}

export interface OrderAgreementSnapshot {
  agreementId: string;
  code: string;
  version: number;
  acceptedAt: string;
}

export interface OrderCurrencySnapshot {
  currency: string;
  baseCurrency: string;
  /** base → order currency rate used for any converted line, exact decimal string */
  rates: { source: string; target: string; rate: string; updatedAt: string | null }[];
}
