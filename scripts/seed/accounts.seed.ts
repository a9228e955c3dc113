/**
 * Demo identities (credentials listed in README "Demo logins"): staff with roles, customer
 * groups, B2B accounts with locations and an employee in every role, B2C customers, and the
 * document requirements registration uses.
 */
import {
  accountGroups,
  accounts,
  addresses,
  customerGroupMembers,
  customerGroups,
  customers,
  documentRequirements,
  employees,
  locations,
  roles,
  staff,
  staffRoles,
} from "../../shared/accounts/accounts.tables";
import { AccountStatus } from "../../shared/accounts/account-status";
import { hashPassword } from "../../shared/auth/password-hash";
import type { Executor } from "../../shared/kernel/db";

export const DEMO_PASSWORD = "demo-password-1";
export const DEMO_ADMIN = { email: "admin@vectis.test", password: "admin-password-1" };

export async function seedAccounts(db: Executor): Promise<void> {
  // one hash per password keeps the seed fast; each row still verifies on its own
  const demoHash = await hashPassword(DEMO_PASSWORD);
  const adminHash = await hashPassword(DEMO_ADMIN.password);

  await db.insert(documentRequirements).values([
    { jurisdiction: "US", documentType: "business_license", description: "State or local business licence" },
    { jurisdiction: "US-CA", documentType: "resale_certificate", description: "California seller's permit / CDTFA-230 resale certificate" },
    { jurisdiction: "US-NY", documentType: "resale_certificate", description: "New York ST-120 resale certificate" },
    { jurisdiction: "US-TX", documentType: "resale_certificate", description: "Texas 01-339 resale certificate" },
    { jurisdiction: "CA", documentType: "gst_registration", description: "Canadian GST/HST registration" },
  ]).onConflictDoNothing();

  const groupRows = await db
    .insert(customerGroups)
    .values([
      { code: "gold", name: "Gold Distributors" },
      { code: "silver", name: "Silver Distributors" },
      { code: "licensed-pharmacies", name: "Licensed Pharmacies" },
      { code: "vip", name: "VIP Retail" },
    ])
    .onConflictDoNothing()
    .returning();
  const group = (code: string) => groupRows.find((g) => g.code === code)!.id;

  const roleRows = await db
    .insert(roles)
    .values([
      { code: "super_admin", name: "Super admin", permissions: ["*"] },
      { code: "account_manager", name: "Account manager", permissions: ["accounts:*", "customers:*", "orders:read"] },
      { code: "support", name: "Support", permissions: ["accounts:read", "customers:read", "orders:read"] },
    ])
    .onConflictDoNothing()
    .returning();
  const role = (code: string) => roleRows.find((r) => r.code === code)!.id;

  const staffRows = await db
    .insert(staff)
    .values([
      { email: DEMO_ADMIN.email, name: "Ada Admin", passwordHash: adminHash },
      { email: "manager@vectis.test", name: "Mo Manager", passwordHash: demoHash },
      { email: "support@vectis.test", name: "Sue Support", passwordHash: demoHash },
    ])
    .onConflictDoNothing()
    .returning({ id: staff.id, email: staff.email });
  const staffId = (email: string) => staffRows.find((s) => s.email === email)!.id;
  await db.insert(staffRoles).values([
    { staffId: staffId(DEMO_ADMIN.email), roleId: role("super_admin") },
    { staffId: staffId("manager@vectis.test"), roleId: role("account_manager") },
    { staffId: staffId("support@vectis.test"), roleId: role("support") },
  ]);

  const [acme] = await db
    .insert(accounts)
    .values({
      name: "Acme Industrial Supply",
      taxId: "94-1234567",
      status: AccountStatus.Active,
      paymentTerms: "net30",
      creditLimit: 5_000_000,
      creditLimitCurrency: "USD",
      preferredCurrency: "USD",
      salesRepStaffId: staffId("manager@vectis.test"),
    })
    .returning({ id: accounts.id });
  const [northwind] = await db
    .insert(accounts)
    .values({
      name: "Northwind Pharmacy",
      taxId: "13-7654321",
      status: AccountStatus.Active,
      paymentTerms: "net15",
      preferredCurrency: "USD",
      taxExempt: true,
      taxExemptCertificate: "NY-ST120-0042",
      taxExemptJurisdiction: "US-NY",
      taxExemptExpiresOn: "2030-12-31",
    })
    .returning({ id: accounts.id });
  const [pending] = await db
    .insert(accounts)
    .values({ name: "Pending Parts LLC", taxId: "77-0000001", status: AccountStatus.UnderReview })
    .returning({ id: accounts.id });
  await db.insert(accountGroups).values([
    { accountId: acme!.id, groupId: group("gold") },
    { accountId: northwind!.id, groupId: group("licensed-pharmacies") },
    { accountId: northwind!.id, groupId: group("silver") },
  ]);

  const locRows = await db
    .insert(locations)
    .values([
      { accountId: acme!.id, name: "Main Warehouse", code: "main-warehouse", preferredCurrency: "USD" },
      { accountId: acme!.id, name: "West Coast Office", code: "west-coast", preferredCurrency: "USD" },
      { accountId: northwind!.id, name: "Brooklyn Store", code: "brooklyn" },
      { accountId: pending!.id, name: "Headquarters", code: "hq" },
    ])
    .returning({ id: locations.id, code: locations.code, accountId: locations.accountId });
  const loc = (code: string) => locRows.find((l) => l.code === code)!.id;

  await db.insert(addresses).values([
    { locationId: loc("main-warehouse"), kind: "shipping", line1: "123 Industrial Blvd", city: "Fresno", county: "Fresno", postalCode: "93721", subdivisionCode: "US-CA", countryCode: "US", isDefault: true },
    { locationId: loc("main-warehouse"), kind: "billing", line1: "123 Industrial Blvd", city: "Fresno", county: "Fresno", postalCode: "93721", subdivisionCode: "US-CA", countryCode: "US", isDefault: true },
    { locationId: loc("west-coast"), kind: "shipping", line1: "456 Commerce St", city: "Los Angeles", county: "Los Angeles", postalCode: "90012", subdivisionCode: "US-CA", countryCode: "US", isDefault: true },
    { locationId: loc("brooklyn"), kind: "shipping", line1: "9 Atlantic Ave", city: "Brooklyn", county: "Kings", postalCode: "11201", subdivisionCode: "US-NY", countryCode: "US", isDefault: true },
  ]);

  await db.insert(employees).values([
    { accountId: acme!.id, locationId: loc("main-warehouse"), email: "jane@acme.test", name: "Jane Buyer", role: "buyer", spendingLimit: 250_000, spendingLimitCurrency: "USD", passwordHash: demoHash },
    { accountId: acme!.id, locationId: loc("main-warehouse"), email: "mike@acme.test", name: "Mike Approver", role: "approver", passwordHash: demoHash },
    { accountId: acme!.id, locationId: loc("main-warehouse"), email: "vic@acme.test", name: "Vic Viewer", role: "viewer", passwordHash: demoHash },
    { accountId: acme!.id, locationId: loc("west-coast"), email: "sara@acme.test", name: "Sara Admin", role: "admin", passwordHash: demoHash },
    { accountId: northwind!.id, locationId: loc("brooklyn"), email: "nina@northwind.test", name: "Nina Admin", role: "admin", passwordHash: demoHash },
    { accountId: pending!.id, locationId: loc("hq"), email: "pat@pending.test", name: "Pat Pending", role: "admin", passwordHash: demoHash },
  ]);

  const custRows = await db
    .insert(customers)
    .values([
      { email: "alice@example.com", name: "Alice Retail", passwordHash: demoHash, preferredCurrency: "EUR" },
      { email: "bob@example.com", name: "Bob Retail", passwordHash: demoHash, preferredCurrency: "USD" },
    ])
    .returning({ id: customers.id, email: customers.email });
  await db.insert(customerGroupMembers).values({ customerId: custRows.find((c) => c.email === "alice@example.com")!.id, groupId: group("vip") });
  await db.insert(addresses).values({
    customerId: custRows.find((c) => c.email === "alice@example.com")!.id,
    kind: "shipping",
    line1: "1 Rue de Rivoli",
    city: "Paris",
    postalCode: "75001",
    countryCode: "FR",
    isDefault: true,
  });
}
