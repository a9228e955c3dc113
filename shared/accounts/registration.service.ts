/**
 * B2B registration and approval. Applying creates the account (Applied), its first location and
 * addresses and the contact as an admin employee (who can sign in once the account is approved),
 * then starts the AccountApprovalWorkflow. The workflow calls the `step*` methods below: each
 * reads the database and is idempotent, so a replayed or restarted workflow converges.
 */
import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../kernel/db";
import { badInput, conflict, notFound, unauthenticated } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import { transactional, type Outbox } from "../events";
import { constantTimeEqual, randomToken, sha256Hex, utf8 } from "../auth/crypto-bytes";
import { hashPassword, PASSWORD_ITERATIONS } from "../auth/password-hash";
import { requireStaffPermission } from "./access-policy";
import { AccountStatus } from "./account-status";
import { documentUploadInput, groupCode, invitationInput, registrationInput } from "./accounts.schema";
import { changeAccountStatus } from "./accounts.service";
import { groupsByCodes } from "./accounts.repository";
import { accountApplications, accountDocuments, accountGroups, accounts, addresses, employees, invitationCodes, locations } from "./accounts.tables";
import { INVITATION_TARGETS, invitationUsable, missingDocuments, requiredDocuments, skipsReview, type ApplicationDecision } from "./registration";
import { approvalInstanceId, type ApprovalWorkflowClient, type DocumentStore } from "./registration.ports";
import {
  findApplicationByAccount,
  findInvitation,
  incrementReminders,
  loadRequirements,
  lockApplicationByAccount,
  lockInvitation,
  pendingQueue,
  uploadedTypes,
} from "./registration.repository";

export interface RegistrationDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  documents: DocumentStore;
  workflow: ApprovalWorkflowClient;
  reminderAfter: string;
  maxReminders: number;
  passwordIterations?: number;
}

export interface ApplicationReceipt {
  accountId: string;
  status: number;
  /** the applicant's secret for uploading documents before any sign-in exists; shown once */
  uploadToken: string;
  requiredDocuments: string[];
}

export type WorkflowCheck = { decided: "approved" | "rejected" | null; missing: string[] };

export class RegistrationService {
  constructor(private readonly deps: RegistrationDeps) {}

