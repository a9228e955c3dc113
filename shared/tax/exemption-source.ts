/**
 * Where a buyer's exemption certificates come from. The accounts domain owns the columns
 * (tax_exempt, certificate number, jurisdiction, expiry on accounts and locations); this reads
 * them for the calling employee's account and location in ONE query. Customers and guests hold
 * no certificates.
 */
import { and, eq } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import type { Principal } from "../kernel/principal";
import { accounts, locations } from "../accounts/accounts.tables";
import type { ExemptionCertificate } from "./tax.types";

export interface ExemptionSource {
  certificatesFor(principal: Principal): Promise<ExemptionCertificate[]>;
}

export const NO_EXEMPTIONS: ExemptionSource = { certificatesFor: async () => [] };

/** Jurisdiction key a certificate names when the holder gave none: the whole country of the sale. */
export const ANY_JURISDICTION = "*";

interface ExemptionColumns {
  holder: string;
  taxExempt: boolean;
  taxExemptCertificate: string | null;
  taxExemptJurisdiction: string | null;
  taxExemptExpiresOn: string | null;
}

/**
 * Expiry is a calendar date: the certificate is good through that whole day (UTC) and stops
 * exempting at the next midnight.
 */
export function certificateFromColumns(c: ExemptionColumns): ExemptionCertificate | null {
  if (!c.taxExempt) return null;
  const expiresAt = c.taxExemptExpiresOn ? new Date(Date.parse(`${c.taxExemptExpiresOn}T00:00:00Z`) + 86_400_000) : null;
  return {
    number: c.taxExemptCertificate ?? "(no certificate number)",
    jurisdictionKey: c.taxExemptJurisdiction?.trim().toUpperCase() || ANY_JURISDICTION,
    expiresAt: expiresAt && !Number.isNaN(expiresAt.getTime()) ? expiresAt : null,
    holder: c.holder,
  };
}

export class AccountExemptionSource implements ExemptionSource {
  constructor(private readonly db: Executor) {}

  async certificatesFor(principal: Principal): Promise<ExemptionCertificate[]> {
    if (principal.kind !== "employee") return [];
    const rows = await this.db
      .select({
        accountId: accounts.id,
        locationId: locations.id,
        aExempt: accounts.taxExempt, aCert: accounts.taxExemptCertificate, aJur: accounts.taxExemptJurisdiction, aExp: accounts.taxExemptExpiresOn,
        lExempt: locations.taxExempt, lCert: locations.taxExemptCertificate, lJur: locations.taxExemptJurisdiction, lExp: locations.taxExemptExpiresOn,
      })
      .from(accounts)
      .leftJoin(locations, and(eq(locations.accountId, accounts.id), eq(locations.id, principal.locationId)))
      .where(eq(accounts.id, principal.accountId))
      .limit(1);
    const r = rows[0];
    if (!r) return [];
    const out: ExemptionCertificate[] = [];
    const loc = r.locationId
      ? certificateFromColumns({ holder: `location:${r.locationId}`, taxExempt: r.lExempt ?? false, taxExemptCertificate: r.lCert, taxExemptJurisdiction: r.lJur, taxExemptExpiresOn: r.lExp })
      : null;
    const acc = certificateFromColumns({ holder: `account:${r.accountId}`, taxExempt: r.aExempt, taxExemptCertificate: r.aCert, taxExemptJurisdiction: r.aJur, taxExemptExpiresOn: r.aExp });
    // the location's own certificate is the more specific one: it is named first
    if (loc) out.push(loc);
    if (acc) out.push(acc);
    return out;
  }
}
