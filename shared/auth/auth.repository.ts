import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "../kernel/db";
import {
  accountGroups,
  accounts,
  customerGroupMembers,
  customers,
  employees,
  roles,
  staff,
  staffRoles,
} from "../accounts/accounts.tables";
import { passwordResetTokens, refreshTokens, staffLoginChallenges, staffRecoveryCodes } from "./auth.tables";

export type SubjectKind = "customer" | "employee" | "staff";

/** Everything needed to authenticate one subject and build its principal (2 queries). */
export interface SubjectRecord {
  kind: SubjectKind;
  id: string;
  email: string;
  passwordHash: string | null;
  status: string;
  /** employees: the account's status */
  accountStatus?: number;
  accountId?: string;
  locationId?: string;
  role?: string;
  groupIds: string[];
  permissions: string[];
  totpEnabled?: boolean;
  totpSecret?: string | null;
  totpLastStep?: number | null;
}

async function employeeWhere(db: Executor, cond: ReturnType<typeof eq>): Promise<SubjectRecord | undefined> {
  const [row] = await db
    .select({ e: employees, accountStatus: accounts.status })
    .from(employees)
    .innerJoin(accounts, eq(accounts.id, employees.accountId))
    .where(cond)
    .limit(1);
  if (!row) return undefined;
  const groups = await db.select({ id: accountGroups.groupId }).from(accountGroups).where(eq(accountGroups.accountId, row.e.accountId));
  return {
    kind: "employee",
    id: row.e.id,
    email: row.e.email,
    passwordHash: row.e.passwordHash,
    status: row.e.status,
    accountStatus: row.accountStatus,
    accountId: row.e.accountId,
    locationId: row.e.locationId,
    role: row.e.role,
    groupIds: groups.map((g) => g.id).sort(),
    permissions: [],
  };
}

async function customerWhere(db: Executor, cond: ReturnType<typeof eq>): Promise<SubjectRecord | undefined> {
  const [c] = await db.select().from(customers).where(cond).limit(1);
  if (!c) return undefined;
  const groups = await db.select({ id: customerGroupMembers.groupId }).from(customerGroupMembers).where(eq(customerGroupMembers.customerId, c.id));
  return { kind: "customer", id: c.id, email: c.email, passwordHash: c.passwordHash, status: c.status, groupIds: groups.map((g) => g.id).sort(), permissions: [] };
}

async function staffWhere(db: Executor, cond: ReturnType<typeof eq>): Promise<SubjectRecord | undefined> {
  const [s] = await db.select().from(staff).where(cond).limit(1);
  if (!s) return undefined;
  const perms = await db
    .select({ p: roles.permissions })
    .from(staffRoles)
    .innerJoin(roles, eq(roles.id, staffRoles.roleId))
    .where(eq(staffRoles.staffId, s.id));
  return {
    kind: "staff",
    id: s.id,
    email: s.email,
    passwordHash: s.passwordHash,
    status: s.status,
    groupIds: [],
    permissions: [...new Set(perms.flatMap((r) => r.p))].sort(),
    totpEnabled: s.totpEnabled,
    totpSecret: s.totpSecret,
    totpLastStep: s.totpLastStep,
  };
}

export function findSubjectByEmail(db: Executor, kind: SubjectKind, email: string): Promise<SubjectRecord | undefined> {
  if (kind === "employee") return employeeWhere(db, eq(employees.email, email));
  if (kind === "customer") return customerWhere(db, eq(customers.email, email));
  return staffWhere(db, eq(staff.email, email));
}

export function findSubjectById(db: Executor, kind: SubjectKind, id: string): Promise<SubjectRecord | undefined> {
  if (kind === "employee") return employeeWhere(db, eq(employees.id, id));
  if (kind === "customer") return customerWhere(db, eq(customers.id, id));
  return staffWhere(db, eq(staff.id, id));
}

export async function setPasswordHash(db: Executor, kind: SubjectKind, id: string, hash: string, at: Date): Promise<void> {
  if (kind === "employee") {
    // accepting an invitation activates the employee; a disabled one stays disabled
    await db
      .update(employees)
      .set({ passwordHash: hash, updatedAt: at, status: sql`case when ${employees.status} = 'invited' then 'active' else ${employees.status} end` })
      .where(eq(employees.id, id));
  } else if (kind === "customer") {
    await db.update(customers).set({ passwordHash: hash, updatedAt: at }).where(eq(customers.id, id));
  } else {
    await db.update(staff).set({ passwordHash: hash, updatedAt: at }).where(eq(staff.id, id));
  }
}

