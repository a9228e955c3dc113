/** DB fixtures for the tax integration tests: a channel, an account + location with exemption columns, an employee principal. */
import { accounts, locations } from "../../../shared/accounts/accounts.tables";
import { channels, DEFAULT_STRATEGIES } from "../../../shared/channels";
import type { ChannelContext } from "../../../shared/kernel/channel-context";
import type { Executor } from "../../../shared/kernel/db";
import type { Principal } from "../../../shared/kernel/principal";
import { uniq } from "../../helpers/graphql";

export async function makeChannel(db: Executor, over: { taxFree?: boolean; pricesIncludeTax?: boolean; baseCurrency?: string; supportedCurrencies?: string[]; tax?: string } = {}): Promise<ChannelContext> {
  const code = uniq("tx");
  const [row] = await db
    .insert(channels)
    .values({
      code, name: code, commerceMode: "hybrid", loginWallMode: "open", guestCheckout: true,
      baseCurrency: over.baseCurrency ?? "USD", supportedCurrencies: over.supportedCurrencies ?? ["USD", "EUR", "JPY"],
      taxFree: over.taxFree ?? false, pricesIncludeTax: over.pricesIncludeTax ?? false,
      strategies: { ...DEFAULT_STRATEGIES, tax: over.tax ?? DEFAULT_STRATEGIES.tax },
    })
    .returning();
  const r = row!;
  return {
    id: r.id, code: r.code, name: r.name, commerceMode: "hybrid", loginWallMode: "open", guestCheckout: true, baseCurrency: r.baseCurrency,
    supportedCurrencies: r.supportedCurrencies, defaultLocale: r.defaultLocale, taxFree: r.taxFree, pricesIncludeTax: r.pricesIncludeTax, strategies: r.strategies,
  };
}

export interface ExemptionColumns {
  taxExempt: boolean;
  taxExemptCertificate?: string | null;
  taxExemptJurisdiction?: string | null;
  taxExemptExpiresOn?: string | null;
}

/** An account (and its location) with the given exemption columns, and an employee principal of it. */
export async function makeEmployee(db: Executor, account: ExemptionColumns, location: ExemptionColumns = { taxExempt: false }): Promise<Extract<Principal, { kind: "employee" }>> {
  const [a] = await db.insert(accounts).values({ name: uniq("Acct "), status: 9, ...account }).returning({ id: accounts.id });
  const [l] = await db.insert(locations).values({ accountId: a!.id, name: "HQ", code: uniq("loc"), ...location }).returning({ id: locations.id });
  return { kind: "employee", employeeId: crypto.randomUUID(), accountId: a!.id, locationId: l!.id, role: "buyer", email: `${uniq("e")}@tax.test`, groupIds: [] };
}

export const GUEST_PRINCIPAL: Principal = { kind: "guest" };

export const ADDRESS = {
  laCity: { country: "US", subdivision: "US-CA", county: "Los Angeles", city: "Los Angeles", postalCode: "90012" },
  fresno: { country: "US", subdivision: "US-CA", city: "Fresno", postalCode: "93650" },
  portland: { country: "US", subdivision: "US-OR", city: "Portland", postalCode: "97201" },
  chicago: { country: "US", subdivision: "US-IL", city: "Chicago", postalCode: "60601" },
  austin: { country: "US", subdivision: "US-TX", city: "Austin", postalCode: "78701" },
  houston: { country: "US", subdivision: "US-TX", city: "Houston", postalCode: "77002" },
  berlin: { country: "DE", city: "Berlin", postalCode: "10115" },
};
