import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { accounts, customers, employees, locations } from "../accounts/accounts.tables";
import { variants } from "../catalog/catalog.tables";
import { channels } from "../channels/channels.tables";
import type { ProcessDefinitionInput } from "./order-process.schema";
import type {
  OrderAddressSnapshot,
  OrderAgreementSnapshot,
  OrderCurrencySnapshot,
  OrderDiscountSnapshot,
  OrderPackageSnapshot,
  OrderPriceSource,
  OrderShippingSnapshot,
  OrderTaxLineSnapshot,
} from "./order-snapshot.types";

/**
 * An order is an immutable snapshot of what the buyer accepted at placement (lines with their
 * price source, discounts with rule ids, tax per jurisdiction, packages, currency and rates);
 * only `state`, `flags`, fulfilment counters and payment totals move afterwards.
 */
export const orders = pgTable(
  "orders",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** human-facing order number, increasing */
    number: bigserial("number", { mode: "number" }).notNull().unique(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "restrict" }),
    /** the process followed (code + version as stored at placement) */
    processCode: text("process_code").notNull(),
    processVersion: integer("process_version").notNull().default(1),
    state: text("state").notNull(),
    /** employee | customer | guest */
    buyerKind: text("buyer_kind").notNull(),
    accountId: uuid("account_id").references(() => accounts.id, { onDelete: "restrict" }),
    locationId: uuid("location_id").references(() => locations.id, { onDelete: "restrict" }),
    employeeId: uuid("employee_id").references(() => employees.id, { onDelete: "set null" }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "set null" }),
    email: text("email"),
    /** the cart the order came from and the cart version the final check saw */
    cartId: text("cart_id"),
    cartVersion: integer("cart_version"),
    /** idempotency: one order per (scope, key); scope is the buyer's cart owner id */
    idempotencyScope: text("idempotency_scope").notNull(),
    idempotencyKey: text("idempotency_key").notNull(),
    /** hash of the checkout request, so the same key with another body is refused */
    requestHash: text("request_hash").notNull(),
    currency: text("currency").notNull(),
    currencySnapshot: jsonb("currency_snapshot").$type<OrderCurrencySnapshot>().notNull(),
    subtotal: bigint("subtotal", { mode: "number" }).notNull(),
    discountTotal: bigint("discount_total", { mode: "number" }).notNull(),
    shippingTotal: bigint("shipping_total", { mode: "number" }).notNull(),
    taxTotal: bigint("tax_total", { mode: "number" }).notNull(),
    total: bigint("total", { mode: "number" }).notNull(),
    pricesIncludeTax: boolean("prices_include_tax").notNull().default(false),
    poNumber: text("po_number"),
    notes: text("notes"),
    shippingAddress: jsonb("shipping_address").$type<OrderAddressSnapshot>(),
    billingAddress: jsonb("billing_address").$type<OrderAddressSnapshot>(),
    shipping: jsonb("shipping").$type<OrderShippingSnapshot>(),
    packages: jsonb("packages").$type<OrderPackageSnapshot[]>().notNull().default([]),
    discounts: jsonb("discounts").$type<OrderDiscountSnapshot[]>().notNull().default([]),
    taxLines: jsonb("tax_lines").$type<OrderTaxLineSnapshot[]>().notNull().default([]),
    agreements: jsonb("agreements").$type<OrderAgreementSnapshot[]>().notNull().default([]),
    /** promotions usage-counter reservations to give back if the order is cancelled */
    redemptions: jsonb("redemptions").$type<unknown>(),
    /** booleans guards read: approval_required, approved, po_reviewed, fraud_cleared… */
    flags: jsonb("flags").$type<Record<string, boolean>>().notNull().default({}),
    paymentMethod: text("payment_method").notNull(),
    approvalReason: text("approval_reason"),
    approvalInstanceId: text("approval_instance_id"),
    quantityOrdered: integer("quantity_ordered").notNull(),
    quantityFulfilled: integer("quantity_fulfilled").notNull().default(0),
    quantityShipped: integer("quantity_shipped").notNull().default(0),
    /** bumped by every transition (clients can tell a stale read); transitions serialize on the row lock */
    version: integer("version").notNull().default(1),
    placedAt: timestamp("placed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex("orders_idempotency_uq").on(t.channelId, t.idempotencyScope, t.idempotencyKey),
    index("orders_channel_created_idx").on(t.channelId, t.createdAt),
    index("orders_account_created_idx").on(t.accountId, t.createdAt),
    index("orders_location_created_idx").on(t.locationId, t.createdAt),
    index("orders_customer_created_idx").on(t.customerId, t.createdAt),
    index("orders_state_idx").on(t.state, t.createdAt),
    check("orders_buyer_kind", sql`${t.buyerKind} in ('employee', 'customer', 'guest')`),
    check("orders_totals_nonneg", sql`${t.subtotal} >= 0 and ${t.discountTotal} >= 0 and ${t.shippingTotal} >= 0 and ${t.taxTotal} >= 0 and ${t.total} >= 0`),
  ],
);

