/**
 * Coupon code templates: "#" is a digit, "?" a letter (no I/O, which read as 1/0), anything else
 * (A–Z, 0–9, "-", "_") is kept. Pure: the random source is passed in.
 */
import { DomainError } from "../kernel/errors";
import { normalizeCoupon } from "./cart-index";

const DIGITS = "0123456789";
const LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ";
export const MAX_BATCH = 20_000;

/** uniform integers in [0, 2^32) */
export type RandomWords = (n: number) => Uint32Array;

export function parseTemplate(raw: string, field = "template"): string {
  const t = normalizeCoupon(raw);
  if (!/^[A-Z0-9#?_-]{4,40}$/.test(t)) {
    throw new DomainError("BAD_USER_INPUT", `${field}: 4–40 characters of A–Z, 0–9, "-", "_", "#" (digit) and "?" (letter)`, { field });
  }
  return t;
}

/** How many distinct codes the template can produce. */
export function templateCapacity(template: string): number {
  let n = 1;
  for (const ch of template) {
    if (ch === "#") n *= DIGITS.length;
    else if (ch === "?") n *= LETTERS.length;
  }
  return n;
}

/** Draw `count` distinct codes not in `exclude`. Refuses templates too small for the count (≥ 4× headroom). */
export function drawCodes(template: string, count: number, random: RandomWords, exclude: ReadonlySet<string> = new Set(), field = "template"): string[] {
  const slots = [...template].filter((c) => c === "#" || c === "?").length;
  if (templateCapacity(template) < (count + exclude.size) * 4) {
    throw new DomainError("BAD_USER_INPUT", `${field}: "${template}" has too few placeholders for ${count} unique codes`, { field });
  }
  const out = new Set<string>();
  while (out.size < count) {
    const words = random(slots * (count - out.size));
    let w = 0;
    for (let k = out.size; k < count; k++) {
      let code = "";
      for (const ch of template) {
        if (ch === "#") code += DIGITS[words[w++]! % DIGITS.length];
        else if (ch === "?") code += LETTERS[words[w++]! % LETTERS.length];
        else code += ch;
      }
      if (!exclude.has(code)) out.add(code);
    }
  }
  return [...out];
}

/** CSV text (RFC 4180 quoting) with a header row. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | boolean | null)[])[]): string {
  const cell = (v: string | number | boolean | null) => {
    const s = v === null ? "" : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}
