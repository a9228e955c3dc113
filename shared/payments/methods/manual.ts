/**
 * Offline payment (check, bank transfer, cash on delivery): the merchant collects the money
 * outside the platform. Authorization is a promise to pay the full amount; staff record the
 * capture when the money arrives (capturePayment), and refunds are recorded the same way.
 * Not for guests (nobody to collect from), and not for accounts that buy on net terms: their
 * credit limit governs what they may owe, and an offline promise would step around it.
 */
import { z } from "zod";
import { badInput } from "../../kernel/errors";
import { ok, paymentMethod } from "../payment-method";
import { creditAccount } from "../payments.repository";
import { termsOf } from "./net-terms";

const manualInput = z.object({
  /** how the buyer says they will pay: shown to staff */
  instructions: z.string().trim().max(500).optional(),
});

export const manualMethod = paymentMethod<z.output<typeof manualInput>>({
  code: "manual",
  description: "Offline payment (check, bank transfer): staff mark it paid when the money arrives",
  schema: manualInput,
  async prepare(input, { tx, order }) {
    if (order.buyerKind === "guest") {
      throw badInput("Offline payment needs a signed-in buyer", "payment.method", { reason: "payment_method_not_allowed" });
    }
    if (order.accountId && termsOf(await creditAccount(tx, order.accountId))) {
      throw badInput("This account buys on net terms: pay with net_terms so its credit limit applies", "payment.method", { reason: "payment_method_not_allowed" });
    }
    return { details: input.instructions ? { instructions: input.instructions } : {} };
  },
  async authorize({ payment }) {
    return { outcome: "approved", amount: payment.amount };
  },
  capture: async () => ok(),
  void: async () => ok(),
  refund: async () => ok(),
});
