import { ChannelsService } from "../shared/channels";
import { CatalogAdminService, CatalogService } from "../shared/catalog";
import { catalogPriceProvider, loadBuyerPreferences, PricingService } from "../shared/pricing";
import { priceBookClient } from "../shared/platform";
import type { Outbox } from "../shared/events";
import { GeoService } from "../shared/geo";
import { TaxAdminService, TaxService } from "../shared/tax";
import type { Db } from "../shared/kernel/db";
import type { Services } from "../shared/kernel/graphql/context";
import { timedStub, type RequestTimings } from "../shared/kernel/request-timings";
import { AccountsService, CustomersService, RegistrationService, StaffService } from "../shared/accounts";
import { AuthService, LoginThrottle, StaffAuthService } from "../shared/auth";
import { identityPorts } from "../shared/platform/accounts-platform";
import { usageCounterClient } from "../shared/platform/usage-counter-client";
import { CartsService } from "../shared/carts";
import { loadVisibleVariantFacts } from "../shared/catalog";
import { defaultRateStrategies, ShippingAdminService, ShippingQuoteService } from "../shared/shipping";
import { approvalEffectHandlers, coreOrderEffects, OrderApprovals, OrderLifecycle, OrderProcessesService, OrdersAdminService, OrdersService, orderVariantReferences, pastOrderSource } from "../shared/orders";
import { LogNotificationStrategy } from "../shared/orders/notifications";
import { orderApprovalWorkflowClient } from "../shared/platform/order-approval-platform";
import { paymentEffectHandlers, PaymentsAdminService, PaymentsService } from "../shared/payments";
import { AgreementsService, CheckoutService } from "../shared/orders";
import { ActiveRules, CartPromotions, guessLimiterOver, postgresRulesSource, PromotionsService, usageCounterRedemptions } from "../shared/promotions";

/** Rate strategies are code: one registry per isolate. */
const shippingRates = defaultRateStrategies();

export interface ServiceFactoryDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  env: Env;
  /** request.cf.country, for anonymous visitors' currency */
  country: string | null;
  /** the request's Server-Timing spans: Durable Object calls made for it are timed */
  timings?: RequestTimings;
}

/**
 * The composition root: each domain's service, built per request from the request's deps.
 * Construction is cheap (no I/O); nothing runs until a resolver calls it.
 */
export function createServices(d: ServiceFactoryDeps): Services {
  const base = { db: d.db, outbox: d.outbox, now: d.now };
  const idp = identityPorts(d.env);
  const authDeps = { ...base, authSecret: idp.authSecret, throttle: new LoginThrottle(usageCounterClient(d.env.USAGE_COUNTER)) };
  const auth = new AuthService(authDeps);
  const pricing = new PricingService({
    ...base,
    priceBooks: priceBookClient(d.env, d.timings),
    preferences: (principal) => loadBuyerPreferences(d.db, principal),
  });
  // promotions: rule index cached per isolate (active-rules.ts); this request's handle serves a reload
  const redemptions = usageCounterRedemptions(d.env.USAGE_COUNTER);
  const cartPromotions = new CartPromotions(
    new ActiveRules(postgresRulesSource(() => ({ db: d.db, close: async () => {} }))),
    redemptions,
    guessLimiterOver(usageCounterClient(d.env.USAGE_COUNTER)),
  );
  const payments = new PaymentsService({ ...base, environment: String(d.env.ENVIRONMENT ?? "production") });
  // payments and approvals add their effect handlers and the payment totals reader here
  const orderLifecycle = new OrderLifecycle({
    payments,
    effects: { ...coreOrderEffects(), ...paymentEffectHandlers(payments), ...approvalEffectHandlers() },
  });
  // order management reads the lifecycle composed below, so it is built on first use
  let orderManagement: { orders: OrdersService; admin: OrdersAdminService; processes: OrderProcessesService } | undefined;
  const orderMgmt = () => {
    const deps = { ...base, lifecycle: services.orderLifecycle, payments };
    return (orderManagement ??= { orders: new OrdersService(deps), admin: new OrdersAdminService(deps), processes: new OrderProcessesService(deps) });
  };
  let checkout: CheckoutService | undefined;
  let agreements: AgreementsService | undefined;
  const services: Services = {
    pricing,
    carts: new CartsService({
      db: d.db,
      now: d.now,
      authSecret: idp.authSecret,
      pricing,
      objects: { get: (name) => timedStub(d.env.CART.get(d.env.CART.idFromName(name)), "cart", d.timings) },
      variantFacts: loadVisibleVariantFacts,
      pastOrders: pastOrderSource(d.db),
      coupons: cartPromotions,
    }),
    promotions: new PromotionsService({ ...base, counters: redemptions }),
    auth,
    staffAuth: new StaffAuthService(authDeps),
    accounts: new AccountsService({ ...base, auth }),
    customers: new CustomersService({ ...base, auth }),
    registration: new RegistrationService({ ...base, documents: idp.documents, workflow: idp.workflow, reminderAfter: idp.reminderAfter, maxReminders: idp.maxReminders }),
    staff: new StaffService({ db: d.db, now: d.now }),
    channels: new ChannelsService({ ...base, orderProcessExists: (code) => services.orderProcesses.exists(code) }),
    catalog: new CatalogService({ db: d.db, now: d.now, prices: catalogPriceProvider(pricing, () => d.country) }),
    catalogAdmin: new CatalogAdminService({ ...base, variantReferences: orderVariantReferences(d.db) }),
    geo: new GeoService({ db: d.db }),
    tax: new TaxService({ db: d.db, now: d.now }),
    taxAdmin: new TaxAdminService({ db: d.db, now: d.now }),
    shippingQuotes: new ShippingQuoteService({
      db: d.db,
      now: d.now,
      rates: shippingRates,
      pricing,
      // cart quotes read the caller's cart through the carts service
      carts: { cart: (caller, input) => services.carts.cart(caller, input) },
      variantFacts: loadVisibleVariantFacts,
    }),
    shippingAdmin: new ShippingAdminService({ ...base, rates: shippingRates }),
    orderLifecycle,
    orderApprovals: new OrderApprovals({
      ...base,
      lifecycle: orderLifecycle,
      workflow: orderApprovalWorkflowClient(d.env),
      notifications: new LogNotificationStrategy(),
      // compensate: a cancelled approval voids any authorization and refunds any capture
      compensation: { voidAuthorization: async (tx, emit, r) => void (await payments.voidOrRefund(tx, emit, r)) },
    }),
    payments,
    paymentsAdmin: new PaymentsAdminService(payments),
    get orders() {
      return orderMgmt().orders;
    },
    get ordersAdmin() {
      return orderMgmt().admin;
    },
    get orderProcesses() {
      return orderMgmt().processes;
    },
    // checkout: built on first use (most requests never check out)
    get checkout() {
      return (checkout ??= new CheckoutService({
        ...base,
        authSecret: idp.authSecret,
        carts: services.carts,
        pricing,
        tax: services.tax,
        shippingRates,
        payments,
        lifecycle: orderLifecycle,
        promotionRules: (channelCode, nowMs) => cartPromotions.rulesFor(channelCode, nowMs),
        redemptions,
      }));
    },
    get agreements() {
      return (agreements ??= new AgreementsService(base));
    },
  };
  return services;
}
