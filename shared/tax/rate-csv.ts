/**
 * Bulk import of a rate table from CSV (RFC 4180: quoted fields, doubled quotes, CRLF). All or
 * nothing: every row is checked, every error is reported with its row (1 = header) and column,
 * and rates are returned only when there is no error at all.
 *
 * Columns (header names, any order, case-insensitive):
 *   jurisdiction_key, category, rate, valid_from   required
 *   kind (sales | excise, default sales), method (excise), currency (per-unit/per-ml excise), valid_to, id
 * For excise rows `category` is the product class and `rate` the fraction or the minor-unit amount.
 */
import { DomainError } from "../kernel/errors";
import { findRateOverlaps } from "./rate-overlap";
import { taxRateInputSchema, naturalRateId } from "./tax.schemas";
import type { TaxRate } from "./tax.types";

export interface CsvRowError {
  row: number;
  column: string | null;
  message: string;
}

const REQUIRED = ["jurisdiction_key", "category", "rate", "valid_from"] as const;
const OPTIONAL = ["kind", "method", "currency", "valid_to", "id"] as const;
const KNOWN = new Set<string>([...REQUIRED, ...OPTIONAL]);
const MAX_ROWS = 50_000;
const MAX_ERRORS = 200;

/** Field of the parsed object → CSV column, to name the column in errors. */
const COLUMN_OF: Record<string, string> = {
  jurisdictionKey: "jurisdiction_key", category: "category", productClass: "category", rate: "rate", value: "rate",
  validFrom: "valid_from", validTo: "valid_to", kind: "kind", method: "method", currency: "currency", id: "id",
};

/** Split CSV text into rows of fields. Throws on an unterminated quote. */
export function parseCsvRows(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += ch;
  }
  if (quoted) throw new DomainError("BAD_USER_INPUT", `CSV has an unterminated quoted field on row ${rows.length + 1}`, { field: "csv", errors: [{ row: rows.length + 1, column: null, message: "unterminated quoted field" }] });
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

export interface ImportRateCsvOptions {
  /** when given, a row naming a jurisdiction for which this is false is a row error */
  isKnownJurisdiction?: (key: string) => boolean;
}

/** Parse and validate a rate table; returns every rate or throws BAD_USER_INPUT listing the errors. */
export function importRateCsv(text: string, existing: readonly TaxRate[] = [], options: ImportRateCsvOptions = {}): TaxRate[] {
  const rows = parseCsvRows(text);
  const errors: CsvRowError[] = [];
  const fail = (): never => {
    const shown = errors.slice(0, 3).map((e) => `row ${e.row}${e.column ? `, ${e.column}` : ""}: ${e.message}`).join("; ");
    const first = errors[0]!;
    throw new DomainError("BAD_USER_INPUT", `Rate table rejected (${errors.length} error${errors.length === 1 ? "" : "s"}): ${shown}`, {
      field: first.column ? `csv.${first.row}.${first.column}` : `csv.${first.row}`,
      errors: errors.slice(0, MAX_ERRORS),
      // the API error mapper passes `issues` through: one per row error, its field naming row and column
      issues: errors.slice(0, MAX_ERRORS).map((e) => ({ field: e.column ? `csv.${e.row}.${e.column}` : `csv.${e.row}`, message: e.message, row: e.row, column: e.column })),
    });
  };
  if (rows.length === 0) {
    errors.push({ row: 1, column: null, message: "the file is empty; a header row is required" });
    fail();
  }
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  header.forEach((h) => !KNOWN.has(h) && errors.push({ row: 1, column: h || "(blank)", message: `unknown column "${h}"` }));
  for (const r of REQUIRED) if (!header.includes(r)) errors.push({ row: 1, column: r, message: `required column "${r}" is missing` });
  if (new Set(header).size !== header.length) errors.push({ row: 1, column: null, message: "a column appears twice" });
  if (rows.length - 1 > MAX_ROWS) errors.push({ row: MAX_ROWS + 2, column: null, message: `at most ${MAX_ROWS} rows per import` });
  if (errors.length) fail();

  const rates: TaxRate[] = [];
  const rowOf: number[] = [];
  for (let i = 1; i < rows.length && errors.length < MAX_ERRORS; i++) {
    const cells = rows[i]!;
    const rowNo = i + 1;
    if (cells.length === 1 && cells[0]!.trim() === "") continue; // blank line
    if (cells.length !== header.length) {
      errors.push({ row: rowNo, column: null, message: `has ${cells.length} fields, the header has ${header.length}` });
      continue;
    }
    const get = (c: string) => {
      const idx = header.indexOf(c);
      const v = idx < 0 ? "" : cells[idx]!.trim();
      return v === "" ? undefined : v;
    };
    const kind = get("kind") ?? "sales";
    const common = { id: get("id"), kind, jurisdictionKey: get("jurisdiction_key"), validFrom: get("valid_from"), validTo: get("valid_to") ?? null };
    const candidate = kind === "excise"
      ? { ...common, productClass: get("category"), method: get("method"), value: get("rate"), currency: get("currency") ?? null }
      : { ...common, category: get("category"), rate: get("rate") };
    const parsed = taxRateInputSchema.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const key = String(issue.path[0] ?? "");
        errors.push({ row: rowNo, column: COLUMN_OF[key] ?? (key || null), message: issue.message });
      }
      continue;
    }
    const r = parsed.data;
    if (options.isKnownJurisdiction && !options.isKnownJurisdiction(r.jurisdictionKey)) {
      errors.push({ row: rowNo, column: "jurisdiction_key", message: `unknown jurisdiction "${r.jurisdictionKey}"` });
      continue;
    }
    rates.push(
      r.kind === "sales"
        ? { ...r, kind: "sales", id: r.id ?? naturalRateId(r, r.category) }
        : { ...r, kind: "excise", currency: r.currency ?? null, id: r.id ?? naturalRateId(r, r.productClass) },
    );
    rowOf.push(rowNo);
  }
  if (errors.length) fail();

  for (const o of findRateOverlaps(rates, existing)) {
    const other = "index" in o.conflictsWith ? `row ${rowOf[o.conflictsWith.index]}` : `existing rate ${o.conflictsWith.id}`;
    errors.push({ row: rowOf[o.index]!, column: "valid_from", message: `period overlaps ${other} for the same jurisdiction, kind and category` });
  }
  if (errors.length) fail();
  return rates;
}
