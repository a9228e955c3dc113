import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";

/**
 * Identity and B2B hierarchy: accounts → locations → employees → addresses; B2C customers;
 * customer groups (many per account / customer); staff with roles → permissions.
 * Emails are stored lower-cased (the services normalise) so the unique index is case-insensitive.
 * Money columns are integer minor units (bigint, read as JS numbers).
 */

export const customerGroups = pgTable("customer_groups", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  description: text("description"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const roles = pgTable("roles", {
  id: uuid("id").primaryKey().defaultRandom(),
  code: text("code").notNull().unique(),
  name: text("name").notNull(),
  /** granular permissions such as "accounts:read", "pricing:write", "orders:*" or "*" */
  permissions: text("permissions").array().notNull().default([]),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const staff = pgTable("staff", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  /** "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>" — never selected into API objects */
  passwordHash: text("password_hash").notNull(),
  /** AES-GCM encrypted base32 TOTP secret ("<iv b64>.<ciphertext b64>"); null = no second factor */
  totpSecret: text("totp_secret"),
  totpEnabled: boolean("totp_enabled").notNull().default(false),
  /** last accepted TOTP time step: a code is never accepted twice (replay) */
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
  /** active | disabled */
  status: text("status").notNull().default("active"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const staffRoles = pgTable(
  "staff_roles",
  {
    staffId: uuid("staff_id").notNull().references(() => staff.id, { onDelete: "cascade" }),
    roleId: uuid("role_id").notNull().references(() => roles.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.roleId] })],
);

export const accounts = pgTable(
  "accounts",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    taxId: text("tax_id"),
    /** 0 Prospect … 9 Active, 10 Suspended, 11 Closed (see account-status.ts) */
    status: smallint("status").notNull().default(0),
    /** e.g. "prepaid", "net30" */
    paymentTerms: text("payment_terms").notNull().default("prepaid"),
    creditLimit: bigint("credit_limit", { mode: "number" }),
    creditLimitCurrency: text("credit_limit_currency"),
    /** checkout refuses an order without a PO number */
    poRequired: boolean("po_required").notNull().default(false),
    /** orders wait in the approval Workflow's PO review step before they are placed */
    poReviewRequired: boolean("po_review_required").notNull().default(false),
    /** employee roles whose every order needs approval, whatever its amount */
    approvalRequiredRoles: text("approval_required_roles").array().notNull().default([]),
    taxExempt: boolean("tax_exempt").notNull().default(false),
    taxExemptCertificate: text("tax_exempt_certificate"),
    /** ISO 3166-2 subdivision ("US-CA") or country ("US") the exemption applies in */
    taxExemptJurisdiction: text("tax_exempt_jurisdiction"),
    taxExemptExpiresOn: date("tax_exempt_expires_on"),
    preferredCurrency: text("preferred_currency"),
    salesRepStaffId: uuid("sales_rep_staff_id").references(() => staff.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("accounts_status_range", sql`${t.status} between 0 and 11`),
    index("accounts_status_idx").on(t.status, t.createdAt),
  ],
);

export const accountGroups = pgTable(
  "account_groups",
  {
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").notNull().references(() => customerGroups.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.groupId] }), index("account_groups_group_idx").on(t.groupId)],
);

export const locations = pgTable(
  "locations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    code: text("code").notNull(),
    preferredCurrency: text("preferred_currency"),
    /** optional pricing context key (e.g. a regional price list code) read by pricing */
    pricingContext: text("pricing_context"),
    taxExempt: boolean("tax_exempt").notNull().default(false),
    taxExemptCertificate: text("tax_exempt_certificate"),
    taxExemptJurisdiction: text("tax_exempt_jurisdiction"),
    taxExemptExpiresOn: date("tax_exempt_expires_on"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique("locations_account_code_uq").on(t.accountId, t.code), index("locations_account_idx").on(t.accountId)],
);

export const employees = pgTable(
  "employees",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    locationId: uuid("location_id").notNull().references(() => locations.id, { onDelete: "restrict" }),
    email: text("email").notNull().unique(),
    name: text("name").notNull(),
    /** null until an invited employee sets a password */
    passwordHash: text("password_hash"),
    /** buyer | approver | admin | viewer (see employee-roles.ts) */
    role: text("role").notNull(),
    /** per-order spending limit in minor units of spending_limit_currency; null = unlimited */
    spendingLimit: bigint("spending_limit", { mode: "number" }),
    spendingLimitCurrency: text("spending_limit_currency"),
    /** invited | active | disabled */
    status: text("status").notNull().default("active"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("employees_account_idx").on(t.accountId), index("employees_location_idx").on(t.locationId)],
);

export const customers = pgTable("customers", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  name: text("name").notNull(),
  passwordHash: text("password_hash").notNull(),
  phone: text("phone"),
  preferredCurrency: text("preferred_currency"),
  /** active | disabled */
  status: text("status").notNull().default("active"),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
});

export const customerGroupMembers = pgTable(
  "customer_group_members",
  {
    customerId: uuid("customer_id").notNull().references(() => customers.id, { onDelete: "cascade" }),
    groupId: uuid("group_id").notNull().references(() => customerGroups.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.customerId, t.groupId] }), index("customer_group_members_group_idx").on(t.groupId)],
);

export const addresses = pgTable(
  "addresses",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    locationId: uuid("location_id").references(() => locations.id, { onDelete: "cascade" }),
    customerId: uuid("customer_id").references(() => customers.id, { onDelete: "cascade" }),
    /** shipping | billing */
    kind: text("kind").notNull(),
    label: text("label"),
    recipient: text("recipient"),
    company: text("company"),
    line1: text("line1").notNull(),
    line2: text("line2"),
    city: text("city").notNull(),
    county: text("county"),
    postalCode: text("postal_code").notNull(),
    /** ISO 3166-2 subdivision, e.g. "US-CA" */
    subdivisionCode: text("subdivision_code"),
    /** ISO 3166-1 alpha-2 */
    countryCode: text("country_code").notNull(),
    phone: text("phone"),
    isDefault: boolean("is_default").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check("addresses_one_owner", sql`(${t.locationId} is null) <> (${t.customerId} is null)`),
    check("addresses_kind", sql`${t.kind} in ('shipping','billing')`),
    index("addresses_location_idx").on(t.locationId),
    index("addresses_customer_idx").on(t.customerId),
  ],
);

/** Configurable data: which documents a registration in a jurisdiction must upload ("*" = everywhere, "US", "US-CA"). */
export const documentRequirements = pgTable(
  "document_requirements",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    jurisdiction: text("jurisdiction").notNull(),
    documentType: text("document_type").notNull(),
    description: text("description").notNull(),
  },
  (t) => [unique("document_requirements_uq").on(t.jurisdiction, t.documentType)],
);

