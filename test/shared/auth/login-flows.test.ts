import { describe, expect, it } from "vitest";
import { gql, tokenFor, uniq } from "../../helpers/graphql";
import { withDb } from "../../helpers/db";
import { domainEvents } from "../../../shared/events";
import { and, eq, sql } from "drizzle-orm";
import { totpCode } from "../../../shared/auth/totp";

const CUSTOMER_LOGIN = `mutation($e:String!,$p:String!){ customerLogin(email:$e,password:$p){ accessToken refreshToken expiresIn kind } }`;
const EMPLOYEE_LOGIN = `mutation($e:String!,$p:String!){ employeeLogin(email:$e,password:$p){ accessToken refreshToken kind } }`;
const REFRESH = `mutation($t:String!){ refreshSession(refreshToken:$t){ accessToken refreshToken } }`;
const ip = () => ({ headers: { "cf-connecting-ip": `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` } });

async function registerCustomer(password = "a-good-password-1") {
  const email = `${uniq("c")}@example.test`;
  const r = await gql("shop", `mutation($i:RegisterCustomerInput!){ registerCustomer(input:$i){ accessToken refreshToken } }`, { i: { email, password, name: "Test Customer" } });
  expect(r.errors).toBeUndefined();
  return { email, password, ...r.data.registerCustomer };
}

