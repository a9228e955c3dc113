import { z } from "zod";
import { isCurrencyCode } from "../kernel/money";

const currency = z.string().refine(isCurrencyCode, { message: "unknown ISO 4217 currency code" });

export const DEFAULT_STRATEGIES = { pricing: "default", tax: "table", shipping: "default", orderProcess: "default" } as const;

const strategies = z
  .object({
    pricing: z.string().min(1).default(DEFAULT_STRATEGIES.pricing),
    tax: z.string().min(1).default(DEFAULT_STRATEGIES.tax),
    shipping: z.string().min(1).default(DEFAULT_STRATEGIES.shipping),
    orderProcess: z.string().min(1).default(DEFAULT_STRATEGIES.orderProcess),
  })
  .strict();

const channelFields = {
  name: z.string().trim().min(1).max(120),
  commerceMode: z.enum(["b2b", "b2c", "hybrid"]),
  loginWallMode: z.enum(["open", "login_required", "login_to_price"]),
  guestCheckout: z.boolean(),
  baseCurrency: currency,
  supportedCurrencies: z.array(currency).min(1),
  defaultLocale: z.string().regex(/^[a-z]{2,3}(-[A-Z]{2})?$/, "locale like en-US"),
  taxFree: z.boolean(),
  pricesIncludeTax: z.boolean(),
  strategies,
  hosts: z.array(z.string().trim().toLowerCase().min(1).max(253)).max(20),
};

export const channelCode = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,31}$/, "lowercase letters, digits, - and _, up to 32 characters");

function baseInSupported(v: { baseCurrency?: string; supportedCurrencies?: string[] }, ctx: z.RefinementCtx) {
  if (v.baseCurrency && v.supportedCurrencies && !v.supportedCurrencies.includes(v.baseCurrency)) {
    ctx.addIssue({ code: "custom", path: ["supportedCurrencies"], message: "must include the base currency" });
  }
}

export const createChannelSchema = z
  .object({
    code: channelCode,
    ...channelFields,
    guestCheckout: channelFields.guestCheckout.default(false),
    defaultLocale: channelFields.defaultLocale.default("en-US"),
    taxFree: channelFields.taxFree.default(false),
    pricesIncludeTax: channelFields.pricesIncludeTax.default(false),
    strategies: strategies.default(DEFAULT_STRATEGIES),
    hosts: channelFields.hosts.default([]),
  })
  .superRefine(baseInSupported);

export const updateChannelSchema = z.object(channelFields).partial().superRefine(baseInSupported);

export type CreateChannelInput = z.output<typeof createChannelSchema>;
export type UpdateChannelInput = z.output<typeof updateChannelSchema>;
