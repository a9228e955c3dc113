/**
 * The payment side of order processes: effect codes an order process names, run by the order
 * lifecycle inside the transition's transaction (see orders/order-effects.ports.ts).
 */
import type { EffectHandlers } from "../orders";
import type { PaymentsService } from "./payments.service";

export function paymentEffectHandlers(payments: PaymentsService): EffectHandlers {
  return {
    authorize_payment: async (_config, { tx, emit, order, now }) => {
      await payments.authorize(tx, emit, { orderId: order.id, now });
    },
    // `partial` is the process's hint that the order may ship in parts; the open authorization is
    // captured either way, and what a partial shipment leaves stays open for a later capture
    capture_payment: async (_config, { tx, emit, order, now }) => {
      await payments.capture(tx, emit, { orderId: order.id, now });
    },
    void_authorization: async (_config, { tx, emit, order, now, reason }) => {
      await payments.voidOrRefund(tx, emit, { orderId: order.id, now, reason });
    },
    // a full refund of the order: what is captured goes back, and nothing stays authorized either
    refund_payment: async (_config, { tx, emit, order, now, reason }) => {
      await payments.voidOrRefund(tx, emit, { orderId: order.id, now, reason });
    },
  };
}
