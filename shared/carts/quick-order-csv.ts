/**
 * Quick order input: pasted or uploaded `sku,quantity` text. Pure.
 * - separators: comma, semicolon or tab (spreadsheets export all three); quotes as in RFC 4180;
 * - an optional header line ("sku,quantity", any case) and blank lines are skipped;
 * - a line that is not exactly a SKU and an integer is rejected on its own (MALFORMED_LINE);
 * - input that is not CSV at all (unterminated quote, NUL bytes, too big, nothing in it) is
 *   refused whole, so nothing is applied.
 */
import { badInput } from "../kernel/errors";
import { MAX_CART_LINES } from "./cart-rules";
import type { BulkLineResult } from "./cart.types";

export const MAX_QUICK_ORDER_BYTES = 512 * 1024;

export interface QuickOrderRow {
  /** 1-based line number in the input */
  line: number;
  sku: string;
  quantity: number;
}

export interface ParsedQuickOrder {
  rows: QuickOrderRow[];
  rejected: BulkLineResult[];
}

function splitFields(text: string, lineNo: number, sep: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= text.length) {
    if (text[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= text.length) throw badInput(`csv line ${lineNo}: unterminated quote`, "csv", { line: lineNo });
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += text[i++];
      }
      out.push(value);
      // after a closing quote only a separator or the end may follow
      if (i < text.length && text[i] !== sep) throw badInput(`csv line ${lineNo}: text after a closing quote`, "csv", { line: lineNo });
      i++;
    } else {
      const next = text.indexOf(sep, i);
      const end = next === -1 ? text.length : next;
      out.push(text.slice(i, end));
      i = end + 1;
    }
  }
  return out;
}

function detectSeparator(firstLine: string): string {
  for (const s of ["\t", ";"]) if (firstLine.includes(s) && !firstLine.includes(",")) return s;
  return ",";
}

const INTEGER = /^[+-]?\d{1,12}$/;

export function parseQuickOrderCsv(csv: string): ParsedQuickOrder {
  if (typeof csv !== "string" || csv.trim() === "") throw badInput("csv is empty: give one `sku,quantity` per line", "csv");
  if (csv.length > MAX_QUICK_ORDER_BYTES) throw badInput(`csv is larger than ${MAX_QUICK_ORDER_BYTES / 1024} KiB`, "csv");
  if (csv.includes("\u0000")) throw badInput("csv contains binary data", "csv");
  const lines = csv.replace(/^\uFEFF/, "").split(/\r\n|\n|\r/);
  const sep = detectSeparator(lines.find((l) => l.trim() !== "") ?? "");
  const rows: QuickOrderRow[] = [];
  const rejected: BulkLineResult[] = [];
  let seenContent = false;
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]!;
    const lineNo = n + 1;
    if (raw.trim() === "") continue;
    const fields = splitFields(raw, lineNo, sep).map((f) => f.trim());
    if (!seenContent) {
      seenContent = true;
      if (fields[0]?.toLowerCase() === "sku" && (fields[1] ?? "").toLowerCase().startsWith("q")) continue;
    }
    if (rows.length + rejected.length >= MAX_CART_LINES) {
      throw badInput(`csv has more than ${MAX_CART_LINES} lines`, "csv");
    }
    const [sku = "", qty = "", ...extra] = fields;
    const nonEmptyExtra = extra.filter((e) => e !== "");
    const malformed = (message: string) =>
      rejected.push({ line: lineNo, sku, quantity: null, status: "REJECTED", rejection: { reason: "MALFORMED_LINE", message } });
    if (sku === "") malformed("missing SKU");
    else if (sku.length > 128) malformed("SKU is longer than 128 characters");
    else if (nonEmptyExtra.length > 0) malformed(`expected 2 columns (sku,quantity), got ${2 + nonEmptyExtra.length}`);
    else if (qty === "") malformed("missing quantity");
    else if (!INTEGER.test(qty)) malformed(`quantity "${qty.slice(0, 20)}" is not a whole number`);
    else rows.push({ line: lineNo, sku, quantity: Number(qty) });
  }
  if (rows.length === 0 && rejected.length === 0) throw badInput("csv has no lines", "csv");
  return { rows, rejected };
}
