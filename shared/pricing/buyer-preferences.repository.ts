import { eq } from "drizzle-orm";
import { accounts, customers, locations } from "../accounts";
import type { Executor } from "../kernel/db";
import type { Principal } from "../kernel/principal";
import type { BuyerPreferences } from "./pricing.service";

/** The buyer's preferred currencies: one query for an employee (location joined to account) or a customer. */
export async function loadBuyerPreferences(db: Executor, principal: Principal): Promise<BuyerPreferences> {
  if (principal.kind === "employee") {
    const [row] = await db
      .select({ location: locations.preferredCurrency, account: accounts.preferredCurrency })
      .from(locations)
      .innerJoin(accounts, eq(accounts.id, locations.accountId))
      .where(eq(locations.id, principal.locationId))
      .limit(1);
    return { locationPreferred: row?.location ?? null, accountPreferred: row?.account ?? null };
  }
  if (principal.kind === "customer") {
    const [row] = await db.select({ c: customers.preferredCurrency }).from(customers).where(eq(customers.id, principal.customerId)).limit(1);
    return { customerPreferred: row?.c ?? null };
  }
  return {};
}
