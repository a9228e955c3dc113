/**
 * Pure rules of B2B registration: which documents a jurisdiction requires, what is still
 * missing, where an application goes next, and how an invitation code shortcuts it.
 */
import { AccountStatus } from "./account-status";

export interface DocumentRequirement {
  /** "*" (everywhere), a country ("US") or a subdivision ("US-CA") */
  jurisdiction: string;
  documentType: string;
  description: string;
}

/**
 * Requirements that apply to a jurisdiction: the global ones, the country's and the
 * subdivision's ("US-CA" also gets "US" and "*"). One entry per document type.
 */
export function requiredDocuments(jurisdiction: string, rules: readonly DocumentRequirement[]): DocumentRequirement[] {
  const j = jurisdiction.toUpperCase();
  const country = j.split("-")[0]!;
  const applies = (r: DocumentRequirement) => r.jurisdiction === "*" || r.jurisdiction.toUpperCase() === country || r.jurisdiction.toUpperCase() === j;
  const byType = new Map<string, DocumentRequirement>();
  for (const r of rules) if (applies(r) && !byType.has(r.documentType)) byType.set(r.documentType, r);
  return [...byType.values()].sort((a, b) => a.documentType.localeCompare(b.documentType));
}

/** Required (by jurisdiction or by a staff request) document types with no upload yet. */
export function missingDocuments(required: readonly string[], uploaded: readonly string[]): string[] {
  const have = new Set(uploaded);
  return [...new Set(required)].filter((t) => !have.has(t)).sort();
}

export type ApplicationDecision =
  | { kind: "approve"; staffId: string; note?: string }
  | { kind: "reject"; staffId: string; reason: string }
  | { kind: "request_documents"; staffId: string; documentTypes: string[]; note?: string };

/** Where the workflow moves the account after checking documents. */
export function statusAfterDocumentCheck(missing: readonly string[]): number {
  return missing.length > 0 ? AccountStatus.DocumentsPending : AccountStatus.UnderReview;
}

/** Statuses an invitation code may jump to; anything later than Active is not an application outcome. */
export const INVITATION_TARGETS: readonly number[] = Object.freeze([AccountStatus.UnderReview, AccountStatus.Approved, AccountStatus.Active]);

export interface InvitationState {
  skipToStatus: number;
  maxUses: number;
  uses: number;
  expiresAt: Date | null;
}

export function invitationUsable(inv: InvitationState, now: Date): boolean {
  return inv.uses < inv.maxUses && (inv.expiresAt === null || inv.expiresAt.getTime() > now.getTime());
}

/** An invitation that reaches Approved or beyond skips documents and review entirely. */
export function skipsReview(skipToStatus: number | null): boolean {
  return skipToStatus !== null && skipToStatus >= AccountStatus.Approved;
}

export interface ReminderPolicy {
  /** how long to wait for missing documents before each reminder, a Workflows duration ("3 days") */
  waitFor: string;
  /** reminders before the application is closed for missing documents */
  maxReminders: number;
}

export const DEFAULT_REMINDER_POLICY: ReminderPolicy = Object.freeze({ waitFor: "3 days", maxReminders: 3 });