export const orderLines = pgTable(
  "order_lines",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    variantId: uuid("variant_id")
      .notNull()
      .references(() => variants.id, { onDelete: "restrict" }),
    productId: uuid("product_id").notNull(),
    sku: text("sku").notNull(),
    name: text("name").notNull(),
    quantity: integer("quantity").notNull(),
    unitPrice: bigint("unit_price", { mode: "number" }).notNull(),
    lineTotal: bigint("line_total", { mode: "number" }).notNull(),
    discount: bigint("discount", { mode: "number" }).notNull().default(0),
    tax: bigint("tax", { mode: "number" }).notNull().default(0),
    /** where the unit price came from: level, list/override id, tier, conversion */
    priceSource: jsonb("price_source").$type<OrderPriceSource>().notNull(),
    quantityFulfilled: integer("quantity_fulfilled").notNull().default(0),
    quantityShipped: integer("quantity_shipped").notNull().default(0),
  },
  (t) => [
    index("order_lines_order_idx").on(t.orderId, t.position),
    index("order_lines_variant_idx").on(t.variantId),
    check("order_lines_quantity_pos", sql`${t.quantity} > 0`),
  ],
);

/** Every state change, with who and when (the audit trail). */
export const orderTransitions = pgTable(
  "order_transitions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id")
      .notNull()
      .references(() => orders.id, { onDelete: "cascade" }),
    fromState: text("from_state").notNull(),
    toState: text("to_state").notNull(),
    /** guest | customer | employee | staff | system */
    actorKind: text("actor_kind").notNull(),
    actorId: text("actor_id").notNull(),
    reason: text("reason"),
    at: timestamp("at", { withTimezone: true }).notNull(),
  },
  (t) => [index("order_transitions_order_idx").on(t.orderId, t.at)],
);

/**
 * Merchant-defined order processes. A channel names one by code in `strategies.orderProcess`;
 * "default" means the built-in process for the channel's commerce mode. Saving creates a new
 * version; orders keep the version they were placed under.
 */
export const orderProcesses = pgTable(
  "order_processes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    code: text("code").notNull(),
    version: integer("version").notNull(),
    name: text("name").notNull(),
    definition: jsonb("definition").$type<ProcessDefinitionInput>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [unique("order_processes_code_version_uq").on(t.code, t.version)],
);

/** Terms a buyer must accept at checkout, versioned per channel. */
export const checkoutAgreements = pgTable(
  "checkout_agreements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    channelId: uuid("channel_id")
      .notNull()
      .references(() => channels.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    version: integer("version").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    required: boolean("required").notNull().default(true),
    /** who must accept: all | b2b | b2c */
    appliesTo: text("applies_to").notNull().default("all"),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull(),
    /** null = still current */
    validTo: timestamp("valid_to", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [
    unique("checkout_agreements_version_uq").on(t.channelId, t.code, t.version),
    check("checkout_agreements_applies_to", sql`${t.appliesTo} in ('all', 'b2b', 'b2c')`),
  ],
);

/** What the notification strategy sent (the default strategy only writes here). */
export const orderNotifications = pgTable(
  "order_notifications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    orderId: uuid("order_id").references(() => orders.id, { onDelete: "cascade" }),
    /** the domain event that caused it, so a redelivery does not notify twice */
    eventId: text("event_id").notNull(),
    template: text("template").notNull(),
    recipient: text("recipient").notNull(),
    /** log | email */
    transport: text("transport").notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  },
  (t) => [unique("order_notifications_event_uq").on(t.eventId, t.template, t.recipient), index("order_notifications_order_idx").on(t.orderId)],
);

export type OrderRow = typeof orders.$inferSelect;
export type OrderLineRow = typeof orderLines.$inferSelect;
export type OrderTransitionRow = typeof orderTransitions.$inferSelect;
export type OrderProcessRow = typeof orderProcesses.$inferSelect;
export type CheckoutAgreementRow = typeof checkoutAgreements.$inferSelect;
