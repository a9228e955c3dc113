/**
 * Admin input validation. Every failure becomes DomainError BAD_USER_INPUT whose details.field is
 * the dotted path of the culprit ("entries.3.tiers.1.minQty"), via kernel parseInput.
 */
import { z } from "zod";
import { isCurrencyCode, parseDecimal } from "../kernel/money";
import { parseInput } from "../kernel/validation";
import { WIZARD_ROUNDINGS } from "./conversion-wizard";
import { boundMs } from "./tiers";
import type { OverrideLevel, PriceTier } from "./types";

const MAX_MINOR = Number.MAX_SAFE_INTEGER;

export const currencyCodeSchema = z.string().refine(isCurrencyCode, { message: "Unknown currency code" });

const idSchema = z.string().trim().min(1, "Required").max(200);

/** "17.2345": a positive exact decimal, no exponent, no sign. */
const RATE_FORMAT = /^\d{1,12}(\.\d{1,18})?$/;
// zod runs refinements even after the regex check failed, so the positivity check must not
// assume a well-formed string (parseDecimal would throw its own, wrongly-named error).
export const exchangeRateValueSchema = z
  .string()
  .regex(RATE_FORMAT, "Rate must be a decimal number like 17.2345")
  .refine((s) => !RATE_FORMAT.test(s) || parseDecimal(s).num > 0n, { message: "Rate must be greater than zero" });

const dateSchema = z.union([z.date(), z.iso.datetime({ offset: true }).transform((s) => new Date(s))], {
  error: "Must be an ISO 8601 date-time with offset, e.g. 2025-12-20T00:00:00Z",
});

export const priceTierSchema = z.object({
  minQty: z.number().int("Must be a whole number").min(1, "Minimum quantity must be at least 1").max(1_000_000_000),
  unitPrice: z.number().int("Must be an integer number of minor units").min(0, "Price must not be negative").max(MAX_MINOR),
});

/** Tiers strictly increasing by minQty (so there is never a duplicate minQty in one entry). */
export const priceTiersSchema = z
  .array(priceTierSchema)
  .min(1, "At least one tier is required")
  .max(100, "At most 100 tiers")
  .superRefine((tiers, ctx) => {
    for (let i = 1; i < tiers.length; i++) {
      if (tiers[i]!.minQty <= tiers[i - 1]!.minQty) {
        ctx.addIssue({ code: "custom", path: [i, "minQty"], message: `Tier quantities must be strictly increasing (${tiers[i]!.minQty} after ${tiers[i - 1]!.minQty})` });
      }
    }
  });

const scheduleShape = {
  validFrom: dateSchema.nullish().transform((d) => d ?? null),
  validTo: dateSchema.nullish().transform((d) => d ?? null),
};

function checkSchedule(v: { validFrom: Date | null; validTo: Date | null }, ctx: z.RefinementCtx): void {
  if (v.validFrom && v.validTo && v.validTo.getTime() <= v.validFrom.getTime()) {
    ctx.addIssue({ code: "custom", path: ["validTo"], message: "validTo must be after validFrom (validFrom inclusive, validTo exclusive)" });
  }
}

export const priceListInputSchema = z
  .object({
    name: z.string().trim().min(1, "Required").max(200),
    channelId: idSchema.nullable(),
    currency: currencyCodeSchema,
    priority: z.number().int().min(-1_000_000).max(1_000_000).default(0),
    ...scheduleShape,
  })
  .superRefine(checkSchedule);

export const priceListEntryInputSchema = z.object({ variantId: idSchema, tiers: priceTiersSchema });

/** Bulk upsert of entries of one list: one entry per variant (its tiers carry the quantities). */
export const priceListEntriesUpsertSchema = z
  .object({
    priceListId: idSchema,
    entries: z.array(priceListEntryInputSchema).min(1).max(10_000),
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    v.entries.forEach((e, i) => {
      const first = seen.get(e.variantId);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: ["entries", i, "variantId"], message: `Duplicate entry for variant ${e.variantId} (also entries.${first})` });
      } else seen.set(e.variantId, i);
    });
  });

/**
 * Bulk upsert as flat rows (CSV-shaped: one row per variant and minimum quantity). Rejects two
 * rows for the same list/variant/minQty, then groups rows into entries with sorted tiers.
 */
export const priceTierRowsUpsertSchema = z
  .object({
    priceListId: idSchema,
    rows: z.array(z.object({ variantId: idSchema }).extend(priceTierSchema.shape)).min(1).max(50_000),
  })
  .superRefine((v, ctx) => {
    const seen = new Map<string, number>();
    v.rows.forEach((r, i) => {
      const key = `${r.variantId}\u0000${r.minQty}`;
      const first = seen.get(key);
      if (first !== undefined) {
        ctx.addIssue({ code: "custom", path: ["rows", i, "minQty"], message: `Duplicate tier: variant ${r.variantId} already has minQty ${r.minQty} (rows.${first})` });
      } else seen.set(key, i);
    });
  })
  .transform((v) => {
    const byVariant = new Map<string, PriceTier[]>();
    for (const r of v.rows) {
      let tiers = byVariant.get(r.variantId);
      if (!tiers) byVariant.set(r.variantId, (tiers = []));
      tiers.push({ minQty: r.minQty, unitPrice: r.unitPrice });
    }
    return {
      priceListId: v.priceListId,
      entries: [...byVariant].map(([variantId, tiers]) => ({ variantId, tiers: tiers.sort((a, b) => a.minQty - b.minQty) })),
    };
  });

