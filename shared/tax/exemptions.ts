/**
 * Exemptions are decided before any rate is looked up: a tax-free channel exempts everything; a
 * certificate exempts the kinds it names inside its own jurisdiction (and below) until it expires.
 */
import type { ExemptionCertificate, LineExemption, TaxChannel, TaxKind } from "./tax.types";
import { TAX_KINDS } from "./tax.types";

export function channelExemption(channel: TaxChannel): LineExemption | null {
  return channel.taxFree ? { reason: "channel_tax_free", channel: channel.code } : null;
}

/** A certificate stops exempting at its expiry instant: valid while now < expiresAt. */
export function isCertificateValid(cert: ExemptionCertificate, now: Date): boolean {
  return cert.expiresAt == null || now.getTime() < cert.expiresAt.getTime();
}

/**
 * The certificates that apply to an address whose matched jurisdictions are `chainKeys`; the
 * exemption names the first applicable certificate and the union of kinds they exempt.
 */
export function certificateExemption(
  certificates: readonly ExemptionCertificate[] | undefined,
  chainKeys: ReadonlySet<string>,
  now: Date,
): Extract<LineExemption, { reason: "certificate" }> | null {
  if (!certificates?.length) return null;
  let first: ExemptionCertificate | null = null;
  const kinds = new Set<TaxKind>();
  for (const cert of certificates) {
    if (!chainKeys.has(cert.jurisdictionKey) || !isCertificateValid(cert, now)) continue;
    first ??= cert;
    for (const k of cert.kinds?.length ? cert.kinds : TAX_KINDS) kinds.add(k);
  }
  if (!first) return null;
  return { reason: "certificate", certificateNumber: first.number, jurisdictionKey: first.jurisdictionKey, kinds: TAX_KINDS.filter((k) => kinds.has(k)) };
}
