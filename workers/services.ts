import { ChannelsService } from "../shared/channels";
import { CatalogAdminService, CatalogService, noVariantReferences } from "../shared/catalog";
import { catalogPriceProvider, loadBuyerPreferences, PricingService } from "../shared/pricing";
import { priceBookClient } from "../shared/platform";
import type { Outbox } from "../shared/events";
import { GeoService } from "../shared/geo";
import { TaxAdminService, TaxService } from "../shared/tax";
import type { Db } from "../shared/kernel/db";
import type { Services } from "../shared/kernel/graphql/context";
import { AccountsService, CustomersService, RegistrationService, StaffService } from "../shared/accounts";
import { AuthService, LoginThrottle, StaffAuthService } from "../shared/auth";
import { identityPorts } from "../shared/platform/accounts-platform";
import { usageCounterClient } from "../shared/platform/usage-counter-client";
import { CartsService, noPastOrders } from "../shared/carts";
import { loadVisibleVariantFacts } from "../shared/catalog";
import { defaultRateStrategies, ShippingAdminService, ShippingQuoteService } from "../shared/shipping";
import { coreOrderEffects, OrderLifecycle } from "../shared/orders";
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
    priceBooks: priceBookClient(d.env),
    preferences: (principal) => loadBuyerPreferences(d.db, principal),
  });
  // promotions: rule index cached per isolate (active-rules.ts); this request's handle serves a reload
  const redemptions = usageCounterRedemptions(d.env.USAGE_COUNTER);
  const cartPromotions = new CartPromotions(
    new ActiveRules(postgresRulesSource(() => ({ db: d.db, close: async () => {} }))),
    redemptions,
    guessLimiterOver(usageCounterClient(d.env.USAGE_COUNTER)),
  );
  const services: Services = {
    pricing,
    // orders replace noPastOrders (reorder) when they land
    carts: new CartsService({
      db: d.db,
      now: d.now,
      authSecret: idp.authSecret,
      pricing,
      objects: { get: (name) => d.env.CART.get(d.env.CART.idFromName(name)) },
      variantFacts: loadVisibleVariantFacts,
      pastOrders: noPastOrders,
      coupons: cartPromotions,
    }),
    promotions: new PromotionsService({ ...base, counters: redemptions }),
    auth,
    staffAuth: new StaffAuthService(authDeps),
    accounts: new AccountsService({ ...base, auth }),
    customers: new CustomersService({ ...base, auth }),
    registration: new RegistrationService({ ...base, documents: idp.documents, workflow: idp.workflow, reminderAfter: idp.reminderAfter, maxReminders: idp.maxReminders }),
    staff: new StaffService({ db: d.db, now: d.now }),
    channels: new ChannelsService(base),
    // orders replace the variant-reference default when they land (VariantReferenceCheck)
    catalog: new CatalogService({ db: d.db, now: d.now, prices: catalogPriceProvider(pricing, () => d.country) }),
    catalogAdmin: new CatalogAdminService({ ...base, variantReferences: noVariantReferences }),
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
    // payments and approvals add their effect handlers and the payment totals reader here
    orderLifecycle: new OrderLifecycle({
      payments: { totals: async () => new Map() },
      effects: { ...coreOrderEffects() },
    }),
  };
  return services;
}
