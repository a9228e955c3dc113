/** Carts: per-location B2B, per-customer B2C and guest carts in Durable Objects. */
import type { CartsService } from "./carts.service";
import "./carts.graphql";

export * from "./cart.types";
export { CartsService, toLineFacts, type CartsDeps, type CallerContext, type CartPayload, type BulkPayload, type CartShape } from "./carts.service";
export { selectsPath } from "./graphql-selection";
export { CartRuntime, type CartCall, type CartRuntimeDeps, type MutateOptions, type MutationResult } from "./cart-runtime";
export type { CartStorage } from "./cart-store";
export { applyCommand, type CartCommand, type BulkItem } from "./cart-engine";
export { noActiveRules, promotionsStep, noShippingEstimate, type ActiveRulesProvider, type CartStep, type CartPricingPort } from "./cart-pipeline";
export { MAX_LINE_QUANTITY, MAX_CART_LINES, quantityRejection, assertMayUseCart, assertMayChangeCart, assertRoleMayOrder, assertAccountMayOrder, unknownStock, type StockLookup } from "./cart-rules";
export { noPastOrders, toWire, unwrap, type Wire, type CartObjects, type CartObjectApi, type CartObjectStats, type PastOrderSource } from "./cart-client";
export { ACCOUNT_STATUS_TTL_MS, AccountStatusCache, MissingCallFacts, type AccountStatusFact, type CartCallFact } from "./cart-call-facts";
export { writeCartMirror } from "./carts.repository";
export type { MirrorChange, PendingMirror } from "./cart-store";
export { cartOwnerFor, cartObjectName } from "./cart-owner";
export { issueGuestToken, verifyGuestToken } from "./guest-token";
export { parseQuickOrderCsv, type QuickOrderRow } from "./quick-order-csv";
export { carts } from "./carts.tables";

declare module "../kernel/graphql/context" {
  interface Services {
    carts: CartsService;
  }
}
