/**
 * Every shop and admin entry point of accounts/auth, called by principals that must be refused:
 * another account, another location, a customer, a guest, staff without the permission.
 * Refusals must carry no data (data null) and errors must not echo the target's contents.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { gql, staffToken, tokenFor, uniq } from "../../helpers/graphql";
import { withDb } from "../../helpers/db";
import { accounts, addresses, customers, employees, locations } from "../../../shared/accounts";

interface Fixture {
  acme: string;
  mainLoc: string;
  westLoc: string;
  westAddress: string;
  mikeId: string;
  northwind: string;
  nwLoc: string;
  aliceId: string;
}
let f: Fixture;
const emp = (accountId: string, locationId: string, role: string) =>
  tokenFor({ kind: "employee", employeeId: crypto.randomUUID(), email: "e@x.test", accountId, locationId, role, groupIds: [] });

beforeAll(async () => {
  f = await withDb(async ({ db }) => {
    const acc = await db.select({ id: accounts.id, name: accounts.name }).from(accounts);
    const acme = acc.find((a) => a.name === "Acme Industrial Supply")!.id;
    const northwind = acc.find((a) => a.name === "Northwind Pharmacy")!.id;
    const locs = await db.select().from(locations);
    const west = locs.find((l) => l.code === "west-coast" && l.accountId === acme)!.id;
    const [addr] = await db.select().from(addresses).where(eq(addresses.locationId, west));
    const [mike] = await db.select().from(employees).where(eq(employees.email, "mike@acme.test"));
    const [alice] = await db.select().from(customers).where(eq(customers.email, "alice@example.com"));
    return {
      acme,
      mainLoc: locs.find((l) => l.code === "main-warehouse" && l.accountId === acme)!.id,
      westLoc: west,
      westAddress: addr!.id,
      mikeId: mike!.id,
      northwind,
      nwLoc: locs.find((l) => l.code === "brooklyn")!.id,
      aliceId: alice!.id,
    };
  });
});

function refused(r: Awaited<ReturnType<typeof gql>>, codes: string[], secrets: string[] = []) {
  expect(r.errors, r.raw).toBeDefined();
  expect(codes).toContain(r.errors![0]!.extensions!.code);
  const d = r.data as Record<string, unknown> | null | undefined;
  if (d) for (const v of Object.values(d)) expect(v).toBeNull();
  for (const s of secrets) expect(r.raw).not.toContain(s);
}

describe("shop entry points refuse the wrong principals", () => {
  it("myAccount: guest, customer refused; buyer sees only its location and its coworkers", async () => {
    refused(await gql("shop", `{ myAccount { id } }`), ["UNAUTHENTICATED"]);
    refused(await gql("shop", `{ myAccount { id } }`, {}, { token: await tokenFor({ kind: "customer", customerId: f.aliceId, email: "a@x", groupIds: [] }) }), ["FORBIDDEN"]);
    const buyer = await gql("shop", `{ myAccount { locations { id addresses { line1 } } employees { email locationId } } }`, {}, { token: await emp(f.acme, f.mainLoc, "buyer") });
    expect(buyer.data.myAccount.locations.map((l: { id: string }) => l.id)).toEqual([f.mainLoc]);
    expect(buyer.raw).not.toContain("456 Commerce St");
    expect(buyer.raw).not.toContain("sara@acme.test");
    expect(buyer.data.myAccount.employees.every((e: { locationId: string }) => e.locationId === f.mainLoc)).toBe(true);
    const admin = await gql("shop", `{ myAccount { locations { id } employees { email } } }`, {}, { token: await emp(f.acme, f.westLoc, "admin") });
    expect(admin.data.myAccount.locations).toHaveLength(2);
    expect(admin.raw).not.toContain("nina@northwind.test");
  });

  const selfService: { name: string; query: string; vars: (f: Fixture) => Record<string, unknown> }[] = [
    { name: "createLocation", query: `mutation($i:LocationInput!){ createLocation(input:$i){ id } }`, vars: () => ({ i: { name: "X", code: uniq("x") } }) },
    { name: "updateLocation", query: `mutation($id:ID!){ updateLocation(id:$id,input:{name:"Hacked"}){ id name } }`, vars: (f) => ({ id: f.westLoc }) },
    {
      name: "addLocationAddress",
      query: `mutation($id:ID!){ addLocationAddress(locationId:$id,input:{kind:"shipping",line1:"x",city:"y",postalCode:"1",countryCode:"US"}){ id } }`,
      vars: (f) => ({ id: f.westLoc }),
    },
    { name: "removeLocationAddress", query: `mutation($id:ID!){ removeLocationAddress(id:$id) }`, vars: (f) => ({ id: f.westAddress }) },
    {
      name: "inviteEmployee",
      query: `mutation($l:ID!){ inviteEmployee(input:{email:"${uniq("i")}@x.test",name:"I",role:"buyer",locationId:$l}){ id } }`,
      vars: (f) => ({ l: f.westLoc }),
    },
    { name: "updateEmployee", query: `mutation($id:ID!){ updateEmployee(id:$id,input:{role:"admin"}){ id role } }`, vars: (f) => ({ id: f.mikeId }) },
  ];

  for (const ep of selfService) {
    it(`${ep.name}: refused for guest, customer, staff, non-admin employee and another account's admin`, async () => {
      const v = ep.vars(f);
      refused(await gql("shop", ep.query, v), ["UNAUTHENTICATED"]);
      refused(await gql("shop", ep.query, v, { token: await tokenFor({ kind: "customer", customerId: f.aliceId, email: "a@x", groupIds: [] }) }), ["FORBIDDEN"]);
      refused(await gql("shop", ep.query, v, { token: await staffToken(["*"]) }), ["FORBIDDEN"]);
      refused(await gql("shop", ep.query, v, { token: await emp(f.acme, f.westLoc, "buyer") }), ["FORBIDDEN"]);
      refused(await gql("shop", ep.query, v, { token: await emp(f.acme, f.westLoc, "approver") }), ["FORBIDDEN"]);
      if (ep.name !== "createLocation") {
        // another account's admin: the target reads as not found
        refused(await gql("shop", ep.query, v, { token: await emp(f.northwind, f.nwLoc, "admin") }), ["NOT_FOUND"], ["West Coast", "456 Commerce"]);
      }
    });
  }

  it("customer self-service refuses employees and guests, and other customers' addresses read as not found", async () => {
    refused(await gql("shop", `{ me { email } }`), ["UNAUTHENTICATED"]);
    refused(await gql("shop", `{ me { email } }`, {}, { token: await emp(f.acme, f.mainLoc, "admin") }), ["FORBIDDEN"]);
    const aliceAddr = await withDb(async ({ db }) => (await db.select().from(addresses).where(eq(addresses.customerId, f.aliceId)))[0]!.id);
    const other = await tokenFor({ kind: "customer", customerId: crypto.randomUUID(), email: "o@x", groupIds: [] });
    refused(await gql("shop", `mutation($id:ID!){ removeMyAddress(id:$id) }`, { id: aliceAddr }, { token: other }), ["NOT_FOUND"], ["Rivoli"]);
    refused(await gql("shop", `mutation{ updateMyProfile(input:{name:"x"}){ id } }`, {}, { token: await emp(f.acme, f.mainLoc, "admin") }), ["FORBIDDEN"]);
  });
});

describe("admin entry points need the permission", () => {
  const cases: { q: string; perm: string; vars?: (f: Fixture) => Record<string, unknown> }[] = [
    { q: `{ accounts { id name } }`, perm: "accounts:read" },
    { q: `query($id:ID!){ account(id:$id){ id name employees { email } } }`, perm: "accounts:read", vars: (f) => ({ id: f.acme }) },
    { q: `{ customerGroups { code } }`, perm: "accounts:read" },
    { q: `{ pendingApplications { accountId } }`, perm: "accounts:read" },
    { q: `query($id:ID!){ customer(id:$id){ email } }`, perm: "customers:read", vars: (f) => ({ id: f.aliceId }) },
    { q: `{ customers { email } }`, perm: "customers:read" },
    { q: `{ staffMembers { email } }`, perm: "staff:read" },
    { q: `{ staffRoles { code } }`, perm: "staff:read" },
    { q: `mutation($id:ID!){ updateAccount(id:$id,input:{paymentTerms:"net60"}){ id } }`, perm: "accounts:write", vars: (f) => ({ id: f.acme }) },
    { q: `mutation($id:ID!){ setAccountStatus(id:$id,status:10){ id } }`, perm: "accounts:write", vars: (f) => ({ id: f.acme }) },
    { q: `mutation($id:ID!){ setAccountGroups(id:$id,groupCodes:[]){ id } }`, perm: "accounts:write", vars: (f) => ({ id: f.acme }) },
    { q: `mutation{ createCustomerGroup(code:"${uniq("g")}",name:"G"){ id } }`, perm: "accounts:write" },
    { q: `mutation($id:ID!){ decideApplication(accountId:$id,decision:APPROVE){ accepted } }`, perm: "accounts:write", vars: (f) => ({ id: f.acme }) },
    { q: `mutation{ createInvitationCode(input:{skipToStatus:9}){ code } }`, perm: "accounts:write" },
    { q: `mutation($id:ID!){ setCustomerGroups(id:$id,groupCodes:[]){ id } }`, perm: "customers:write", vars: (f) => ({ id: f.aliceId }) },
    { q: `mutation{ createStaffMember(input:{email:"${uniq("s")}@x.test",name:"S",password:"password-12345",roleCodes:["super_admin"]}){ id } }`, perm: "staff:write" },
    { q: `mutation{ createStaffRole(input:{code:"${uniq("r")}",name:"R",permissions:["*"]}){ id } }`, perm: "staff:write" },
  ];
  for (const c of cases) {
    it(`${c.q.slice(0, 60)}… refuses guest, employee, customer and staff without ${c.perm}`, async () => {
      const v = c.vars?.(f) ?? {};
      refused(await gql("admin", c.q, v), ["UNAUTHENTICATED"]);
      refused(await gql("admin", c.q, v, { token: await emp(f.acme, f.westLoc, "admin") }), ["FORBIDDEN"]);
      refused(await gql("admin", c.q, v, { token: await tokenFor({ kind: "customer", customerId: f.aliceId, email: "a@x", groupIds: [] }) }), ["FORBIDDEN"]);
      const [area] = c.perm.split(":");
      const wrong = c.perm.endsWith(":read") ? [`${area}:write`, "orders:*"] : [`${area}:read`, "orders:*"];
      refused(await gql("admin", c.q, v, { token: await staffToken(wrong) }), ["FORBIDDEN"], ["Acme", "alice@example.com", "admin@vectis.test"]);
    });
  }

  it("the shop API does not expose admin fields at all", async () => {
    const r = await gql("shop", `{ accounts { id } }`, {}, { token: await staffToken(["*"]) });
    expect(r.errors![0]!.message).toMatch(/Cannot query field "accounts"/);
  });

  it("a permitted staff member sees an account without password hashes", async () => {
    const r = await gql("admin", `query($id:ID!){ account(id:$id){ name employees { email role } } }`, { id: f.acme }, { token: await staffToken(["accounts:read"]) });
    expect(r.data.account.employees.length).toBe(4);
    expect(r.raw).not.toMatch(/pbkdf2|password/i);
  });
});
