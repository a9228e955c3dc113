import { compact } from "../kernel/graphql/compact-input";
import { builder } from "../kernel/graphql/builder";
import { requirePermission } from "../kernel/authorize";
import type { ChannelContext } from "../kernel/channel-context";

export const ChannelType = builder.objectRef<ChannelContext>("Channel").implement({
  description: "A storefront audience: its commerce mode, login wall, currencies and strategies",
  fields: (t) => ({
    code: t.exposeString("code"),
    name: t.exposeString("name"),
    commerceMode: t.exposeString("commerceMode"),
    loginWallMode: t.exposeString("loginWallMode"),
    guestCheckout: t.exposeBoolean("guestCheckout"),
    baseCurrency: t.exposeString("baseCurrency"),
    supportedCurrencies: t.exposeStringList("supportedCurrencies"),
    defaultLocale: t.exposeString("defaultLocale"),
    taxFree: t.exposeBoolean("taxFree"),
    pricesIncludeTax: t.exposeBoolean("pricesIncludeTax"),
    strategies: t.field({ type: "JSON", subGraphs: ["admin"], resolve: (c) => c.strategies }),
  }),
});

const StrategiesInput = builder.inputType("ChannelStrategiesInput", {
  fields: (t) => ({
    pricing: t.string({ required: false }),
    tax: t.string({ required: false }),
    shipping: t.string({ required: false }),
    orderProcess: t.string({ required: false }),
  }),
});

const channelInputFields = (t: any) => ({
  name: t.string({ required: false }),
  commerceMode: t.string({ required: false, description: "b2b | b2c | hybrid" }),
  loginWallMode: t.string({ required: false, description: "open | login_required | login_to_price" }),
  guestCheckout: t.boolean({ required: false }),
  baseCurrency: t.string({ required: false }),
  supportedCurrencies: t.stringList({ required: false }),
  defaultLocale: t.string({ required: false }),
  taxFree: t.boolean({ required: false }),
  pricesIncludeTax: t.boolean({ required: false }),
  strategies: t.field({ type: StrategiesInput, required: false }),
  hosts: t.stringList({ required: false }),
});

const CreateChannelInput = builder.inputType("CreateChannelInput", {
  fields: (t) => ({ code: t.string({ required: true }), ...channelInputFields(t) }),
});
const UpdateChannelInput = builder.inputType("UpdateChannelInput", { fields: (t) => channelInputFields(t) });


builder.queryField("channel", (t) =>
  t.field({
    subGraphs: ["shop"],
    type: ChannelType,
    description: "The channel this request was resolved to",
    resolve: (_r, _a, ctx) => ctx.channel,
  }),
);

builder.queryFields((t) => ({
  channels: t.field({
    subGraphs: ["admin"],
    type: [ChannelType],
    resolve: (_r, _a, ctx) => {
      requirePermission(ctx.principal, "channels:read");
      return ctx.services.channels.list();
    },
  }),
  channelByCode: t.field({
    subGraphs: ["admin"],
    type: ChannelType,
    args: { code: t.arg.string({ required: true }) },
    resolve: (_r, { code }, ctx) => {
      requirePermission(ctx.principal, "channels:read");
      return ctx.services.channels.get(code);
    },
  }),
}));

builder.mutationFields((t) => ({
  createChannel: t.field({
    subGraphs: ["admin"],
    type: ChannelType,
    args: { input: t.arg({ type: CreateChannelInput, required: true }) },
    resolve: (_r, { input }, ctx) => {
      requirePermission(ctx.principal, "channels:write");
      const { strategies, ...rest } = input as Record<string, unknown> & { strategies?: Record<string, unknown> | null };
      return ctx.services.channels.create({ ...compact(rest), ...(strategies ? { strategies: compact(strategies) } : {}) });
    },
  }),
  updateChannel: t.field({
    subGraphs: ["admin"],
    type: ChannelType,
    args: { code: t.arg.string({ required: true }), input: t.arg({ type: UpdateChannelInput, required: true }) },
    resolve: (_r, { code, input }, ctx) => {
      requirePermission(ctx.principal, "channels:write");
      const { strategies, ...rest } = input as Record<string, unknown> & { strategies?: Record<string, unknown> | null };
      return ctx.services.channels.update(code, { ...compact(rest), ...(strategies ? { strategies: compact(strategies) } : {}) });
    },
  }),
}));
