import { z } from "zod";
import { isCurrencyCode } from "../kernel/money";
import { isEmployeeRole } from "./access-policy";

export const email = z
  .string()
  .trim()
  .max(254)
  .email("must be a valid email address")
  .transform((s) => s.toLowerCase());
export const password = z.string().min(10, "must be at least 10 characters").max(200, "must be at most 200 characters");
const currency = z.string().refine(isCurrencyCode, "must be a supported ISO 4217 currency code");
const name = z.string().trim().min(1, "is required").max(200);
const minorUnits = z.number().int("must be an integer amount in minor units").min(0).max(Number.MAX_SAFE_INTEGER);
/** ISO 3166-1 alpha-2 or ISO 3166-2 ("US-CA") */
export const jurisdiction = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/, 'must be a country ("US") or subdivision ("US-CA") code');

export const addressInput = z.object({
  kind: z.enum(["shipping", "billing"]),
  label: z.string().max(100).optional(),
  recipient: z.string().max(200).optional(),
  company: z.string().max(200).optional(),
  line1: name,
  line2: z.string().max(200).optional(),
  city: name,
  county: z.string().max(100).optional(),
  postalCode: z.string().trim().min(1, "is required").max(20),
  subdivisionCode: z
    .string()
    .toUpperCase()
    .regex(/^[A-Z]{2}-[A-Z0-9]{1,3}$/, 'must be an ISO 3166-2 code like "US-CA"')
    .optional(),
  countryCode: z.string().toUpperCase().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code"),
  phone: z.string().max(40).optional(),
  isDefault: z.boolean().optional(),
}).refine((a) => !a.subdivisionCode || a.subdivisionCode.startsWith(`${a.countryCode}-`), {
  message: "must belong to countryCode",
  path: ["subdivisionCode"],
});
export type AddressInput = z.infer<typeof addressInput>;

export const registrationInput = z.object({
  companyName: name,
  taxId: z.string().trim().min(2, "is required").max(50),
  contactName: name,
  contactEmail: email,
  contactPhone: z.string().max(40).optional(),
  password,
  jurisdiction,
  preferredCurrency: currency.optional(),
  addresses: z.array(addressInput).min(1, "at least one address is required").max(10),
  invitationCode: z.string().trim().min(4).max(100).optional(),
});
export type RegistrationInput = z.infer<typeof registrationInput>;

export const customerRegistrationInput = z.object({
  email,
  password,
  name,
  phone: z.string().max(40).optional(),
  preferredCurrency: currency.optional(),
});

export const updateCustomerProfileInput = z.object({
  name: name.optional(),
  phone: z.string().max(40).nullable().optional(),
  preferredCurrency: currency.nullable().optional(),
});

const taxExemption = {
  taxExempt: z.boolean().optional(),
  taxExemptCertificate: z.string().max(100).nullable().optional(),
  taxExemptJurisdiction: jurisdiction.nullable().optional(),
  taxExemptExpiresOn: z.iso.date("must be a date YYYY-MM-DD").nullable().optional(),
};

export const locationInput = z.object({
  name,
  code: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, "must be lower-case letters, digits and dashes"),
  preferredCurrency: currency.optional(),
  pricingContext: z.string().max(100).optional(),
  ...taxExemption,
});
export const updateLocationInput = locationInput.partial().omit({ code: true });

const role = z.string().refine(isEmployeeRole, "must be one of admin, approver, buyer, viewer");
export const inviteEmployeeInput = z
  .object({
    email,
    name,
    role,
    locationId: z.uuid("must be a location id"),
    spendingLimit: minorUnits.nullable().optional(),
    spendingLimitCurrency: currency.optional(),
  })
  .refine((e) => e.spendingLimit == null || e.spendingLimitCurrency, { message: "is required with a spending limit", path: ["spendingLimitCurrency"] });

export const updateEmployeeInput = z.object({
  name: name.optional(),
  role: role.optional(),
  locationId: z.uuid("must be a location id").optional(),
  spendingLimit: minorUnits.nullable().optional(),
  spendingLimitCurrency: currency.optional(),
  status: z.enum(["active", "disabled"]).optional(),
});

export const updateAccountInput = z
  .object({
    name: name.optional(),
    taxId: z.string().trim().min(2).max(50).optional(),
    paymentTerms: z.string().regex(/^(prepaid|net\d{1,3}|cod)$/, 'must be "prepaid", "cod" or "net<days>"').optional(),
    creditLimit: minorUnits.nullable().optional(),
    creditLimitCurrency: currency.nullable().optional(),
    preferredCurrency: currency.nullable().optional(),
    salesRepStaffId: z.uuid().nullable().optional(),
    ...taxExemption,
  })
  .refine((a) => a.creditLimit == null || a.creditLimitCurrency, { message: "is required with a credit limit", path: ["creditLimitCurrency"] });

export const groupCode = z.string().trim().regex(/^[a-z0-9][a-z0-9-]{0,49}$/, "must be lower-case letters, digits and dashes");
export const createGroupInput = z.object({ code: groupCode, name, description: z.string().max(500).optional() });

export const documentUploadInput = z.object({
  documentType: z.string().trim().regex(/^[a-z0-9_]{2,50}$/, "must be a document type code"),
  fileName: z.string().trim().min(1).max(200),
  contentType: z.enum(["application/pdf", "image/png", "image/jpeg"], "must be a PDF, PNG or JPEG"),
  contentBase64: z.string().min(1, "is required").max(14_000_000, "must be at most 10 MB"),
});

export const invitationInput = z.object({
  skipToStatus: z.number().int(),
  groupCodes: z.array(groupCode).max(20).optional(),
  maxUses: z.number().int().min(1).max(1000).optional(),
  expiresAt: z.date().optional(),
});
