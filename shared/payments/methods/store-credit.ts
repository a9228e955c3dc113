/**
 * Store credit: spends from the buyer's balance (the account for account buyers, the customer
 * otherwise) in the order's currency. The money moves at authorization (the payment is captured
 * at once); a refund puts it back with a ledger entry. The balance row is locked while spending.
 */
import { z } from "zod";
import { badInput, conflict } from "../../kernel/errors";
import { ok, paymentMethod, type MethodCallContext } from "../payment-method";
import { lockStoreCreditBalance, postStoreCredit, type StoreCreditOwner, type StoreCreditOwnerKind } from "../store-credit.repository";

const storeCreditInput = z.object({}).strict();

function ownerOf({ payment }: MethodCallContext): StoreCreditOwner {
  const d = payment.details as { ownerKind?: StoreCreditOwnerKind; ownerId?: string };
  if (!d.ownerKind || !d.ownerId) throw conflict("Store credit payment has no owner", { reason: "payment_method_not_allowed" });
  return { ownerKind: d.ownerKind, ownerId: d.ownerId, currency: payment.currency };
}

export const storeCreditMethod = paymentMethod<z.output<typeof storeCreditInput>>({
  code: "store_credit",
  description: "Pay from the buyer's store credit balance in the order currency (captured at once)",
  schema: storeCreditInput,
  async prepare(_input, { order }) {
    const owner =
      order.buyerKind === "employee" && order.accountId
        ? { ownerKind: "account" as const, ownerId: order.accountId }
        : order.buyerKind === "customer" && order.customerId
          ? { ownerKind: "customer" as const, ownerId: order.customerId }
          : null;
    if (!owner) throw badInput("Store credit needs a signed-in customer or business account", "payment.method", { reason: "payment_method_not_allowed" });
    return { details: owner };
  },
  async authorize(ctx) {
    const owner = ownerOf(ctx);
    const { payment } = ctx;
    const balance = await lockStoreCreditBalance(ctx.tx, owner);
    if (balance < payment.amount) {
      throw conflict(`Store credit balance ${balance} ${payment.currency} does not cover ${payment.amount}`, {
        reason: "insufficient_store_credit",
        available: balance,
        requested: payment.amount,
      });
    }
    await postStoreCredit(ctx.tx, owner, { amount: -payment.amount, reason: `order ${payment.orderId}`, paymentId: payment.id, now: ctx.now });
    return { outcome: "approved", amount: payment.amount, capturedImmediately: true };
  },
  capture: async () => ok(),
  // captured at authorization: the lifecycle never asks to void a store credit payment
  void: async () => ok(),
  async refund(ctx, amount) {
    await postStoreCredit(ctx.tx, ownerOf(ctx), { amount, reason: `refund of order ${ctx.payment.orderId}`, paymentId: ctx.payment.id, now: ctx.now });
    return ok();
  },
});