const overrideLevelSchema = z.enum(["managed", "location", "account", "group"]);

export const priceOverrideInputSchema = z
  .object({
    level: overrideLevelSchema,
    scopeId: idSchema.nullish().transform((s) => s ?? null),
    variantId: idSchema,
    channelId: idSchema.nullable(),
    currency: currencyCodeSchema,
    tiers: priceTiersSchema,
    ...scheduleShape,
  })
  .superRefine((v, ctx) => {
    checkSchedule(v, ctx);
    if (v.level === "managed" && v.scopeId !== null) {
      ctx.addIssue({ code: "custom", path: ["scopeId"], message: "A managed price has no scope" });
    }
    if (v.level !== "managed" && v.scopeId === null) {
      ctx.addIssue({ code: "custom", path: ["scopeId"], message: `A ${v.level} price needs the ${v.level} id` });
    }
  });

export type PriceOverrideInput = z.output<typeof priceOverrideInputSchema>;

interface OverrideKeyed {
  readonly level: OverrideLevel;
  readonly scopeId: string | null;
  readonly variantId: string;
  readonly channelId: string | null;
  readonly currency: string;
  readonly validFrom?: Date | null;
  readonly validTo?: Date | null;
}

/**
 * Two overrides for the same level, scope, variant, channel and currency whose schedules overlap
 * would make the price ambiguous: index of the first one that overlaps an earlier one, or -1.
 * Exported so the service can also check a batch against the stored rows.
 */
export function findOverlappingOverride(rules: readonly OverrideKeyed[]): { index: number; otherIndex: number } | null {
  const groups = new Map<string, number[]>();
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i]!;
    const key = [r.level, r.scopeId ?? "", r.variantId, r.channelId ?? "", r.currency].join("\u0000");
    const prior = groups.get(key) ?? [];
    const f = boundMs(r.validFrom, -Infinity);
    const t = boundMs(r.validTo, Infinity);
    for (const j of prior) {
      const o = rules[j]!;
      if (f < boundMs(o.validTo, Infinity) && boundMs(o.validFrom, -Infinity) < t) return { index: i, otherIndex: j };
    }
    prior.push(i);
    groups.set(key, prior);
  }
  return null;
}

export const priceOverridesUpsertSchema = z
  .object({ overrides: z.array(priceOverrideInputSchema).min(1).max(10_000) })
  .superRefine((v, ctx) => {
    const hit = findOverlappingOverride(v.overrides);
    if (hit) {
      ctx.addIssue({ code: "custom", path: ["overrides", hit.index, "validFrom"], message: `Overlaps overrides.${hit.otherIndex} (same level, scope, variant, channel and currency)` });
    }
  });

export const exchangeRateInputSchema = z
  .object({ from: currencyCodeSchema, to: currencyCodeSchema, rate: exchangeRateValueSchema })
  .superRefine((v, ctx) => {
    if (v.from === v.to) ctx.addIssue({ code: "custom", path: ["to"], message: "Source and target currency must differ" });
  });

export const conversionWizardInputSchema = z.object({
  sourcePriceListId: idSchema,
  /** null: the service creates a new list in `to` */
  targetPriceListId: idSchema.nullish().transform((s) => s ?? null),
  to: currencyCodeSchema,
  /** null: use the stored rate for list currency → `to` */
  rate: exchangeRateValueSchema.nullish().transform((s) => s ?? null),
  rounding: z.enum(WIZARD_ROUNDINGS as [string, ...string[]]).transform((r) => r as (typeof WIZARD_ROUNDINGS)[number]),
});

export const parsePriceListInput = (input: unknown, prefix = "") => parseInput(priceListInputSchema, input, prefix);
export const parsePriceListEntriesUpsert = (input: unknown, prefix = "") => parseInput(priceListEntriesUpsertSchema, input, prefix);
export const parsePriceTierRowsUpsert = (input: unknown, prefix = "") => parseInput(priceTierRowsUpsertSchema, input, prefix);
export const parsePriceOverrideInput = (input: unknown, prefix = "") => parseInput(priceOverrideInputSchema, input, prefix);
export const parsePriceOverridesUpsert = (input: unknown, prefix = "") => parseInput(priceOverridesUpsertSchema, input, prefix);
export const parseExchangeRateInput = (input: unknown, prefix = "") => parseInput(exchangeRateInputSchema, input, prefix);
export const parseConversionWizardInput = (input: unknown, prefix = "") => parseInput(conversionWizardInputSchema, input, prefix);
