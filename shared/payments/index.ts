/**
 * Payments domain (issue 10): the pure lifecycle, the payment method strategy with its built-in
 * methods (manual, net terms, store credit, test gateway), the service the order lifecycle and
 * checkout call inside their transactions, the order-process effect handlers and the admin API.
 */
import type { PaymentsAdminService } from "./payments-admin.service";
import type { PaymentsService } from "./payments.service";
import "./payments.graphql";

export * from "./payments.tables";
export * from "./payment-lifecycle";
export * from "./payment-method";
export { manualMethod } from "./methods/manual";
export { netTermsMethod, NET_TERMS_DAYS } from "./methods/net-terms";
export { storeCreditMethod } from "./methods/store-credit";
export { testGatewayMethod, TEST_CARDS, luhnValid, cardBrand } from "./methods/test-gateway";
export {
  PaymentsService, defaultPaymentMethods,
  type PaymentsDeps, type PrepareRequest, type GrantStoreCreditInput, type Emit as PaymentEmit,
} from "./payments.service";
export { PaymentsAdminService, type PaymentView } from "./payments-admin.service";
export { paymentEffectHandlers } from "./payment-effects";
export { paymentTotals, type OrderPaymentTotals, type PaymentRecord } from "./payments.repository";
export { storeCreditBalance, type StoreCreditOwner, type StoreCreditOwnerKind } from "./store-credit.repository";

declare module "../kernel/graphql/context" {
  interface Services {
    payments: PaymentsService;
    paymentsAdmin: PaymentsAdminService;
  }
}