  async apply(input: unknown): Promise<ApplicationReceipt> {
    const data = parseInput(registrationInput, input, "input");
    const passwordHash = await hashPassword(data.password, this.deps.passwordIterations ?? PASSWORD_ITERATIONS);
    const uploadToken = randomToken();
    const codeHash = data.invitationCode ? await sha256Hex(data.invitationCode) : null;
    const required = requiredDocuments(data.jurisdiction, await loadRequirements(this.deps.db)).map((r) => r.documentType);
    const accountId = await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      let invitation: Awaited<ReturnType<typeof lockInvitation>> = undefined;
      if (codeHash) {
        invitation = await lockInvitation(tx, codeHash);
        if (!invitation || !invitationUsable(invitation, this.deps.now)) throw badInput("The invitation code is invalid or expired", "input.invitationCode");
        await tx.update(invitationCodes).set({ uses: sql`${invitationCodes.uses} + 1` }).where(eq(invitationCodes.id, invitation.id));
      }
      const [acc] = await tx
        .insert(accounts)
        .values({ name: data.companyName, taxId: data.taxId, status: AccountStatus.Applied, preferredCurrency: data.preferredCurrency })
        .returning({ id: accounts.id });
      const accountId = acc!.id;
      const [loc] = await tx
        .insert(locations)
        .values({ accountId, name: "Headquarters", code: "hq", preferredCurrency: data.preferredCurrency })
        .returning({ id: locations.id });
      await tx.insert(addresses).values(data.addresses.map((a) => ({ ...a, locationId: loc!.id })));
      const [emp] = await tx
        .insert(employees)
        .values({ accountId, locationId: loc!.id, email: data.contactEmail, name: data.contactName, passwordHash, role: "admin", status: "active" })
        .onConflictDoNothing({ target: employees.email })
        .returning({ id: employees.id });
      if (!emp) throw conflict("An employee with this email already exists", { field: "input.contactEmail" });
      if (invitation?.groupIds.length) await tx.insert(accountGroups).values(invitation.groupIds.map((groupId) => ({ accountId, groupId })));
      await tx.insert(accountApplications).values({
        accountId,
        contactName: data.contactName,
        contactEmail: data.contactEmail,
        contactPhone: data.contactPhone,
        jurisdiction: data.jurisdiction,
        invitationCodeId: invitation?.id ?? null,
        workflowInstanceId: approvalInstanceId(accountId),
        uploadTokenHash: await sha256Hex(uploadToken),
        submittedAt: this.deps.now,
      });
      await emit(
        { type: "account.created", aggregateType: "account", aggregateId: accountId, payload: { name: data.companyName, status: AccountStatus.Applied, via: "registration" } },
        { type: "account.status_changed", aggregateType: "account", aggregateId: accountId, payload: { from: AccountStatus.Prospect, to: AccountStatus.Applied, by: "applicant", reason: null } },
      );
      return accountId;
    });
    // Started after commit: a failed start leaves an Applied account that staff can see in the
    // queue, and re-starting is safe because the instance id is derived from the account.
    await this.deps.workflow.start(approvalInstanceId(accountId), {
      accountId,
      reminderAfter: this.deps.reminderAfter,
      maxReminders: this.deps.maxReminders,
    });
    return { accountId, status: AccountStatus.Applied, uploadToken, requiredDocuments: required };
  }

  private async authorizeUpload(accountId: string, uploadToken: string) {
    if (!z.uuid().safeParse(accountId).success) throw unauthenticated("Invalid application or upload token");
    const app = await findApplicationByAccount(this.deps.db, accountId);
    const ok = app?.uploadTokenHash ? constantTimeEqual(utf8(app.uploadTokenHash), utf8(await sha256Hex(uploadToken ?? ""))) : false;
    if (!app || !ok) throw unauthenticated("Invalid application or upload token");
    return app;
  }

  /**
   * Stores the file in R2, then records it; if recording fails the object is deleted again
   * (compensation), so R2 never holds documents the database does not know.
   */
  async uploadDocument(accountId: string, uploadToken: string, input: unknown): Promise<{ documentType: string; missing: string[] }> {
    const app = await this.authorizeUpload(accountId, uploadToken);
    const data = parseInput(documentUploadInput, input, "input");
    if (app.decision !== "pending") throw conflict("This application is already decided", { field: "accountId" });
    let bytes: Uint8Array;
    try {
      bytes = Uint8Array.from(atob(data.contentBase64), (c) => c.charCodeAt(0));
    } catch {
      throw badInput("contentBase64 is not valid base64", "input.contentBase64");
    }
    if (bytes.length === 0 || bytes.length > 10 * 1024 * 1024) throw badInput("The file must be 1 byte to 10 MB", "input.contentBase64");
    const key = `applications/${accountId}/${crypto.randomUUID()}`;
    await this.deps.documents.put(key, bytes, data.contentType);
    try {
      await this.deps.db.insert(accountDocuments).values({
        accountId,
        documentType: data.documentType,
        storageKey: key,
        fileName: data.fileName,
        contentType: data.contentType,
        sizeBytes: bytes.length,
        uploadedAt: this.deps.now,
      });
    } catch (e) {
      await this.deps.documents.delete(key).catch(() => {});
      throw e;
    }
    const check = await this.stepCheckDocuments(accountId);
    // a nudge: the workflow re-reads the database when it wakes, so a lost event only delays it
    await this.deps.workflow.sendEvent(app.workflowInstanceId ?? approvalInstanceId(accountId), "documents-uploaded", { documentType: data.documentType }).catch(() => {});
    return { documentType: data.documentType, missing: check.missing };
  }

  // ── staff ───────────────────────────────────────────────────────────────────────────────

  async queue(p: Principal, first = 50) {
    requireStaffPermission(p, "accounts:read");
    const requirements = await loadRequirements(this.deps.db);
    const { rows, docs } = await pendingQueue(this.deps.db, Math.min(Math.max(first, 1), 200));
    return rows.map((r) => {
      const mine = docs.filter((d) => d.accountId === r.app.accountId);
      const required = [...requiredDocuments(r.app.jurisdiction, requirements).map((x) => x.documentType), ...r.app.requestedDocuments];
      return {
        accountId: r.app.accountId,
        accountName: r.accountName,
        taxId: r.taxId,
        status: r.status,
        contactName: r.app.contactName,
        contactEmail: r.app.contactEmail,
        jurisdiction: r.app.jurisdiction,
        submittedAt: r.app.submittedAt,
        remindersSent: r.app.remindersSent,
        documents: mine,
        missingDocuments: missingDocuments(required, mine.map((d) => d.documentType)),
      };
    });
  }

  /**
   * Staff decisions travel to the workflow as events. A rejection before review (documents still
   * pending) is applied directly and the workflow is nudged to notice it.
   */
  async decide(p: Principal, accountId: string, decision: "approve" | "reject" | "request_documents", opts: { reason?: string | null; documentTypes?: string[] | null }) {
    const s = requireStaffPermission(p, "accounts:write");
    if (!z.uuid().safeParse(accountId).success) throw notFound("Application", accountId);
    const app = await findApplicationByAccount(this.deps.db, accountId);
    if (!app) throw notFound("Application", accountId);
    if (app.decision !== "pending") throw conflict(`This application was already ${app.decision}`);
    const [acc] = await this.deps.db.select({ status: accounts.status }).from(accounts).where(eq(accounts.id, accountId));
    const inReview = acc!.status >= AccountStatus.UnderReview && acc!.status <= AccountStatus.Verification4;
    let payload: ApplicationDecision;
    if (decision === "reject") {
      const reason = (opts.reason ?? "").trim();
      if (!reason) throw badInput("A reason is required to reject an application", "reason");
      payload = { kind: "reject", staffId: s.staffId, reason };
      if (!inReview) {
        await this.stepReject(accountId, payload);
        await this.deps.workflow.sendEvent(app.workflowInstanceId ?? approvalInstanceId(accountId), "documents-uploaded", {}).catch(() => {});
        return { accountId, accepted: true };
      }
    } else if (decision === "approve") {
      if (!inReview) throw conflict("Only applications under review can be approved", { field: "accountId" });
      payload = { kind: "approve", staffId: s.staffId, note: opts.reason ?? undefined };
    } else {
      const types = parseInput(z.array(z.string().regex(/^[a-z0-9_]{2,50}$/)).min(1, "name at least one document type"), opts.documentTypes ?? [], "documentTypes");
      if (!inReview) throw conflict("Documents can be requested only while the application is under review", { field: "accountId" });
      payload = { kind: "request_documents", staffId: s.staffId, documentTypes: types, note: opts.reason ?? undefined };
    }
    await this.deps.workflow.sendEvent(app.workflowInstanceId ?? approvalInstanceId(accountId), "decision", payload);
    return { accountId, accepted: true };
  }

  /** Returns the code once; only its hash is stored. */
  async createInvitation(p: Principal, input: unknown): Promise<{ code: string; skipToStatus: number }> {
    const s = requireStaffPermission(p, "accounts:write");
    const data = parseInput(invitationInput, input, "input");
    if (!INVITATION_TARGETS.includes(data.skipToStatus)) throw badInput("skipToStatus must be 3 (Under Review), 8 (Approved) or 9 (Active)", "input.skipToStatus");
    const codes = parseInput(z.array(groupCode), data.groupCodes ?? [], "input.groupCodes");
    const groups = await groupsByCodes(this.deps.db, codes);
    if (groups.length !== new Set(codes).size) throw badInput("Unknown customer group code", "input.groupCodes");
    const code = `INV-${randomToken(12)}`;
    await this.deps.db.insert(invitationCodes).values({
      codeHash: await sha256Hex(code),
      skipToStatus: data.skipToStatus,
      groupIds: groups.map((g) => g.id),
      maxUses: data.maxUses ?? 1,
      expiresAt: data.expiresAt ?? null,
      createdByStaffId: sql`(select id from staff where id = ${s.staffId})`,
    });
    return { code, skipToStatus: data.skipToStatus };
  }

  // ── workflow steps (system; idempotent) ─────────────────────────────────────────────────

  async stepStart(accountId: string): Promise<{ skipToStatus: number | null }> {
    const app = await findApplicationByAccount(this.deps.db, accountId);
    if (!app) throw notFound("Application", accountId);
    if (!app.invitationCodeId) return { skipToStatus: null };
    const inv = await findInvitation(this.deps.db, app.invitationCodeId);
    return { skipToStatus: inv?.skipToStatus ?? null };
  }

  /** Jumps as far as the invitation allows; Approved invitations continue to Active. */
  async stepApplyInvitation(accountId: string, skipToStatus: number): Promise<{ approved: boolean }> {
    if (skipsReview(skipToStatus)) {
      await this.stepApprove(accountId, { kind: "approve", staffId: "invitation" });
      return { approved: true };
    }
    await changeAccountStatus(this.deps.db, this.deps.outbox, this.deps.now, accountId, skipToStatus, { by: "invitation" });
    return { approved: false };
  }

  async stepCheckDocuments(accountId: string): Promise<WorkflowCheck> {
    const app = await findApplicationByAccount(this.deps.db, accountId);
    if (!app) throw notFound("Application", accountId);
    if (app.decision !== "pending") return { decided: app.decision as "approved" | "rejected", missing: [] };
    const required = [...requiredDocuments(app.jurisdiction, await loadRequirements(this.deps.db)).map((r) => r.documentType), ...app.requestedDocuments];
    return { decided: null, missing: missingDocuments(required, await uploadedTypes(this.deps.db, accountId)) };
  }

  async stepSetStatus(accountId: string, status: number): Promise<void> {
    await changeAccountStatus(this.deps.db, this.deps.outbox, this.deps.now, accountId, status, { by: "workflow" });
  }

  /** Reminder n is sent at most once (the counter guards replays after a restart). */
  async stepSendReminder(accountId: string, n: number, missing: string[]): Promise<boolean> {
    return transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const app = await lockApplicationByAccount(tx, accountId);
      if (!app || app.remindersSent >= n) return false;
      await incrementReminders(tx, accountId, n);
      await emit({
        type: "account.documents_reminder",
        aggregateType: "account",
        aggregateId: accountId,
        payload: { reminder: n, contactEmail: app.contactEmail, missingDocuments: missing },
      });
      return true;
    });
  }

  async stepRequestDocuments(accountId: string, types: string[]): Promise<void> {
    await this.deps.db
      .update(accountApplications)
      .set({ requestedDocuments: sql`(select array(select distinct unnest(${accountApplications.requestedDocuments} || ${types}::text[])))` })
      .where(eq(accountApplications.accountId, accountId));
    await this.stepSetStatus(accountId, AccountStatus.DocumentsPending);
  }

  async stepApprove(accountId: string, d: Extract<ApplicationDecision, { kind: "approve" }>): Promise<void> {
    await this.stepSetStatus(accountId, AccountStatus.Approved);
    await this.stepSetStatus(accountId, AccountStatus.Active);
    await this.recordDecision(accountId, "approved", d.note ?? null, d.staffId);
  }

  async stepReject(accountId: string, d: Extract<ApplicationDecision, { kind: "reject" }>): Promise<void> {
    await changeAccountStatus(this.deps.db, this.deps.outbox, this.deps.now, accountId, AccountStatus.Closed, { by: `staff:${d.staffId}`, reason: d.reason });
    await this.recordDecision(accountId, "rejected", d.reason, d.staffId);
  }

  private async recordDecision(accountId: string, decision: string, reason: string | null, staffId: string): Promise<void> {
    const uuid = z.uuid().safeParse(staffId).success ? staffId : null;
    await this.deps.db
      .update(accountApplications)
      .set({ decision, decisionReason: reason, decidedByStaffId: uuid ? sql`(select id from staff where id = ${uuid})` : null, decidedAt: this.deps.now })
      .where(and(eq(accountApplications.accountId, accountId), eq(accountApplications.decision, "pending")));
  }
}
