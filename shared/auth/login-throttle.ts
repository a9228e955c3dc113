/**
 * Login rate limits and lockout. The counters live in a strongly consistent store (the
 * USAGE_COUNTER Durable Object, reached through `AttemptCounter`, implemented in shared/platform)
 * so concurrent attempts across isolates cannot slip past a limit. Keys are hashed so no email or
 * IP address is stored in the counter.
 */
import { DomainError } from "../kernel/errors";
import { sha256Hex } from "./crypto-bytes";

export interface CounterHit {
  allowed: boolean;
  count: number;
  resetAt: number | null;
}

/** What login needs from a counter store. */
export interface AttemptCounter {
  hit(key: string, req: { limit: number | null; windowMs: number; nowMs: number }): Promise<CounterHit>;
  peek(key: string, windowMs: number, nowMs: number): Promise<number>;
  reset(key: string): Promise<void>;
}

export interface LoginLimits {
  /** attempts (any outcome) per IP per window */
  perIp: number;
  /** attempts (any outcome) per email per window */
  perEmail: number;
  windowMs: number;
  /** consecutive failures after which the email is locked for `lockoutMs` */
  failuresBeforeLockout: number;
  lockoutMs: number;
}

export const DEFAULT_LOGIN_LIMITS: LoginLimits = Object.freeze({
  perIp: 50,
  perEmail: 20,
  windowMs: 5 * 60_000,
  failuresBeforeLockout: 5,
  lockoutMs: 15 * 60_000,
});

export function rateLimited(message: string, resetAt: number | null): DomainError {
  return new DomainError("RATE_LIMITED", message, resetAt ? { retryAfterSeconds: Math.max(1, Math.ceil(resetAt / 1000)) } : {});
}

export class LoginThrottle {
  constructor(
    private readonly counter: AttemptCounter,
    private readonly limits: LoginLimits = DEFAULT_LOGIN_LIMITS,
  ) {}

  private async keys(scope: string, email: string, ip: string | null) {
    const e = await sha256Hex(`${scope}:${email.toLowerCase()}`);
    return { email: `login:email:${e}`, failures: `login:fail:${e}`, ip: ip ? `login:ip:${await sha256Hex(ip)}` : null };
  }

  /** Before checking the password: counts the attempt and refuses when a limit or lockout applies. */
  async beforeAttempt(scope: string, email: string, ip: string | null, nowMs: number): Promise<void> {
    const k = await this.keys(scope, email, ip);
    const failures = await this.counter.peek(k.failures, this.limits.lockoutMs, nowMs);
    if (failures >= this.limits.failuresBeforeLockout) {
      throw rateLimited("Too many failed sign-in attempts for this email; try again later", null);
    }
    if (k.ip) {
      const r = await this.counter.hit(k.ip, { limit: this.limits.perIp, windowMs: this.limits.windowMs, nowMs });
      if (!r.allowed) throw rateLimited("Too many sign-in attempts from this address; try again later", null);
    }
    const r = await this.counter.hit(k.email, { limit: this.limits.perEmail, windowMs: this.limits.windowMs, nowMs });
    if (!r.allowed) throw rateLimited("Too many sign-in attempts for this email; try again later", null);
  }

  async recordFailure(scope: string, email: string, nowMs: number): Promise<void> {
    const k = await this.keys(scope, email, null);
    await this.counter.hit(k.failures, { limit: null, windowMs: this.limits.lockoutMs, nowMs });
  }

  async recordSuccess(scope: string, email: string): Promise<void> {
    const k = await this.keys(scope, email, null);
    await this.counter.reset(k.failures);
  }
}
