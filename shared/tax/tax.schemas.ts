/**
 * Admin input for jurisdictions and rates (zod v4). Rates are decimal strings so nothing is lost
 * to floating point; a negative or malformed decimal and an unknown level are refused here, with
 * the field named, before anything reaches the tax tables.
 */
import { z } from "zod";
import { isCurrencyCode } from "../kernel/money";
import { parseInput } from "../kernel/validation";
import { DECIMAL_PATTERN } from "./exact-fraction";
import { parsePostalPattern } from "./postal-pattern";
import type { ExciseRate, Jurisdiction, SalesTaxRate, TaxRate } from "./tax.types";
import { JURISDICTION_LEVELS } from "./tax.types";

const code = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, "must be a lower-case code like \"standard\" or \"tobacco\"");
const jurisdictionKey = z.string().regex(/^[A-Z0-9][A-Z0-9_-]{0,79}$/, "must be an upper-case key like \"US-CA-LOS_ANGELES\"");
const decimal = z.string().trim().regex(DECIMAL_PATTERN, "must be a non-negative decimal like \"0.0725\" (no sign, no exponent)");
const instant = z.coerce.date({ error: "must be a date/time" }).refine((d) => !Number.isNaN(d.getTime()), "must be a valid date/time");
const untilInstant = instant.nullable().default(null);

const lessOrEqual = (limit: number) => (v: string) => Number(v) <= limit;

export const salesRateInputSchema = z
  .object({
    id: z.string().min(1).max(120).optional(),
    kind: z.literal("sales").default("sales"),
    jurisdictionKey,
    category: code,
    rate: decimal.refine(lessOrEqual(1), "a sales tax rate is a fraction and cannot exceed 1 (100 %)"),
    validFrom: instant,
    validTo: untilInstant,
  })
  .refine((r) => r.validTo === null || r.validTo.getTime() > r.validFrom.getTime(), { message: "must be after validFrom", path: ["validTo"] });

export const exciseRateInputSchema = z
  .object({
    id: z.string().min(1).max(120).optional(),
    kind: z.literal("excise"),
    jurisdictionKey,
    productClass: code,
    method: z.enum(["per_unit", "per_volume", "percent_wholesale", "percent_retail"]),
    value: decimal,
    currency: z.string().nullable().optional(),
    validFrom: instant,
    validTo: untilInstant,
  })
  .superRefine((r, ctx) => {
    if (r.validTo !== null && r.validTo.getTime() <= r.validFrom.getTime()) ctx.addIssue({ code: "custom", message: "must be after validFrom", path: ["validTo"] });
    const perAmount = r.method === "per_unit" || r.method === "per_volume";
    if (perAmount && (!r.currency || !isCurrencyCode(r.currency))) {
      ctx.addIssue({ code: "custom", message: "a per-unit or per-ml excise needs the ISO 4217 currency of its amount", path: ["currency"] });
    }
    if (!perAmount && Number(r.value) > 10) ctx.addIssue({ code: "custom", message: "a percentage excise is a fraction (0.40 = 40 %) and cannot exceed 10", path: ["value"] });
  });

export const taxRateInputSchema = z.discriminatedUnion("kind", [salesRateInputSchema, exciseRateInputSchema]);

export const jurisdictionInputSchema = z
  .object({
    key: jurisdictionKey,
    level: z.enum(JURISDICTION_LEVELS, { error: `must be one of ${JURISDICTION_LEVELS.join(", ")}` }),
    code: z.string().trim().min(1).max(80),
    name: z.string().trim().min(1).max(200),
    parentKey: jurisdictionKey.nullable().default(null),
    postalPatterns: z
      .array(z.string().max(30))
      .max(5000)
      .optional()
      .superRefine((list, ctx) => {
        list?.forEach((p, i) => {
          try {
            parsePostalPattern(p);
          } catch (e) {
            ctx.addIssue({ code: "custom", message: (e as Error).message, path: [i] });
          }
        });
      }),
    shippingTaxable: z.boolean().default(false),
    sourcing: z.enum(["origin", "destination"]).optional(),
  })
  .superRefine((j, ctx) => {
    if (j.level === "country" && !/^[A-Z]{2}$/.test(j.code)) ctx.addIssue({ code: "custom", message: "a country code is ISO 3166-1 alpha-2 (\"US\")", path: ["code"] });
    if (j.level === "state" && !/^[A-Z]{2}-[A-Z0-9]{1,3}$/.test(j.code)) ctx.addIssue({ code: "custom", message: "a state code is ISO 3166-2 (\"US-CA\")", path: ["code"] });
    if (j.level === "country" && j.parentKey !== null) ctx.addIssue({ code: "custom", message: "a country has no parent", path: ["parentKey"] });
    if (j.level !== "country" && j.parentKey === null) ctx.addIssue({ code: "custom", message: `a ${j.level} needs a parent`, path: ["parentKey"] });
  });

export type TaxRateInput = z.input<typeof taxRateInputSchema>;
export type JurisdictionInput = z.input<typeof jurisdictionInputSchema>;

/** Deterministic id when the admin did not give one: the natural key of the rate. */
export function naturalRateId(r: { kind: string; jurisdictionKey: string; validFrom: Date }, categoryOrClass: string): string {
  return `${r.kind}:${r.jurisdictionKey}:${categoryOrClass}:${r.validFrom.toISOString()}`;
}

export function parseTaxRate(input: unknown, prefix = ""): TaxRate {
  const r = parseInput(taxRateInputSchema, input, prefix);
  if (r.kind === "sales") {
    const out: SalesTaxRate = { ...r, kind: "sales", id: r.id ?? naturalRateId(r, r.category) };
    return out;
  }
  const out: ExciseRate = { ...r, kind: "excise", currency: r.currency ?? null, id: r.id ?? naturalRateId(r, r.productClass) };
  return out;
}

export function parseJurisdiction(input: unknown, prefix = ""): Jurisdiction {
  return parseInput(jurisdictionInputSchema, input, prefix);
}
