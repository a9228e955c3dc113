/**
 * Address codes for tax: the format is checked here (ISO 3166-1 alpha-2, ISO 3166-2 with the
 * country as its prefix); whether a code exists is the geo domain's registry, passed in as hooks.
 */
import { badInput } from "../kernel/errors";
import type { TaxAddress } from "./tax.types";
import { normalizePostalCode } from "./postal-pattern";

const COUNTRY = /^[A-Z]{2}$/;
const SUBDIVISION = /^([A-Z]{2})-[A-Z0-9]{1,3}$/;

export interface GeoRegistry {
  isCountry(code: string): boolean;
  isSubdivision(code: string): boolean;
}

/** Upper-cased, trimmed address; throws BAD_USER_INPUT naming the field when a code is malformed or unknown. */
export function normalizeTaxAddress(address: TaxAddress, field = "shipTo", geo?: GeoRegistry): TaxAddress {
  const country = String(address.country ?? "").trim().toUpperCase();
  if (!COUNTRY.test(country)) throw badInput(`${field}.country must be an ISO 3166-1 alpha-2 code, got "${address.country}"`, `${field}.country`);
  if (geo && !geo.isCountry(country)) throw badInput(`${field}.country "${country}" is not a known country`, `${field}.country`);
  let subdivision: string | null = null;
  if (address.subdivision != null && address.subdivision.trim() !== "") {
    subdivision = address.subdivision.trim().toUpperCase();
    const m = SUBDIVISION.exec(subdivision);
    if (!m) throw badInput(`${field}.subdivision must be an ISO 3166-2 code like "US-CA", got "${address.subdivision}"`, `${field}.subdivision`);
    if (m[1] !== country) throw badInput(`${field}.subdivision "${subdivision}" is not in country ${country}`, `${field}.subdivision`);
    if (geo && !geo.isSubdivision(subdivision)) throw badInput(`${field}.subdivision "${subdivision}" is not a known subdivision`, `${field}.subdivision`);
  }
  const text = (v: string | null | undefined) => (v == null || v.trim() === "" ? null : v.trim());
  const postal = text(address.postalCode);
  return { country, subdivision, county: text(address.county), city: text(address.city), postalCode: postal ? normalizePostalCode(postal) : null };
}

/** Names compare without case, accents or punctuation: "St. Louis" = "ST LOUIS". */
export function normalizePlaceName(name: string): string {
  let hit = placeNames.get(name);
  if (hit === undefined) {
    hit = normalizeName(name);
    // place names repeat across orders (and across lines' addresses); bounded
    if (placeNames.size >= 10_000) placeNames.clear();
    placeNames.set(name, hit);
  }
  return hit;
}

const placeNames = new Map<string, string>();

function normalizeName(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, " ")
    .trim();
}

/** Stable key of a normalized address, to match each distinct destination once per order. */
export function taxAddressKey(a: TaxAddress): string {
  return [a.country, a.subdivision ?? "", a.county ? normalizePlaceName(a.county) : "", a.city ? normalizePlaceName(a.city) : "", a.postalCode ?? ""].join("|");
}
