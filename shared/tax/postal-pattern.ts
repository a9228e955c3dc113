/**
 * Postal-code patterns that place an address inside a jurisdiction. Three forms keep admin input
 * short and unambiguous: exact "90210", prefix "902*", inclusive range "90001..90099" (both ends
 * the same length; compared on the leading characters, so ZIP+4 "90012-3456" falls in it).
 */
import { badInput } from "../kernel/errors";

export type PostalPattern =
  | { type: "exact"; value: string }
  | { type: "prefix"; value: string }
  | { type: "range"; from: string; to: string };

const TOKEN = /^[A-Z0-9]{1,10}$/;

/** Upper-case and drop spaces: "sw1a 1aa" and "SW1A1AA" are the same postal code. */
export function normalizePostalCode(code: string): string {
  return code.toUpperCase().replace(/\s+/g, "");
}

export function parsePostalPattern(raw: string, field = "postalPatterns"): PostalPattern {
  const p = normalizePostalCode(raw);
  if (p.endsWith("*")) {
    const value = p.slice(0, -1);
    if (!TOKEN.test(value)) throw badInput(`Postal pattern "${raw}" is not a valid prefix pattern`, field);
    return { type: "prefix", value };
  }
  const range = p.split("..");
  if (range.length === 2) {
    const [from, to] = range as [string, string];
    if (!TOKEN.test(from) || !TOKEN.test(to) || from.length !== to.length || from > to) {
      throw badInput(`Postal range "${raw}" must be two codes of equal length, low..high`, field);
    }
    return { type: "range", from, to };
  }
  if (!TOKEN.test(p)) throw badInput(`Postal pattern "${raw}" is not valid`, field);
  return { type: "exact", value: p };
}

export function postalMatches(pattern: PostalPattern, normalizedCode: string): boolean {
  switch (pattern.type) {
    case "exact":
      return normalizedCode === pattern.value || normalizedCode.startsWith(`${pattern.value}-`);
    case "prefix":
      return normalizedCode.startsWith(pattern.value);
    case "range": {
      const head = normalizedCode.slice(0, pattern.from.length);
      return head.length === pattern.from.length && head >= pattern.from && head <= pattern.to;
    }
  }
}
