/** Input validation for shipping quotes and admin writes; every refusal names its field. */
import { z } from "zod";

const code = z.string().trim().min(1).max(60).regex(/^[a-z0-9][a-z0-9_-]*$/i, "letters, digits, - and _ only");
const mm = (what: string) => z.number({ error: `${what} must be a number of millimetres` }).int(`${what} must be whole millimetres`).positive(`${what} must be greater than zero`).max(100_000);
const grams = z.number().int("must be whole grams").min(0).max(10_000_000);
const minor = z.number().int("must be whole minor units").min(0).max(1_000_000_000);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a UUID");

export const MAX_QUOTE_LINES = 200;
/** the packer places every unit; more than this in one quote is refused rather than slow */
export const MAX_QUOTE_UNITS = 2000;

export const addressSchema = z
  .object({
    country: z.string().trim().regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 code like US").transform((s) => s.toUpperCase()),
    subdivision: z.string().trim().regex(/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/, "must be an ISO 3166-2 code like US-CA").transform((s) => s.toUpperCase()).nullish(),
    postalCode: z.string().trim().max(20).nullish(),
    city: z.string().trim().max(120).nullish(),
  })
  .refine((a) => !a.subdivision || a.subdivision.startsWith(`${a.country}-`), { message: "subdivision is not in the given country", path: ["subdivision"] });
export type AddressInput = z.output<typeof addressSchema>;

const quoteLine = z
  .object({
    sku: z.string().trim().min(1).max(128).nullish(),
    variantId: uuid.nullish(),
    quantity: z.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_QUOTE_UNITS),
  })
  .refine((l) => (l.sku ? 1 : 0) + (l.variantId ? 1 : 0) === 1, { message: "give exactly one of sku or variantId", path: ["sku"] });

export const quoteInputSchema = z
  .object({ lines: z.array(quoteLine).min(1, "give at least one line").max(MAX_QUOTE_LINES), address: addressSchema })
  .refine((q) => q.lines.reduce((s, l) => s + l.quantity, 0) <= MAX_QUOTE_UNITS, { message: `at most ${MAX_QUOTE_UNITS} units per quote`, path: ["lines"] });
export type QuoteRequest = z.output<typeof quoteInputSchema>;

export const cartQuoteInputSchema = z.object({
  address: addressSchema,
  cartId: z.string().min(1).max(64).nullish(),
  guestToken: z.string().max(200).nullish(),
});

const dims = (prefix: "inner" | "outer") =>
  ({
    [`${prefix}LengthMm`]: mm(`${prefix} length`),
    [`${prefix}WidthMm`]: mm(`${prefix} width`),
    [`${prefix}HeightMm`]: mm(`${prefix} height`),
  }) as Record<`${typeof prefix}${"Length" | "Width" | "Height"}Mm`, ReturnType<typeof mm>>;

export const boxInputSchema = z
  .object({
    code,
    name: z.string().trim().min(1).max(120),
    ...dims("inner"),
    /** outer dimensions default to the inner ones (a mailer with negligible walls) */
    outerLengthMm: mm("outer length").optional(),
    outerWidthMm: mm("outer width").optional(),
    outerHeightMm: mm("outer height").optional(),
    tareG: grams.default(0),
    maxLoadG: z.number().int("must be whole grams").positive("must be greater than zero").max(10_000_000).nullish(),
    materialCostMinor: minor.default(0),
    padded: z.boolean().default(false),
    active: z.boolean().default(true),
  })
  .strict()
  .superRefine((b, ctx) => {
    for (const axis of ["Length", "Width", "Height"] as const) {
      const inner = b[`inner${axis}Mm`];
      const outer = b[`outer${axis}Mm`];
      if (outer !== undefined && outer < inner) {
        ctx.addIssue({ code: "custom", path: [`outer${axis}Mm`], message: `inner ${axis.toLowerCase()} (${inner} mm) is larger than outer ${axis.toLowerCase()} (${outer} mm)` });
      }
    }
  });
export type BoxInput = z.output<typeof boxInputSchema>;

export const providerInputSchema = z.object({ code, name: z.string().trim().min(1).max(120), active: z.boolean().default(true) }).strict();

export const methodInputSchema = z
  .object({
    code,
    provider: code,
    name: z.string().trim().min(1).max(120),
    rateStrategy: z.string().trim().min(1).max(60),
    rateConfig: z.record(z.string(), z.unknown()).default({}),
    currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code like USD"),
    shipMode: z.enum(["box", "order"]).default("box"),
    allowedClasses: z.array(z.string().trim().min(1).max(40)).max(20).default([]),
    active: z.boolean().default(true),
  })
  .strict();
export type MethodInput = z.output<typeof methodInputSchema>;

export const assignmentInputSchema = z
  .object({ box: code, provider: code.nullish(), method: code.nullish() })
  .strict()
  .refine((a) => (a.provider ? 1 : 0) + (a.method ? 1 : 0) === 1, { message: "give exactly one of provider or method", path: ["provider"] });

const postalPattern = z.string().trim().min(1).max(40);
export const zoneInputSchema = z
  .object({
    channel: z.string().trim().min(1).max(32),
    code,
    name: z.string().trim().min(1).max(120),
    regions: z
      .array(
        z
          .object({
            country: z.string().trim().regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 code").transform((s) => s.toUpperCase()),
            subdivision: z.string().trim().regex(/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/, "must be an ISO 3166-2 code").transform((s) => s.toUpperCase()).nullish(),
            postalPatterns: z.array(postalPattern).max(200).default([]),
          })
          .strict()
          .refine((r) => !r.subdivision || r.subdivision.startsWith(`${r.country}-`), { message: "subdivision is not in the region's country", path: ["subdivision"] }),
      )
      .min(1, "a zone needs at least one region")
      .max(300),
    methods: z.array(code).max(100).default([]),
  })
  .strict();
export type ZoneInput = z.output<typeof zoneInputSchema>;