describe("shop login", () => {
  it("seeded employee logs in and sees its account; the token carries the account's groups", async () => {
    const r = await gql("shop", EMPLOYEE_LOGIN, { e: "jane@acme.test", p: "demo-password-1" }, ip());
    expect(r.errors).toBeUndefined();
    expect(r.data.employeeLogin.kind).toBe("employee");
    const me = await gql("shop", `{ myAccount { name canOrder groups { code } locations { code } } }`, {}, { token: r.data.employeeLogin.accessToken });
    expect(me.data.myAccount).toEqual({ name: "Acme Industrial Supply", canOrder: true, groups: [{ code: "gold" }], locations: [{ code: "main-warehouse" }] });
    expect(r.raw).not.toContain("pbkdf2");
  });

  it("wrong password → UNAUTHENTICATED with the same message as an unknown email", async () => {
    const c = await registerCustomer();
    const wrong = await gql("shop", CUSTOMER_LOGIN, { e: c.email, p: "not-the-password" }, ip());
    const unknown = await gql("shop", CUSTOMER_LOGIN, { e: `${uniq("nobody")}@example.test`, p: "whatever-123" }, ip());
    expect(wrong.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
    expect(wrong.raw).not.toContain("not-the-password");
  });

  it("locks an email after 5 failures (RATE_LIMITED) even with the right password, from any IP", async () => {
    const c = await registerCustomer();
    for (let i = 0; i < 5; i++) {
      const r = await gql("shop", CUSTOMER_LOGIN, { e: c.email, p: `wrong-${i}-password` }, ip());
      expect(r.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    }
    const locked = await gql("shop", CUSTOMER_LOGIN, { e: c.email, p: c.password }, ip());
    expect(locked.errors![0]!.extensions!.code).toBe("RATE_LIMITED");
    expect(locked.data?.customerLogin ?? null).toBeNull();
    // another email is unaffected
    const other = await registerCustomer();
    expect((await gql("shop", CUSTOMER_LOGIN, { e: other.email, p: other.password }, ip())).errors).toBeUndefined();
  });

  it("limits attempts per IP across emails", async () => {
    const h = ip();
    let limited = 0;
    for (let i = 0; i < 52; i++) {
      const r = await gql("shop", CUSTOMER_LOGIN, { e: `${uniq("n")}@example.test`, p: "x" }, h);
      if (r.errors![0]!.extensions!.code === "RATE_LIMITED") limited++;
    }
    expect(limited).toBe(2);
  });

  it("expired access token → UNAUTHENTICATED 'expired'", async () => {
    const token = await tokenFor({ kind: "customer", customerId: crypto.randomUUID(), email: "x@y.z", groupIds: [] }, 60, new Date(Date.now() - 120_000));
    const r = await gql("shop", `{ me { email } }`, {}, { token });
    expect(r.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(r.errors![0]!.message).toMatch(/expired/i);
  });

  it("refresh rotates; reusing a rotated token revokes the whole family", async () => {
    const c = await registerCustomer();
    const r1 = await gql("shop", REFRESH, { t: c.refreshToken });
    expect(r1.errors).toBeUndefined();
    const second = r1.data.refreshSession.refreshToken;
    expect(second).not.toBe(c.refreshToken);
    const reuse = await gql("shop", REFRESH, { t: c.refreshToken });
    expect(reuse.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(reuse.errors![0]!.message).toMatch(/already used/);
    // the legitimately rotated token is now revoked too
    const after = await gql("shop", REFRESH, { t: second });
    expect(after.errors![0]!.message).toMatch(/revoked/);
  });

  it("logout revokes the refresh token", async () => {
    const c = await registerCustomer();
    expect((await gql("shop", `mutation($t:String!){ logout(refreshToken:$t) }`, { t: c.refreshToken })).data.logout).toBe(true);
    const r = await gql("shop", REFRESH, { t: c.refreshToken });
    expect(r.errors![0]!.message).toMatch(/revoked/);
  });

  it("password reset: token only in the event, single use, ends sessions", async () => {
    const c = await registerCustomer();
    const req = await gql("shop", `mutation($e:String!){ requestPasswordReset(kind:CUSTOMER,email:$e) }`, { e: c.email });
    expect(req.data.requestPasswordReset).toBe(true);
    const token = await withDb(async ({ db }) => {
      const [ev] = await db
        .select()
        .from(domainEvents)
        .where(and(eq(domainEvents.type, "auth.password_reset_requested"), sql`${domainEvents.payload}->>'email' = ${c.email}`));
      return (ev!.payload as { token: string }).token;
    });
    expect(req.raw).not.toContain(token);
    const RESET = `mutation($t:String!,$p:String!){ resetPassword(token:$t,newPassword:$p) }`;
    expect((await gql("shop", RESET, { t: token, p: "brand-new-password-1" })).data.resetPassword).toBe(true);
    const again = await gql("shop", RESET, { t: token, p: "another-password-22" });
    expect(again.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "token" });
    expect((await gql("shop", REFRESH, { t: c.refreshToken })).errors![0]!.message).toMatch(/revoked/);
    expect((await gql("shop", CUSTOMER_LOGIN, { e: c.email, p: "brand-new-password-1" }, ip())).errors).toBeUndefined();
    // unknown emails get the same answer
    expect((await gql("shop", `mutation{ requestPasswordReset(kind:CUSTOMER,email:"nobody-xyz@example.test") }`)).data.requestPasswordReset).toBe(true);
  });
});

describe("staff login with TOTP", () => {
  it("enrol, then password → challenge → wrong code refused, right code → tokens; code not replayable; recovery code single use", async () => {
    const admin = await gql("admin", `mutation{ staffLogin(email:"admin@vectis.test",password:"admin-password-1"){ secondFactorRequired tokens { accessToken } } }`, {}, ip());
    expect(admin.data.staffLogin.secondFactorRequired).toBe(false);
    const adminToken = admin.data.staffLogin.tokens.accessToken;
    const email = `${uniq("staff")}@vectis.test`;
    const created = await gql("admin", `mutation($i:CreateStaffInput!){ createStaffMember(input:$i){ id email roleCodes totpEnabled } }`, { i: { email, name: "Two Factor", password: "staff-password-1", roleCodes: ["support"] } }, { token: adminToken });
    expect(created.errors).toBeUndefined();
    const LOGIN = `mutation($e:String!){ staffLogin(email:$e,password:"staff-password-1"){ secondFactorRequired challengeToken tokens { accessToken } } }`;
    const first = await gql("admin", LOGIN, { e: email }, ip());
    const staffTok = first.data.staffLogin.tokens.accessToken;
    const enrol = await gql("admin", `mutation{ beginTotpEnrollment { otpauthUri } }`, {}, { token: staffTok });
    const secret = /secret=([A-Z2-7]+)/.exec(enrol.data.beginTotpEnrollment.otpauthUri)![1]!;
    const confirm = await gql("admin", `mutation($c:String!){ confirmTotpEnrollment(code:$c){ recoveryCodes } }`, { c: await totpCode(secret, Date.now() - 30_000) }, { token: staffTok });
    expect(confirm.errors).toBeUndefined();
    const recovery: string[] = confirm.data.confirmTotpEnrollment.recoveryCodes;
    expect(recovery).toHaveLength(10);

    const VERIFY = `mutation($t:String!,$c:String,$r:String){ staffVerifySecondFactor(challengeToken:$t,code:$c,recoveryCode:$r){ accessToken kind } }`;
    const ch = await gql("admin", LOGIN, { e: email }, ip());
    expect(ch.data.staffLogin).toMatchObject({ secondFactorRequired: true, tokens: null });
    const good = await totpCode(secret, Date.now());
    const wrong = good === "000000" ? "111111" : "000000";
    const bad = await gql("admin", VERIFY, { t: ch.data.staffLogin.challengeToken, c: wrong });
    expect(bad.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    expect(bad.errors![0]!.message).toBe("Invalid authentication code");
    const ok = await gql("admin", VERIFY, { t: ch.data.staffLogin.challengeToken, c: good });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.staffVerifySecondFactor.kind).toBe("staff");
    // same challenge cannot be used twice; the same code on a new challenge is a replay
    expect((await gql("admin", VERIFY, { t: ch.data.staffLogin.challengeToken, c: good })).errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
    const ch2 = await gql("admin", LOGIN, { e: email }, ip());
    expect((await gql("admin", VERIFY, { t: ch2.data.staffLogin.challengeToken, c: good })).errors![0]!.message).toBe("Invalid authentication code");
    const rec = await gql("admin", VERIFY, { t: ch2.data.staffLogin.challengeToken, r: recovery[0] });
    expect(rec.errors).toBeUndefined();
    const ch3 = await gql("admin", LOGIN, { e: email }, ip());
    expect((await gql("admin", VERIFY, { t: ch3.data.staffLogin.challengeToken, r: recovery[0] })).errors![0]!.message).toBe("Invalid authentication code");

    // the seed never appears in listings
    const list = await gql("admin", `{ staffMembers { email totpEnabled } }`, {}, { token: adminToken });
    expect(list.data.staffMembers.find((s: { email: string }) => s.email === email).totpEnabled).toBe(true);
    expect(list.raw).not.toContain(secret);
    expect(list.raw).not.toContain("pbkdf2");
  });
});
