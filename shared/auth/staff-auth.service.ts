/**
 * Staff sign-in with a second factor. Password first (throttled like every login); a staff
 * member with TOTP enabled then gets a short-lived single-use challenge that a TOTP code or a
 * recovery code turns into tokens. TOTP seeds are stored sealed (AES-GCM) and never returned
 * except once, as the provisioning URI, when the staff member enrols.
 */
import { badInput, forbidden, unauthenticated } from "../kernel/errors";
import type { Principal } from "../kernel/principal";
import {
  findSubjectById,
  insertChallenge,
  lockChallenge,
  markChallengeUsed,
  replaceRecoveryCodes,
  setTotp,
  setTotpLastStep,
  useRecoveryCode,
} from "./auth.repository";
import { AuthService, type AuthDeps, type AuthTokens } from "./auth.service";
import { randomToken, sha256Hex } from "./crypto-bytes";
import { DEFAULT_LIFETIMES } from "./refresh-rotation";
import { openSecret, sealSecret } from "./secret-box";
import { generateRecoveryCodes, generateTotpSecret, normalizeRecoveryCode, otpauthUri, verifyTotp } from "./totp";

const TOTP_PURPOSE = "staff-totp";
export const INVALID_SECOND_FACTOR = "Invalid authentication code";

export type StaffLoginResult = { kind: "tokens"; tokens: AuthTokens } | { kind: "challenge"; challengeToken: string; expiresIn: number };

export class StaffAuthService {
  private readonly auth: AuthService;
  constructor(private readonly deps: AuthDeps) {
    this.auth = new AuthService(deps);
  }

  async login(input: unknown, ip: string | null): Promise<StaffLoginResult> {
    const subject = await this.auth.checkPassword("staff", input, ip);
    if (!subject.totpEnabled) return { kind: "tokens", tokens: await this.auth.issue(this.deps.db, subject, crypto.randomUUID()) };
    const challengeToken = randomToken();
    const ttl = (this.deps.lifetimes ?? DEFAULT_LIFETIMES).challengeSeconds;
    await insertChallenge(this.deps.db, {
      staffId: subject.id,
      tokenHash: await sha256Hex(challengeToken),
      expiresAt: new Date(this.deps.now.getTime() + ttl * 1000),
    });
    return { kind: "challenge", challengeToken, expiresIn: ttl };
  }

  /** Either `code` (6-digit TOTP) or `recoveryCode`. Wrong codes count toward the staff member's lockout. */
  async verifySecondFactor(challengeToken: string, code: string | null, recoveryCode: string | null): Promise<AuthTokens> {
    if (!code && !recoveryCode) throw badInput("code or recoveryCode is required", "code");
    const nowMs = this.deps.now.getTime();
    const tokenHash = await sha256Hex(challengeToken ?? "");
    const result = await this.deps.db.transaction(async (tx) => {
      const ch = await lockChallenge(tx, tokenHash);
      if (!ch || ch.usedAt || ch.expiresAt.getTime() <= nowMs) return { error: "The sign-in challenge is invalid or expired" } as const;
      const subject = await findSubjectById(tx, "staff", ch.staffId);
      if (!subject || !subject.totpEnabled || !subject.totpSecret) return { error: "The sign-in challenge is invalid or expired" } as const;
      await this.deps.throttle.beforeAttempt("staff-2fa", subject.email, null, nowMs);
      let ok = false;
      if (code) {
        const secret = await openSecret(subject.totpSecret, this.deps.authSecret, TOTP_PURPOSE);
        const step = await verifyTotp(secret, code.trim(), nowMs, subject.totpLastStep ?? null);
        if (step !== null) {
          await setTotpLastStep(tx, subject.id, step);
          ok = true;
        }
      } else if (recoveryCode) {
        ok = await useRecoveryCode(tx, subject.id, await sha256Hex(normalizeRecoveryCode(recoveryCode)), this.deps.now);
      }
      if (!ok) return { error: INVALID_SECOND_FACTOR, email: subject.email } as const;
      await markChallengeUsed(tx, ch.id, this.deps.now);
      await this.deps.throttle.recordSuccess("staff-2fa", subject.email);
      return { tokens: await this.auth.issue(tx, subject, crypto.randomUUID()) } as const;
    });
    if ("error" in result) {
      if ("email" in result && result.email) await this.deps.throttle.recordFailure("staff-2fa", result.email, nowMs);
      throw unauthenticated(result.error);
    }
    return result.tokens;
  }

  private staffId(p: Principal): string {
    if (p.kind === "guest") throw unauthenticated();
    if (p.kind !== "staff") throw forbidden("Only staff can enrol a second factor");
    return p.staffId;
  }

  /** Starts (or restarts) enrolment; TOTP stays off until a code confirms the authenticator has the seed. */
  async beginTotpEnrollment(p: Principal): Promise<{ otpauthUri: string }> {
    const id = this.staffId(p);
    const secret = generateTotpSecret();
    await setTotp(this.deps.db, id, await sealSecret(secret, this.deps.authSecret, TOTP_PURPOSE), false, this.deps.now);
    return { otpauthUri: otpauthUri(secret, p.kind === "staff" ? p.email : id) };
  }

  /** Turns TOTP on and returns fresh recovery codes, shown this once (only their hashes are kept). */
  async confirmTotpEnrollment(p: Principal, code: string): Promise<{ recoveryCodes: string[] }> {
    const id = this.staffId(p);
    const subject = await findSubjectById(this.deps.db, "staff", id);
    if (!subject?.totpSecret) throw badInput("Start enrolment first", "code");
    const secret = await openSecret(subject.totpSecret, this.deps.authSecret, TOTP_PURPOSE);
    const step = await verifyTotp(secret, (code ?? "").trim(), this.deps.now.getTime(), null);
    if (step === null) throw unauthenticated(INVALID_SECOND_FACTOR);
    const codes = generateRecoveryCodes();
    const hashes = await Promise.all(codes.map((c) => sha256Hex(normalizeRecoveryCode(c))));
    await this.deps.db.transaction(async (tx) => {
      await setTotp(tx, id, subject.totpSecret!, true, this.deps.now);
      await setTotpLastStep(tx, id, step);
      await replaceRecoveryCodes(tx, id, hashes);
    });
    return { recoveryCodes: codes };
  }
}

/** For seeds and staff creation: seal a TOTP seed and hash recovery codes the same way login reads them. */
export async function sealTotpSecret(secret: string, authSecret: string): Promise<string> {
  return sealSecret(secret, authSecret, TOTP_PURPOSE);
}

export async function hashRecoveryCode(code: string): Promise<string> {
  return sha256Hex(normalizeRecoveryCode(code));
}
