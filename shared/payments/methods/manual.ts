/**
 * Offline payment (check, bank transfer, cash on delivery): the merchant collects the money
 * outside the platform. Authorization is a promise to pay the full amount; staff record the
 * capture when the money arrives (capturePayment), and refunds are recorded the same way.
 */
import { z } from "zod";
import { ok, paymentMethod } from "../payment-method";

const manualInput = z.object({
  /** how the buyer says they will pay: shown to staff */
  instructions: z.string().trim().max(500).optional(),
});

export const manualMethod = paymentMethod<z.output<typeof manualInput>>({
  code: "manual",
  description: "Offline payment (check, bank transfer): staff mark it paid when the money arrives",
  schema: manualInput,
  async prepare(input) {
    return { details: input.instructions ? { instructions: input.instructions } : {} };
  },
  async authorize({ payment }) {
    return { outcome: "approved", amount: payment.amount };
  },
  capture: async () => ok(),
  void: async () => ok(),
  refund: async () => ok(),
});
