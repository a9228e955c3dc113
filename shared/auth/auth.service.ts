import { z } from "zod";
import type { Db, Executor } from "../kernel/db";
import { badInput, DomainError, forbidden, unauthenticated } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import { parseInput } from "../kernel/validation";
import { transactional, type Outbox } from "../events";
import { canEmployeeSignIn } from "../accounts/account-status";
import { email as emailSchema, password as passwordSchema } from "../accounts/accounts.schema";
import { signAccessToken } from "./access-token";
import {
  findSubjectByEmail,
  findSubjectById,
  insertRefreshToken,
  insertResetToken,
  lockRefreshToken,
  lockResetToken,
  markResetTokenUsed,
  markRotated,
  revokeFamily,
  revokeSubjectTokens,
  setPasswordHash,
  type SubjectKind,
  type SubjectRecord,
} from "./auth.repository";
import { randomToken, sha256Hex } from "./crypto-bytes";
import type { LoginThrottle } from "./login-throttle";
import { hashPassword, PASSWORD_ITERATIONS, verifyPassword } from "./password-hash";
import { classifyRefresh, DEFAULT_LIFETIMES, type TokenLifetimes } from "./refresh-rotation";

export interface AuthDeps {
  db: Db;
  outbox: Outbox;
  now: Date;
  authSecret: string;
  throttle: LoginThrottle;
  lifetimes?: TokenLifetimes;
  passwordIterations?: number;
}

export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  principal: Exclude<Principal, { kind: "guest" }>;
}

export const INVALID_CREDENTIALS = "Invalid email or password";

const loginInput = z.object({ email: emailSchema, password: z.string().min(1, "is required").max(200) });

/** Builds the principal a token carries from the subject's current database state. */
export function principalOf(s: SubjectRecord): Exclude<Principal, { kind: "guest" }> {
  if (s.kind === "employee") {
    return { kind: "employee", employeeId: s.id, email: s.email, accountId: s.accountId!, locationId: s.locationId!, role: s.role!, groupIds: s.groupIds };
  }
  if (s.kind === "customer") return { kind: "customer", customerId: s.id, email: s.email, groupIds: s.groupIds };
  return { kind: "staff", staffId: s.id, email: s.email, permissions: s.permissions };
}

/** Whether the subject may hold a session right now (checked at login and at every refresh). */
export function assertMaySignIn(s: SubjectRecord): void {
  if (s.status !== "active") throw forbidden("This user is not active");
  if (s.kind === "employee" && !canEmployeeSignIn({ status: s.accountStatus ?? -1 })) {
    throw forbidden("The company account is not approved yet");
  }
}

export class AuthService {
  private readonly life: TokenLifetimes;
  constructor(private readonly deps: AuthDeps) {
    this.life = deps.lifetimes ?? DEFAULT_LIFETIMES;
  }

  private get nowMs(): number {
    return this.deps.now.getTime();
  }

  /** Password step shared by every kind: throttled, constant work whether or not the email exists. */
  async checkPassword(kind: SubjectKind, input: unknown, ip: string | null): Promise<SubjectRecord> {
    const { email, password } = parseInput(loginInput, input, "input");
    await this.deps.throttle.beforeAttempt(kind, email, ip, this.nowMs);
    const subject = await findSubjectByEmail(this.deps.db, kind, email);
    const ok = await verifyPassword(password, subject?.passwordHash);
    if (!ok || !subject) {
      await this.deps.throttle.recordFailure(kind, email, this.nowMs);
      throw unauthenticated(INVALID_CREDENTIALS);
    }
    await this.deps.throttle.recordSuccess(kind, email);
    assertMaySignIn(subject);
    return subject;
  }

  async login(kind: "employee" | "customer", input: unknown, ip: string | null): Promise<AuthTokens> {
    const subject = await this.checkPassword(kind, input, ip);
    return this.issue(this.deps.db, subject, crypto.randomUUID());
  }

  /** New access + refresh token; the refresh token joins `familyId` (a new login starts a family). */
  async issue(db: Executor, subject: SubjectRecord, familyId: string): Promise<AuthTokens> {
    const principal = principalOf(subject);
    const refreshToken = randomToken();
    await insertRefreshToken(db, {
      familyId,
      subjectKind: subject.kind,
      subjectId: subject.id,
      tokenHash: await sha256Hex(refreshToken),
      issuedAt: this.deps.now,
      expiresAt: new Date(this.nowMs + this.life.refreshSeconds * 1000),
    });
    const accessToken = await signAccessToken(principal, this.deps.authSecret, this.deps.now, this.life.accessSeconds);
    return { accessToken, refreshToken, expiresIn: this.life.accessSeconds, principal };
  }

