/**
 * Net terms (Net-15/30/60): an account buyer orders now and pays the invoice later, up to the
 * account's credit limit. Authorization reserves credit; capture is the invoice (no money moves);
 * `settle` records the buyer paying it, which frees the credit again.
 *
 * Available credit = credit_limit − credit in use by the account's net-terms payments (open or
 * held authorizations plus invoiced amounts neither refunded nor settled; voided/declined count
 * nothing). The account row is locked (FOR UPDATE) before the sum, so parallel checkouts queue and
 * cannot both spend the last credit. The limit is in credit_limit_currency; an order in another
 * currency is refused (reason "currency_mismatch") rather than converted at a rate that moves.
 * An account with terms but no credit limit has no credit (every order is over the limit).
 */
import { z } from "zod";
import { badInput, conflict } from "../../kernel/errors";
import { ok, paymentMethod } from "../payment-method";
import { creditAccount, lockCreditAccount, netTermsCreditUsed, type CreditAccount } from "../payments.repository";

export const NET_TERMS_DAYS: Readonly<Record<string, number>> = Object.freeze({ net15: 15, net30: 30, net60: 60 });

const netTermsInput = z.object({}).strict();

const DAY_MS = 86_400_000;

export function termsOf(a: CreditAccount | undefined): { code: string; days: number } | null {
  const days = a ? NET_TERMS_DAYS[a.paymentTerms] : undefined;
  return a && days ? { code: a.paymentTerms, days } : null;
}

function requireCurrency(a: CreditAccount, currency: string): void {
  if (a.creditLimitCurrency !== null && a.creditLimitCurrency !== currency) {
    throw conflict(`Net terms credit is in ${a.creditLimitCurrency}; this order is in ${currency}`, {
      reason: "currency_mismatch",
      creditCurrency: a.creditLimitCurrency,
      orderCurrency: currency,
    });
  }
}

export const netTermsMethod = paymentMethod<z.output<typeof netTermsInput>>({
  code: "net_terms",
  description: "Invoice on Net-15/30/60 terms against the account's credit limit (account buyers only)",
  schema: netTermsInput,
  async prepare(_input, { tx, order }) {
    if (order.buyerKind !== "employee" || !order.accountId) {
      throw badInput("Net terms are only available to business accounts", "payment.method", { reason: "payment_method_not_allowed" });
    }
    const account = await creditAccount(tx, order.accountId);
    const terms = termsOf(account);
    if (!account || !terms) {
      throw badInput(`This account pays ${account?.paymentTerms ?? "prepaid"}; net terms are not available`, "payment.method", {
        reason: "payment_method_not_allowed",
      });
    }
    requireCurrency(account, order.currency);
    return { accountId: account.id, details: { terms: terms.code, termsDays: terms.days } };
  },
  async authorize({ tx, now, payment }) {
    const account = payment.accountId ? await lockCreditAccount(tx, payment.accountId) : undefined;
    const terms = termsOf(account);
    if (!account || !terms) {
      throw conflict("The account no longer has net terms", { reason: "payment_method_not_allowed" });
    }
    requireCurrency(account, payment.currency);
    const used = await netTermsCreditUsed(tx, account.id);
    const available = Math.max(0, (account.creditLimit ?? 0) - used);
    if (payment.amount > available) {
      throw conflict(`Order total ${payment.amount} exceeds the available credit ${available} ${payment.currency}`, {
        reason: "credit_limit_exceeded",
        available,
        requested: payment.amount,
        creditLimit: account.creditLimit ?? 0,
      });
    }
    const dueDate = new Date(now.getTime() + terms.days * DAY_MS).toISOString().slice(0, 10);
    return { outcome: "approved", amount: payment.amount, details: { terms: terms.code, termsDays: terms.days, dueDate } };
  },
  capture: async () => ok(),
  void: async () => ok(),
  refund: async () => ok(),
});
