/**
 * Facts the Worker can leave out of a cart call so that a warm change needs no Postgres at all:
 * the cart object already knows them (its currency, a recently checked account status) and asks
 * for them — by refusing the call with MissingCallFacts, before it changed anything — only when
 * it does not. The Worker then loads just those facts and repeats the call once.
 */

/** buyerCurrency: the buyer's preferred currency (a cart with no currency yet); accountStatus: B2B. */
export type CartCallFact = "buyerCurrency" | "accountStatus";

/** An account's status as the Worker read it; `status: null` when the account does not exist. */
export interface AccountStatusFact {
  status: number | null;
  checkedAtMs: number;
}

/**
 * How long a location cart trusts an account status it was told. Bound: a suspension (or a
 * reactivation) takes effect on cart changes at most this long after it happened; checkout
 * re-reads the status from Postgres, so a suspended account can fill a cart for ≤ 60 s, never order.
 */
export const ACCOUNT_STATUS_TTL_MS = 60_000;

export class MissingCallFacts extends Error {
  constructor(readonly facts: CartCallFact[]) {
    super(`cart call is missing ${facts.join(", ")}`);
    this.name = "MissingCallFacts";
  }
}

/** The last account status the object was told, trusted for ACCOUNT_STATUS_TTL_MS. Pure: time is passed in. */
export class AccountStatusCache {
  private fact: AccountStatusFact | null = null;

  /** Remembers a supplied fact, then returns the status to judge a change at `nowMs` by, or null when stale/unknown. */
  current(supplied: AccountStatusFact | null | undefined, nowMs: number): AccountStatusFact | null {
    if (supplied && (!this.fact || supplied.checkedAtMs >= this.fact.checkedAtMs)) this.fact = supplied;
    const f = this.fact;
    if (!f || nowMs - f.checkedAtMs > ACCOUNT_STATUS_TTL_MS) return null;
    return f;
  }
}
