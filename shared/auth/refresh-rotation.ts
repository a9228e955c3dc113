/**
 * Refresh-token rotation rules (pure). Every refresh replaces the token; presenting a token that
 * was already rotated means a copy leaked (or a client replayed it), so the whole family (every
 * token descended from that login) is revoked and both holders must sign in again.
 */
export interface RefreshTokenState {
  expiresAt: Date;
  rotatedAt: Date | null;
  revokedAt: Date | null;
}

export type RefreshVerdict = "ok" | "expired" | "revoked" | "reused";

export function classifyRefresh(t: RefreshTokenState, now: Date): RefreshVerdict {
  if (t.rotatedAt) return "reused";
  if (t.revokedAt) return "revoked";
  if (t.expiresAt.getTime() <= now.getTime()) return "expired";
  return "ok";
}

export interface TokenLifetimes {
  accessSeconds: number;
  refreshSeconds: number;
  resetSeconds: number;
  invitationSeconds: number;
  challengeSeconds: number;
}

export const DEFAULT_LIFETIMES: TokenLifetimes = Object.freeze({
  accessSeconds: 15 * 60,
  refreshSeconds: 30 * 24 * 3600,
  resetSeconds: 30 * 60,
  invitationSeconds: 7 * 24 * 3600,
  challengeSeconds: 5 * 60,
});
