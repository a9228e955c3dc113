import { env, introspectWorkflowInstance } from "cloudflare:test";
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { gql, staffToken, uniq } from "../helpers/graphql";
import { withDb } from "../helpers/db";
import { accounts, approvalInstanceId } from "../../shared/accounts";
import { domainEvents } from "../../shared/events";

const APPLY = `mutation($i:AccountApplicationInput!){ applyForAccount(input:$i){ accountId status uploadToken requiredDocuments } }`;
const UPLOAD = `mutation($a:ID!,$t:String!,$i:DocumentUploadInput!){ uploadApplicationDocument(accountId:$a,uploadToken:$t,input:$i){ documentType missingDocuments } }`;
const DECIDE = `mutation($a:ID!,$d:ApplicationDecisionKind!,$r:String,$docs:[String!]){ decideApplication(accountId:$a,decision:$d,reason:$r,documentTypes:$docs){ accepted } }`;
const LOGIN = `mutation($e:String!,$p:String!){ employeeLogin(email:$e,password:$p){ accessToken } }`;

function application(email: string, extra: Record<string, unknown> = {}) {
  return {
    companyName: `Co ${uniq("")}`,
    taxId: "12-3456789",
    contactName: "Applicant",
    contactEmail: email,
    password: "applicant-password-1",
    jurisdiction: "US-CA",
    addresses: [{ kind: "shipping", line1: "1 Main St", city: "Fresno", postalCode: "93721", subdivisionCode: "US-CA", countryCode: "US" }],
    ...extra,
  };
}
const pdf = (type: string) => ({ documentType: type, fileName: `${type}.pdf`, contentType: "application/pdf", contentBase64: btoa("%PDF-1.4 demo") });
const statusOf = (id: string) => withDb(async ({ db }) => (await db.select({ s: accounts.status }).from(accounts).where(eq(accounts.id, id)))[0]!.s);
const eventsOf = (id: string, type: string) =>
  withDb(async ({ db }) => db.select().from(domainEvents).where(and(eq(domainEvents.aggregateId, id), eq(domainEvents.type, type))));

