import { boolean, jsonb, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import type { ChannelStrategies } from "../kernel/channel-context";

export const channels = pgTable("channels", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  /** b2b | b2c | hybrid (validated by zod at the API edge) */
  commerceMode: text("commerce_mode").notNull(),
  /** open | login_required | login_to_price */
  loginWallMode: text("login_wall_mode").notNull(),
  guestCheckout: boolean("guest_checkout").notNull().default(false),
  baseCurrency: text("base_currency").notNull(),
  supportedCurrencies: text("supported_currencies").array().notNull(),
  defaultLocale: text("default_locale").notNull().default("en-US"),
  taxFree: boolean("tax_free").notNull().default(false),
  pricesIncludeTax: boolean("prices_include_tax").notNull().default(false),
  strategies: jsonb("strategies").$type<ChannelStrategies>().notNull(),
  /** host names that select this channel when no x-channel header is sent */
  hosts: text("hosts").array().notNull().default([]),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export type ChannelRow = typeof channels.$inferSelect;
