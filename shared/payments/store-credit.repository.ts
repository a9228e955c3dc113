/**
 * Store credit: a balance row per (owner, currency) and a signed ledger behind it. Spending locks
 * the balance row first; the table's check constraint refuses a negative balance as a last line.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Executor, Tx } from "../kernel/db";
import { conflict } from "../kernel/errors";
import { storeCreditBalances, storeCreditEntries } from "./payments.tables";

export type StoreCreditOwnerKind = "customer" | "account";

export interface StoreCreditOwner {
  ownerKind: StoreCreditOwnerKind;
  ownerId: string;
  currency: string;
}

const ownerIs = (o: StoreCreditOwner) =>
  and(eq(storeCreditBalances.ownerKind, o.ownerKind), eq(storeCreditBalances.ownerId, o.ownerId), eq(storeCreditBalances.currency, o.currency));

export async function storeCreditBalance(db: Executor, o: StoreCreditOwner): Promise<number> {
  const [r] = await db.select({ balance: storeCreditBalances.balance }).from(storeCreditBalances).where(ownerIs(o));
  return r?.balance ?? 0;
}

/** The balance, with the row locked until the transaction ends (0 and no lock when there is no row). */
export async function lockStoreCreditBalance(tx: Tx, o: StoreCreditOwner): Promise<number> {
  const [r] = await tx.select({ balance: storeCreditBalances.balance }).from(storeCreditBalances).where(ownerIs(o)).for("update");
  return r?.balance ?? 0;
}

/** Add `amount` (signed) to the balance and write the ledger entry; returns the new balance. */
export async function postStoreCredit(
  tx: Executor,
  o: StoreCreditOwner,
  entry: { amount: number; reason: string; paymentId?: string | null; now: Date },
): Promise<number> {
  // the check constraint is evaluated on an INSERT's proposed row even when it conflicts, so a
  // spend (negative) updates the existing row; a missing row means the balance is 0 and it fails
  const add = sql`${storeCreditBalances.balance} + ${entry.amount}`;
  const [r] =
    entry.amount < 0
      ? await tx.update(storeCreditBalances).set({ balance: add, updatedAt: entry.now }).where(ownerIs(o)).returning({ balance: storeCreditBalances.balance })
      : await tx
          .insert(storeCreditBalances)
          .values({ ...o, balance: entry.amount, updatedAt: entry.now })
          .onConflictDoUpdate({
            target: [storeCreditBalances.ownerKind, storeCreditBalances.ownerId, storeCreditBalances.currency],
            set: { balance: add, updatedAt: entry.now },
          })
          .returning({ balance: storeCreditBalances.balance });
  if (!r) throw conflict("No store credit balance to spend from", { reason: "insufficient_store_credit", available: 0 });
  await tx.insert(storeCreditEntries).values({ ...o, amount: entry.amount, reason: entry.reason, paymentId: entry.paymentId ?? null, createdAt: entry.now });
  return r.balance;
}