async function waitForStatus(id: string, status: number) {
  for (let i = 0; i < 100; i++) {
    if ((await statusOf(id)) === status) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  expect(await statusOf(id)).toBe(status);
}

describe("AccountApprovalWorkflow", () => {
  it("apply → documents missing → reminder → restart → upload → review → approve → Active → employee logs in", async () => {
    const email = `${uniq("ap")}@applicant.test`;
    const applied = await gql("shop", APPLY, { i: application(email) });
    expect(applied.errors).toBeUndefined();
    const { accountId, uploadToken, requiredDocuments } = applied.data.applyForAccount;
    expect(requiredDocuments).toEqual(["business_license", "resale_certificate"]);
    const wf = await introspectWorkflowInstance(env.ACCOUNT_APPROVAL, approvalInstanceId(accountId));
    try {
      await wf.modify(async (m) => {
        await m.forceEventTimeout({ name: "wait for documents", index: 1 });
      });
      // the employee cannot sign in before approval
      expect((await gql("shop", LOGIN, { e: email, p: "applicant-password-1" })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
      await wf.waitForStepResult({ name: "send reminder", index: 1 });
      expect(await statusOf(accountId)).toBe(2);
      const reminders = await eventsOf(accountId, "account.documents_reminder");
      expect(reminders).toHaveLength(1);
      expect((reminders[0]!.payload as { missingDocuments: string[] }).missingDocuments).toEqual(["business_license", "resale_certificate"]);

      // restart mid-way: steps replay against the database and converge (no second reminder)
      const instance = await env.ACCOUNT_APPROVAL.get(approvalInstanceId(accountId));
      await instance.restart();

      const bad = await gql("shop", UPLOAD, { a: accountId, t: "wrong-token", i: pdf("business_license") });
      expect(bad.errors![0]!.extensions!.code).toBe("UNAUTHENTICATED");
      const u1 = await gql("shop", UPLOAD, { a: accountId, t: uploadToken, i: pdf("business_license") });
      expect(u1.data.uploadApplicationDocument.missingDocuments).toEqual(["resale_certificate"]);
      const u2 = await gql("shop", UPLOAD, { a: accountId, t: uploadToken, i: pdf("resale_certificate") });
      expect(u2.data.uploadApplicationDocument.missingDocuments).toEqual([]);
      await waitForStatus(accountId, 3);

      const queue = await gql("admin", `{ pendingApplications { accountId status missingDocuments documents { documentType } } }`, {}, { token: await staffToken(["accounts:read"]) });
      const mine = queue.data.pendingApplications.find((q: { accountId: string }) => q.accountId === accountId);
      expect(mine).toMatchObject({ status: 3, missingDocuments: [] });
      expect(mine.documents).toHaveLength(2);

      const approve = await gql("admin", DECIDE, { a: accountId, d: "APPROVE" }, { token: await staffToken(["accounts:write"]) });
      expect(approve.errors).toBeUndefined();
      await wf.waitForStatus("complete");
      expect(await wf.getOutput()).toMatchObject({ outcome: "approved" });
      expect(await statusOf(accountId)).toBe(9);
      expect(await eventsOf(accountId, "account.documents_reminder")).toHaveLength(1);
      const changes = (await eventsOf(accountId, "account.status_changed")).map((e) => (e.payload as { to: number }).to);
      expect(changes).toEqual(expect.arrayContaining([1, 2, 3, 8, 9]));
      expect((await eventsOf(accountId, "account.created")).length).toBe(1);

      const login = await gql("shop", LOGIN, { e: email, p: "applicant-password-1" });
      expect(login.errors).toBeUndefined();
      const acct = await gql("shop", `{ myAccount { id canOrder } }`, {}, { token: login.data.employeeLogin.accessToken });
      expect(acct.data.myAccount).toEqual({ id: accountId, canOrder: true });
    } finally {
      await wf.dispose();
    }
  });

  it("rejection path: under review → reject → Closed, employee cannot log in; staff without permission cannot decide", async () => {
    const email = `${uniq("rj")}@applicant.test`;
    const applied = await gql("shop", APPLY, { i: application(email, { jurisdiction: "DE" }) });
    const { accountId, requiredDocuments } = applied.data.applyForAccount;
    expect(requiredDocuments).toEqual([]);
    const wf = await introspectWorkflowInstance(env.ACCOUNT_APPROVAL, approvalInstanceId(accountId));
    try {
      await waitForStatus(accountId, 3);
      const denied = await gql("admin", DECIDE, { a: accountId, d: "REJECT", r: "no" }, { token: await staffToken(["accounts:read"]) });
      expect(denied.errors![0]!.extensions!.code).toBe("FORBIDDEN");
      const noReason = await gql("admin", DECIDE, { a: accountId, d: "REJECT" }, { token: await staffToken(["accounts:write"]) });
      expect(noReason.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "reason" });
      expect((await gql("admin", DECIDE, { a: accountId, d: "REJECT", r: "Unverifiable tax id" }, { token: await staffToken(["accounts:write"]) })).errors).toBeUndefined();
      await wf.waitForStatus("complete");
      expect(await wf.getOutput()).toMatchObject({ outcome: "rejected" });
      expect(await statusOf(accountId)).toBe(11);
      expect((await gql("shop", LOGIN, { e: email, p: "applicant-password-1" })).errors![0]!.extensions!.code).toBe("FORBIDDEN");
    } finally {
      await wf.dispose();
    }
  });

  it("an invitation code to Active skips documents and review; it works once", async () => {
    const inv = await gql("admin", `mutation{ createInvitationCode(input:{ skipToStatus: 9, groupCodes:["gold"] }){ code } }`, {}, { token: await staffToken(["accounts:write"]) });
    expect(inv.errors).toBeUndefined();
    const code = inv.data.createInvitationCode.code;
    const email = `${uniq("iv")}@applicant.test`;
    const applied = await gql("shop", APPLY, { i: application(email, { invitationCode: code }) });
    const { accountId } = applied.data.applyForAccount;
    const wf = await introspectWorkflowInstance(env.ACCOUNT_APPROVAL, approvalInstanceId(accountId));
    try {
      await wf.waitForStatus("complete");
      expect(await statusOf(accountId)).toBe(9);
      const login = await gql("shop", LOGIN, { e: email, p: "applicant-password-1" });
      const acct = await gql("shop", `{ myAccount { groups { code } } }`, {}, { token: login.data.employeeLogin.accessToken });
      expect(acct.data.myAccount.groups).toEqual([{ code: "gold" }]);
    } finally {
      await wf.dispose();
    }
    const again = await gql("shop", APPLY, { i: application(`${uniq("iv2")}@applicant.test`, { invitationCode: code }) });
    expect(again.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", field: "input.invitationCode" });
  });
});