export const invitationCodes = pgTable("invitation_codes", {
  id: uuid("id").primaryKey().defaultRandom(),
  /** SHA-256 hex of the code: the code itself is shown once to the staff member who created it */
  codeHash: text("code_hash").notNull().unique(),
  /** status the application jumps to (e.g. 8 Approved skips documents and review) */
  skipToStatus: smallint("skip_to_status").notNull(),
  groupIds: uuid("group_ids").array().notNull().default([]),
  maxUses: integer("max_uses").notNull().default(1),
  uses: integer("uses").notNull().default(0),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  createdByStaffId: uuid("created_by_staff_id").references(() => staff.id, { onDelete: "set null" }),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});

export const accountApplications = pgTable(
  "account_applications",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id").notNull().unique().references(() => accounts.id, { onDelete: "cascade" }),
    contactName: text("contact_name").notNull(),
    contactEmail: text("contact_email").notNull(),
    contactPhone: text("contact_phone"),
    /** subdivision or country deciding the required documents */
    jurisdiction: text("jurisdiction").notNull(),
    invitationCodeId: uuid("invitation_code_id").references(() => invitationCodes.id, { onDelete: "set null" }),
    workflowInstanceId: text("workflow_instance_id"),
    /** SHA-256 of the secret the applicant received to upload documents before any login exists */
    uploadTokenHash: text("upload_token_hash"),
    /** pending | approved | rejected */
    decision: text("decision").notNull().default("pending"),
    decisionReason: text("decision_reason"),
    decidedByStaffId: uuid("decided_by_staff_id").references(() => staff.id, { onDelete: "set null" }),
    requestedDocuments: text("requested_documents").array().notNull().default([]),
    remindersSent: integer("reminders_sent").notNull().default(0),
    submittedAt: timestamp("submitted_at", { withTimezone: true }).notNull().defaultNow(),
    decidedAt: timestamp("decided_at", { withTimezone: true }),
  },
  (t) => [index("account_applications_decision_idx").on(t.decision, t.submittedAt)],
);

export const accountDocuments = pgTable(
  "account_documents",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    accountId: uuid("account_id").notNull().references(() => accounts.id, { onDelete: "cascade" }),
    documentType: text("document_type").notNull(),
    /** key of the object in the DOCUMENTS R2 bucket */
    storageKey: text("storage_key").notNull().unique(),
    fileName: text("file_name").notNull(),
    contentType: text("content_type").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    uploadedAt: timestamp("uploaded_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index("account_documents_account_idx").on(t.accountId)],
);

export type AccountRow = typeof accounts.$inferSelect;
export type LocationRow = typeof locations.$inferSelect;
export type EmployeeRow = typeof employees.$inferSelect;
export type CustomerRow = typeof customers.$inferSelect;
export type AddressRow = typeof addresses.$inferSelect;
export type CustomerGroupRow = typeof customerGroups.$inferSelect;
export type StaffRow = typeof staff.$inferSelect;
export type RoleRow = typeof roles.$inferSelect;
export type AccountApplicationRow = typeof accountApplications.$inferSelect;
export type AccountDocumentRow = typeof accountDocuments.$inferSelect;
