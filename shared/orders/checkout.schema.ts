/** Checkout input: every refusal names its field (BAD_USER_INPUT through parseInput). */
import { z } from "zod";

const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a UUID").transform((s) => s.toLowerCase());
const text = (max: number) => z.string().trim().min(1).max(max);

export const enteredAddressSchema = z
  .object({
    recipient: text(120).nullish(),
    company: text(120).nullish(),
    line1: text(200),
    line2: text(200).nullish(),
    city: text(120),
    county: text(120).nullish(),
    postalCode: text(20),
    subdivision: z.string().trim().regex(/^[A-Za-z]{2}-[A-Za-z0-9]{1,3}$/, "must be an ISO 3166-2 code like US-CA").transform((s) => s.toUpperCase()).nullish(),
    country: z.string().trim().regex(/^[A-Za-z]{2}$/, "must be an ISO 3166-1 alpha-2 code like US").transform((s) => s.toUpperCase()),
    phone: text(40).nullish(),
  })
  .strict()
  .refine((a) => !a.subdivision || a.subdivision.startsWith(`${a.country}-`), { message: "subdivision is not in the given country", path: ["subdivision"] });
export type EnteredAddress = z.output<typeof enteredAddressSchema>;

const agreementSchema = z.object({ code: text(60), version: z.number().int().min(1) }).strict();

/** What the preview and the placement share. */
const checkoutFields = {
  cartId: z.string().min(1).max(64).nullish(),
  guestToken: z.string().max(200).nullish(),
  expectedCartVersion: z.number().int().min(0),
  shippingAddressId: uuid.nullish(),
  shippingAddress: enteredAddressSchema.nullish(),
  billingAddressId: uuid.nullish(),
  billingAddress: enteredAddressSchema.nullish(),
  email: z.email("must be an email address").max(200).transform((s) => s.toLowerCase()).nullish(),
  shippingMethodId: text(80).nullish(),
  poNumber: text(60).nullish(),
  notes: z.string().trim().max(2000).nullish(),
  acceptedAgreements: z.array(agreementSchema).max(20).default([]),
};

function oneAddress(prefix: "shipping" | "billing") {
  return (v: { [k: string]: unknown }, ctx: z.RefinementCtx) => {
    if (v[`${prefix}AddressId`] && v[`${prefix}Address`]) {
      ctx.addIssue({ code: "custom", path: [`${prefix}AddressId`], message: `give either ${prefix}AddressId or ${prefix}Address, not both` });
    }
  };
}

export const checkoutPreviewSchema = z
  .object(checkoutFields)
  .strict()
  .superRefine(oneAddress("shipping"))
  .superRefine(oneAddress("billing"));
export type CheckoutPreviewInput = z.output<typeof checkoutPreviewSchema>;

export const placeOrderSchema = z
  .object({
    ...checkoutFields,
    idempotencyKey: z.string().trim().min(8, "must be 8 to 100 characters").max(100, "must be 8 to 100 characters"),
    shippingMethodId: text(80),
    payment: z
      .object({
        method: z.enum(["manual", "net_terms", "store_credit", "test_gateway"]),
        input: z.record(z.string(), z.unknown()).nullish(),
      })
      .strict(),
  })
  .strict()
  .superRefine(oneAddress("shipping"))
  .superRefine(oneAddress("billing"));
export type PlaceOrderInput = z.output<typeof placeOrderSchema>;

/**
 * The request hash behind idempotency: the same key with a different request is refused. Keyed
 * (HMAC-SHA256 with the server secret): the request includes payment input such as a card number,
 * and an unkeyed hash of it stored on the order could be brute-forced from the stored last 4.
 */
export async function requestHash(input: PlaceOrderInput, secret: string): Promise<string> {
  const { idempotencyKey: _key, ...rest } = input;
  const enc = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const digest = await crypto.subtle.sign("HMAC", key, enc.encode(stableJson(rest)));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

function stableJson(v: unknown): string {
  if (v === undefined) return "null";
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x !== undefined && x !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${stableJson(x)}`).join(",")}}`;
}