  async refresh(token: string): Promise<AuthTokens> {
    if (!token || token.length > 200) throw badInput("refreshToken is required", "refreshToken");
    const hash = await sha256Hex(token);
    // Reuse must revoke the family even though the caller gets an error, so the revocation
    // commits in its own transaction before the error is thrown.
    const outcome = await this.deps.db.transaction(async (tx) => {
      const row = await lockRefreshToken(tx, hash);
      if (!row) return { error: "Invalid refresh token" } as const;
      const verdict = classifyRefresh(row, this.deps.now);
      if (verdict === "reused") {
        await revokeFamily(tx, row.familyId, this.deps.now, "reuse_detected");
        return { error: "Refresh token was already used; all sessions from this sign-in were revoked" } as const;
      }
      if (verdict === "revoked") return { error: "Refresh token was revoked" } as const;
      if (verdict === "expired") return { error: "Refresh token expired" } as const;
      const subject = await findSubjectById(tx, row.subjectKind as SubjectKind, row.subjectId);
      if (!subject) return { error: "Invalid refresh token" } as const;
      await markRotated(tx, row.id, this.deps.now);
      try {
        assertMaySignIn(subject);
      } catch (e) {
        await revokeFamily(tx, row.familyId, this.deps.now, "subject_inactive");
        return { error: (e as DomainError).message } as const;
      }
      return { tokens: await this.issue(tx, subject, row.familyId) } as const;
    });
    if ("error" in outcome) throw unauthenticated(outcome.error);
    return outcome.tokens;
  }

  /** Revokes the session the refresh token belongs to; unknown tokens are ignored (idempotent). */
  async logout(token: string): Promise<boolean> {
    const hash = await sha256Hex(token);
    await this.deps.db.transaction(async (tx) => {
      const row = await lockRefreshToken(tx, hash);
      if (row) await revokeFamily(tx, row.familyId, this.deps.now, "logout");
    });
    return true;
  }

  /**
   * Always answers true so the response does not reveal whether the email exists. The token goes
   * only into the `auth.password_reset_requested` event (for the mailer), never into a response.
   */
  async requestPasswordReset(kind: SubjectKind, rawEmail: unknown): Promise<boolean> {
    const email = parseInput(emailSchema, rawEmail, "email");
    const subject = await findSubjectByEmail(this.deps.db, kind, email);
    if (!subject || subject.status === "disabled") return true;
    await transactional(this.deps.db, this.deps.outbox, async (tx, emit) => {
      const token = await this.createResetToken(tx, kind, subject.id, this.life.resetSeconds);
      await emit({
        type: "auth.password_reset_requested",
        aggregateType: kind,
        aggregateId: subject.id,
        payload: { subjectKind: kind, email: subject.email, token, expiresInSeconds: this.life.resetSeconds },
      });
    });
    return true;
  }

  /** Used by password reset and by employee invitations (same single-use, expiring token). */
  async createResetToken(tx: Executor, kind: SubjectKind, subjectId: string, ttlSeconds: number): Promise<string> {
    const token = randomToken();
    await insertResetToken(tx, {
      subjectKind: kind,
      subjectId,
      tokenHash: await sha256Hex(token),
      expiresAt: new Date(this.nowMs + ttlSeconds * 1000),
      createdAt: this.deps.now,
    });
    return token;
  }

  async resetPassword(token: string, newPassword: unknown): Promise<boolean> {
    const pw = parseInput(passwordSchema, newPassword, "newPassword");
    const hash = await hashPassword(pw, this.deps.passwordIterations ?? PASSWORD_ITERATIONS);
    const tokenHash = await sha256Hex(token ?? "");
    await this.deps.db.transaction(async (tx) => {
      const row = await lockResetToken(tx, tokenHash);
      if (!row || row.usedAt || row.expiresAt.getTime() <= this.nowMs) {
        throw badInput("The reset token is invalid, expired or already used", "token");
      }
      await markResetTokenUsed(tx, row.id, this.deps.now);
      const kind = row.subjectKind as SubjectKind;
      await setPasswordHash(tx, kind, row.subjectId, hash, this.deps.now);
      // a reset ends every existing session: whoever knew the old password is signed out
      await revokeSubjectTokens(tx, kind, row.subjectId, this.deps.now, "password_reset");
    });
    return true;
  }

  /** Change password while signed in (needs the current one). */
  async changePassword(principal: Principal, current: string, next: unknown): Promise<boolean> {
    if (principal.kind === "guest") throw unauthenticated();
    const kind = principal.kind;
    const id = kind === "employee" ? principal.employeeId : kind === "customer" ? principal.customerId : principal.staffId;
    const pw = parseInput(passwordSchema, next, "newPassword");
    const subject = await findSubjectById(this.deps.db, kind, id);
    if (!subject || !(await verifyPassword(current, subject.passwordHash))) throw unauthenticated(INVALID_CREDENTIALS);
    const hash = await hashPassword(pw, this.deps.passwordIterations ?? PASSWORD_ITERATIONS);
    await this.deps.db.transaction(async (tx) => {
      await setPasswordHash(tx, kind, id, hash, this.deps.now);
      await revokeSubjectTokens(tx, kind, id, this.deps.now, "password_changed");
    });
    return true;
  }
}
