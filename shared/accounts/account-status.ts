/**
 * Account status 0–11 and the transitions a deployment allows, kept as data so a deployment can
 * add or drop steps (e.g. skip Verification) without touching the code that enforces them.
 */
import { badInput, conflict } from "../kernel/errors";

export const AccountStatus = {
  Prospect: 0,
  Applied: 1,
  DocumentsPending: 2,
  UnderReview: 3,
  Verification1: 4,
  Verification2: 5,
  Verification3: 6,
  Verification4: 7,
  Approved: 8,
  Active: 9,
  Suspended: 10,
  Closed: 11,
} as const;
export type AccountStatusCode = (typeof AccountStatus)[keyof typeof AccountStatus];

export const ACCOUNT_STATUS_NAMES: Readonly<Record<number, string>> = Object.freeze({
  0: "PROSPECT",
  1: "APPLIED",
  2: "DOCUMENTS_PENDING",
  3: "UNDER_REVIEW",
  4: "VERIFICATION_1",
  5: "VERIFICATION_2",
  6: "VERIFICATION_3",
  7: "VERIFICATION_4",
  8: "APPROVED",
  9: "ACTIVE",
  10: "SUSPENDED",
  11: "CLOSED",
});

export type TransitionTable = Readonly<Record<number, readonly number[]>>;

const S = AccountStatus;
const REVIEW_OUTCOMES = [S.Verification1, S.Verification2, S.Verification3, S.Verification4, S.Approved, S.Active];

/**
 * Default transitions. Forward moves may skip steps (Applied → Under Review when no documents are
 * needed, Approved directly from review, invitation codes jumping to Approved/Active); every open
 * application can be closed (rejected); Suspended ↔ Active; Closed is terminal.
 */
export const DEFAULT_TRANSITIONS: TransitionTable = Object.freeze({
  [S.Prospect]: [S.Applied, S.DocumentsPending, S.UnderReview, S.Approved, S.Active, S.Closed],
  [S.Applied]: [S.DocumentsPending, S.UnderReview, S.Approved, S.Active, S.Closed],
  [S.DocumentsPending]: [S.UnderReview, S.Closed],
  [S.UnderReview]: [S.DocumentsPending, ...REVIEW_OUTCOMES, S.Closed],
  [S.Verification1]: [S.Verification2, S.Verification3, S.Verification4, S.Approved, S.DocumentsPending, S.Closed],
  [S.Verification2]: [S.Verification3, S.Verification4, S.Approved, S.DocumentsPending, S.Closed],
  [S.Verification3]: [S.Verification4, S.Approved, S.DocumentsPending, S.Closed],
  [S.Verification4]: [S.Approved, S.DocumentsPending, S.Closed],
  [S.Approved]: [S.Active, S.Closed],
  [S.Active]: [S.Suspended, S.Closed],
  [S.Suspended]: [S.Active, S.Closed],
  [S.Closed]: [],
});

export function isAccountStatus(n: number): n is AccountStatusCode {
  return Number.isInteger(n) && n >= 0 && n <= 11;
}

export function canTransition(from: number, to: number, table: TransitionTable = DEFAULT_TRANSITIONS): boolean {
  return (table[from] ?? []).includes(to);
}

/** Throws CONFLICT naming both statuses; an out-of-range target is bad input. */
export function assertTransition(from: number, to: number, table: TransitionTable = DEFAULT_TRANSITIONS, field = "status"): void {
  if (!isAccountStatus(to)) throw badInput(`Account status must be an integer 0–11, got ${to}`, field);
  if (!canTransition(from, to, table)) {
    throw conflict(`Account cannot move from ${ACCOUNT_STATUS_NAMES[from] ?? from} to ${ACCOUNT_STATUS_NAMES[to]}`, {
      field,
      from,
      to,
    });
  }
}

/** Only Active accounts place orders (carts/checkout call this). */
export function canOrder(account: { status: number }): boolean {
  return account.status === S.Active;
}

/** Employees of approved, active or suspended accounts can sign in (suspended ones to see history, not order). */
export function canEmployeeSignIn(account: { status: number }): boolean {
  return account.status === S.Approved || account.status === S.Active || account.status === S.Suspended;
}

/** Statuses shown in staff's pending-review queue. */
export const PENDING_REVIEW_STATUSES: readonly number[] = Object.freeze([
  S.Applied,
  S.DocumentsPending,
  S.UnderReview,
  S.Verification1,
  S.Verification2,
  S.Verification3,
  S.Verification4,
]);
