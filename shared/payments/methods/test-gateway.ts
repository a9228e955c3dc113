/**
 * DEVELOPMENT AND TESTS ONLY — a simulated card gateway, refused when ENVIRONMENT is "production".
 * Outcomes are deterministic from the card number (any other Luhn-valid number is approved):
 *
 *   card number         authorize                         AVS  CVV  later
 *   4111111111111111    approved                          Y    M
 *   4000000000000002    declined  card_declined           Y    M
 *   4000000000009995    declined  insufficient_funds      Y    M
 *   4000000000000101    declined  cvv_mismatch            Y    N
 *   4000000000000010    held      avs_mismatch (review)   N    M
 *   4000000000000259    approved                          Y    M    capture fails: capture_failed
 *
 * The number must pass the Luhn check (BAD_USER_INPUT on payment.card.number) and the expiry
 * (month/year) must not be before `now`. Only brand, last 4, expiry and a token are stored; the
 * token carries the scenario, the way real gateways' test tokens do — never the number or CVV.
 */
import { z } from "zod";
import { badInput } from "../../kernel/errors";
import { ok, paymentMethod, type AuthorizeResult } from "../payment-method";

type Scenario = "approve" | "card_declined" | "insufficient_funds" | "cvv_mismatch" | "avs_hold" | "capture_fails";

export const TEST_CARDS: Readonly<Record<string, Scenario>> = Object.freeze({
  "4111111111111111": "approve",
  "4000000000000002": "card_declined",
  "4000000000009995": "insufficient_funds",
  "4000000000000101": "cvv_mismatch",
  "4000000000000010": "avs_hold",
  "4000000000000259": "capture_fails",
});

export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

export function cardBrand(n: string): string {
  if (/^4/.test(n)) return "visa";
  if (/^(5[1-5]|2(2[2-9]|[3-6]\d|7[01]|720))/.test(n)) return "mastercard";
  if (/^3[47]/.test(n)) return "amex";
  if (/^(6011|65)/.test(n)) return "discover";
  return "unknown";
}

const cardInput = z.object({
  card: z.object({
    number: z
      .string()
      .transform((s) => s.replace(/[\s-]/g, ""))
      .refine((s) => /^\d{12,19}$/.test(s), "must be 12 to 19 digits")
      .refine((s) => luhnValid(s), "is not a valid card number (Luhn check failed)"),
    expMonth: z.number().int().min(1).max(12),
    expYear: z.number().int().min(2000).max(2100),
    cvv: z.string().regex(/^\d{3,4}$/, "must be 3 or 4 digits"),
    holderName: z.string().trim().max(200).optional(),
  }),
  billingPostalCode: z.string().trim().max(20).optional(),
});

const TOKEN = /^tg_([a-z_]+)_[0-9a-f]{16}$/;

function scenarioOf(token: unknown): Scenario {
  const m = typeof token === "string" ? TOKEN.exec(token) : null;
  return (m?.[1] as Scenario | undefined) ?? "approve";
}

const AUTHORIZE: Record<Scenario, Omit<AuthorizeResult, "amount">> = {
  approve: { outcome: "approved", avsResult: "Y", cvvResult: "M" },
  capture_fails: { outcome: "approved", avsResult: "Y", cvvResult: "M" },
  card_declined: { outcome: "declined", reason: "card_declined", avsResult: "Y", cvvResult: "M" },
  insufficient_funds: { outcome: "declined", reason: "insufficient_funds", avsResult: "Y", cvvResult: "M" },
  cvv_mismatch: { outcome: "declined", reason: "cvv_mismatch", avsResult: "Y", cvvResult: "N" },
  avs_hold: { outcome: "held", reason: "avs_mismatch", avsResult: "N", cvvResult: "M" },
};

const reference = (kind: string) => `tg_${kind}_${crypto.randomUUID().replace(/-/g, "").slice(0, 12)}`;

export const testGatewayMethod = paymentMethod<z.output<typeof cardInput>>({
  code: "test_gateway",
  description: "DEVELOPMENT/TESTS ONLY: simulated card gateway with deterministic outcomes per card number; refused in production",
  schema: cardInput,
  async prepare(input, { now, env }) {
    if (env.environment === "production") {
      throw badInput("test_gateway is for development and tests and is not available in production", "payment.method", { reason: "payment_method_not_allowed" });
    }
    const { number, expMonth, expYear } = input.card;
    const y = now.getUTCFullYear();
    const m = now.getUTCMonth() + 1;
    if (expYear < y) throw badInput(`Card expired in ${expYear}`, "payment.card.expYear");
    if (expYear === y && expMonth < m) throw badInput(`Card expired in ${expYear}-${String(expMonth).padStart(2, "0")}`, "payment.card.expMonth");
    const scenario = TEST_CARDS[number] ?? "approve";
    return {
      details: {
        brand: cardBrand(number),
        last4: number.slice(-4),
        expMonth,
        expYear,
        token: `tg_${scenario}_${crypto.randomUUID().replace(/-/g, "").slice(0, 16)}`,
        testGateway: true,
      },
    };
  },
  async authorize({ payment }) {
    const result = AUTHORIZE[scenarioOf(payment.details.token)];
    return { ...result, amount: payment.amount, reference: result.outcome === "declined" ? null : reference("auth") };
  },
  async capture({ payment }) {
    if (scenarioOf(payment.details.token) === "capture_fails") return { ok: false, reason: "capture_failed", message: "the simulated gateway refused the capture" };
    return ok(reference("cap"));
  },
  void: async () => ok(reference("void")),
  refund: async () => ok(reference("ref")),
});
