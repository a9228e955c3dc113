/**
 * Address codes against the ISO 3166 registry. The format check and the existence check are pure
 * over a registry view; `GeoRepository.registryFor` loads that view for a handful of codes in one
 * query, so accounts, checkout and tax validate addresses the same way.
 */
import { DomainError } from "../kernel/errors";

export const COUNTRY_CODE = /^[A-Z]{2}$/;
export const SUBDIVISION_CODE = /^([A-Z]{2})-[A-Z0-9]{1,3}$/;

/** Which codes exist. Implemented over sets loaded from the countries/subdivisions tables. */
export interface GeoRegistry {
  isCountry(code: string): boolean;
  isSubdivision(code: string): boolean;
}

export interface AddressCodes {
  country: string;
  subdivision?: string | null;
}

export type AddressCodeProblem = "malformed_country" | "unknown_country" | "malformed_subdivision" | "subdivision_outside_country" | "unknown_subdivision";

/** BAD_USER_INPUT with a machine-readable `reason`, the field, and the offending code. */
export class AddressCodeError extends DomainError {
  constructor(
    readonly reason: AddressCodeProblem,
    message: string,
    field: string,
    readonly value: string,
  ) {
    super("BAD_USER_INPUT", message, { field, reason, value });
    this.name = "AddressCodeError";
  }
}

/** Upper-cased, trimmed codes; an empty subdivision becomes null. Throws on malformed codes only. */
export function normalizeAddressCodes(address: AddressCodes, field = "address"): { country: string; subdivision: string | null } {
  const rawCountry = String(address.country ?? "");
  const country = rawCountry.trim().toUpperCase();
  if (!COUNTRY_CODE.test(country)) {
    throw new AddressCodeError("malformed_country", `${field}.country must be an ISO 3166-1 alpha-2 code like "US", got "${rawCountry}"`, `${field}.country`, rawCountry);
  }
  const rawSub = address.subdivision == null ? "" : String(address.subdivision);
  if (rawSub.trim() === "") return { country, subdivision: null };
  const subdivision = rawSub.trim().toUpperCase();
  const m = SUBDIVISION_CODE.exec(subdivision);
  if (!m) {
    throw new AddressCodeError("malformed_subdivision", `${field}.subdivision must be an ISO 3166-2 code like "US-CA", got "${rawSub}"`, `${field}.subdivision`, rawSub);
  }
  if (m[1] !== country) {
    throw new AddressCodeError("subdivision_outside_country", `${field}.subdivision "${subdivision}" is not in country ${country}`, `${field}.subdivision`, rawSub);
  }
  return { country, subdivision };
}

/** Format and existence check; returns the normalized codes or throws AddressCodeError naming the field. */
export function validateAddressCodes(address: AddressCodes, registry: GeoRegistry, field = "address"): { country: string; subdivision: string | null } {
  const codes = normalizeAddressCodes(address, field);
  if (!registry.isCountry(codes.country)) {
    throw new AddressCodeError("unknown_country", `${field}.country "${codes.country}" is not an ISO 3166-1 country`, `${field}.country`, codes.country);
  }
  if (codes.subdivision && !registry.isSubdivision(codes.subdivision)) {
    throw new AddressCodeError("unknown_subdivision", `${field}.subdivision "${codes.subdivision}" is not an ISO 3166-2 subdivision of ${codes.country}`, `${field}.subdivision`, codes.subdivision);
  }
  return codes;
}

/** A registry over known code sets (what the repository loads, or a fixture in tests). */
export function registryOf(countryCodes: Iterable<string>, subdivisionCodes: Iterable<string>): GeoRegistry {
  const c = new Set(countryCodes);
  const s = new Set(subdivisionCodes);
  return { isCountry: (code) => c.has(code), isSubdivision: (code) => s.has(code) };
}

/** The well-formed codes of some addresses, to load in one query (malformed ones fail later, with their field). */
export function codesToCheck(addresses: readonly AddressCodes[]): { countries: string[]; subdivisions: string[] } {
  const countries = new Set<string>();
  const subs = new Set<string>();
  for (const a of addresses) {
    const c = String(a.country ?? "").trim().toUpperCase();
    if (COUNTRY_CODE.test(c)) countries.add(c);
    const s = a.subdivision == null ? "" : String(a.subdivision).trim().toUpperCase();
    if (SUBDIVISION_CODE.test(s)) subs.add(s);
  }
  return { countries: [...countries].sort(), subdivisions: [...subs].sort() };
}
