import { describe, expect, it } from "vitest";
import { hashPassword, needsRehash, verifyPassword } from "../../../shared/auth/password-hash";
import { hotp, totpCode, verifyTotp, base32Encode, base32Decode, generateRecoveryCodes, normalizeRecoveryCode } from "../../../shared/auth/totp";
import { classifyRefresh } from "../../../shared/auth/refresh-rotation";
import { constantTimeEqual, utf8 } from "../../../shared/auth/crypto-bytes";
import { openSecret, sealSecret } from "../../../shared/auth/secret-box";

// RFC 6238 appendix B uses the ASCII secret "12345678901234567890" (SHA-1, 8 digits); the 6-digit
// codes are the last six digits of those vectors. RFC 4226 appendix D gives HOTP for counters 0..9.
const RFC_SECRET = base32Encode(utf8("12345678901234567890"));

describe("TOTP / HOTP", () => {
  it("matches the RFC 4226 HOTP vectors", async () => {
    const expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"];
    for (let i = 0; i < expected.length; i++) expect(await hotp(RFC_SECRET, i)).toBe(expected[i]);
  });

  it("matches the RFC 6238 SHA-1 vectors (last 6 digits)", async () => {
    const vectors: [number, string][] = [
      [59, "287082"],
      [1111111109, "081804"],
      [1111111111, "050471"],
      [1234567890, "005924"],
      [2000000000, "279037"],
    ];
    for (const [t, code] of vectors) expect(await totpCode(RFC_SECRET, t * 1000)).toBe(code);
  });

  it("accepts ±1 step, refuses ±2 steps, refuses replays of the last used step", async () => {
    const now = 1_700_000_000_000;
    const prev = await totpCode(RFC_SECRET, now - 30_000);
    const next = await totpCode(RFC_SECRET, now + 30_000);
    const far = await totpCode(RFC_SECRET, now - 60_000);
    const step = Math.floor(now / 30_000);
    expect(await verifyTotp(RFC_SECRET, prev, now)).toBe(step - 1);
    expect(await verifyTotp(RFC_SECRET, next, now)).toBe(step + 1);
    expect(await verifyTotp(RFC_SECRET, far, now)).toBeNull();
    const cur = await totpCode(RFC_SECRET, now);
    expect(await verifyTotp(RFC_SECRET, cur, now, step)).toBeNull();
    expect(await verifyTotp(RFC_SECRET, "12345", now)).toBeNull();
    expect(await verifyTotp(RFC_SECRET, "abcdef", now)).toBeNull();
  });

  it("base32 round-trips arbitrary bytes", () => {
    const bytes = Uint8Array.from([0, 1, 2, 250, 251, 255, 17]);
    expect([...base32Decode(base32Encode(bytes))]).toEqual([...bytes]);
  });

  it("recovery codes are distinct and normalise case and dashes", () => {
    const codes = generateRecoveryCodes();
    expect(new Set(codes).size).toBe(10);
    expect(normalizeRecoveryCode(` ${codes[0]!.toUpperCase()} `)).toBe(codes[0]!.replace("-", ""));
  });
});

describe("password hashing (PBKDF2-SHA256)", () => {
  it("stores algorithm, iterations and salt; verifies only the right password; salts differ", async () => {
    const a = await hashPassword("correct horse battery", 1000);
    const b = await hashPassword("correct horse battery", 1000);
    expect(a).toMatch(/^pbkdf2-sha256\$1000\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword("correct horse battery", a)).toBe(true);
    expect(await verifyPassword("correct horse batterY", a)).toBe(false);
    expect(await verifyPassword("anything", null)).toBe(false);
    expect(await verifyPassword("anything", "garbage$1$2")).toBe(false);
    expect(needsRehash(a)).toBe(true);
  });

  it("uses 100k iterations by default", async () => {
    expect((await hashPassword("x".repeat(12))).split("$")[1]).toBe("100000");
  });

  it("refuses iteration counts outside 1k–100k", async () => {
    await expect(hashPassword("password-123", 999)).rejects.toThrow(/iterations/);
    await expect(hashPassword("password-123", 100_001)).rejects.toThrow(/iterations/);
  });
});

describe("helpers", () => {
  it("constantTimeEqual compares content and length", () => {
    expect(constantTimeEqual(utf8("abc"), utf8("abc"))).toBe(true);
    expect(constantTimeEqual(utf8("abc"), utf8("abd"))).toBe(false);
    expect(constantTimeEqual(utf8("abc"), utf8("abcd"))).toBe(false);
  });

  it("sealed secrets open only with the same key and purpose", async () => {
    const sealed = await sealSecret("JBSWY3DPEHPK3PXP", "k".repeat(40), "staff-totp");
    expect(sealed).not.toContain("JBSWY3DPEHPK3PXP");
    expect(await openSecret(sealed, "k".repeat(40), "staff-totp")).toBe("JBSWY3DPEHPK3PXP");
    await expect(openSecret(sealed, "j".repeat(40), "staff-totp")).rejects.toThrow();
    await expect(openSecret(sealed, "k".repeat(40), "other")).rejects.toThrow();
  });

  it("classifies refresh tokens: reuse wins over revocation and expiry", () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const future = new Date("2030-02-01T00:00:00Z");
    expect(classifyRefresh({ expiresAt: future, rotatedAt: null, revokedAt: null }, now)).toBe("ok");
    expect(classifyRefresh({ expiresAt: now, rotatedAt: null, revokedAt: null }, now)).toBe("expired");
    expect(classifyRefresh({ expiresAt: future, rotatedAt: null, revokedAt: now }, now)).toBe("revoked");
    expect(classifyRefresh({ expiresAt: new Date(0), rotatedAt: now, revokedAt: now }, now)).toBe("reused");
  });
});
