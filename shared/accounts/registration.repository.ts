import { and, asc, eq, inArray, sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import { PENDING_REVIEW_STATUSES } from "./account-status";
import { accountApplications, accountDocuments, accounts, documentRequirements, invitationCodes } from "./accounts.tables";
import type { DocumentRequirement } from "./registration";

export async function loadRequirements(db: Executor): Promise<DocumentRequirement[]> {
  return db
    .select({ jurisdiction: documentRequirements.jurisdiction, documentType: documentRequirements.documentType, description: documentRequirements.description })
    .from(documentRequirements)
    .orderBy(asc(documentRequirements.documentType));
}

export async function findApplicationByAccount(db: Executor, accountId: string) {
  const [row] = await db.select().from(accountApplications).where(eq(accountApplications.accountId, accountId)).limit(1);
  return row;
}

export async function lockApplicationByAccount(db: Executor, accountId: string) {
  const [row] = await db.select().from(accountApplications).where(eq(accountApplications.accountId, accountId)).for("update").limit(1);
  return row;
}

export async function uploadedTypes(db: Executor, accountId: string): Promise<string[]> {
  const rows = await db.selectDistinct({ t: accountDocuments.documentType }).from(accountDocuments).where(eq(accountDocuments.accountId, accountId));
  return rows.map((r) => r.t);
}

export async function lockInvitation(db: Executor, codeHash: string) {
  const [row] = await db.select().from(invitationCodes).where(eq(invitationCodes.codeHash, codeHash)).for("update").limit(1);
  return row;
}

export async function findInvitation(db: Executor, id: string) {
  const [row] = await db.select().from(invitationCodes).where(eq(invitationCodes.id, id)).limit(1);
  return row;
}

/** The staff review queue in 3 queries: applications, their accounts, their documents. */
export async function pendingQueue(db: Executor, limit: number) {
  const rows = await db
    .select({ app: accountApplications, accountName: accounts.name, status: accounts.status, taxId: accounts.taxId })
    .from(accountApplications)
    .innerJoin(accounts, eq(accounts.id, accountApplications.accountId))
    .where(and(eq(accountApplications.decision, "pending"), inArray(accounts.status, [...PENDING_REVIEW_STATUSES])))
    .orderBy(asc(accountApplications.submittedAt))
    .limit(limit);
  const ids = rows.map((r) => r.app.accountId);
  const docs = ids.length
    ? await db
        .select({
          id: accountDocuments.id,
          accountId: accountDocuments.accountId,
          documentType: accountDocuments.documentType,
          fileName: accountDocuments.fileName,
          contentType: accountDocuments.contentType,
          sizeBytes: accountDocuments.sizeBytes,
          uploadedAt: accountDocuments.uploadedAt,
        })
        .from(accountDocuments)
        .where(inArray(accountDocuments.accountId, ids))
    : [];
  return { rows, docs };
}

export async function incrementReminders(db: Executor, accountId: string, upTo: number): Promise<boolean> {
  const r = await db
    .update(accountApplications)
    .set({ remindersSent: sql`${accountApplications.remindersSent} + 1` })
    .where(and(eq(accountApplications.accountId, accountId), sql`${accountApplications.remindersSent} < ${upTo}`))
    .returning({ id: accountApplications.id });
  return r.length > 0;
}