// ── refresh tokens ──────────────────────────────────────────────────────────────────────────

export type RefreshTokenRow = typeof refreshTokens.$inferSelect;

export async function insertRefreshToken(db: Executor, row: typeof refreshTokens.$inferInsert): Promise<void> {
  await db.insert(refreshTokens).values(row);
}

/** Locks the row so two concurrent refreshes of one token cannot both rotate it. */
export async function lockRefreshToken(db: Executor, tokenHash: string): Promise<RefreshTokenRow | undefined> {
  const [row] = await db.select().from(refreshTokens).where(eq(refreshTokens.tokenHash, tokenHash)).for("update").limit(1);
  return row;
}

export async function markRotated(db: Executor, id: string, at: Date): Promise<void> {
  await db.update(refreshTokens).set({ rotatedAt: at }).where(eq(refreshTokens.id, id));
}

export async function revokeFamily(db: Executor, familyId: string, at: Date, reason: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)));
}

export async function revokeSubjectTokens(db: Executor, kind: SubjectKind, id: string, at: Date, reason: string): Promise<void> {
  await db
    .update(refreshTokens)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(eq(refreshTokens.subjectKind, kind), eq(refreshTokens.subjectId, id), isNull(refreshTokens.revokedAt)));
}

// ── password reset / invitation tokens ──────────────────────────────────────────────────────

export async function insertResetToken(db: Executor, row: typeof passwordResetTokens.$inferInsert): Promise<void> {
  await db.insert(passwordResetTokens).values(row);
}

export async function lockResetToken(db: Executor, tokenHash: string) {
  const [row] = await db.select().from(passwordResetTokens).where(eq(passwordResetTokens.tokenHash, tokenHash)).for("update").limit(1);
  return row;
}

export async function markResetTokenUsed(db: Executor, id: string, at: Date): Promise<void> {
  await db.update(passwordResetTokens).set({ usedAt: at }).where(eq(passwordResetTokens.id, id));
}

// ── staff second factor ─────────────────────────────────────────────────────────────────────

export async function insertChallenge(db: Executor, row: typeof staffLoginChallenges.$inferInsert): Promise<void> {
  await db.insert(staffLoginChallenges).values(row);
}

export async function lockChallenge(db: Executor, tokenHash: string) {
  const [row] = await db.select().from(staffLoginChallenges).where(eq(staffLoginChallenges.tokenHash, tokenHash)).for("update").limit(1);
  return row;
}

export async function markChallengeUsed(db: Executor, id: string, at: Date): Promise<void> {
  await db.update(staffLoginChallenges).set({ usedAt: at }).where(eq(staffLoginChallenges.id, id));
}

export async function setTotpLastStep(db: Executor, staffId: string, step: number): Promise<void> {
  await db.update(staff).set({ totpLastStep: step }).where(eq(staff.id, staffId));
}

export async function setTotp(db: Executor, staffId: string, sealed: string | null, enabled: boolean, at: Date): Promise<void> {
  await db.update(staff).set({ totpSecret: sealed, totpEnabled: enabled, totpLastStep: null, updatedAt: at }).where(eq(staff.id, staffId));
}

export async function replaceRecoveryCodes(db: Executor, staffId: string, hashes: string[]): Promise<void> {
  await db.delete(staffRecoveryCodes).where(eq(staffRecoveryCodes.staffId, staffId));
  if (hashes.length) await db.insert(staffRecoveryCodes).values(hashes.map((codeHash) => ({ staffId, codeHash })));
}

/** Consumes an unused recovery code atomically; false when none matched. */
export async function useRecoveryCode(db: Executor, staffId: string, codeHash: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(staffRecoveryCodes)
    .set({ usedAt: at })
    .where(and(eq(staffRecoveryCodes.staffId, staffId), eq(staffRecoveryCodes.codeHash, codeHash), isNull(staffRecoveryCodes.usedAt)))
    .returning({ id: staffRecoveryCodes.id });
  return rows.length > 0;
}
