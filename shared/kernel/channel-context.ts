/**
 * The per-request view of the channel every domain needs (commerce mode, login wall, currencies,
 * strategies). The channels domain owns the data; this is the read-only shape it hands out.
 */
export type CommerceMode = "b2b" | "b2c" | "hybrid";
export type LoginWallMode = "open" | "login_required" | "login_to_price";

export interface ChannelStrategies {
  pricing: string;
  tax: string;
  shipping: string;
  orderProcess: string;
}

export interface ChannelContext {
  id: string;
  code: string;
  name: string;
  commerceMode: CommerceMode;
  loginWallMode: LoginWallMode;
  guestCheckout: boolean;
  baseCurrency: string;
  supportedCurrencies: string[];
  defaultLocale: string;
  taxFree: boolean;
  pricesIncludeTax: boolean;
  strategies: ChannelStrategies;
}
