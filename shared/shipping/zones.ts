/** Which zones contain an address: pure, so the quote service loads a channel's zones once and filters here. */
import { normalizePostalCode, parsePostalPattern, postalMatches } from "../tax";

export interface ShipToAddress {
  /** ISO 3166-1 alpha-2 */
  country: string;
  /** ISO 3166-2, e.g. "US-CA" */
  subdivision?: string | null;
  postalCode?: string | null;
}

export interface ZoneRegion {
  countryCode: string;
  subdivisionCode: string | null;
  postalPatterns: readonly string[];
}

export function regionContains(r: ZoneRegion, a: ShipToAddress): boolean {
  if (r.countryCode.toUpperCase() !== a.country.toUpperCase()) return false;
  if (r.subdivisionCode && r.subdivisionCode.toUpperCase() !== (a.subdivision ?? "").toUpperCase()) return false;
  if (r.postalPatterns.length === 0) return true;
  if (!a.postalCode) return false;
  const code = normalizePostalCode(a.postalCode);
  return r.postalPatterns.some((p) => postalMatches(parsePostalPattern(p), code));
}

/** Method ids offered at `address`: those of every zone with a region containing it. */
export function methodsForAddress(zones: readonly { regions: readonly ZoneRegion[]; methodIds: readonly string[] }[], address: ShipToAddress): Set<string> {
  const out = new Set<string>();
  for (const z of zones) if (z.regions.some((r) => regionContains(r, address))) for (const m of z.methodIds) out.add(m);
  return out;
}
